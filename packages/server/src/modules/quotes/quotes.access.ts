import { defineAccess } from '../../platform/access/index.js';

/**
 * R-SEC-1 for quotes, as for customers: reps, key-account and channel managers their own;
 * supervisors their team; managers their region; the director all; support the reps they serve;
 * finance, sales operations and auditors read everything. `configure` (number pattern, validity,
 * default terms) is for the director and admin; admin sees no quotes.
 */
export const quotesAccess = defineAccess('quotes', ['read', 'write', 'configure'] as const, {
  director: { read: 'all', write: 'all', configure: 'all' },
  manager: { read: 'unit', write: 'unit' },
  supervisor: { read: 'unit', write: 'unit' },
  rep: { read: 'own', write: 'own' },
  key_account: { read: 'own', write: 'own' },
  channel: { read: 'own', write: 'own' },
  support: { read: 'supported', write: 'supported' },
  ops: { read: 'all' },
  finance: { read: 'all' },
  auditor: { read: 'all' },
  admin: { configure: 'all' },
});
