import { sql, type SQL } from 'drizzle-orm';
import {
  AGING_BUCKETS,
  type AgingBucket,
  type AgingQuery,
  type AgingReport,
  type AgingRow,
  type CollectionsRow,
  type OverdueItem,
  type OverdueQuery,
  type PeriodQuery,
  type ReceivablesSummary,
} from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { badRequest } from '../../platform/errors.js';
import { getSettings } from '../../platform/settings/settings.js';
import { receivablesAccess } from './receivables.access.js';
import { agingBucketSql, agingSumsSql, bucketDays, companyToday } from './aging.js';
import { cappedCount, receivableInstallmentSql } from './receivables.queries.js';
import { receiptFilters } from './receipts.service.js';
import { escapeLike } from '../../platform/db/like.js';
import { receivablesDailySums } from './receivables-daily.js';
import { monthSplitSql } from '../../platform/db/month-split.js';

/**
 * What dashboards and the receivables page read from this module: aging (R-AR-1), the overdue list,
 * collections, DSO and bad-debt rate. Every figure is one SQL statement over `payment_installments`
 * (owner denormalised there) with the caller's read scope inside it.
 */

const OUTSTANDING = sql`(i.amount_cents - i.received_cents - i.written_off_cents)`;

/** Open receivable installments in the caller's scope, with the page's filters (alias `i`). */
function openInstallmentsWhere(ctx: Ctx, filters: { ownerId?: string; teamId?: string; customerId?: string }): SQL {
  const parts: SQL[] = [
    sql`i.settled_on is null`,
    receivablesAccess.where(ctx.actor, 'read', sql`i.owner_id`),
    receivableInstallmentSql(),
    ...scopeFilters(filters),
  ];
  return sql.join(parts, sql` and `);
}

/** Owner, team (the owner's unit and everything under it) and customer filters on `i`. */
function scopeFilters(filters: { ownerId?: string; teamId?: string; customerId?: string }): SQL[] {
  const parts: SQL[] = [];
  if (filters.ownerId) parts.push(sql`i.owner_id = ${filters.ownerId}`);
  if (filters.customerId) parts.push(sql`i.customer_id = ${filters.customerId}`);
  if (filters.teamId) {
    parts.push(sql`i.owner_id in (select tu.id from users tu join org_units tou on tou.id = tu.org_unit_id
                                    where tou.path like (select tp.path from org_units tp where tp.id = ${filters.teamId}) || '%')`);
  }
  return parts;
}

async function today(ctx: Ctx): Promise<{ today: string; timeZone: string }> {
  const { timeZone } = await getSettings(ctx.db);
  return { today: companyToday(ctx.now, timeZone), timeZone };
}

type AgingSqlRow = Record<AgingBucket, number> & {
  key: string | null;
  label: string | null;
  overdue: number;
  total: number;
  n: number;
  is_total: number;
};

function presentAgingRow(row: AgingSqlRow, totalLabel: string): AgingRow {
  return {
    key: row.is_total ? null : row.key,
    label: row.is_total ? totalLabel : (row.label ?? '—'),
    ...(Object.fromEntries(AGING_BUCKETS.map((bucket) => [bucket, Number(row[bucket])])) as Record<AgingBucket, number>),
    overdueCents: Number(row.overdue),
    totalCents: Number(row.total),
    installments: Number(row.n),
  };
}

const GROUP_KEYS: Record<AgingQuery['groupBy'], { key: SQL; join: SQL; label: SQL }> = {
  customer: { key: sql`i.customer_id`, join: sql``, label: sql`(select g.name from customers g where g.id = agg.key)` },
  owner: { key: sql`i.owner_id`, join: sql``, label: sql`(select g.display_name from users g where g.id = agg.key)` },
  team: {
    key: sql`ou.org_unit_id`,
    join: sql`join users ou on ou.id = i.owner_id`,
    label: sql`(select g.name from org_units g where g.id = agg.key)`,
  },
};

/**
 * R-AR-1 aging report: per customer/owner/team, the outstanding amount in each bucket, plus a total
 * row over every group — one aggregate statement (GROUPING SETS) over the open installments in the
 * caller's scope. The largest overdue groups first, `limit` of them.
 */
