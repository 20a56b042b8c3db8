import { sql } from 'drizzle-orm';
import type { BudgetFigures } from '@xiaoguan/shared';
import type { Executor } from '../../platform/db/client.js';
import { BUDGET_USE_SQL } from './budgets.service.js';

export interface ExpenseBudgetFigures {
  id: string;
  category: string;
  orgUnitName: string;
  periodStart: string;
  periodEnd: string;
  status: string;
  /** Amount, and the claims charged to it: committed (in review or approved, unpaid) and spent (paid). */
  figures: BudgetFigures;
}

/**
 * An expense budget with what claims already use of it, for spending planned elsewhere (a training
 * plan, issue 20 item 1) to be checked with the shared R-EXP-2 `checkBudget`. `lock` takes the
 * budget row for the caller's transaction, as claim submission does, so two draws cannot together
 * overspend.
 */
export async function expenseBudgetFigures(executor: Executor, id: string, lock = false): Promise<ExpenseBudgetFigures | null> {
  if (lock) await executor.execute(sql`select 1 from expense_budgets where id = ${id} for update`);
  const rows = await executor.execute<{
    id: string;
    category: string;
    org_unit_name: string;
    period_start: string;
    period_end: string;
    status: string;
    amount_cents: string | number;
    committed: string | number;
    spent: string | number;
  }>(sql`
    select b.id, b.category, ou.name as org_unit_name, to_char(b.period_start, 'YYYY-MM-DD') as period_start,
           to_char(b.period_end, 'YYYY-MM-DD') as period_end, b.status, b.amount_cents, ${BUDGET_USE_SQL}
      from expense_budgets b join org_units ou on ou.id = b.org_unit_id
     where b.id = ${id}`);
  const row = rows.rows[0];
  if (!row) return null;
  return {
    id: row.id,
    category: row.category,
    orgUnitName: row.org_unit_name,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    status: row.status,
    figures: { budgetCents: Number(row.amount_cents), committedCents: Number(row.committed), spentCents: Number(row.spent) },
  };
}
