import { lazy } from 'react';
import { HomeOutlined } from '@ant-design/icons';
import type { ModuleRoute } from '../../core/moduleRoute';
import { homeSummaryQuery } from './api';

const HomePage = lazy(() => import('./HomePage'));

export const homeRoutes: ModuleRoute[] = [
  {
    path: '/',
    Component: HomePage,
    prefetch: (queryClient) => void queryClient.prefetchQuery(homeSummaryQuery),
    menu: { group: 'workspace', labelKey: 'home.menu', icon: <HomeOutlined />, testId: 'menu-home', order: 0 },
  },
];
