import { lazy } from 'react';
import { AuditOutlined, CheckSquareOutlined, SwapOutlined } from '@ant-design/icons';
import type { ModuleRoute } from '../../core/moduleRoute';

const ApprovalsPage = lazy(() => import('./ApprovalsPage'));
const DelegationsPage = lazy(() => import('./DelegationsPage'));
const PoliciesPage = lazy(() => import('./PoliciesPage'));

export const approvalsRoutes: ModuleRoute[] = [
  {
    path: '/approvals',
    Component: ApprovalsPage,
    permission: 'approvals.read',
    menu: { group: 'approvals', labelKey: 'approvals.menu.inbox', icon: <CheckSquareOutlined />, testId: 'menu-approvals', order: 10 },
  },
  // Notifications link here (`/approvals/<id>`): the list with that request open.
  { path: '/approvals/:id', Component: ApprovalsPage, permission: 'approvals.read' },
  {
    path: '/approvals/delegations',
    Component: DelegationsPage,
    permission: 'approvals.read',
    menu: { group: 'approvals', labelKey: 'approvals.menu.delegations', icon: <SwapOutlined />, testId: 'menu-delegations', order: 20 },
  },
  {
    path: '/approvals/policies',
    Component: PoliciesPage,
    permission: 'approvals.configure',
    menu: { group: 'approvals', labelKey: 'approvals.menu.policies', icon: <AuditOutlined />, testId: 'menu-approval-policies', order: 30 },
  },
];
