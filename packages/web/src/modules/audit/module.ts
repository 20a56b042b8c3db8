/** The audit web module's manifest: the composition root (app/modules.ts) reads it. */
import { defineWebModule } from '../../core/webModule';
import { auditRoutes } from './routes';
import { auditMessages } from './i18n';

export const auditWebModule = defineWebModule({ name: 'audit', routes: auditRoutes, messages: auditMessages });