export async function agingReport(ctx: Ctx, query: AgingQuery): Promise<AgingReport> {
  receivablesAccess.require(ctx.actor, 'read');
  const { today: asOf } = await today(ctx);
  const days = sql`(${asOf}::date - i.due_on)`;
  const group = GROUP_KEYS[query.groupBy];
  const result = await ctx.db.execute<AgingSqlRow>(sql`
    /* no-prepare */ with agg as (
      select ${group.key} as key, ${agingSumsSql(days, OUTSTANDING)},
             coalesce(sum(${OUTSTANDING}) filter (where ${days} > 0), 0)::bigint as overdue,
             coalesce(sum(${OUTSTANDING}), 0)::bigint as total, count(*)::int as n,
             grouping(${group.key}) as is_total
        from payment_installments i ${group.join}
       where ${openInstallmentsWhere(ctx, query)}
       group by grouping sets ((${group.key}), ())
    )
    select agg.*, ${group.label} as label from agg
     order by agg.is_total desc, agg.overdue desc, agg.total desc, agg.key
     limit ${query.limit + 2}`);
  const rows = result.rows;
  const totalRow =
    rows.find((row) => row.is_total) ??
    ({
      key: null,
      label: null,
      overdue: 0,
      total: 0,
      n: 0,
      is_total: 1,
      ...Object.fromEntries(AGING_BUCKETS.map((b) => [b, 0])),
    } as AgingSqlRow);
  const groups = rows.filter((row) => !row.is_total);
  return {
    asOf,
    groupBy: query.groupBy,
    rows: groups.slice(0, query.limit).map((row) => presentAgingRow(row, '')),
    total: presentAgingRow(totalRow, '合计'),
    truncated: groups.length > query.limit,
  };
}

/** The overdue installments in the caller's scope, most overdue first (R-AR-1 buckets). */
export async function overdueList(ctx: Ctx, query: OverdueQuery) {
  receivablesAccess.require(ctx.actor, 'read');
  const { today: asOf } = await today(ctx);
  const parts: SQL[] = [openInstallmentsWhere(ctx, query), sql`i.due_on < ${asOf}::date`];
  if (query.bucket) {
    // Bucket → a due-date range, so the (owner, due_on) / due_on indexes serve it.
    const { above, upTo } = bucketDays(query.bucket);
    if (above !== null) parts.push(sql`i.due_on < ${asOf}::date - ${above}::int`);
    if (upTo !== null) parts.push(sql`i.due_on >= ${asOf}::date - ${upTo}::int`);
  }
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    parts.push(
      sql`exists (select 1 from contracts qc join customers qcu on qcu.id = qc.customer_id where qc.id = i.contract_id and (qc.number ilike ${pattern} or qcu.name ilike ${pattern}))`,
    );
  }
  const where = sql.join(parts, sql` and `);
  const days = sql`(${asOf}::date - i.due_on)`;
  const [rows, counted] = await Promise.all([
    ctx.db.execute<{
      id: string;
      contract_id: string;
      contract_number: string;
      customer_id: string;
      customer_name: string;
      owner_id: string;
      owner_name: string;
      seq: number;
      due_on: string;
      days: number;
      bucket: AgingBucket;
      amount_cents: number;
      outstanding: number;
    }>(sql`
      /* no-prepare */ select i.id, i.contract_id, c.number as contract_number, i.customer_id, cu.name as customer_name, i.owner_id, ou.display_name as owner_name,
             i.seq, i.due_on, ${days} as days, ${agingBucketSql(days)} as bucket, i.amount_cents, ${OUTSTANDING} as outstanding
        from payment_installments i
        join contracts c on c.id = i.contract_id
        join customers cu on cu.id = i.customer_id
        join users ou on ou.id = i.owner_id
       where ${where}
       order by i.due_on, c.number, i.seq
       limit ${query.pageSize} offset ${(query.page - 1) * query.pageSize}`),
    cappedCount(ctx.db, sql`from payment_installments i where ${where}`),
  ]);
  const items: OverdueItem[] = rows.rows.map((row) => ({
    installmentId: row.id,
    contractId: row.contract_id,
    contractNumber: row.contract_number,
    customerId: row.customer_id,
    customerName: row.customer_name,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    seq: row.seq,
    dueOn: row.due_on,
    daysOverdue: Number(row.days),
    bucket: row.bucket,
    amountCents: row.amount_cents,
    outstandingCents: Number(row.outstanding),
  }));
  return { items, ...counted, page: query.page, pageSize: query.pageSize };
}

