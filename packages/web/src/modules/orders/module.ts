/** The orders web module's manifest: the composition root (app/modules.ts) reads it. */
import { defineWebModule } from '../../core/webModule';
import { ordersRoutes } from './routes';
import { ordersMessages } from './i18n';
import { orderSearchTypes } from './searchTypes';

export const ordersWebModule = defineWebModule({
  name: 'orders',
  routes: ordersRoutes,
  messages: ordersMessages,
  searchTypes: orderSearchTypes,
});
