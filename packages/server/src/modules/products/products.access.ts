import { defineAccess } from '../../platform/access/index.js';

/**
 * R-SEC-1 for the catalogue: every role reads products, price lists and promotions (quotes need
 * them); the director, sales operations and admin maintain them. Catalogue rows have no owner,
 * so every scope is `all`.
 */
export const productsAccess = defineAccess('products', ['read', 'write', 'configure'] as const, {
  admin: { read: 'all', write: 'all', configure: 'all' },
  director: { read: 'all', write: 'all', configure: 'all' },
  ops: { read: 'all', write: 'all', configure: 'all' },
  manager: { read: 'all' },
  supervisor: { read: 'all' },
  rep: { read: 'all' },
  key_account: { read: 'all' },
  channel: { read: 'all' },
  support: { read: 'all' },
  finance: { read: 'all' },
  auditor: { read: 'all' },
});
