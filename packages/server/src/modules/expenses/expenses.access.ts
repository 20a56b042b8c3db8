import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { defineAccess } from '../../platform/access/index.js';
import type { Actor } from '../../platform/access/actor.js';

/**
 * R-SEC-1 for expenses (issue 19), scoped by the claimant: a person sees their own claims, a
 * supervisor or manager their unit's, finance, the director and the auditor everyone's.
 * `claim` = write one's own claims; `review` = decide a claim step (the approval engine still says
 * whose step it is); `pay` = record the payment; `budget` = create and submit budgets (scoped by
 * the budget's org unit: 'unit' = the actor's unit and below); `analyse` = the budget grid and the
 * analysis (scoped by claimant for spend, by unit for budgets); `export` = analysis to xlsx;
 * `configure` = the category list.
 */
export const expensesAccess = defineAccess(
  'expenses',
  ['read', 'claim', 'review', 'pay', 'budget', 'analyse', 'export', 'configure'] as const,
  {
    director: { read: 'all', claim: 'own', review: 'all', budget: 'all', analyse: 'all', export: 'all', configure: 'all' },
    finance: { read: 'all', claim: 'own', review: 'all', pay: 'all', budget: 'all', analyse: 'all', export: 'all', configure: 'all' },
    manager: { read: 'unit', claim: 'own', review: 'unit', budget: 'unit', analyse: 'unit', export: 'unit' },
    supervisor: { read: 'unit', claim: 'own', review: 'unit', analyse: 'unit' },
    rep: { read: 'own', claim: 'own' },
    key_account: { read: 'own', claim: 'own' },
    channel: { read: 'own', claim: 'own' },
    support: { read: 'own', claim: 'own' },
    ops: { read: 'own', claim: 'own' },
    auditor: { read: 'all', analyse: 'all' },
    admin: { configure: 'all' },
  },
);

/** Budgets are scoped by their org unit, not an owner: 'all', or the actor's unit and the units below it. */
export function budgetUnitScope(actor: Actor, action: 'budget' | 'analyse', unitPath: SQLWrapper): SQL {
  const scopes = expensesAccess.scopes(actor, action);
  if (scopes.includes('all')) return sql`true`;
  if (scopes.includes('unit') && actor.orgUnitPath) return sql`${unitPath} like ${`${actor.orgUnitPath}%`}`;
  return sql`false`;
}
