/** Expenses web module (M7). Nothing is used by other modules yet; the manifest is module.ts. */
export { useClaims } from './api';
