import { sql } from 'drizzle-orm';
import { checkBudget, type BudgetFigures, type TrainingPlan } from '@xiaoguan/shared';
import type { Executor } from '../../platform/db/client.js';
import { AppError, badRequest } from '../../platform/errors.js';
import { expenseBudgetFigures, type ExpenseBudgetFigures } from '../expenses/index.js';

const yuan = (cents: number) => `¥${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/**
 * An expense budget as a training plan sees it: the claims charged to it plus the budgets of the
 * other published plans drawing on it count as committed (a published plan holds its share, as a
 * submitted claim does).
 */
async function planBudgetFigures(
  executor: Executor,
  budgetId: string,
  planId: string | null,
  lock: boolean,
): Promise<{ budget: ExpenseBudgetFigures; figures: BudgetFigures } | null> {
  const budget = await expenseBudgetFigures(executor, budgetId, lock);
  if (!budget) return null;
  const others = await executor.execute<{ cents: string | number }>(sql`
    select coalesce(sum(budget_cents), 0)::bigint as cents from training_plans
     where expense_budget_id = ${budgetId} and status = 'published' and id is distinct from ${planId}::uuid`);
  const drawn = Number(others.rows[0]!.cents);
  return { budget, figures: { ...budget.figures, committedCents: budget.figures.committedCents + drawn } };
}

/** A plan may only draw on an approved expense budget (400 naming the field otherwise). */
export async function requireDrawableBudget(executor: Executor, budgetId: string | null | undefined): Promise<void> {
  if (!budgetId) return;
  const budget = await expenseBudgetFigures(executor, budgetId);
  if (!budget) throw badRequest('body.expenseBudgetId', 'no such expense budget');
  if (budget.status !== 'approved') throw badRequest('body.expenseBudgetId', 'the expense budget is not approved');
}

/**
 * R-EXP-2 for a training plan (issue 20 item 1: the plan's budget is drawn like other spending):
 * a published plan takes its budget from the expense budget it names, checked by the shared
 * `checkBudget` — never a rule of its own. Run inside the publishing/updating transaction; the
 * budget row is locked so concurrent plans and claims cannot together overspend.
 */
export async function checkPlanBudget(
  executor: Executor,
  plan: { id: string; budgetCents: number; expenseBudgetId: string | null; status: 'draft' | 'published' },
): Promise<void> {
  if (plan.status !== 'published' || !plan.expenseBudgetId || plan.budgetCents === 0) return;
  const found = await planBudgetFigures(executor, plan.expenseBudgetId, plan.id, true);
  if (!found) throw badRequest('body.expenseBudgetId', 'no such expense budget');
  const check = checkBudget(found.figures, plan.budgetCents);
  if (!check.allowed) {
    throw new AppError(
      'rule',
      `over budget by ${yuan(check.overByCents)}: ${found.budget.category} remaining ${yuan(Math.max(0, check.remainingCents))}, this plan ${yuan(check.requestCents)}`,
      { rule: 'R-EXP-2', data: { ...check } },
    );
  }
}

/** The plan card's figures: the budget drawn on and what is left of it after claims and the other published plans. */
export async function planExpenseBudget(
  executor: Executor,
  plan: { id: string; budgetCents: number; expenseBudgetId: string | null; status: 'draft' | 'published' },
): Promise<TrainingPlan['expenseBudget']> {
  if (!plan.expenseBudgetId) return null;
  const found = await planBudgetFigures(executor, plan.expenseBudgetId, plan.id, false);
  if (!found) return null;
  const mine = plan.status === 'published' ? plan.budgetCents : 0;
  const check = checkBudget(found.figures, 0);
  return {
    id: found.budget.id,
    category: found.budget.category,
    orgUnitName: found.budget.orgUnitName,
    periodStart: found.budget.periodStart,
    periodEnd: found.budget.periodEnd,
    budgetCents: check.budgetCents,
    usedCents: check.committedCents + check.spentCents + mine,
    remainingCents: check.remainingCents - mine,
  };
}
