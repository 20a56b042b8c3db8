/** Customers web module: what other modules and the composition root use of it (the manifest is module.ts). */
export { customerTabs, customerPanels, type CustomerTab, type CustomerPanel } from './slots';
export { CustomerSelect } from './CustomerSelect';
export { useCustomer } from './api';
export { centsToYuan, yuanToCents, nowPicker, pickerToIso } from './time';
