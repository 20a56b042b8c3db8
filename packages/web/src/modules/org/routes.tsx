import { lazy } from 'react';
import { ApartmentOutlined, TeamOutlined, ContactsOutlined } from '@ant-design/icons';
import type { ModuleRoute } from '../../core/moduleRoute';

const OrgUnitsPage = lazy(() => import('./OrgUnitsPage'));
const UsersPage = lazy(() => import('./UsersPage'));

export const orgRoutes: ModuleRoute[] = [
  {
    path: '/org/users',
    Component: UsersPage,
    permission: 'users.read',
    // Administrators manage users; everyone else sees the same page as a read-only directory.
    menu: (can) =>
      can('users.write')
        ? { group: 'organisation', labelKey: 'org.menu.users', icon: <TeamOutlined />, testId: 'menu-users', order: 20 }
        : { group: 'organisation', labelKey: 'org.menu.directory', icon: <ContactsOutlined />, testId: 'menu-directory', order: 20 },
  },
  {
    path: '/org/units',
    Component: OrgUnitsPage,
    permission: 'orgUnits.read',
    menu: { group: 'organisation', labelKey: 'org.menu.units', icon: <ApartmentOutlined />, testId: 'menu-org-units', order: 10 },
  },
];
