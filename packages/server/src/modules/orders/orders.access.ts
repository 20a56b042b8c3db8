import { defineAccess } from '../../platform/access/index.js';

/**
 * R-SEC-1 for orders, like contracts: reps, key-account and channel managers their own; supervisors
 * their team, managers their region, the director everything; support staff read the orders of the
 * reps they support and move their delivery status (`deliver`); ops, finance and auditors read all.
 * `configure` (numbering, the direct-order ceiling) for the director, ops and admin.
 */
export const ordersAccess = defineAccess('orders', ['read', 'write', 'deliver', 'configure'] as const, {
  director: { read: 'all', write: 'all', deliver: 'all', configure: 'all' },
  manager: { read: 'unit', write: 'unit', deliver: 'unit' },
  supervisor: { read: 'unit', write: 'unit', deliver: 'unit' },
  rep: { read: 'own', write: 'own', deliver: 'own' },
  key_account: { read: 'own', write: 'own', deliver: 'own' },
  channel: { read: 'own', write: 'own', deliver: 'own' },
  support: { read: 'supported', deliver: 'supported' },
  ops: { read: 'all', configure: 'all' },
  finance: { read: 'all' },
  auditor: { read: 'all' },
  admin: { configure: 'all' },
});
