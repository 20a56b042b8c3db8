/** Customers web module: what other modules and the composition root use of it (the manifest is module.ts). */
export { customerTabs, customerPanels, type CustomerTab, type CustomerPanel } from './slots';
export { LogActivityButton } from './LogActivityButton';
