/** The training web module's manifest: the composition root (app/modules.ts) reads it. */
import { defineWebModule } from '../../core/webModule';
import { trainingRoutes } from './routes';
import { trainingMessages } from './i18n';

export const trainingWebModule = defineWebModule({
  name: 'training',
  routes: trainingRoutes,
  messages: trainingMessages,
});
