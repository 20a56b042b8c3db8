import { sql, type SQL } from 'drizzle-orm';
import { defineAccess, type Actor } from '../../platform/access/index.js';

/**
 * R-SEC-1 for market intelligence (issue 21 items 1–2). `read`: feedback rows — a rep their own,
 * supervisors their team's, managers their region's, the director, ops and the auditor all.
 * `write`: log feedback (everyone in sales, as themself). `report`: weekly team reports — a rep
 * their own team's (the `own` scope means "my team" for reports), supervisors and managers the teams
 * under their unit. `publish`: edit and publish a team's report (supervisor of the team, up the line).
 * `manage`: competitor records (managers, the director).
 */
export const marketAccess = defineAccess('market', ['read', 'write', 'report', 'publish', 'manage'] as const, {
  director: { read: 'all', write: 'own', report: 'all', publish: 'all', manage: 'all' },
  manager: { read: 'unit', write: 'own', report: 'unit', publish: 'unit', manage: 'all' },
  supervisor: { read: 'unit', write: 'own', report: 'unit', publish: 'unit' },
  rep: { read: 'own', write: 'own', report: 'own' },
  key_account: { read: 'own', write: 'own', report: 'own' },
  channel: { read: 'own', write: 'own', report: 'own' },
  ops: { read: 'all', report: 'all' },
  auditor: { read: 'all', report: 'all' },
});

/** Which team reports the actor reaches for an action: `teamPath` is the team unit's path, `teamId` its id. */
export function teamScope(actor: Actor, action: 'report' | 'publish', teamId: SQL, teamPath: SQL): SQL {
  const parts = marketAccess.scopes(actor, action).map((scope) => {
    if (scope === 'all') return sql`true`;
    if (scope === 'unit' && actor.orgUnitPath) return sql`${teamPath} like ${`${actor.orgUnitPath}%`}`;
    if (scope === 'own' || scope === 'unit') return actor.orgUnitId ? sql`${teamId} = ${actor.orgUnitId}` : sql`false`;
    return sql`false`;
  });
  return parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` or `)})`;
}
