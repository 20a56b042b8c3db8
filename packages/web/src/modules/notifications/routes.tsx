import { lazy } from 'react';
import type { ModuleRoute } from '../../app/moduleRoute';

const NotificationsPage = lazy(() => import('./NotificationsPage'));

export const notificationsRoutes: ModuleRoute[] = [{ path: '/notifications', Component: NotificationsPage }];
