/** The customers web module's manifest: the composition root (app/modules.ts) reads it. */
import { defineWebModule } from '../../core/webModule';
import { customersRoutes } from './routes';
import { customersMessages } from './i18n';
import { customerSearchTypes } from './searchTypes';

export const customersWebModule = defineWebModule({
  name: 'customers',
  routes: customersRoutes,
  messages: customersMessages,
  searchTypes: customerSearchTypes,
});
