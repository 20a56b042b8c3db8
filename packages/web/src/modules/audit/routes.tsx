import { lazy } from 'react';
import { AuditOutlined } from '@ant-design/icons';
import type { ModuleRoute } from '../../core/moduleRoute';

const AuditPage = lazy(() => import('./AuditPage'));

export const auditRoutes: ModuleRoute[] = [
  {
    path: '/audit',
    Component: AuditPage,
    permission: 'audit.read',
    menu: { group: 'system', labelKey: 'audit.menu', icon: <AuditOutlined />, testId: 'menu-audit', order: 10 },
  },
];
