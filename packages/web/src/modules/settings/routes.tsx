import { lazy } from 'react';
import { ScheduleOutlined, SettingOutlined } from '@ant-design/icons';
import type { ModuleRoute } from '../../core/moduleRoute';

const SettingsPage = lazy(() => import('./SettingsPage'));
const JobsPage = lazy(() => import('./JobsPage'));

export const settingsRoutes: ModuleRoute[] = [
  {
    path: '/settings',
    Component: SettingsPage,
    permission: 'settings.read',
    menu: { group: 'system', labelKey: 'settings.menu', icon: <SettingOutlined />, testId: 'menu-settings', order: 20 },
  },
  {
    path: '/settings/jobs',
    Component: JobsPage,
    permission: 'settings.read',
    menu: { group: 'system', labelKey: 'settings.jobs.menu', icon: <ScheduleOutlined />, testId: 'menu-jobs', order: 21 },
  },
];
