import { defineAccess } from '../../platform/access/index.js';

/**
 * R-SEC-1 for targets (M4). The director sets and decomposes the company's targets; managers and
 * supervisors read the part of the tree under their unit; people with a target read and acknowledge
 * their own letter. Finance, ops and the auditor read everything.
 */
export const targetsAccess = defineAccess('targets', ['read', 'write', 'acknowledge'] as const, {
  director: { read: 'all', write: 'all' },
  manager: { read: 'unit', acknowledge: 'own' },
  supervisor: { read: 'unit', acknowledge: 'own' },
  rep: { read: 'own', acknowledge: 'own' },
  key_account: { read: 'own', acknowledge: 'own' },
  channel: { read: 'own', acknowledge: 'own' },
  ops: { read: 'all' },
  finance: { read: 'all' },
  auditor: { read: 'all' },
});
