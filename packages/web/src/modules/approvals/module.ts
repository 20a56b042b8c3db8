/** The approvals web module's manifest: the composition root (app/modules.ts) reads it. */
import { defineWebModule } from '../../core/webModule';
import { approvalsRoutes } from './routes';
import { approvalsMessages } from './i18n';

export const approvalsWebModule = defineWebModule({ name: 'approvals', routes: approvalsRoutes, messages: approvalsMessages });
