import { lazy } from 'react';
/** Customers web module: what other modules and the composition root use of it (the manifest is module.ts). */
export { customerTabs, customerPanels, type CustomerTab, type CustomerPanel } from './slots';
// Lazy: the index is in the first bundle (other modules' manifests import it for the slots); the
// drawer and its form controls load only on a page that shows the button.
export const LogActivityButton = lazy(() => import('./LogActivityButton').then((module) => ({ default: module.LogActivityButton })));
export { CustomerSelect } from './CustomerSelect';
export { useCustomer } from './api';
export { centsToYuan, yuanToCents, nowPicker, pickerToIso } from './time';
