import { lazy } from 'react';
import { NotificationOutlined } from '@ant-design/icons';
import type { ModuleRoute } from '../../core/moduleRoute';

const EventListPage = lazy(() => import('./EventListPage'));
const EventPage = lazy(() => import('./EventPage'));
const CallListPage = lazy(() => import('./CallListPage'));
const CheckInPage = lazy(() => import('./CheckInPage'));
const BadgePage = lazy(() => import('./BadgePage'));
const EventCalendarPage = lazy(() => import('./EventCalendarPage'));
const EventReportsPage = lazy(() => import('./EventReportsPage'));
const ReconfirmPage = lazy(() => import('./ReconfirmPage'));

/**
 * M3 Conference marketing. The pages are open to every signed-in user: the server decides which
 * events each sees (organisers' scope, the events a rep calls for, check-in staff at open events).
 */
export const eventsRoutes: ModuleRoute[] = [
  {
    path: '/events',
    Component: EventListPage,
    menu: (can) =>
      can('events.read') || can('events.checkin') || can('customers.write')
        ? { group: 'customers', labelKey: 'events.menu.list', icon: <NotificationOutlined />, testId: 'menu-events', order: 50 }
        : null,
  },
  { path: '/events/:id', Component: EventPage },
  { path: '/events/:id/calls', Component: CallListPage },
  { path: '/events/:id/check-in', Component: CheckInPage },
  { path: '/events/calendar', Component: EventCalendarPage },
  { path: '/events/reports', Component: EventReportsPage },
  { path: '/invitations/:id/badge', Component: BadgePage },
  { path: '/events/:id/reconfirm', Component: ReconfirmPage },
];
