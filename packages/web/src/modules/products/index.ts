/** Products web module: what other modules use of it (the manifest is module.ts). */
export { ProductSelect } from './ProductSelect';
export { MoneyInput } from './MoneyInput';
export { usePriceLists, useProductLines } from './api';
