import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.js';
import { orders } from '../orders/index.js';
import { receipts } from '../receivables/index.js';

/**
 * Per partner, over company days [from, to): the attributed orders (not cancelled) by order day and
 * the collections received on those orders' contracts — each contract once per partner, so two
 * attributed orders on one contract do not count its receipts twice. One statement for every partner.
 */
export async function partnerFigures(
  db: Executor,
  range: { from: string; to: string },
  timeZone: string,
  partnerIds?: string[],
): Promise<Map<string, { ordersCents: number; deals: number; collectionsCents: number }>> {
  const only = partnerIds ? sql`and pd.partner_id = any(${sql.param(partnerIds)}::uuid[])` : sql``;
  const rows = await db.execute<{
    partner_id: string;
    orders_cents: number | string;
    deals: number;
    collections_cents: number | string;
  }>(sql`
    with pd as (
      select pd.partner_id, o.id as order_id, o.contract_id, o.amount_cents, o.status, o.ordered_at
        from partner_deals pd join ${orders} o on o.id = pd.order_id
       where pd.order_id is not null ${only}
    ), ord as (
      select partner_id, sum(amount_cents)::bigint as cents, count(*)::int as deals from pd
       where status <> 'cancelled'
         and (ordered_at at time zone ${timeZone})::date >= ${range.from}::date and (ordered_at at time zone ${timeZone})::date < ${range.to}::date
       group by partner_id
    ), col as (
      select c.partner_id, sum(r.amount_cents)::bigint as cents
        from (select distinct partner_id, contract_id from pd where contract_id is not null and status <> 'cancelled') c
        join ${receipts} r on r.contract_id = c.contract_id
       where r.received_on >= ${range.from}::date and r.received_on < ${range.to}::date
       group by c.partner_id
    )
    select coalesce(ord.partner_id, col.partner_id) as partner_id, coalesce(ord.cents, 0) as orders_cents,
           coalesce(ord.deals, 0) as deals, coalesce(col.cents, 0) as collections_cents
      from ord full join col on col.partner_id = ord.partner_id`);
  return new Map(
    rows.rows.map((row) => [
      row.partner_id,
      { ordersCents: Number(row.orders_cents), deals: row.deals, collectionsCents: Number(row.collections_cents) },
    ]),
  );
}
