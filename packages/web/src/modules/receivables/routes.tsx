import { lazy } from 'react';
import { AccountBookOutlined, DollarOutlined, UnorderedListOutlined } from '@ant-design/icons';
import type { ModuleRoute } from '../../core/moduleRoute';

const ReceivablesPage = lazy(() => import('./ReceivablesPage'));
const ReceiptsPage = lazy(() => import('./ReceiptsPage'));
const ReceiptEntryPage = lazy(() => import('./ReceiptEntryPage'));

/** M2 receivables: overview (aging, overdue, KPIs), receipt list, finance's receipt entry. */
export const receivablesRoutes: ModuleRoute[] = [
  {
    path: '/receivables',
    Component: ReceivablesPage,
    permission: 'receivables.read',
    menu: {
      group: 'receivables',
      labelKey: 'receivables.menu.overview',
      icon: <AccountBookOutlined />,
      testId: 'menu-receivables',
      order: 0,
    },
  },
  {
    path: '/receivables/entry',
    Component: ReceiptEntryPage,
    permission: 'receivables.record',
    menu: { group: 'receivables', labelKey: 'receivables.menu.entry', icon: <DollarOutlined />, testId: 'menu-receipt-entry', order: 10 },
  },
  {
    path: '/receivables/receipts',
    Component: ReceiptsPage,
    permission: 'receivables.read',
    menu: {
      group: 'receivables',
      labelKey: 'receivables.menu.receipts',
      icon: <UnorderedListOutlined />,
      testId: 'menu-receipts',
      order: 20,
    },
  },
];
