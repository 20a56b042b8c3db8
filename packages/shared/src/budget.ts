/**
 * R-EXP-2 No spending over budget (seed 001 费用预算.3), the one rule shared by event budgets (M3) and
 * expense budgets (M7) (SPEC: "Event budgets and expense budgets share one over-budget rule").
 *
 * Remaining = budget − committed (approved, not yet paid) − spent (paid). A request that would take the
 * remaining amount below zero is blocked with the figures, unless an over-budget approval was granted.
 * Exactly the remaining amount passes; one cent more is blocked. All amounts are integer cents; callers
 * read budget, committed and spent under a lock on the budget row so concurrent requests cannot
 * together overspend.
 */
export interface BudgetFigures {
  budgetCents: number;
  committedCents: number;
  spentCents: number;
}

export interface BudgetCheck extends BudgetFigures {
  requestCents: number;
  /** What is left before this request (may already be negative after an approved overrun). */
  remainingCents: number;
  /** By how much this request goes over; 0 when it fits. */
  overByCents: number;
  /** True when the request fits, or it does not but an over-budget approval was granted. */
  allowed: boolean;
  /** True when the request does not fit (whether or not an approval lets it through). */
  overBudget: boolean;
}

export function checkBudget(figures: BudgetFigures, requestCents: number, overBudgetApproved = false): BudgetCheck {
  const remainingCents = figures.budgetCents - figures.committedCents - figures.spentCents;
  const overByCents = Math.max(0, requestCents - Math.max(0, remainingCents));
  const overBudget = overByCents > 0;
  return { ...figures, requestCents, remainingCents, overByCents, overBudget, allowed: !overBudget || overBudgetApproved };
}

/** How much of a budget is used, as a share 0–1+ (committed and spent both count); 0 for an empty budget. */
export function budgetUsage(figures: BudgetFigures): number {
  if (figures.budgetCents <= 0) return figures.committedCents + figures.spentCents > 0 ? 1 : 0;
  return (figures.committedCents + figures.spentCents) / figures.budgetCents;
}
