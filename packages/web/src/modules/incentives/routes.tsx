import { lazy } from 'react';
import { AuditOutlined, CalculatorOutlined, MoneyCollectOutlined, SettingOutlined, TrophyOutlined } from '@ant-design/icons';
import type { ModuleRoute } from '../../core/moduleRoute';

const PlansPage = lazy(() => import('./PlansPage'));
const StatementsPage = lazy(() => import('./StatementsPage'));
const StatementPage = lazy(() => import('./StatementPage'));
const HonoursPage = lazy(() => import('./HonoursPage'));
const HonourRulesPage = lazy(() => import('./HonourRulesPage'));

/** M6 incentives: commission plans, statements (mine, team, approval), honours and the leaderboard. */
export const incentivesRoutes: ModuleRoute[] = [
  {
    path: '/incentives/statements',
    Component: StatementsPage,
    permission: 'incentives.read',
    menu: {
      group: 'workspace',
      labelKey: 'incentives.menu.statements',
      icon: <MoneyCollectOutlined />,
      testId: 'menu-statements',
      order: 70,
    },
  },
  { path: '/incentives/statements/:id', Component: StatementPage, permission: 'incentives.read' },
  {
    path: '/incentives/review',
    Component: StatementsPage,
    permission: 'incentives.review',
    menu: { group: 'approvals', labelKey: 'incentives.menu.review', icon: <AuditOutlined />, testId: 'menu-statement-review', order: 40 },
  },
  {
    path: '/incentives/honours',
    Component: HonoursPage,
    permission: 'incentives.leaderboard',
    menu: { group: 'workspace', labelKey: 'incentives.menu.honours', icon: <TrophyOutlined />, testId: 'menu-honours', order: 71 },
  },
  {
    path: '/incentives/plans',
    Component: PlansPage,
    permission: 'incentives.plan',
    menu: { group: 'system', labelKey: 'incentives.menu.plans', icon: <CalculatorOutlined />, testId: 'menu-commission-plans', order: 70 },
  },
  {
    path: '/incentives/honour-rules',
    Component: HonourRulesPage,
    permission: 'incentives.honour',
    menu: { group: 'system', labelKey: 'incentives.menu.rules', icon: <SettingOutlined />, testId: 'menu-honour-rules', order: 71 },
  },
];
