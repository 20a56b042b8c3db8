/**
 * Contracts web module. Other modules use only these exports:
 * - CustomerDealsTab — the customer page's contracts & orders tab.
 * The contract page's tabs are the `CONTRACT_TABS` array in ContractPage.tsx: a module adds its tab
 * with one entry there (its component takes the contract).
 */
export { contractsRoutes } from './routes';
export { contractsMessages } from './i18n';
export { CustomerDealsTab } from './CustomerDealsTab';
