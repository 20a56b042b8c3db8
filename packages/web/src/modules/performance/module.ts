/** The performance web module's manifest: the composition root (app/modules.ts) reads it. */
import { defineWebModule } from '../../core/webModule';
import { performanceRoutes } from './routes';
import { performanceMessages } from './i18n';

export const performanceWebModule = defineWebModule({
  name: 'performance',
  routes: performanceRoutes,
  messages: performanceMessages,
});
