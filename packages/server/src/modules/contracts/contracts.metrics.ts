import { and, sql, type SQL } from 'drizzle-orm';
import type { ContractMetricRow } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { getSettings } from '../../platform/settings/settings.js';
import { contractsAccess } from './contracts.access.js';
import { contracts } from './contracts.schema.js';
import { contractFilters, productLineAmount } from './contracts.service.js';
import { bookingsDailyByOwner } from './bookings-daily.js';

/**
 * What dashboards may read about contracts and orders (M5 reads this file, never the tables):
 * - bookings (签约额): ONE definition, `bookingsWhere` below — the amount of contracts signed in the
 *   period (their company-zone signing day). A direct order (no contract) is not a booking: it is
 *   counted apart (`directOrders`) and in revenue once accepted (issue 18 item 1);
 * - revenue (验收收入): orders accepted in the period, on their acceptance date;
 * - average deal (客单价): bookings / deals, a deal being a signed contract.
 * Rows are in the caller's read scope (R-SEC-1 predicate inside the SQL, on each record's owner;
 * the orders policy grants read to the same roles with the same scopes as contracts).
 */
export interface MetricsQuery {
  /** Inclusive company-zone dates, YYYY-MM-DD. */
  from: string;
  to: string;
  groupBy: 'month' | 'owner' | 'team';
}

const GROUPS: Record<MetricsQuery['groupBy'], { key: SQL; label: SQL }> = {
  month: { key: sql`to_char(d.on_day, 'YYYY-MM')`, label: sql`to_char(d.on_day, 'YYYY-MM')` },
  owner: { key: sql`d.owner_id::text`, label: sql`coalesce((select u.display_name from users u where u.id = d.owner_id), '—')` },
  team: { key: sql`coalesce(d.team_id::text, '-')`, label: sql`coalesce((select ou.name from org_units ou where ou.id = d.team_id), '—')` },
};

/**
 * The bookings definition (签约额, issue 18 item 1), the one predicate every bookings figure uses —
 * cockpit, targets attainment, reports, performance and /contracts/metrics: contracts signed in
 * `from`..`to` (company-zone days, inclusive) in the caller's read scope. It is the ledger's own filter
 * with signedFrom / signedTo, so the ledger opened with those filters shows the same count and Σ amount.
 */
export async function bookingsWhere(
  ctx: Ctx,
  period: { from: string; to: string },
  extra: { teamId?: string; productLineId?: string } = {},
): Promise<SQL> {
  contractsAccess.require(ctx.actor, 'read');
  return and(...(await contractFilters(ctx, { signedFrom: period.from, signedTo: period.to, ...extra })))!;
}

export async function bookingsAndRevenue(ctx: Ctx, query: MetricsQuery): Promise<ContractMetricRow[]> {
  contractsAccess.require(ctx.actor, 'read');
  const { timeZone } = await getSettings(ctx.db);
  const booked = await bookingsWhere(ctx, query);
  const orderScope = contractsAccess.where(ctx.actor, 'read', sql`o.owner_id`);
  const group = GROUPS[query.groupBy];
  const result = await ctx.db.execute<{
    key: string;
    label: string;
    bookings: number;
    deals: number;
    direct: number;
    revenue: number;
  }>(sql`
    with d as (
      select ${contracts.ownerId} as owner_id, ${contracts.teamId} as team_id, ${contracts.signedOn} as on_day,
             ${contracts.amountCents} as booked, 1 as deal, 0 as direct_deal, 0::bigint as revenue
        from ${contracts}
       where ${booked}
      union all
      select o.owner_id, o.team_id, (o.ordered_at at time zone ${timeZone})::date, 0, 0, 1, 0
        from orders o
       where o.contract_id is null and o.status <> 'cancelled'
         and o.ordered_at >= (${query.from}::date::timestamp at time zone ${timeZone})
         and o.ordered_at < ((${query.to}::date + 1)::timestamp at time zone ${timeZone})
         and ${orderScope}
      union all
      select o.owner_id, o.team_id, (a.at at time zone ${timeZone})::date, 0, 0, 0, o.amount_cents
        from orders o
        join lateral (select max(h.at) as at from order_status_history h where h.order_id = o.id and h.to_status = 'accepted') a on true
       where o.status = 'accepted'
         and a.at >= (${query.from}::date::timestamp at time zone ${timeZone})
         and a.at < ((${query.to}::date + 1)::timestamp at time zone ${timeZone})
         and ${orderScope}
    )
    select ${group.key} as key, min(${group.label}) as label,
           sum(d.booked)::bigint as bookings, sum(d.deal)::int as deals,
           sum(d.direct_deal)::int as direct, sum(d.revenue)::bigint as revenue
      from d
     group by 1
     order by ${query.groupBy === 'month' ? sql`1 asc` : sql`3 desc, 1 asc`}`);
  return result.rows.map((row) => {
    const bookingsCents = Number(row.bookings);
    return {
      key: row.key,
      label: row.label,
      bookingsCents,
      deals: row.deals,
      contracts: row.deals,
      directOrders: row.direct,
      revenueCents: Number(row.revenue),
      averageDealCents: row.deals > 0 ? Math.round(bookingsCents / row.deals) : 0,
    };
  });
}

