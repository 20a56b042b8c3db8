import { lazy } from 'react';
import { ControlOutlined, FunnelPlotOutlined, ProjectOutlined, UnorderedListOutlined } from '@ant-design/icons';
import type { ModuleRoute } from '../../core/moduleRoute';

const BoardPage = lazy(() => import('./BoardPage'));
const OpportunityListPage = lazy(() => import('./OpportunityListPage'));
const OpportunityDetailPage = lazy(() => import('./OpportunityDetailPage'));
const AnalyticsPage = lazy(() => import('./AnalyticsPage'));
const OpportunitySettingsPage = lazy(() => import('./OpportunitySettingsPage'));

/** M2 Opportunities (商机). Static paths win over `/opportunities/:id` in the router. */
export const opportunitiesRoutes: ModuleRoute[] = [
  {
    path: '/opportunities',
    Component: BoardPage,
    permission: 'opportunities.read',
    menu: { group: 'pipeline', labelKey: 'opportunities.menu.board', icon: <ProjectOutlined />, testId: 'menu-opportunities', order: 10 },
  },
  {
    path: '/opportunities/list',
    Component: OpportunityListPage,
    permission: 'opportunities.read',
    menu: {
      group: 'pipeline',
      labelKey: 'opportunities.menu.list',
      icon: <UnorderedListOutlined />,
      testId: 'menu-opportunity-list',
      order: 20,
    },
  },
  {
    path: '/opportunities/analytics',
    Component: AnalyticsPage,
    permission: 'opportunities.read',
    menu: {
      group: 'pipeline',
      labelKey: 'opportunities.menu.analytics',
      icon: <FunnelPlotOutlined />,
      testId: 'menu-opportunity-analytics',
      order: 30,
    },
  },
  {
    path: '/opportunities/settings',
    Component: OpportunitySettingsPage,
    permission: 'opportunities.configure',
    menu: {
      group: 'pipeline',
      labelKey: 'opportunities.menu.settings',
      icon: <ControlOutlined />,
      testId: 'menu-opportunity-settings',
      order: 90,
    },
  },
  { path: '/opportunities/:id', Component: OpportunityDetailPage, permission: 'opportunities.read' },
];
