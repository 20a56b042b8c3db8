/** The products web module's manifest: the composition root (app/modules.ts) reads it. */
import { defineWebModule } from '../../core/webModule';
import { productsRoutes } from './routes';
import { productsMessages } from './i18n';
import { productSearchTypes } from './searchTypes';

export const productsWebModule = defineWebModule({
  name: 'products',
  routes: productsRoutes,
  messages: productsMessages,
  searchTypes: productSearchTypes,
});
