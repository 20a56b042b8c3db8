import { sql, type SQL } from 'drizzle-orm';
import type { CustomerSettings, Segment, Tier } from '@xiaoguan/shared';
import type { Executor } from '../../platform/db/client.js';
import { flushSearchIndexes } from './search-indexes.js';

/**
 * R-CUS-2 value segments (000 客户分层; 002 客户细分). Over the trailing 12 months:
 * Recency = days since the last order, Frequency = orders, Monetary = amount. Among customers with
 * at least one order in the window each is scored 1–5 by quintile (5 = most recent / most orders /
 * most spent). The segment is the first rule that matches, top to bottom. A customer with no order
 * in the window is `dormant` if it ever ordered before, and has no segment if it never ordered.
 */
type Band = readonly [number, number];
export const SEGMENT_RULES: readonly { segment: Segment; r?: Band; f?: Band; m?: Band }[] = [
  { segment: 'vip', r: [4, 5], f: [4, 5], m: [4, 5] },
  { segment: 'dormant', r: [1, 1] },
  { segment: 'potential', r: [4, 5] },
  { segment: 'stable', f: [3, 5], m: [3, 5] },
  { segment: 'low_value' },
];

export interface RfmScores {
  r: number;
  f: number;
  m: number;
}

export function segmentOf(scores: RfmScores | null, orderedBeforeWindow: boolean): Segment | null {
  if (!scores) return orderedBeforeWindow ? 'dormant' : null;
  const inBand = (value: number, band?: Band) => !band || (value >= band[0] && value <= band[1]);
  return SEGMENT_RULES.find((rule) => inBand(scores.r, rule.r) && inBand(scores.f, rule.f) && inBand(scores.m, rule.m))!.segment;
}

/** The same rules as a SQL CASE over columns r, f, m — generated from SEGMENT_RULES, not rewritten. */
export function segmentCaseSql(r: SQL, f: SQL, m: SQL): SQL {
  const band = (column: SQL, b?: Band) => (b ? sql`${column} between ${b[0]} and ${b[1]}` : sql`true`);
  const whens = SEGMENT_RULES.map((rule) => sql`when ${band(r, rule.r)} and ${band(f, rule.f)} and ${band(m, rule.m)} then ${rule.segment}`);
  return sql`(case ${sql.join(whens, sql` `)} end)`;
}

/** Loyalty level (000 忠诚度计划): the highest level whose spend and order thresholds are both met. */
export function loyaltyLevelOf(monetaryCents: number, orders: number, levels: CustomerSettings['loyaltyLevels']): string | null {
  const sorted = [...levels].sort((a, b) => b.minSpendCents - a.minSpendCents || b.minOrders - a.minOrders);
  return sorted.find((level) => monetaryCents >= level.minSpendCents && orders >= level.minOrders)?.name ?? null;
}

export function loyaltyCaseSql(monetary: SQL, orders: SQL, levels: CustomerSettings['loyaltyLevels']): SQL {
  const sorted = [...levels].sort((a, b) => b.minSpendCents - a.minSpendCents || b.minOrders - a.minOrders);
  if (!sorted.length) return sql`null`;
  const whens = sorted.map((level) => sql`when ${monetary} >= ${level.minSpendCents} and ${orders} >= ${level.minOrders} then ${level.name}`);
  return sql`(case ${sql.join(whens, sql` `)} else null end)`;
}

/** Quarterly tier proposal (002 动态调整机制) from a segment. */
export function tierForSegment(segment: Segment): Tier {
  return segment === 'vip' ? 'A' : segment === 'potential' || segment === 'stable' ? 'B' : 'C';
}

/**
 * Recomputes RFM scores, segments and loyalty levels for every customer in one statement and
 * records when it ran (setting `customers.rfmComputedAt`). Returns the number of customers whose
 * scores changed.
 */
export async function recomputeRfm(db: Executor, now: Date, settings: CustomerSettings): Promise<number> {
  const windowStart = new Date(now);
  windowStart.setUTCFullYear(windowStart.getUTCFullYear() - 1);
  const segment = segmentCaseSql(sql`s.r`, sql`s.f`, sql`s.m`);
  const loyalty = loyaltyCaseSql(sql`coalesce(s.monetary, 0)`, sql`coalesce(s.freq, 0)`, settings.loyaltyLevels);
  return db.transaction(async (tx) => {
    // Room to keep the statement's sorts, hashes and the change-log trigger's transition tables (every
    // rewritten customer before and after, about 1.5 kB a customer) in memory: with the default 4 MB
    // a run that rewrote 41,000 customers spilled 60 MB to temporary files.
    await tx.execute(sql`set local work_mem = '256MB'`);
    await tx.execute(sql`insert into settings (key, value) values ('customers.rfmComputedAt', to_jsonb(${now.toISOString()}::text))
                         on conflict (key) do update set value = excluded.value, updated_at = now()`);
    const result = await tx.execute(sql`
      with window_orders as (
        select customer_id, max(ordered_at) as last_at, count(*)::int as freq, sum(amount_cents)::bigint as monetary
          from customer_orders
         where ordered_at > ${windowStart} and ordered_at <= ${now}
         group by customer_id
      ), scored as (
        select customer_id, last_at, freq, monetary,
               ntile(5) over (order by last_at, customer_id) as r,
               ntile(5) over (order by freq, customer_id) as f,
               ntile(5) over (order by monetary, customer_id) as m
          from window_orders
      )
      , computed as (
        select c.id,
               s.last_at, coalesce(s.freq, 0) as freq, coalesce(s.monetary, 0)::bigint as monetary, s.r, s.f, s.m,
               case when s.customer_id is not null then ${segment}
                    when exists (select 1 from customer_orders o where o.customer_id = c.id and o.ordered_at <= ${windowStart}) then 'dormant'
                    else null end as segment,
               ${loyalty} as loyalty
          from customers c left join scored s on s.customer_id = c.id
         where c.merged_into_id is null
      )
      update customers c
         set rfm_last_order_at = x.last_at,
             rfm_frequency = x.freq,
             rfm_monetary_cents = x.monetary,
             rfm_r = x.r, rfm_f = x.f, rfm_m = x.m,
             segment = x.segment,
             loyalty_level = x.loyalty
        from computed x
       -- Only rows whose scores changed are rewritten: a nightly run touches the few that moved,
       -- not every customer (each rewrite costs a new row version in a dozen indexes).
       where c.id = x.id
         and (c.rfm_last_order_at, c.rfm_frequency, c.rfm_monetary_cents, c.rfm_r, c.rfm_f, c.rfm_m, c.segment, c.loyalty_level)
             is distinct from (x.last_at, x.freq, x.monetary, x.r, x.f, x.m, x.segment, x.loyalty)`);
    // Many rewritten customers leave entries waiting in the search indexes' pending lists (search-indexes.ts).
    if (result.rowCount) await flushSearchIndexes(tx);
    return result.rowCount ?? 0;
  });
}
