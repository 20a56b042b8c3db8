import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.js';
import { monthSplitSql } from '../../platform/db/month-split.js';
import { AGING_BOUNDARIES, agingSumsSql } from './aging.js';

/**
 * The parts of `receivablesSummary` read from the trigger-kept daily facts (migrations 0056, 0057):
 * `receivable_installments_daily` (per owner and due day, over installments of receivable contracts:
 * Σ billed, and of the open ones their number and Σ outstanding) and `receipt_collections_daily`. Both
 * are aliased `i` so the summary's scope — the caller's read scope and the owner / team filters, all on
 * `i.owner_id` — applies unchanged. Gives the same columns as the raw sub-selects: the aging sums
 * (R-AR-1 buckets by days past due as of `asOf`), outstanding, overdue, overdue_n (the `aging` FROM
 * item) and collected, billed, open_at_end (the `sums` select items).
 */
export function receivablesDailySums(scope: SQL, period: { from: string; to: string; asOf: string }): { aging: SQL; sums: SQL } {
  const days = sql`(${period.asOf}::date - i.due_on)`;
  const outstanding = sql`i.outstanding_cents`;
  // Aging needs the day only where a bucket boundary can fall: from the month holding the last boundary
  // (R-AR-1's 90 days) before `asOf` to the end of `asOf`'s month. Outside it the monthly facts (0062).
  const window = agingDayWindow(period.asOf);
  const collected = monthSplitSql(period, sql`i.month`, sql`i.received_on`);
  const billed = monthSplitSql(period, sql`i.month`, sql`i.due_on`);
  const openAtEnd = monthSplitSql({ from: null, to: period.to }, sql`i.month`, sql`i.due_on`);
  return {
    aging: sql`(select ${agingSumsSql(days, outstanding)},
                 coalesce(sum(${outstanding}), 0)::bigint as outstanding,
                 coalesce(sum(${outstanding}) filter (where ${days} > 0), 0)::bigint as overdue,
                 coalesce(sum(i.open_installments) filter (where ${days} > 0), 0)::int as overdue_n
            from (select d.owner_id, d.due_on, d.outstanding_cents, d.open_installments from receivable_installments_daily d
                   where d.open_installments <> 0 and d.due_on between ${window.from}::date and ${window.to}::date
                  union all
                  -- A month wholly before the window is over the last boundary, wholly after it not yet due:
                  -- dated by its first day it falls in the same bucket as each of its days.
                  select m.owner_id, m.month, m.outstanding_cents, m.open_installments from receivable_installments_monthly m
                   where m.open_installments <> 0 and (m.month < ${window.from}::date or m.month > ${window.to}::date)) i
           where ${scope})`,
    // Collected, billed and open at the end: whole months from the monthly facts (migration 0062), the
    // days left over from the daily ones.
    sums: sql`(select coalesce(sum(x.amount_cents), 0)::bigint from (
          select i.amount_cents from receipt_collections_monthly i where ${collected.months} and ${scope}
          union all select i.amount_cents from receipt_collections_daily i where ${collected.days} and ${scope}) x) as collected,
      (select coalesce(sum(x.billed_cents), 0)::bigint from (
          select i.billed_cents from receivable_installments_monthly i where ${billed.months} and ${scope}
          union all select i.billed_cents from receivable_installments_daily i where ${billed.days} and ${scope}) x) as billed,
      (select coalesce(sum(x.outstanding_cents), 0)::bigint from (
          select i.outstanding_cents from receivable_installments_monthly i where ${openAtEnd.months} and ${scope}
          union all select i.outstanding_cents from receivable_installments_daily i
           where i.open_installments <> 0 and ${openAtEnd.days} and ${scope}) x) as open_at_end`,
  };
}

/**
 * Recomputes receivable_installments_daily from the installments and their contracts (after a bulk load
 * that bypassed the triggers, e.g. the bench data with session_replication_role = replica).
 */
export async function rebuildReceivableInstallmentsDaily(db: Executor): Promise<void> {
  await db.execute(sql`delete from receivable_installments_daily`);
  await db.execute(sql`
    insert into receivable_installments_daily (owner_id, due_on, billed_cents, open_installments, outstanding_cents)
    select i.owner_id, i.due_on, sum(i.amount_cents), count(*) filter (where i.settled_on is null),
           coalesce(sum(i.amount_cents - i.received_cents - i.written_off_cents) filter (where i.settled_on is null), 0)
      from payment_installments i join contracts c on c.id = i.contract_id
     where receivable_contract_status(c.status) group by 1, 2`);
  // The monthly facts (migration 0062) follow the daily rows through their trigger; rebuilt from them all the same.
  await db.execute(sql`delete from receivable_installments_monthly`);
  await db.execute(sql`
    insert into receivable_installments_monthly (owner_id, month, billed_cents, open_installments, outstanding_cents)
    select owner_id, date_trunc('month', due_on::timestamp)::date, sum(billed_cents), sum(open_installments), sum(outstanding_cents)
      from receivable_installments_daily group by 1, 2`);
}

/**
 * The due days whose aging bucket depends on the day, as of `asOf`: whole months from the one holding
 * `asOf` − the largest boundary to the end of `asOf`'s month. Every day before it is past the largest
 * boundary; every day after it is not yet due.
 */
export function agingDayWindow(asOf: string): { from: string; to: string } {
  const last = Math.max(...AGING_BOUNDARIES.map((boundary) => boundary.maxDays ?? 0));
  const day = new Date(Date.parse(`${asOf}T00:00:00Z`) - last * 86_400_000);
  const end = new Date(`${asOf}T00:00:00Z`);
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return {
    from: iso(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1)),
    to: iso(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() + 1, 0)),
  };
}
