/** The orders web module's manifest: the composition root (app/modules.ts) reads it. */
import { createElement, lazy } from 'react';
import { ShoppingCartOutlined } from '@ant-design/icons';
import { defineWebModule } from '../../core/webModule';
import { contractActions, contractSettingsSections, contractTabs, customerDealsSections } from '../contracts';
import { ordersRoutes } from './routes';
import { ordersMessages } from './i18n';
import { orderSearchTypes } from './searchTypes';

// Loaded with the contract or customer page that shows them, not with the app shell.
const lazyContractOrders = lazy(() => import('./ContractOrders').then((module) => ({ default: module.ContractOrders })));
const lazyContractOrderDialog = lazy(() => import('./ContractOrders').then((module) => ({ default: module.ContractOrderDialog })));
const lazyCustomerOrders = lazy(() => import('./CustomerOrders').then((module) => ({ default: module.CustomerOrders })));
const lazyOrderSettingsCard = lazy(() => import('./OrderSettingsCard').then((module) => ({ default: module.OrderSettingsCard })));

export const ordersWebModule = defineWebModule({
  name: 'orders',
  routes: ordersRoutes,
  messages: ordersMessages,
  contributes: [
    contractTabs.with({ key: 'orders', labelKey: 'orders.onContract.tab', permission: 'orders.read', Component: lazyContractOrders }),
    contractActions.with({
      key: 'order',
      labelKey: 'orders.onContract.action',
      icon: createElement(ShoppingCartOutlined),
      visible: (contract, can) => contract.abilities.takeOrders && can('orders.write'),
      Dialog: lazyContractOrderDialog,
    }),
    customerDealsSections.with({ key: 'orders', permission: 'orders.read', Component: lazyCustomerOrders }),
    contractSettingsSections.with({ key: 'orders', permission: 'orders.configure', Component: lazyOrderSettingsCard }),
  ],
  searchTypes: orderSearchTypes,
});
