/** The receivables web module's manifest: the composition root (app/modules.ts) reads it. */
import { lazy } from 'react';
import { isApiError } from '../../core/api';
import { defineWebModule } from '../../core/webModule';
import { contractSubmitParts, contractTabs } from '../contracts';
import { customerPanels } from '../customers';
import { receivablesRoutes } from './routes';
import { receivablesMessages } from './i18n';

// Loaded with the page that shows them, not with the app shell.
const lazyCustomerCreditCard = lazy(() => import('./CustomerCreditCard').then((module) => ({ default: module.CustomerCreditCard })));
const lazyContractReceivables = lazy(() => import('./ContractParts').then((module) => ({ default: module.ContractReceivables })));
const lazyCreditOverrideField = lazy(() => import('./ContractParts').then((module) => ({ default: module.CreditOverrideField })));
const lazyCreditOverrideButton = lazy(() => import('./CreditOverride').then((module) => ({ default: module.CreditOverrideButton })));

export const receivablesWebModule = defineWebModule({
  name: 'receivables',
  routes: receivablesRoutes,
  messages: receivablesMessages,
  contributes: [
    customerPanels.with({ key: 'credit', Component: lazyCustomerCreditCard }),
    contractTabs.with({
      key: 'receivables',
      labelKey: 'receivables.credit.contractTab',
      permission: 'receivables.read',
      Component: lazyContractReceivables,
    }),
    contractSubmitParts.with({
      key: 'credit',
      Fields: lazyCreditOverrideField,
      // An R-AR-2 refusal: the customer is over the credit limit; the rep may request an override from the dialog.
      explains: (error) => isApiError(error) && error.rule === 'R-AR-2',
      ErrorView: lazyCreditOverrideButton,
    }),
  ],
});
