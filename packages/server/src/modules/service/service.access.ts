import { defineAccess } from '../../platform/access/index.js';

/**
 * R-SEC-1 for complaints (issue 20): a ticket follows its customer's record access (the owner's
 * line: rep own, supervisor team, manager region, director/ops all, support the reps they serve) —
 * applied through the customer's owner — plus the members of the service queue it is routed to and
 * its assignee. `write` works tickets within that reach; `configure` edits categories, queues and
 * the business calendar.
 */
export const complaintsAccess = defineAccess('complaints', ['read', 'write', 'configure'] as const, {
  director: { read: 'all', write: 'all', configure: 'all' },
  manager: { read: 'unit', write: 'unit' },
  supervisor: { read: 'unit', write: 'unit' },
  rep: { read: 'own', write: 'own' },
  key_account: { read: 'own', write: 'own' },
  channel: { read: 'own', write: 'own' },
  support: { read: 'supported', write: 'supported' },
  ops: { read: 'all', write: 'all', configure: 'all' },
  finance: { read: 'all' },
  auditor: { read: 'all' },
  admin: { configure: 'all' },
});

/**
 * R-SEC-1 for survey answers: visible to the owner's line (rep own, supervisor team, manager
 * region, director) and ops; ops and the director edit templates; `send` sends a survey by hand.
 */
export const surveysAccess = defineAccess('surveys', ['read', 'send', 'configure'] as const, {
  director: { read: 'all', send: 'all', configure: 'all' },
  manager: { read: 'unit', send: 'unit' },
  supervisor: { read: 'unit', send: 'unit' },
  rep: { read: 'own', send: 'own' },
  key_account: { read: 'own', send: 'own' },
  ops: { read: 'all', send: 'all', configure: 'all' },
  auditor: { read: 'all' },
});
