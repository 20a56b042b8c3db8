import { lazy } from 'react';
import { SolutionOutlined, TeamOutlined, TrophyOutlined } from '@ant-design/icons';
import type { ModuleRoute } from '../../core/moduleRoute';

const MyReviewsPage = lazy(() => import('./MyReviewsPage'));
const TeamReviewsPage = lazy(() => import('./TeamReviewsPage'));
const ReviewPage = lazy(() => import('./ReviewPage'));
const AdminPage = lazy(() => import('./AdminPage'));

/** M6 performance: my reviews (with the peer-rating queue), team reviews, one review, KPI templates and cycles. */
export const performanceRoutes: ModuleRoute[] = [
  {
    path: '/performance/my',
    Component: MyReviewsPage,
    menu: (can) =>
      can('performance.read') || can('performance.rate')
        ? { group: 'organisation', labelKey: 'performance.menu.mine', icon: <TrophyOutlined />, testId: 'menu-performance-mine', order: 60 }
        : null,
  },
  {
    path: '/performance/team',
    Component: TeamReviewsPage,
    permission: 'performance.feedback',
    menu: { group: 'organisation', labelKey: 'performance.menu.team', icon: <TeamOutlined />, testId: 'menu-performance-team', order: 61 },
  },
  { path: '/performance/reviews/:id', Component: ReviewPage },
  {
    path: '/performance/admin',
    Component: AdminPage,
    permission: 'performance.manage',
    menu: {
      group: 'organisation',
      labelKey: 'performance.menu.admin',
      icon: <SolutionOutlined />,
      testId: 'menu-performance-admin',
      order: 62,
    },
  },
];
