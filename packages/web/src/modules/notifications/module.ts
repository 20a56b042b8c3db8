/** The notifications web module's manifest: the composition root (app/modules.ts) reads it. */
import { defineWebModule } from '../../core/webModule';
import { notificationsRoutes } from './routes';
import { notificationsMessages } from './i18n';

export const notificationsWebModule = defineWebModule({
  name: 'notifications',
  routes: notificationsRoutes,
  messages: notificationsMessages,
});
