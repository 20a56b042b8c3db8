/** The reports web module's manifest: the composition root (app/modules.ts) reads it. */
import { defineWebModule } from '../../core/webModule';
import { reportsRoutes } from './routes';
import { reportsMessages } from './i18n';

export const reportsWebModule = defineWebModule({ name: 'reports', routes: reportsRoutes, messages: reportsMessages });
