import { lazy } from 'react';
import { ShoppingCartOutlined } from '@ant-design/icons';
import type { ModuleRoute } from '../../core/moduleRoute';

const OrderListPage = lazy(() => import('./OrderListPage'));
const OrderPage = lazy(() => import('./OrderPage'));

/** M2 Orders and delivery. */
export const ordersRoutes: ModuleRoute[] = [
  {
    path: '/orders',
    Component: OrderListPage,
    permission: 'orders.read',
    menu: { group: 'pipeline', labelKey: 'orders.menu.list', icon: <ShoppingCartOutlined />, testId: 'menu-orders', order: 40 },
  },
  { path: '/orders/:id', Component: OrderPage, permission: 'orders.read' },
];
