import { lazy } from 'react';
import { SettingOutlined } from '@ant-design/icons';
import type { ModuleRoute } from '../../app/moduleRoute';

const SettingsPage = lazy(() => import('./SettingsPage'));

export const settingsRoutes: ModuleRoute[] = [
  { path: '/settings', Component: SettingsPage, permission: 'settings.read', menu: { group: 'system', labelKey: 'settings.menu', icon: <SettingOutlined />, testId: 'menu-settings', order: 20 } },
];
