/** The quotes web module's manifest: the composition root (app/modules.ts) reads it. */
import { defineWebModule } from '../../core/webModule';
import { quotesRoutes } from './routes';
import { quotesMessages } from './i18n';
import { quoteSearchTypes } from './searchTypes';

export const quotesWebModule = defineWebModule({
  name: 'quotes',
  routes: quotesRoutes,
  messages: quotesMessages,
  searchTypes: quoteSearchTypes,
});
