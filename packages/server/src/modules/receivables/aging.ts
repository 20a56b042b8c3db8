import { sql, type SQL } from 'drizzle-orm';
import type { AgingBucket } from '@xiaoguan/shared';
import { calendarDay, daysBetween } from '../../platform/time.js';

/**
 * R-AR-1 aging buckets (000 KPI; SPEC §M2): an installment not yet past its due date is `current`;
 * then 1–30, 31–60, 61–90 and over 90 days overdue. One boundary table: `agingBucket` and the SQL
 * CASE (`agingBucketSql`) are both generated from it, so the report and the function cannot drift.
 * `maxDays` is the last day count in the bucket (inclusive); null = no upper bound.
 */
export const AGING_BOUNDARIES: readonly { bucket: AgingBucket; maxDays: number | null }[] = [
  { bucket: 'current', maxDays: 0 },
  { bucket: 'd1_30', maxDays: 30 },
  { bucket: 'd31_60', maxDays: 60 },
  { bucket: 'd61_90', maxDays: 90 },
  { bucket: 'd90_plus', maxDays: null },
];

/** R-AR-1: the bucket of an installment that is `days` overdue (0 or less = not overdue). */
export function agingBucket(days: number): AgingBucket {
  return AGING_BOUNDARIES.find((b) => b.maxDays === null || days <= b.maxDays)!.bucket;
}

/**
 * R-AR-1: whole calendar days an installment is past due on `today` (both `YYYY-MM-DD` in the company
 * zone). Due on D: D itself is still on time (0), D + 1 is 1 day overdue. Never negative.
 */
export function daysOverdue(dueOn: string, today: string): number {
  return Math.max(0, daysBetween(Date.parse(`${dueOn}T00:00:00Z`), Date.parse(`${today}T00:00:00Z`)));
}

/** Today's date (`YYYY-MM-DD`) in the company zone. */
export function companyToday(now: Date, timeZone: string): string {
  return new Date(calendarDay(now, timeZone)).toISOString().slice(0, 10);
}

/** `daysOverdue` in SQL for a date column: `greatest(0, today − due_on)`. */
export function daysOverdueSql(dueOn: SQL, today: string): SQL<number> {
  return sql<number>`greatest(0, ${today}::date - ${dueOn})`;
}

/** The same buckets as a SQL CASE over an integer days-overdue expression — generated from AGING_BOUNDARIES. */
export function agingBucketSql(days: SQL): SQL<AgingBucket> {
  const whens = AGING_BOUNDARIES.filter((b) => b.maxDays !== null).map(
    (b) => sql`when ${days} <= ${sql.raw(String(b.maxDays))} then '${sql.raw(b.bucket)}'`,
  );
  const last = AGING_BOUNDARIES.find((b) => b.maxDays === null)!;
  return sql<AgingBucket>`(case ${sql.join(whens, sql` `)} else '${sql.raw(last.bucket)}' end)`;
}

/** `sum(value) filter (where days in bucket)` per bucket, as `"current"`, `"d1_30"` … columns. */
export function agingSumsSql(days: SQL, value: SQL): SQL {
  const columns = AGING_BOUNDARIES.map(({ bucket }) => {
    const { above, upTo } = bucketDays(bucket);
    const conditions = [
      above === null ? null : sql`${days} > ${sql.raw(String(above))}`,
      upTo === null ? null : sql`${days} <= ${sql.raw(String(upTo))}`,
    ].filter((c): c is SQL => c !== null);
    return sql`coalesce(sum(${value}) filter (where ${sql.join(conditions, sql` and `)}), 0)::bigint as "${sql.raw(bucket)}"`;
  });
  return sql.join(columns, sql`, `);
}

/** The day-count range of a bucket: days > `above` (null = no lower bound) and days ≤ `upTo` (null = none). */
export function bucketDays(bucket: AgingBucket): { above: number | null; upTo: number | null } {
  const index = AGING_BOUNDARIES.findIndex((b) => b.bucket === bucket);
  return { above: index === 0 ? null : AGING_BOUNDARIES[index - 1]!.maxDays, upTo: AGING_BOUNDARIES[index]!.maxDays };
}
