import { sql } from 'drizzle-orm';
import { message } from '@xiaoguan/shared';
import type { AlertFinding, AlertRule } from '../../platform/alerts/index.js';
import { BUDGET_USE_SQL, yuan } from './budgets.service.js';

/** R-RSK-1 budget overrun: committed + spent past `pct` % of an approved budget (100: past the budget itself). */
export function budgetOverrun(budgetCents: number, usedCents: number, pct: number): boolean {
  if (budgetCents <= 0) return false;
  return usedCents * 100 > budgetCents * pct;
}

/**
 * R-RSK-1 `expenses.budgetOverrun`: approved budgets of the current period whose committed + spent
 * (the budget's own lines, as the R-EXP-2 check counts them) is past `pct` % of the budget, and
 * claims whose over-budget approval (R-EXP-2) has waited more than `pendingDays` days. A budget's
 * alert belongs to its unit's head (a manager or supervisor of that unit), or to the company.
 */
export const budgetOverrunRule: AlertRule = {
  key: 'expenses.budgetOverrun',
  defaults: { enabled: true, params: { pct: 100, pendingDays: 0 }, recipients: ['owner', 'role:finance', 'role:director'] },
  async evaluate({ db, now, timeZone }, params) {
    const pct = Math.max(1, params.pct ?? 100);
    const pendingDays = Math.max(0, Math.floor(params.pendingDays ?? 0));
    const today = new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
    const budgets = await db.execute<{
      id: string;
      category: string;
      unit_name: string;
      head_id: string | null;
      period_start: string;
      amount_cents: string;
      committed: string;
      spent: string;
    }>(sql`
      select b.id, b.category, ou.name as unit_name, to_char(b.period_start, 'YYYY-MM-DD') as period_start, b.amount_cents,
             (select u.id from users u where u.org_unit_id = b.org_unit_id and not u.disabled
                 and ('manager' = any(u.roles) or 'supervisor' = any(u.roles)) order by u.created_at, u.id limit 1) as head_id,
             ${BUDGET_USE_SQL}
        from expense_budgets b join org_units ou on ou.id = b.org_unit_id
       where b.status = 'approved' and b.period_start <= ${today}::date and b.period_end >= ${today}::date
       order by b.id`);
    const findings: AlertFinding[] = [];
    for (const row of budgets.rows) {
      const budget = Number(row.amount_cents);
      const used = Number(row.committed) + Number(row.spent);
      if (!budgetOverrun(budget, used, pct)) continue;
      const usedPct = Math.round((used / budget) * 100);
      const values = {
        unit: row.unit_name,
        category: row.category,
        period: row.period_start,
        used: yuan(used),
        budget: yuan(budget),
        pct: usedPct,
      };
      findings.push({
        subjectKey: `budget:${row.id}`,
        ownerId: row.head_id,
        severity: used > budget ? 'critical' : 'warning',
        message: message('expenses.alertRules.budgetOverrun.budget', values),
        text: `${row.unit_name} ${row.category} 预算（${row.period_start} 起）已用 ${values.used}，为预算 ${values.budget} 的 ${usedPct}%`,
        link: '/expenses/budgets',
        evidence: { budgetCents: budget, usedCents: used, usedPct, thresholdPct: pct },
      });
    }
    const claims = await db.execute<{
      id: string;
      number: string;
      claimant_id: string;
      over_budget_cents: string | null;
      days: number;
    }>(sql`
      select c.id, c.number, c.claimant_id, c.over_budget_cents,
             floor(extract(epoch from (${now}::timestamptz - coalesce(c.submitted_at, c.updated_at))) / 86400)::int as days
        from expense_claims c
       where c.over_budget_status = 'pending'
         and coalesce(c.submitted_at, c.updated_at) <= ${now}::timestamptz - make_interval(days => ${pendingDays})
       order by c.id`);
    for (const row of claims.rows) {
      const over = Number(row.over_budget_cents ?? 0);
      const values = { claim: row.number, amount: yuan(over), days: row.days };
      findings.push({
        subjectKey: `claim:${row.id}:overBudget`,
        ownerId: row.claimant_id,
        severity: 'warning',
        message: message('expenses.alertRules.budgetOverrun.claim', values),
        text: `报销单 ${row.number} 超预算 ${values.amount}，超预算审批已等待 ${row.days} 天`,
        link: `/expenses/claims/${row.id}`,
        evidence: { claim: row.number, overBudgetCents: over, pendingDays: row.days, thresholdDays: pendingDays },
      });
    }
    return findings;
  },
};
