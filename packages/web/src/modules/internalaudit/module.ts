/** The internal audit web module's manifest: the composition root (app/modules.ts) reads it. */
import { defineWebModule } from '../../core/webModule';
import { internalauditRoutes } from './routes';
import { internalauditMessages } from './i18n';

export const internalauditWebModule = defineWebModule({
  name: 'internalaudit',
  routes: internalauditRoutes,
  messages: internalauditMessages,
});
