import { defineAccess } from '../../platform/access/index.js';

/**
 * R-SEC-1 for opportunities, like customers: reps, key-account and channel managers their own;
 * supervisors their team; managers their region; the director everything. Support staff read the
 * opportunities of the reps they serve; ops, finance and auditors read everything. `configure`
 * (stage probabilities, lost reasons, stage gates) is for admin, the director and ops.
 */
export const opportunitiesAccess = defineAccess('opportunities', ['read', 'write', 'configure'] as const, {
  director: { read: 'all', write: 'all', configure: 'all' },
  manager: { read: 'unit', write: 'unit' },
  supervisor: { read: 'unit', write: 'unit' },
  rep: { read: 'own', write: 'own' },
  key_account: { read: 'own', write: 'own' },
  channel: { read: 'own', write: 'own' },
  support: { read: 'supported' },
  ops: { read: 'all', configure: 'all' },
  finance: { read: 'all' },
  auditor: { read: 'all' },
  admin: { configure: 'all' },
});
