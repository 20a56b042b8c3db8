import { sql, type SQL } from 'drizzle-orm';
import type { ExpenseAnalysis } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { AppError, badRequest } from '../../platform/errors.js';
import { getSettings } from '../../platform/settings/settings.js';
import { datedFileName, streamExport, type StreamedExport } from '../../platform/export.js';
import { outsideTransaction } from '../../platform/db/transactions.js';
import { newCustomerCount } from '../customers/index.js';
import { bookingsAndRevenue } from '../contracts/index.js';
import { collections } from '../receivables/index.js';
import { budgetUnitScope, expensesAccess } from './expenses.access.js';

/**
 * Expense analysis (issue 19 item 9, seed 001 费用控制.4): spend = lines of claims finance approved
 * (paid or not), by the line's date, in the caller's analyse scope (by claimant); budgets = approved
 * budgets of units in scope, counted at the top of each budget tree (a team's budget under its
 * region's is not counted twice). Cost per result reads the other modules' metrics functions.
 */
type GroupBy = 'category' | 'unit' | 'person' | 'customer' | 'event' | 'month';

const GROUPS: Record<GroupBy, { key: SQL; label: SQL }> = {
  category: { key: sql`l.category`, label: sql`l.category` },
  unit: { key: sql`c.org_unit_id::text`, label: sql`coalesce(min(ou.name), '—')` },
  person: { key: sql`c.claimant_id::text`, label: sql`min(u.display_name)` },
  customer: { key: sql`l.customer_id::text`, label: sql`coalesce(min(cu.name), '—')` },
  event: { key: sql`l.event_id::text`, label: sql`coalesce(min(ev.theme), '—')` },
  month: { key: sql`to_char(l.spent_on, 'YYYY-MM')`, label: sql`to_char(l.spent_on, 'YYYY-MM')` },
};

async function range(ctx: Ctx, query: { from?: string; to?: string }) {
  const { timeZone } = await getSettings(ctx.db);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone }).format(ctx.now);
  const to = query.to ?? today;
  const from = query.from ?? `${to.slice(0, 4)}-01-01`;
  if (from > to) throw badRequest('querystring.from', 'the period starts after it ends');
  return { from, to };
}

/** Top-of-tree approved budgets overlapping [from, to] in the caller's scope, with their months. */
function topBudgets(ctx: Ctx, from: string, to: string): SQL {
  const scope = budgetUnitScope(ctx.actor, 'analyse', sql`bu.path`);
  const parentScope = budgetUnitScope(ctx.actor, 'analyse', sql`pu.path`);
  return sql`
    select b.id, b.category, b.org_unit_id, b.amount_cents, b.period_start, b.period_end,
           (case b.period_kind when 'year' then 12 when 'quarter' then 3 else 1 end) as months
      from expense_budgets b join org_units bu on bu.id = b.org_unit_id
     where b.status = 'approved' and b.period_start <= ${to}::date and b.period_end >= ${from}::date and ${scope}
       and not exists (select 1 from expense_budgets p join org_units pu on pu.id = p.org_unit_id
                        where p.status = 'approved' and p.category = b.category and pu.id <> bu.id and bu.path like pu.path || '%'
                          and p.period_start <= b.period_end and p.period_end >= b.period_start and ${parentScope})`;
}

async function orNull<T>(work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError && error.code === 'forbidden') return null;
    throw error;
  }
}

