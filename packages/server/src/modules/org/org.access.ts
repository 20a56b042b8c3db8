import { defineAccess } from '../../platform/access/index.js';

/** Users: people see their own unit's colleagues; leadership, ops, finance and audit see all; admin manages. */
export const usersAccess = defineAccess('users', ['read', 'write', 'export', 'resetPassword'] as const, {
  admin: { read: 'all', write: 'all', export: 'all', resetPassword: 'all' },
  director: { read: 'all', export: 'all' },
  manager: { read: 'unit' },
  supervisor: { read: 'unit' },
  rep: { read: 'unit' },
  key_account: { read: 'unit' },
  channel: { read: 'unit' },
  support: { read: 'unit' },
  ops: { read: 'all' },
  finance: { read: 'all' },
  auditor: { read: 'all', export: 'all' },
});

/** The org tree itself is visible to every signed-in user; only admin changes it. */
export const orgUnitsAccess = defineAccess('orgUnits', ['read', 'write'] as const, {
  admin: { read: 'all', write: 'all' },
  director: { read: 'all' },
  manager: { read: 'all' },
  supervisor: { read: 'all' },
  rep: { read: 'all' },
  key_account: { read: 'all' },
  channel: { read: 'all' },
  support: { read: 'all' },
  ops: { read: 'all' },
  finance: { read: 'all' },
  auditor: { read: 'all' },
});
