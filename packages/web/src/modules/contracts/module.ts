/** The contracts web module's manifest: the composition root (app/modules.ts) reads it. */
import { lazy } from 'react';
import { defineWebModule } from '../../core/webModule';
import { contractsRoutes } from './routes';
import { contractsMessages } from './i18n';
import { customerTabs } from '../customers';
import { contractSearchTypes } from './searchTypes';

// Loaded with the customer page that shows it, not with the app shell.
const lazyCustomerDealsTab = lazy(() => import('./CustomerDealsTab').then((module) => ({ default: module.CustomerDealsTab })));

export const contractsWebModule = defineWebModule({
  name: 'contracts',
  routes: contractsRoutes,
  messages: contractsMessages,
  searchTypes: contractSearchTypes,
  contributes: [customerTabs.with({ key: 'deals', labelKey: 'customers.detail.tabs.deals', Component: lazyCustomerDealsTab })],
});
