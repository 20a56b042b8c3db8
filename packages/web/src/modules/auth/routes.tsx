import { lazy } from 'react';
import type { ModuleRoute } from '../../core/moduleRoute';

export const LoginPage = lazy(() => import('./LoginPage'));
export const ConfidentialityPage = lazy(() => import('./ConfidentialityPage'));
export const ChangePasswordPage = lazy(() => import('./ChangePasswordPage'));

export const authRoutes: ModuleRoute[] = [{ path: '/account/password', Component: ChangePasswordPage }];
