import { defineAccess } from '../access/access.js';

/**
 * Approval requests follow the scope of the records they are about (owner). Deciding does not
 * come from scope: only the step's approver, their delegate, or a holder of an `any` step's role.
 */
export const approvalsAccess = defineAccess('approvals', ['read', 'configure'] as const, {
  admin: { configure: 'all' },
  director: { read: 'all' },
  manager: { read: 'unit' },
  supervisor: { read: 'unit' },
  rep: { read: 'own' },
  key_account: { read: 'own' },
  channel: { read: 'own' },
  support: { read: 'supported' },
  ops: { read: 'all' },
  finance: { read: 'all' },
  auditor: { read: 'all' },
});