export async function expenseAnalysis(ctx: Ctx, query: { from?: string; to?: string; groupBy: GroupBy }): Promise<ExpenseAnalysis> {
  expensesAccess.require(ctx.actor, 'analyse');
  const { from, to } = await range(ctx, query);
  const group = GROUPS[query.groupBy];
  const scope = expensesAccess.where(ctx.actor, 'analyse', sql`c.claimant_id`);
  const spent = await ctx.db.execute<{ key: string | null; label: string; spent: string | number; claims: number }>(sql`
    select ${group.key} as key, ${group.label} as label, sum(l.amount_cents)::bigint as spent, count(distinct c.id)::int as claims
      from expense_claim_lines l
      join expense_claims c on c.id = l.claim_id
      join users u on u.id = c.claimant_id
      left join org_units ou on ou.id = c.org_unit_id
      left join customers cu on cu.id = l.customer_id
      left join events ev on ev.id = l.event_id
     where c.status in ('approved', 'paid') and l.spent_on between ${from}::date and ${to}::date and ${scope}
     group by 1
     order by ${query.groupBy === 'month' ? sql`1` : sql`3 desc`}
     limit 500`);
  let budgets = new Map<string, number>();
  if (query.groupBy === 'category' || query.groupBy === 'unit') {
    const budgetKey = query.groupBy === 'category' ? sql`t.category` : sql`t.org_unit_id::text`;
    const rows = await ctx.db.execute<{ key: string; amount: string | number }>(
      sql`select ${budgetKey} as key, sum(t.amount_cents)::bigint as amount from (${topBudgets(ctx, from, to)}) t group by 1`,
    );
    budgets = new Map(rows.rows.map((r) => [r.key, Number(r.amount)]));
  }
  const rows = spent.rows.map((r) => ({
    key: r.key,
    label: r.label ?? '—',
    spentCents: Number(r.spent),
    budgetCents: query.groupBy === 'category' || query.groupBy === 'unit' ? (budgets.get(r.key ?? '') ?? 0) : null,
    claims: r.claims,
  }));
  // Categories with a budget and no spend yet are shown too (vs budget).
  for (const [key, amount] of budgets) {
    if (!rows.some((r) => r.key === key) && query.groupBy === 'category')
      rows.push({ key, label: key, spentCents: 0, budgetCents: amount, claims: 0 });
  }
  const months = await ctx.db.execute<{ month: string; spent: string | number; budget: string | number }>(sql`
    with m as (
      select to_char(d, 'YYYY-MM') as month, d::date as first_day, (d + interval '1 month' - interval '1 day')::date as last_day
        from generate_series(date_trunc('month', ${from}::date), date_trunc('month', ${to}::date), interval '1 month') d
    )
    select m.month,
           coalesce((select sum(l.amount_cents) from expense_claim_lines l join expense_claims c on c.id = l.claim_id
                      where c.status in ('approved', 'paid') and l.spent_on between greatest(m.first_day, ${from}::date) and least(m.last_day, ${to}::date)
                        and ${scope}), 0)::bigint as spent,
           coalesce((select sum(t.amount_cents / t.months) from (${topBudgets(ctx, from, to)}) t
                      where t.period_start <= m.last_day and t.period_end >= m.first_day), 0)::bigint as budget
      from m order by m.month`);
  const spentCents = rows.reduce((sum, r) => sum + r.spentCents, 0);
  const [newCustomers, deals, collectedCents] = await Promise.all([
    orNull(() => newCustomerCount(ctx, { from, to })),
    orNull(async () => (await bookingsAndRevenue(ctx, { from, to, groupBy: 'month' })).reduce((sum, r) => sum + r.deals, 0)),
    orNull(async () => (await collections(ctx, { from, to, groupBy: 'month' })).reduce((sum, r) => sum + r.amountCents, 0)),
  ]);
  const per = (n: number | null) => (n ? Math.round(spentCents / n) : null);
  return {
    from,
    to,
    groupBy: query.groupBy,
    rows,
    months: months.rows.map((m) => ({ month: m.month, spentCents: Number(m.spent), budgetCents: Number(m.budget) })),
    costPerResult: {
      spentCents,
      newCustomers,
      deals,
      collectedCents,
      perNewCustomerCents: per(newCustomers),
      perDealCents: per(deals),
      perYuanCollected: collectedCents ? Math.round((spentCents / collectedCents) * 10_000) / 10_000 : null,
    },
  };
}

/** The analysis as xlsx (or CSV) through the shared export machinery; audited. */
export async function exportExpenseAnalysis(
  ctx: Ctx,
  query: { from?: string; to?: string; groupBy: GroupBy; format: 'xlsx' | 'csv' },
): Promise<StreamedExport> {
  expensesAccess.require(ctx.actor, 'export');
  const analysis = await expenseAnalysis(ctx, query);
  const { timeZone } = await getSettings(ctx.db);
  const columns = [
    { label: '分组', width: 24 },
    { label: '已批准费用（元）', money: true },
    { label: '预算（元）', money: true },
    { label: '报销单数' },
  ];
  return streamExport(ctx.db, {
    format: query.format,
    fileName: datedFileName('费用分析', ctx.now, timeZone),
    sheetName: '费用分析',
    columns,
    async count() {
      await outsideTransaction(() =>
        ctx.audit(ctx.db, {
          action: 'export',
          entity: 'expense_claims',
          summary: `expense analysis by ${query.groupBy}, ${analysis.from} – ${analysis.to}, ${analysis.rows.length} rows, as ${query.format}`,
        }),
      );
      return analysis.rows.length + 4;
    },
    async rows(_tx, write) {
      for (const row of analysis.rows) {
        if (!(await write([row.label, row.spentCents / 100, row.budgetCents === null ? null : row.budgetCents / 100, row.claims]))) return;
      }
      const c = analysis.costPerResult;
      await write(['合计', c.spentCents / 100, null, null]);
      await write(['每新增客户成本', c.perNewCustomerCents === null ? null : c.perNewCustomerCents / 100, null, c.newCustomers]);
      await write(['每成交成本', c.perDealCents === null ? null : c.perDealCents / 100, null, c.deals]);
      await write(['每回款一元成本', c.perYuanCollected, null, null]);
    },
  });
}
