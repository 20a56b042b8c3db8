/** The receivables web module's manifest: the composition root (app/modules.ts) reads it. */
import { lazy } from 'react';
import { defineWebModule } from '../../core/webModule';
import { receivablesRoutes } from './routes';
import { receivablesMessages } from './i18n';
import { customerPanels } from '../customers';

// Loaded with the customer page that shows it, not with the app shell.
const lazyCustomerCreditCard = lazy(() => import('./CustomerCreditCard').then((module) => ({ default: module.CustomerCreditCard })));

export const receivablesWebModule = defineWebModule({
  name: 'receivables',
  routes: receivablesRoutes,
  messages: receivablesMessages,
  contributes: [customerPanels.with({ key: 'credit', Component: lazyCustomerCreditCard })],
});
