/**
 * Contracts web module. It adds the contracts & orders tab to the customer page (customerTabs).
 * The contract page's tabs are the `CONTRACT_TABS` array in ContractPage.tsx: a module adds its tab
 * with one entry there (its component takes the contract).
 */