/** A period in company-zone dates; default the 90 days ending today. */
async function period(ctx: Ctx, query: PeriodQuery): Promise<{ from: string; to: string; days: number; asOf: string; timeZone: string }> {
  const { today: asOf, timeZone } = await today(ctx);
  const to = query.to ?? asOf;
  const from = query.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 89 * 86_400_000).toISOString().slice(0, 10);
  if (from > to) throw badRequest('querystring.from', 'the period starts after it ends');
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
  return { from, to, days, asOf, timeZone };
}

/**
 * DSO, bad-debt rate and the page's KPIs in one statement:
 * - billed = Σ amount of installments of receivable contracts falling due in the period;
 * - receivables at the period end = what was due by then and still unpaid then: today's outstanding
 *   of installments due by the end + receipts and approved write-offs on them dated after the end;
 * - DSO = receivables at end ÷ billed × days in the period (null when nothing was billed);
 * - bad-debt rate = approved write-offs decided in the period ÷ billed (null when nothing was billed);
 * - collected = Σ receipts received in the period.
 */
export async function receivablesSummary(ctx: Ctx, query: PeriodQuery): Promise<ReceivablesSummary> {
  receivablesAccess.require(ctx.actor, 'read');
  const { from, to, days: periodDays, asOf, timeZone } = await period(ctx, query);
  const scope = sql.join([receivablesAccess.where(ctx.actor, 'read', sql`i.owner_id`), ...scopeFilters(query)], sql` and `);
  const receivable = receivableInstallmentSql();
  const decidedOn = sql`(w.decided_at at time zone ${timeZone})::date`;
  // Aging, billed, receivables at the end and collected: the per-owner daily facts (receivables-daily.ts)
  // — the same sums, kept by triggers — instead of every installment and a year of receipts.
  const daily = receivablesDailySums(scope, { from, to, asOf });
  const result = await ctx.db.execute<
    Record<AgingBucket, number> & {
      outstanding: number;
      overdue: number;
      overdue_n: number;
      collected: number;
      billed: number;
      open_at_end: number;
      paid_after: number;
      written_after: number;
      written_off: number;
    }
  >(sql`
    /* no-prepare */ select o.*,
      ${daily.sums},
      (select coalesce(sum(r.amount_cents), 0)::bigint from receipts r join payment_installments i on i.id = r.installment_id
        where r.received_on > ${to}::date and i.due_on <= ${to}::date and ${receivable} and ${scope}) as paid_after,
      (select coalesce(sum(w.amount_cents), 0)::bigint from write_offs w join payment_installments i on i.id = w.installment_id
        where w.status = 'approved' and ${decidedOn} > ${to}::date and i.due_on <= ${to}::date and ${receivable} and ${scope}) as written_after,
      (select coalesce(sum(w.amount_cents), 0)::bigint from write_offs w join payment_installments i on i.id = w.installment_id
        where w.status = 'approved' and ${decidedOn} between ${from}::date and ${to}::date and ${scope}) as written_off
    from ${daily.aging} o`);
  const row = result.rows[0]!;
  const billed = Number(row.billed);
  const receivablesAtEnd = Number(row.open_at_end) + Number(row.paid_after) + Number(row.written_after);
  const writtenOff = Number(row.written_off);
  return {
    asOf,
    from,
    to,
    outstandingCents: Number(row.outstanding),
    overdueCents: Number(row.overdue),
    overdueInstallments: Number(row.overdue_n),
    buckets: Object.fromEntries(AGING_BUCKETS.map((bucket) => [bucket, Number(row[bucket])])) as Record<AgingBucket, number>,
    collectedCents: Number(row.collected),
    billedCents: billed,
    receivablesAtEndCents: receivablesAtEnd,
    dsoDays: dso(receivablesAtEnd, billed, periodDays),
    writtenOffCents: writtenOff,
    badDebtRate: billed > 0 ? writtenOff / billed : null,
  };
}

