/** The products web module's manifest: the composition root (app/modules.ts) reads it. */
import { defineWebModule } from '../../core/webModule';
import { productsRoutes } from './routes';
import { productsMessages } from './i18n';

export const productsWebModule = defineWebModule({ name: 'products', routes: productsRoutes, messages: productsMessages });
