import { lazy } from 'react';
import { BarChartOutlined, FolderOpenOutlined, ScheduleOutlined } from '@ant-design/icons';
import type { ModuleRoute } from '../../core/moduleRoute';

const ReportsPage = lazy(() => import('./ReportsPage'));
const SubscriptionsPage = lazy(() => import('./SubscriptionsPage'));
const ArchivePage = lazy(() => import('./ArchivePage'));

/** Sales reports: the report (kind, period, scope; export), my subscriptions, the archive of delivered reports. */
export const reportsRoutes: ModuleRoute[] = [
  {
    path: '/reports',
    Component: ReportsPage,
    permission: 'reports.read',
    menu: { group: 'workspace', labelKey: 'reports.menu.reports', icon: <BarChartOutlined />, testId: 'menu-reports', order: 44 },
  },
  {
    path: '/reports/subscriptions',
    Component: SubscriptionsPage,
    permission: 'reports.subscribe',
    menu: {
      group: 'workspace',
      labelKey: 'reports.menu.subscriptions',
      icon: <ScheduleOutlined />,
      testId: 'menu-report-subscriptions',
      order: 45,
    },
  },
  // Delivery notifications link to `/reports/archive?id=<entry>`.
  {
    path: '/reports/archive',
    Component: ArchivePage,
    permission: 'reports.read',
    menu: { group: 'workspace', labelKey: 'reports.menu.archive', icon: <FolderOpenOutlined />, testId: 'menu-report-archive', order: 46 },
  },
];
