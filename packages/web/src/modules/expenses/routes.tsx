import { lazy } from 'react';
import { AuditOutlined, BarChartOutlined, FundOutlined, WalletOutlined } from '@ant-design/icons';
import type { ModuleRoute } from '../../core/moduleRoute';

const MyClaimsPage = lazy(() => import('./MyClaimsPage'));
const NewClaimPage = lazy(() => import('./NewClaimPage'));
const ClaimPage = lazy(() => import('./ClaimPage'));
const ReviewQueuePage = lazy(() => import('./ReviewQueuePage'));
const BudgetsPage = lazy(() => import('./BudgetsPage'));
const AnalysisPage = lazy(() => import('./AnalysisPage'));

/** M7 expenses: my claims (phone-first), the review queues, the budgets grid, the analysis. */
export const expensesRoutes: ModuleRoute[] = [
  {
    path: '/expenses/claims',
    Component: MyClaimsPage,
    permission: 'expenses.claim',
    menu: { group: 'workspace', labelKey: 'expenses.menu.claims', icon: <WalletOutlined />, testId: 'menu-expense-claims', order: 60 },
  },
  { path: '/expenses/claims/new', Component: NewClaimPage, permission: 'expenses.claim' },
  { path: '/expenses/claims/:id', Component: ClaimPage, permission: 'expenses.read' },
  {
    path: '/expenses/review',
    Component: ReviewQueuePage,
    permission: 'expenses.review',
    menu: { group: 'approvals', labelKey: 'expenses.menu.review', icon: <AuditOutlined />, testId: 'menu-expense-review', order: 30 },
  },
  {
    path: '/expenses/budgets',
    Component: BudgetsPage,
    permission: 'expenses.analyse',
    menu: { group: 'receivables', labelKey: 'expenses.menu.budgets', icon: <FundOutlined />, testId: 'menu-expense-budgets', order: 60 },
  },
  {
    path: '/expenses/analysis',
    Component: AnalysisPage,
    permission: 'expenses.analyse',
    menu: {
      group: 'receivables',
      labelKey: 'expenses.menu.analysis',
      icon: <BarChartOutlined />,
      testId: 'menu-expense-analysis',
      order: 70,
    },
  },
];
