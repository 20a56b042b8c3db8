import { defineAccess } from '../../platform/access/index.js';

/**
 * R-SEC-1 for incentives (issue 19 items 4–5), scoped by the statement's or honour's person: a person
 * sees their own statements, supervisors and managers their unit's, finance, the director and the
 * auditor everyone's. `review` = decide a statement's approval step (the engine still says whose step it is); `plan` = commission plans and split credit (admin, ops, finance, director);
 * `run` = compute a month's statements (finance, director); `export` = approved statements to payroll
 * (xlsx); `honour` = propose and confirm honours (managers for their unit, the director);
 * `leaderboard` = the leaderboard and honours list, open to every sales and management role.
 */
export const incentivesAccess = defineAccess('incentives', ['read', 'review', 'plan', 'run', 'export', 'honour', 'leaderboard'] as const, {
  director: { read: 'all', review: 'all', plan: 'all', run: 'all', export: 'all', honour: 'all', leaderboard: 'all' },
  finance: { read: 'all', review: 'all', plan: 'all', run: 'all', export: 'all', leaderboard: 'all' },
  manager: { read: 'unit', review: 'unit', honour: 'unit', leaderboard: 'all' },
  supervisor: { read: 'unit', review: 'unit', leaderboard: 'all' },
  rep: { read: 'own', leaderboard: 'all' },
  key_account: { read: 'own', leaderboard: 'all' },
  channel: { read: 'own', leaderboard: 'all' },
  support: { read: 'own', leaderboard: 'all' },
  ops: { read: 'own', plan: 'all', leaderboard: 'all' },
  auditor: { read: 'all', leaderboard: 'all' },
  admin: { plan: 'all' },
});
