import { and, sql, type SQL } from 'drizzle-orm';
import type { ContractMetricRow } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { getSettings } from '../../platform/settings/settings.js';
import { contractsAccess } from './contracts.access.js';
import { contracts } from './contracts.schema.js';
import { contractFilters } from './contracts.service.js';

/**
 * What dashboards may read about contracts and orders (M5 reads this file, never the tables):
 * - bookings (签约额): signed contract amounts on their signing date + direct orders (no contract,
 *   not cancelled) on their order date, in the company zone;
 * - revenue (验收收入): orders accepted in the period, on their acceptance date;
 * - average deal (客单价): bookings / deals, a deal being a signed contract or a direct order.
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

export async function bookingsAndRevenue(ctx: Ctx, query: MetricsQuery): Promise<ContractMetricRow[]> {
  contractsAccess.require(ctx.actor, 'read');
  const { timeZone } = await getSettings(ctx.db);
  const contractScope = contractsAccess.where(ctx.actor, 'read', sql`c.owner_id`);
  const orderScope = contractsAccess.where(ctx.actor, 'read', sql`o.owner_id`);
  const group = GROUPS[query.groupBy];
  const result = await ctx.db.execute<{
    key: string;
    label: string;
    bookings: number;
    deals: number;
    contracts: number;
    revenue: number;
  }>(sql`
    with d as (
      select c.owner_id, c.team_id, c.signed_on as on_day, c.amount_cents as booked, 1 as deal, 1 as contract_deal, 0::bigint as revenue
        from contracts c
       where c.signed_on between ${query.from} and ${query.to} and ${contractScope}
      union all
      select o.owner_id, o.team_id, (o.ordered_at at time zone ${timeZone})::date, o.amount_cents, 1, 0, 0
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
           sum(d.contract_deal)::int as contracts, sum(d.revenue)::bigint as revenue
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
      contracts: row.contracts,
      directOrders: row.deals - row.contracts,
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
 * signedTo, so the ledger opened with those filters shows the same count and Σ amount.
 */
export async function signedContractsByOwner(ctx: Ctx, query: { from: string; to: string }): Promise<OwnerTotal[]> {
  contractsAccess.require(ctx.actor, 'read');
  const where = and(...(await contractFilters(ctx, { signedFrom: query.from, signedTo: query.to })))!;
  const rows = await ctx.db
    .select({ ownerId: contracts.ownerId, count: sql<number>`count(*)::int`, amount: sql<string>`sum(${contracts.amountCents})::bigint` })
    .from(contracts)
    .where(where)
    .groupBy(contracts.ownerId);
  return rows.map((row) => ({ ownerId: row.ownerId, count: row.count, amountCents: Number(row.amount) }));
}
