import { defineAccess } from '../../platform/access/index.js';

/**
 * R-SEC-1 for team work (issue 21 items 6–7). Minutes follow the team and the line: a meeting is
 * read by its organiser's reach (a supervisor's team, a manager's region, the director all — "up the
 * line"), by its attendees and by everyone in its team (the service adds those). Everyone who sells
 * raises escalations and hands over their own work (`write` own); supervisors and managers organise
 * meetings for their unit. Ops and the auditor read everything; admin sees no business data.
 */
export const teamworkAccess = defineAccess('teamwork', ['read', 'write'] as const, {
  director: { read: 'all', write: 'all' },
  manager: { read: 'unit', write: 'unit' },
  supervisor: { read: 'unit', write: 'unit' },
  rep: { read: 'own', write: 'own' },
  key_account: { read: 'own', write: 'own' },
  channel: { read: 'own', write: 'own' },
  support: { read: 'own', write: 'own' },
  finance: { read: 'own', write: 'own' },
  ops: { read: 'all' },
  auditor: { read: 'all' },
});
