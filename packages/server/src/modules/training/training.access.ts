import { defineAccess } from '../../platform/access/index.js';

/**
 * R-SEC-1 for training (issue 20): a person sees their own learning and exams (`read` own);
 * supervisors their team's, managers their region's (`read`/`assign` unit); the director, ops and the
 * auditor all. `assign` enrols others and sets their development goals within that reach. `manage`
 * (the sales manager, the director — 001 培训计划 is the manager's) writes plans, sessions, question
 * banks and exams, takes attendance and grades anywhere. A session's trainer takes its attendance,
 * sees its people and grades its exam without `manage` (checked per session in the service).
 */
export const trainingAccess = defineAccess('training', ['read', 'assign', 'manage'] as const, {
  director: { read: 'all', assign: 'all', manage: 'all' },
  manager: { read: 'unit', assign: 'unit', manage: 'all' },
  supervisor: { read: 'unit', assign: 'unit' },
  rep: { read: 'own' },
  key_account: { read: 'own' },
  channel: { read: 'own' },
  support: { read: 'own' },
  ops: { read: 'all' },
  finance: { read: 'own' },
  auditor: { read: 'all' },
  admin: { read: 'own' },
});
