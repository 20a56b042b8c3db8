/** The team work web module's manifest: the composition root (app/modules.ts) reads it. */
import { defineWebModule } from '../../core/webModule';
import { teamworkRoutes } from './routes';
import { teamworkMessages } from './i18n';

export const teamworkWebModule = defineWebModule({
  name: 'teamwork',
  routes: teamworkRoutes,
  messages: teamworkMessages,
});