/** The per-owner part of `receivablesSummary` a KPI review reads (DSO and bad-debt rate, with their inputs). */
export interface OwnerReceivablesFigures {
  billedCents: number;
  receivablesAtEndCents: number;
  writtenOffCents: number;
  dsoDays: number | null;
  badDebtRate: number | null;
}

/**
 * DSO and bad-debt rate of each of `ownerIds` in the period — for each owner exactly what
 * `receivablesSummary({ from, to, ownerId })` gives, but for all of them in ONE statement grouped by
 * owner (a KPI run over hundreds of people). Owners with nothing in the period get zeros and nulls.
 */
export async function receivablesSummaryByOwner(
  ctx: Ctx,
  query: { from: string; to: string; ownerIds: readonly string[] },
): Promise<Map<string, OwnerReceivablesFigures>> {
  receivablesAccess.require(ctx.actor, 'read');
  const { from, to, days: periodDays, timeZone } = await period(ctx, query);
  const result = new Map<string, OwnerReceivablesFigures>();
  if (query.ownerIds.length === 0) return result;
  const scope = sql`${receivablesAccess.where(ctx.actor, 'read', sql`i.owner_id`)} and i.owner_id = any(${sql.param([...query.ownerIds])}::uuid[])`;
  const receivable = receivableInstallmentSql();
  const decidedOn = sql`(w.decided_at at time zone ${timeZone})::date`;
  // The same five sums as receivablesSummary's sub-selects, each grouped by owner, stacked.
  const rows = await ctx.db.execute<{ owner_id: string; part: string; cents: string }>(sql`
    /* no-prepare */ select i.owner_id, 'billed' as part, sum(i.amount_cents)::bigint as cents from payment_installments i
        where i.due_on between ${from}::date and ${to}::date and ${receivable} and ${scope} group by i.owner_id
    union all
    select i.owner_id, 'open_at_end', sum(${OUTSTANDING})::bigint from payment_installments i
        where i.settled_on is null and i.due_on <= ${to}::date and ${receivable} and ${scope} group by i.owner_id
    union all
    select i.owner_id, 'paid_after', sum(r.amount_cents)::bigint from receipts r join payment_installments i on i.id = r.installment_id
        where r.received_on > ${to}::date and i.due_on <= ${to}::date and ${receivable} and ${scope} group by i.owner_id
    union all
    select i.owner_id, 'written_after', sum(w.amount_cents)::bigint from write_offs w join payment_installments i on i.id = w.installment_id
        where w.status = 'approved' and ${decidedOn} > ${to}::date and i.due_on <= ${to}::date and ${receivable} and ${scope} group by i.owner_id
    union all
    select i.owner_id, 'written_off', sum(w.amount_cents)::bigint from write_offs w join payment_installments i on i.id = w.installment_id
        where w.status = 'approved' and ${decidedOn} between ${from}::date and ${to}::date and ${scope} group by i.owner_id`);
  const parts = new Map<string, Record<string, number>>();
  for (const row of rows.rows) {
    const owner = parts.get(row.owner_id) ?? {};
    owner[row.part] = Number(row.cents);
    parts.set(row.owner_id, owner);
  }
  for (const ownerId of query.ownerIds) {
    const part = parts.get(ownerId) ?? {};
    const billed = part.billed ?? 0;
    const receivablesAtEnd = (part.open_at_end ?? 0) + (part.paid_after ?? 0) + (part.written_after ?? 0);
    const writtenOff = part.written_off ?? 0;
    result.set(ownerId, {
      billedCents: billed,
      receivablesAtEndCents: receivablesAtEnd,
      writtenOffCents: writtenOff,
      dsoDays: dso(receivablesAtEnd, billed, periodDays),
      badDebtRate: billed > 0 ? writtenOff / billed : null,
    });
  }
  return result;
}

