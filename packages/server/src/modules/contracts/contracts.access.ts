import { defineAccess } from '../../platform/access/index.js';

/**
 * R-SEC-1 for contracts: reps, key-account and channel managers their own; supervisors their team
 * and managers their region; the director everything; support staff the contracts of the reps they
 * support (read and write: they prepare contracts and chase delivery); ops, finance and auditors
 * read everything. Export (the ledger) is for management, ops, finance and audit; `configure`
 * (templates, numbering, reminders) for the director, ops and admin.
 */
export const contractsAccess = defineAccess('contracts', ['read', 'write', 'export', 'configure'] as const, {
  director: { read: 'all', write: 'all', export: 'all', configure: 'all' },
  manager: { read: 'unit', write: 'unit', export: 'unit' },
  supervisor: { read: 'unit', write: 'unit', export: 'unit' },
  rep: { read: 'own', write: 'own' },
  key_account: { read: 'own', write: 'own' },
  channel: { read: 'own', write: 'own' },
  support: { read: 'supported', write: 'supported' },
  ops: { read: 'all', export: 'all', configure: 'all' },
  finance: { read: 'all', export: 'all' },
  auditor: { read: 'all', export: 'all' },
  admin: { configure: 'all' },
});
