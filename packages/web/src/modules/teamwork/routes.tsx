import { lazy } from 'react';
import { CheckSquareOutlined, FileTextOutlined, RiseOutlined, SwapOutlined } from '@ant-design/icons';
import type { ModuleRoute } from '../../core/moduleRoute';

const MeetingsPage = lazy(() => import('./MeetingsPage'));
const MeetingPage = lazy(() => import('./MeetingPage'));
const ActionItemsPage = lazy(() => import('./ActionItemsPage'));
const EscalationsPage = lazy(() => import('./EscalationsPage'));
const HandoversPage = lazy(() => import('./HandoversPage'));

/** M11 Team work: meetings and their minutes, my action items, escalations, handovers. */
export const teamworkRoutes: ModuleRoute[] = [
  {
    path: '/teamwork/meetings',
    Component: MeetingsPage,
    permission: 'teamwork.read',
    menu: { group: 'organisation', labelKey: 'teamwork.menu.meetings', icon: <FileTextOutlined />, testId: 'menu-meetings', order: 50 },
  },
  {
    path: '/teamwork/action-items',
    Component: ActionItemsPage,
    permission: 'teamwork.read',
    menu: { group: 'workspace', labelKey: 'teamwork.menu.items', icon: <CheckSquareOutlined />, testId: 'menu-action-items', order: 50 },
  },
  {
    path: '/teamwork/escalations',
    Component: EscalationsPage,
    permission: 'teamwork.read',
    menu: { group: 'organisation', labelKey: 'teamwork.menu.escalations', icon: <RiseOutlined />, testId: 'menu-escalations', order: 51 },
  },
  {
    path: '/teamwork/handovers',
    Component: HandoversPage,
    permission: 'teamwork.read',
    menu: { group: 'organisation', labelKey: 'teamwork.menu.handovers', icon: <SwapOutlined />, testId: 'menu-handovers', order: 52 },
  },
  { path: '/teamwork/meetings/:id', Component: MeetingPage, permission: 'teamwork.read' },
];
