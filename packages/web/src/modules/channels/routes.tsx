import { lazy } from 'react';
import { ApartmentOutlined, AuditOutlined, GiftOutlined } from '@ant-design/icons';
import type { ModuleRoute } from '../../core/moduleRoute';

const PartnersPage = lazy(() => import('./PartnersPage'));
const PartnerPage = lazy(() => import('./PartnerPage'));
const RegistrationsPage = lazy(() => import('./RegistrationsPage'));
const RebatesPage = lazy(() => import('./RebatesPage'));

/** M10 channel partners: partners, deal registration (R-CHN-1), rebates and contribution (R-CHN-2). */
export const channelsRoutes: ModuleRoute[] = [
  {
    path: '/channels',
    Component: PartnersPage,
    permission: 'channels.read',
    menu: {
      group: 'pipeline',
      labelKey: 'channels.menu.partners',
      icon: <ApartmentOutlined />,
      testId: 'menu-channel-partners',
      order: 80,
    },
  },
  {
    path: '/channels/registrations',
    Component: RegistrationsPage,
    permission: 'channels.read',
    menu: {
      group: 'pipeline',
      labelKey: 'channels.menu.registrations',
      icon: <AuditOutlined />,
      testId: 'menu-channel-registrations',
      order: 81,
    },
  },
  {
    path: '/channels/rebates',
    Component: RebatesPage,
    permission: 'channels.read',
    menu: { group: 'pipeline', labelKey: 'channels.menu.rebates', icon: <GiftOutlined />, testId: 'menu-channel-rebates', order: 82 },
  },
  { path: '/channels/partners/:id', Component: PartnerPage, permission: 'channels.read' },
];