export interface OwnerTotal {
  ownerId: string;
  count: number;
  amountCents: number;
}

/**
 * Bookings for targets and the cockpit (M4/M5): signed contracts per owner, signed in `from`..`to`
 * (company-zone days, inclusive). Built from the ledger's own filter function with signedFrom /
 * signedTo, so the ledger opened with those filters shows the same count and Σ amount. With a product
 * line: the contracts with a line in it and the amount of those lines (the ledger's productLineId
 * filter and its `productLineAmountCents`).
 */
export async function signedContractsByOwner(
  ctx: Ctx,
  query: { from: string; to: string; teamId?: string; productLineId?: string },
): Promise<OwnerTotal[]> {
  if (!query.productLineId) return bookingsDailyByOwner(ctx, query);
  const where = await bookingsWhere(ctx, query, { teamId: query.teamId, productLineId: query.productLineId });
  const amount = query.productLineId ? productLineAmount(query.productLineId) : sql`${contracts.amountCents}`;
  const rows = await ctx.db
    .select({ ownerId: contracts.ownerId, count: sql<number>`count(*)::int`, amount: sql<string>`sum(${amount})::bigint` })
    .from(contracts)
    .where(where)
    .groupBy(contracts.ownerId);
  return rows.map((row) => ({ ownerId: row.ownerId, count: row.count, amountCents: Number(row.amount) }));
}

/** Bookings split for reports: per owner, contract team, customer source and product (null: not on a line). */
export interface BookingsPart {
  ownerId: string;
  teamId: string | null;
  customerSource: string;
  productId: string | null;
  /** Contracts counted on the part with no product (each contract once). */
  count: number;
  amountCents: number;
}

/**
 * Bookings (`bookingsWhere`) split by owner, contract team, customer source (channel) and product: a
 * contract's lines by their product, and what its amount has beyond its lines (a hand-written
 * contract: all of it) with no product — so the parts of a contract always add up to its amount.
 */
export async function bookingsBreakdown(ctx: Ctx, period: { from: string; to: string }): Promise<BookingsPart[]> {
  const where = await bookingsWhere(ctx, period);
  const result = await ctx.db.execute<{
    owner_id: string;
    team_id: string | null;
    source: string;
    product_id: string | null;
    count: number;
    amount: string;
  }>(sql`
    with b as (
      select ${contracts.ownerId} as owner_id, ${contracts.teamId} as team_id, ${contracts.customerId} as customer_id,
             ${contracts.amountCents} as amount_cents, ${contracts.lines} as lines
        from ${contracts} where ${where}
    )
    select b.owner_id, b.team_id, cu.source, x.product_id, sum(x.deal)::int as count, sum(x.cents)::bigint as amount
      from b
      join customers cu on cu.id = b.customer_id
      cross join lateral (
        select e->>'productId' as product_id, (e->>'lineTotalCents')::bigint as cents, 0 as deal
          from jsonb_array_elements(b.lines) e
        union all
        select null, b.amount_cents - coalesce((select sum((e->>'lineTotalCents')::bigint) from jsonb_array_elements(b.lines) e), 0), 1
      ) x
     group by 1, 2, 3, 4`);
  return result.rows.map((row) => ({
    ownerId: row.owner_id,
    teamId: row.team_id,
    customerSource: row.source,
    productId: row.product_id,
    count: row.count,
    amountCents: Number(row.amount),
  }));
}
