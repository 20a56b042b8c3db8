import { lazy } from 'react';
import {
  CalendarOutlined,
  CarryOutOutlined,
  ContactsOutlined,
  ControlOutlined,
  GlobalOutlined,
  ImportOutlined,
  RiseOutlined,
} from '@ant-design/icons';
import type { ModuleRoute } from '../../core/moduleRoute';

const MyDayPage = lazy(() => import('./MyDayPage'));
const CustomerListPage = lazy(() => import('./CustomerListPage'));
const CustomerDetailPage = lazy(() => import('./CustomerDetailPage'));
const PoolPage = lazy(() => import('./PoolPage'));
const TasksPage = lazy(() => import('./TasksPage'));
const TierProposalsPage = lazy(() => import('./TierProposalsPage'));
const CustomerSettingsPage = lazy(() => import('./CustomerSettingsPage'));
const ImportPage = lazy(() => import('./ImportPage'));

/** M1 Customers. Static paths (`/customers/pool`) win over `/customers/:id` in the router. */
export const customersRoutes: ModuleRoute[] = [
  {
    path: '/my-day',
    Component: MyDayPage,
    permission: 'customers.read',
    // Only for those who own follow-ups: finance and auditors read customers but keep no day of them (issue 16).
    menu: (can) =>
      can('customers.write')
        ? { group: 'customers', labelKey: 'customers.menu.myDay', icon: <CalendarOutlined />, testId: 'menu-my-day', order: 0 }
        : null,
  },
  {
    path: '/customers',
    Component: CustomerListPage,
    permission: 'customers.read',
    menu: { group: 'customers', labelKey: 'customers.menu.list', icon: <ContactsOutlined />, testId: 'menu-customers', order: 10 },
  },
  {
    path: '/customers/pool',
    Component: PoolPage,
    permission: 'customers.claim',
    menu: { group: 'customers', labelKey: 'customers.menu.pool', icon: <GlobalOutlined />, testId: 'menu-customer-pool', order: 20 },
  },
  {
    path: '/tasks',
    Component: TasksPage,
    permission: 'customers.read',
    menu: { group: 'customers', labelKey: 'customers.menu.tasks', icon: <CarryOutOutlined />, testId: 'menu-tasks', order: 30 },
  },
  {
    path: '/customers/tier-proposals',
    Component: TierProposalsPage,
    permission: 'customers.read',
    menu: (can) =>
      can('customers.configure') || can('customers.assign')
        ? { group: 'customers', labelKey: 'customers.menu.proposals', icon: <RiseOutlined />, testId: 'menu-tier-proposals', order: 40 }
        : null,
  },
  {
    path: '/customers/import',
    Component: ImportPage,
    permission: 'customers.import',
    menu: { group: 'customers', labelKey: 'customers.menu.import', icon: <ImportOutlined />, testId: 'menu-customer-import', order: 50 },
  },
  {
    path: '/customers/settings',
    Component: CustomerSettingsPage,
    permission: 'customers.configure',
    menu: {
      group: 'customers',
      labelKey: 'customers.menu.settings',
      icon: <ControlOutlined />,
      testId: 'menu-customer-settings',
      order: 60,
    },
  },
  { path: '/customers/:id', Component: CustomerDetailPage, permission: 'customers.read' },
];
