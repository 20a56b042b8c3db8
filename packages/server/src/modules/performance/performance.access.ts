import { defineAccess } from '../../platform/access/index.js';

/**
 * R-SEC-1 for performance reviews (issue 19 items 1–3), scoped by the reviewed person: a person
 * reads their own reviews, a supervisor or manager their unit's, the director, ops and the auditor
 * everyone's. `rate` = fill in a rating form one was asked for (the raters table says which; a peer
 * sees only that form); `feedback` = rate as supervisor, choose peers, record feedback (and on the
 * person's line, never one's own review); `decide` = decide appeals (the next level up: the
 * reviewer's manager, or the director); `manage` = KPI templates and cycles; `configure` = settings.
 */
export const performanceAccess = defineAccess('performance', ['read', 'rate', 'feedback', 'decide', 'manage', 'configure'] as const, {
  director: { read: 'all', rate: 'own', feedback: 'all', decide: 'all', manage: 'all', configure: 'all' },
  ops: { read: 'all', rate: 'own', manage: 'all', configure: 'all' },
  manager: { read: 'unit', rate: 'own', feedback: 'unit', decide: 'unit' },
  supervisor: { read: 'unit', rate: 'own', feedback: 'unit', decide: 'unit' },
  rep: { read: 'own', rate: 'own' },
  key_account: { read: 'own', rate: 'own' },
  channel: { read: 'own', rate: 'own' },
  support: { read: 'own', rate: 'own' },
  finance: { read: 'own', rate: 'own' },
  auditor: { read: 'all' },
  admin: { manage: 'all', configure: 'all' },
});
