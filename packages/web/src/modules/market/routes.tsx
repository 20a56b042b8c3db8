import { lazy } from 'react';
import { AimOutlined, BulbOutlined, FileTextOutlined } from '@ant-design/icons';
import type { ModuleRoute } from '../../core/moduleRoute';

const FeedbackPage = lazy(() => import('./FeedbackPage'));
const CompetitorsPage = lazy(() => import('./CompetitorsPage'));
const CompetitorPage = lazy(() => import('./CompetitorPage'));
const ReportsPage = lazy(() => import('./ReportsPage'));
const ReportPage = lazy(() => import('./ReportPage'));

/** M10 market intelligence: feedback entry and list, competitors, the weekly reports (R-MKT-1). */
export const marketRoutes: ModuleRoute[] = [
  {
    path: '/market',
    Component: FeedbackPage,
    permission: 'market.read',
    menu: { group: 'customers', labelKey: 'market.menu.feedback', icon: <BulbOutlined />, testId: 'menu-market-feedback', order: 60 },
  },
  {
    path: '/market/reports',
    Component: ReportsPage,
    permission: 'market.report',
    menu: { group: 'customers', labelKey: 'market.menu.reports', icon: <FileTextOutlined />, testId: 'menu-market-reports', order: 61 },
  },
  {
    path: '/market/competitors',
    Component: CompetitorsPage,
    permission: 'market.read',
    menu: { group: 'customers', labelKey: 'market.menu.competitors', icon: <AimOutlined />, testId: 'menu-competitors', order: 62 },
  },
  { path: '/market/competitors/:id', Component: CompetitorPage, permission: 'market.read' },
  { path: '/market/reports/:id', Component: ReportPage, permission: 'market.report' },
];
