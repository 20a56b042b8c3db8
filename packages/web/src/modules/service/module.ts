/** The service web module's manifest: the composition root (app/modules.ts) reads it. */
import { lazy } from 'react';
import { defineWebModule } from '../../core/webModule';
import { customerPanels, customerTabs } from '../customers';
import { homeCards } from '../home';
import { serviceRoutes } from './routes';
import { serviceMessages } from './i18n';

// Loaded with the customer page that shows them, not with the app shell.
const lazyBadge = lazy(() => import('./CustomerService').then((module) => ({ default: module.CustomerComplaintBadge })));
const lazyTab = lazy(() => import('./CustomerService').then((module) => ({ default: module.CustomerServiceTab })));
// Loaded with the home page.
const lazyCritical = lazy(() => import('./CriticalComplaintsCard').then((module) => ({ default: module.CriticalComplaintsCard })));

export const serviceWebModule = defineWebModule({
  name: 'service',
  routes: serviceRoutes,
  messages: serviceMessages,
  contributes: [
    customerPanels.with({ key: 'critical-complaints', Component: lazyBadge }),
    customerTabs.with({ key: 'service', labelKey: 'service.customer.tab', permission: 'complaints.read', Component: lazyTab }),
    homeCards.with({ key: 'criticalComplaints', Component: lazyCritical }),
  ],
});
