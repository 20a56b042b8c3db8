import { lazy } from 'react';
import { AimOutlined, AlertOutlined, AuditOutlined, FileDoneOutlined } from '@ant-design/icons';
import type { ModuleRoute } from '../../core/moduleRoute';

const TargetsPage = lazy(() => import('./TargetsPage'));
const LetterPage = lazy(() => import('./LetterPage'));
const LettersPage = lazy(() => import('./LettersPage'));
const AlertsPage = lazy(() => import('./AlertsPage'));

/** M4 targets: the decomposition grid, my responsibility letter, who has acknowledged; the risk alert inbox. */
export const targetsRoutes: ModuleRoute[] = [
  {
    path: '/targets',
    Component: TargetsPage,
    permission: 'targets.read',
    menu: { group: 'workspace', labelKey: 'targets.menu.grid', icon: <AimOutlined />, testId: 'menu-targets', order: 40 },
  },
  {
    path: '/targets/letter',
    Component: LetterPage,
    permission: 'targets.acknowledge',
    menu: { group: 'workspace', labelKey: 'targets.menu.letter', icon: <FileDoneOutlined />, testId: 'menu-target-letter', order: 41 },
  },
  {
    path: '/targets/letters',
    Component: LettersPage,
    permission: 'targets.read',
    menu: { group: 'workspace', labelKey: 'targets.menu.letters', icon: <AuditOutlined />, testId: 'menu-target-letters', order: 42 },
  },
  // R-RSK-1 risk alerts; notifications link to `/alerts?id=<alert>`.
  {
    path: '/alerts',
    Component: AlertsPage,
    permission: 'alerts.read',
    menu: { group: 'workspace', labelKey: 'targets.menu.alerts', icon: <AlertOutlined />, testId: 'menu-alerts', order: 43 },
  },
];
