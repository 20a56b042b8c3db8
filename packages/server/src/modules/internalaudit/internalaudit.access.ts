import { defineAccess } from '../../platform/access/index.js';

/**
 * R-SEC-1 for internal audit (issue 21 items 8–9). Audit plans, samples and findings are the
 * auditor's (`plan`, everything); the director reads them all. A responsible unit sees its own
 * findings and rectification tasks: a finding is read within `read` of its responsible person (a
 * manager their region's, a supervisor their team's) and by the owner of any of its tasks, who
 * submits the evidence (`rectify`). The confidential-data trail is the auditor's.
 */
export const internalauditAccess = defineAccess('internalaudit', ['read', 'plan', 'rectify'] as const, {
  auditor: { read: 'all', plan: 'all' },
  director: { read: 'all', rectify: 'all' },
  manager: { read: 'unit', rectify: 'unit' },
  supervisor: { read: 'unit', rectify: 'unit' },
  rep: { read: 'own', rectify: 'own' },
  key_account: { read: 'own', rectify: 'own' },
  channel: { read: 'own', rectify: 'own' },
  support: { read: 'own', rectify: 'own' },
  finance: { read: 'own', rectify: 'own' },
  ops: { read: 'own', rectify: 'own' },
});
