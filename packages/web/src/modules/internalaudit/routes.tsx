import { lazy } from 'react';
import { AuditOutlined, EyeOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { ModuleRoute } from '../../core/moduleRoute';

const AuditPlansPage = lazy(() => import('./AuditPlansPage'));
const AuditPlanPage = lazy(() => import('./AuditPlanPage'));
const FindingsPage = lazy(() => import('./FindingsPage'));
const FindingPage = lazy(() => import('./FindingPage'));
const TrailPage = lazy(() => import('./TrailPage'));

/** M12 Internal audit: plans (the auditor's), findings and rectification (the units'), the confidential-data trail. */
export const internalauditRoutes: ModuleRoute[] = [
  {
    path: '/internal-audit',
    Component: AuditPlansPage,
    permission: 'internalaudit.plan',
    menu: { group: 'system', labelKey: 'internalaudit.menu.plans', icon: <AuditOutlined />, testId: 'menu-internal-audit', order: 60 },
  },
  {
    path: '/internal-audit/findings',
    Component: FindingsPage,
    permission: 'internalaudit.read',
    menu: {
      group: 'system',
      labelKey: 'internalaudit.menu.findings',
      icon: <SafetyCertificateOutlined />,
      testId: 'menu-audit-findings',
      order: 61,
    },
  },
  {
    path: '/internal-audit/trail',
    Component: TrailPage,
    permission: 'internalaudit.plan',
    menu: { group: 'system', labelKey: 'internalaudit.menu.trail', icon: <EyeOutlined />, testId: 'menu-audit-trail', order: 62 },
  },
  { path: '/internal-audit/plans/:id', Component: AuditPlanPage, permission: 'internalaudit.read' },
  { path: '/internal-audit/findings/:id', Component: FindingPage, permission: 'internalaudit.read' },
];