/** DSO = receivables at period end ÷ credit sales (billed) in the period × days in the period, one decimal. */
export function dso(receivablesAtEndCents: number, billedCents: number, periodDays: number): number | null {
  if (billedCents <= 0) return null;
  return Math.round((receivablesAtEndCents / billedCents) * periodDays * 10) / 10;
}

const COLLECTION_GROUPS = {
  month: { key: sql`to_char(r.received_on, 'YYYY-MM')`, label: sql`to_char(r.received_on, 'YYYY-MM')`, join: sql`` },
  owner: { key: sql`i.owner_id::text`, label: sql`min(ou.display_name)`, join: sql`join users ou on ou.id = i.owner_id` },
  team: {
    key: sql`ou.org_unit_id::text`,
    label: sql`coalesce(min(tu.name), '—')`,
    join: sql`join users ou on ou.id = i.owner_id left join org_units tu on tu.id = ou.org_unit_id`,
  },
} as const;

/** Collections (receipts) in the period by month, owner or team, in the caller's scope. */
export async function collections(ctx: Ctx, query: PeriodQuery & { groupBy: keyof typeof COLLECTION_GROUPS }): Promise<CollectionsRow[]> {
  receivablesAccess.require(ctx.actor, 'read');
  const { from, to } = await period(ctx, query);
  const group = COLLECTION_GROUPS[query.groupBy];
  const scope = sql.join([receivablesAccess.where(ctx.actor, 'read', sql`i.owner_id`), ...scopeFilters(query)], sql` and `);
  const result = await ctx.db.execute<{ key: string | null; label: string; amount: number; n: number }>(sql`
    /* no-prepare */ select ${group.key} as key, ${group.label} as label, sum(r.amount_cents)::bigint as amount, count(*)::int as n
      from receipts r join payment_installments i on i.id = r.installment_id ${group.join}
     where r.received_on between ${from}::date and ${to}::date and ${scope}
     group by 1
     order by ${query.groupBy === 'month' ? sql`1` : sql`3 desc`}
     limit 500`);
  return result.rows.map((row) => ({ key: row.key, label: row.label ?? '—', amountCents: Number(row.amount), receipts: row.n }));
}

/**
 * Collections for targets and the cockpit (M4/M5): receipts per owner received in `from`..`to`
 * (inclusive). The receipt list's own filter, so that list opened with from/to shows the same count
 * and Σ amount — read from the trigger-kept daily sums (collections-daily.ts): the list's joins beyond
 * the installment follow NOT NULL foreign keys and never drop a row, so the sums are the same.
 */
export async function collectedByOwner(
  ctx: Ctx,
  query: { from: string; to: string; teamId?: string },
): Promise<{ ownerId: string; count: number; amountCents: number }[]> {
  receivablesAccess.require(ctx.actor, 'read');
  // The receipt list's filters on the owner (scope and teamId read `i.owner_id`) over the per-owner daily
  // sums of receipts (receipt_collections_daily, migration 0056, aliased `i` for them) instead of a year
  // of receipts joined to their installments; from/to is the list's received_on range.
  const owner = receiptFilters(ctx, { teamId: query.teamId });
  const split = monthSplitSql(query, sql`i.month`, sql`i.received_on`);
  const result = await ctx.db.execute<{ owner_id: string; n: number; amount: string }>(
    sql`/* no-prepare */ select x.owner_id, sum(x.receipts)::int as n, sum(x.amount_cents)::bigint as amount
          from (select i.owner_id, i.receipts, i.amount_cents from receipt_collections_monthly i where ${split.months} and ${owner}
                union all
                select i.owner_id, i.receipts, i.amount_cents from receipt_collections_daily i where ${split.days} and ${owner}) x
         group by x.owner_id having sum(x.receipts) <> 0`,
  );
  return result.rows.map((row) => ({ ownerId: row.owner_id, count: row.n, amountCents: Number(row.amount) }));
}
