import { defineAccess } from '../../platform/access/index.js';

/**
 * R-SEC-1 for customers: reps, key-account managers and channel managers their own; supervisors
 * their team; managers their region; the director, ops (CRM upkeep) and finance all; support the
 * reps they serve; auditors read everything. Admin sees no business data by default.
 * `claim` (from the pool) and `configure` are not row-scoped.
 */
export const customersAccess = defineAccess(
  'customers',
  ['read', 'write', 'export', 'reveal', 'claim', 'assign', 'import', 'configure'] as const,
  {
    director: { read: 'all', write: 'all', export: 'all', reveal: 'all', claim: 'all', assign: 'all', import: 'all', configure: 'all' },
    manager: { read: 'unit', write: 'unit', export: 'unit', reveal: 'unit', claim: 'all', assign: 'unit', import: 'unit' },
    supervisor: { read: 'unit', write: 'unit', export: 'unit', reveal: 'unit', claim: 'all', assign: 'unit', import: 'unit' },
    rep: { read: 'own', write: 'own', reveal: 'own', claim: 'all', import: 'own' },
    key_account: { read: 'own', write: 'own', reveal: 'own', claim: 'all', import: 'own' },
    channel: { read: 'own', write: 'own', reveal: 'own', claim: 'all', import: 'own' },
    support: { read: 'supported', write: 'supported', reveal: 'supported', import: 'supported' },
    ops: { read: 'all', write: 'all', export: 'all', reveal: 'all', assign: 'all', import: 'all', configure: 'all' },
    finance: { read: 'all' },
    auditor: { read: 'all' },
    admin: { configure: 'all' },
  },
);
