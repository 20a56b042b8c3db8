import type { BudgetPeriodKind, ClaimStatus } from '@xiaoguan/shared';

/**
 * The expense module's pure rules (issue 19 items 6–8). R-EXP-2 itself is `checkBudget` in
 * @xiaoguan/shared (one rule for event and expense budgets); these decide which budget a claim line
 * is charged to, how a unit's budgets roll up under its parent, and which claim moves are allowed.
 */

/** The calendar period of a kind that contains `day` (YYYY-MM-DD): its first and last day. */
export function periodOf(kind: BudgetPeriodKind, day: string): { start: string; end: string } {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  const firstMonth = kind === 'year' ? 1 : kind === 'quarter' ? Math.floor((month - 1) / 3) * 3 + 1 : month;
  const months = kind === 'year' ? 12 : kind === 'quarter' ? 3 : 1;
  const start = `${String(year).padStart(4, '0')}-${String(firstMonth).padStart(2, '0')}-01`;
  const endMonthIndex = firstMonth - 1 + months; // 0-based month after the period
  const end = new Date(Date.UTC(year, endMonthIndex, 0)).toISOString().slice(0, 10);
  return { start, end };
}

/** Invoice numbers compare without spaces, dashes and case (R-EXP-1: "No. 0123-45" = "NO.012345"). */
export function invoiceKey(invoiceNumber: string | null | undefined): string | null {
  if (!invoiceNumber) return null;
  const key = invoiceNumber.replace(/[\s\-_]/g, '').toUpperCase();
  return key.length ? key : null;
}

export interface BudgetCandidate {
  id: string;
  category: string;
  /** Depth of the budget's unit up from the claimant's unit: 0 = the claimant's own unit. */
  distance: number;
  periodKind: BudgetPeriodKind;
  periodStart: string;
  periodEnd: string;
}

const FINENESS: Record<BudgetPeriodKind, number> = { month: 0, quarter: 1, year: 2 };

/**
 * Which approved budget a claim line is charged to: of the category's budgets whose period holds the
 * line's date, the one of the nearest unit up the claimant's org path, and there the shortest period.
 * None: the line has no budget (0 remaining, so R-EXP-2 blocks it unless over-budget approval).
 */
export function chargeableBudget<T extends BudgetCandidate>(candidates: T[], category: string, spentOn: string): T | null {
  const fitting = candidates.filter((b) => b.category === category && b.periodStart <= spentOn && spentOn <= b.periodEnd);
  fitting.sort((a, b) => a.distance - b.distance || FINENESS[a.periodKind] - FINENESS[b.periodKind]);
  return fitting[0] ?? null;
}

export interface RollUp {
  parentCents: number | null;
  /** Sum of the parent's children's budgets for the slot, this one included (with its new amount). */
  childrenCents: number;
  overByCents: number;
}

/**
 * Budget roll-up (the R-TGT-1 style consistency check, issue 19 item 6): a unit's budgets for a
 * category and period, together with its siblings', must not exceed the parent unit's. Over it is
 * shown with the figures and must be confirmed with a reason. No parent budget: nothing to exceed.
 */
export function rollUpCheck(parentCents: number | null, siblingsCents: number, thisCents: number): RollUp {
  const childrenCents = siblingsCents + thisCents;
  const overByCents = parentCents === null ? 0 : Math.max(0, childrenCents - parentCents);
  return { parentCents, childrenCents, overByCents };
}

/** R-EXP-1: what may be done with a claim in each status (by the claimant; reviewers use the review step). */
export const CLAIM_MOVES: Record<ClaimStatus, { edit: boolean; submit: boolean; review: boolean; pay: boolean }> = {
  draft: { edit: true, submit: true, review: false, pay: false },
  returned: { edit: true, submit: true, review: false, pay: false },
  submitted: { edit: false, submit: false, review: true, pay: false },
  approved: { edit: false, submit: false, review: false, pay: true },
  paid: { edit: false, submit: false, review: false, pay: false },
  rejected: { edit: false, submit: false, review: false, pay: false },
};

/** Sums claim lines per budget (a claim may charge one budget with several lines). */
export function sumByBudget(lines: { budgetId: string | null; category: string; amountCents: number }[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const line of lines) {
    const key = line.budgetId ?? `none:${line.category}`;
    sums.set(key, (sums.get(key) ?? 0) + line.amountCents);
  }
  return sums;
}
