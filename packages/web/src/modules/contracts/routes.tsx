import { lazy } from 'react';
import { ControlOutlined, FileProtectOutlined, FileTextOutlined } from '@ant-design/icons';
import type { ModuleRoute } from '../../core/moduleRoute';

const ContractLedgerPage = lazy(() => import('./ContractLedgerPage'));
const NewContractPage = lazy(() => import('./NewContractPage'));
const ContractPage = lazy(() => import('./ContractPage'));
const TemplatesPage = lazy(() => import('./TemplatesPage'));
const ContractSettingsPage = lazy(() => import('./ContractSettingsPage'));

/** M2 Contracts. Static paths (`/contracts/new`) win over `/contracts/:id` in the router. */
export const contractsRoutes: ModuleRoute[] = [
  {
    path: '/contracts',
    Component: ContractLedgerPage,
    permission: 'contracts.read',
    menu: { group: 'pipeline', labelKey: 'contracts.menu.ledger', icon: <FileProtectOutlined />, testId: 'menu-contracts', order: 30 },
  },
  { path: '/contracts/new', Component: NewContractPage, permission: 'contracts.write' },
  {
    path: '/contracts/templates',
    Component: TemplatesPage,
    permission: 'contracts.configure',
    menu: {
      group: 'pipeline',
      labelKey: 'contracts.menu.templates',
      icon: <FileTextOutlined />,
      testId: 'menu-contract-templates',
      order: 80,
    },
  },
  {
    path: '/contracts/settings',
    Component: ContractSettingsPage,
    permission: 'contracts.configure',
    menu: {
      group: 'pipeline',
      labelKey: 'contracts.menu.settings',
      icon: <ControlOutlined />,
      testId: 'menu-contract-settings',
      order: 90,
    },
  },
  { path: '/contracts/:id', Component: ContractPage, permission: 'contracts.read' },
];
