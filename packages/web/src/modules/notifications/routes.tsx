import { lazy } from 'react';
import type { ModuleRoute } from '../../core/moduleRoute';

const NotificationsPage = lazy(() => import('./NotificationsPage'));

export const notificationsRoutes: ModuleRoute[] = [{ path: '/notifications', Component: NotificationsPage }];
