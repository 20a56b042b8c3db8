import { sql, type SQL } from 'drizzle-orm';
import type { CustomerSettings, Segment, Tier } from '@xiaoguan/shared';
import type { Executor } from '../../platform/db/client.js';

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
  const whens = SEGMENT_RULES.map(
    (rule) => sql`when ${band(r, rule.r)} and ${band(f, rule.f)} and ${band(m, rule.m)} then ${rule.segment}`,
  );
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
  const whens = sorted.map(
    (level) => sql`when ${monetary} >= ${level.minSpendCents} and ${orders} >= ${level.minOrders} then ${level.name}`,
  );
  return sql`(case ${sql.join(whens, sql` `)} else null end)`;
}

/** Quarterly tier proposal (002 动态调整机制) from a segment. */
export function tierForSegment(segment: Segment): Tier {
  return segment === 'vip' ? 'A' : segment === 'potential' || segment === 'stable' ? 'B' : 'C';
}

/**
 * Recomputes RFM scores, segments and loyalty levels for every customer in one statement, into
 * customer_rfm (customers.schema.ts), and records when it ran (setting `customers.rfmComputedAt`).
 * Returns the number of customers whose values changed.
 */
export async function recomputeRfm(db: Executor, now: Date, settings: CustomerSettings): Promise<number> {
  const windowStart = new Date(now);
  windowStart.setUTCFullYear(windowStart.getUTCFullYear() - 1);
  const segment = segmentCaseSql(sql`s.r`, sql`s.f`, sql`s.m`);
  const loyalty = loyaltyCaseSql(sql`coalesce(s.monetary, 0)`, sql`coalesce(s.freq, 0)`, settings.loyaltyLevels);
  return db.transaction(async (tx) => {
    // Room to keep the statement's sorts and hashes in memory.
    await tx.execute(sql`set local work_mem = '256MB'`);
    // First, so that two runs at once (the nightly job and an admin's) take turns: the second waits
    // here on the settings row until the first commits, then finds its values written.
    await tx.execute(sql`insert into settings (key, value) values ('customers.rfmComputedAt', to_jsonb(${now.toISOString()}::text))
                         on conflict (key) do update set value = excluded.value, updated_at = now()`);
    const result = await tx.execute<{ n: number }>(sql`
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
      ), computed as (
        select c.id as customer_id,
               s.last_at, coalesce(s.freq, 0) as freq, coalesce(s.monetary, 0)::bigint as monetary, s.r, s.f, s.m,
               case when s.customer_id is not null then ${segment}
                    when exists (select 1 from customer_orders o where o.customer_id = c.id and o.ordered_at <= ${windowStart}) then 'dormant'
                    else null end as segment,
               ${loyalty} as loyalty
          from customers c left join scored s on s.customer_id = c.id
         where c.merged_into_id is null
      ), wanted as (
        -- A customer with nothing to show keeps no row (the list and the detail read none as no orders).
        select * from computed x
         where x.last_at is not null or x.freq <> 0 or x.monetary <> 0 or x.segment is not null or x.loyalty is not null
      ), changed as (
        -- Only rows whose values changed are written: a nightly run touches the few that moved.
        update customer_rfm v
           set last_order_at = x.last_at, frequency = x.freq, monetary_cents = x.monetary,
               r = x.r, f = x.f, m = x.m, segment = x.segment, loyalty_level = x.loyalty
          from wanted x
         where v.customer_id = x.customer_id
           and (v.last_order_at, v.frequency, v.monetary_cents, v.r, v.f, v.m, v.segment, v.loyalty_level)
               is distinct from (x.last_at, x.freq, x.monetary, x.r, x.f, x.m, x.segment, x.loyalty)
        returning 1
      ), added as (
        insert into customer_rfm (customer_id, last_order_at, frequency, monetary_cents, r, f, m, segment, loyalty_level)
        select x.customer_id, x.last_at, x.freq, x.monetary, x.r, x.f, x.m, x.segment, x.loyalty
          from wanted x
         where not exists (select 1 from customer_rfm v where v.customer_id = x.customer_id)
        returning 1
      ), dropped as (
        -- Customers merged away, or left with nothing to show.
        delete from customer_rfm v
         where not exists (select 1 from wanted x where x.customer_id = v.customer_id)
        returning 1
      )
      select ((select count(*) from changed) + (select count(*) from added) + (select count(*) from dropped))::int as n`);
    return result.rows[0]?.n ?? 0;
  });
}
