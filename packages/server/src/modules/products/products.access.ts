import { defineAccess } from '../../platform/access/index.js';

/**
 * R-SEC-1 for the catalogue: every role reads products, price lists and promotions (quotes need
 * them); the director, sales operations and admin maintain them. Catalogue rows have no owner,
 * so every scope is `all`. `floor` is a field permission (issue 16): floor prices are shown to
 * managers and above, ops, finance and those who maintain the catalogue; everyone else gets null.
 */
export const productsAccess = defineAccess('products', ['read', 'write', 'configure', 'floor'] as const, {
  admin: { read: 'all', write: 'all', configure: 'all', floor: 'all' },
  director: { read: 'all', write: 'all', configure: 'all', floor: 'all' },
  ops: { read: 'all', write: 'all', configure: 'all', floor: 'all' },
  manager: { read: 'all', floor: 'all' },
  supervisor: { read: 'all' },
  rep: { read: 'all' },
  key_account: { read: 'all' },
  channel: { read: 'all' },
  support: { read: 'all' },
  finance: { read: 'all', floor: 'all' },
  auditor: { read: 'all' },
});
