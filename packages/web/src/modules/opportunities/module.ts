/** The opportunities web module's manifest: the composition root (app/modules.ts) reads it. */
import { lazy } from 'react';
import { defineWebModule } from '../../core/webModule';
import { opportunitiesRoutes } from './routes';
import { opportunitiesMessages } from './i18n';
import { customerTabs } from '../customers';
import { opportunitySearchTypes } from './searchTypes';

// Loaded with the customer page that shows it, not with the app shell.
const lazyCustomerOpportunities = lazy(() =>
  import('./CustomerOpportunities').then((module) => ({ default: module.CustomerOpportunities })),
);

export const opportunitiesWebModule = defineWebModule({
  name: 'opportunities',
  routes: opportunitiesRoutes,
  messages: opportunitiesMessages,
  searchTypes: opportunitySearchTypes,
  contributes: [
    customerTabs.with({
      key: 'opportunities',
      labelKey: 'opportunities.customerTab.title',
      permission: 'opportunities.read',
      Component: lazyCustomerOpportunities,
    }),
  ],
});
