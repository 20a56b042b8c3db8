import { defineAccess, type Policy } from '../../platform/access/index.js';

type ReportAction = 'read' | 'subscribe';

/**
 * R-SEC-1 for sales reports: who may open them. What a report shows is the caller's own record
 * access (the contracts, receipts and customers scopes inside each metric's SQL: the director's
 * company, a manager's region, a supervisor's team, a rep's own); the scope here only says who has a
 * report at all, and who may have one delivered. A delivery and its archive belong to the subscriber.
 */
const POLICY: Policy<ReportAction> = {
  director: { read: 'all', subscribe: 'all' },
  manager: { read: 'unit', subscribe: 'unit' },
  supervisor: { read: 'unit', subscribe: 'unit' },
  rep: { read: 'own', subscribe: 'own' },
  key_account: { read: 'own', subscribe: 'own' },
  channel: { read: 'own', subscribe: 'own' },
  ops: { read: 'all', subscribe: 'all' },
  finance: { read: 'all', subscribe: 'all' },
  auditor: { read: 'all' },
};

export const reportsAccess = defineAccess('reports', ['read', 'subscribe'] as const, POLICY);
