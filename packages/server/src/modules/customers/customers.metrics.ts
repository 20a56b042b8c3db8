import { and, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import { getSettings } from '../../platform/settings/settings.js';
import { customersAccess } from './customers.access.js';
import { customers } from './customers.schema.js';
import { customerFilters, customerReadScope } from './customers.service.js';

/**
 * What targets and dashboards (M4/M5) may read from the customers module. Each figure is built from
 * the customer list's own filter function (with the caller's read scope, R-SEC-1), so the list opened
 * with the same filters counts the same customers.
 */

/** New customers per current owner: created in [createdFrom, createdBefore). */
export async function newCustomersByOwner(
  ctx: Ctx,
  query: { createdFrom: string; createdBefore: string },
): Promise<{ ownerId: string; count: number }[]> {
  customersAccess.require(ctx.actor, 'read');
  const where = and(...customerFilters(ctx, query))!;
  const rows = await ctx.db
    .select({ ownerId: customers.ownerId, count: sql<number>`count(*)::int` })
    .from(customers)
    .where(where)
    .groupBy(customers.ownerId);
  return rows.flatMap((row) => (row.ownerId ? [{ ownerId: row.ownerId, count: row.count }] : []));
}

/** Customers whose contact cadence is overdue (R-CUS-1), as the list's `overdue=true` counts them. */
export async function overdueCadenceCount(ctx: Ctx): Promise<number> {
  customersAccess.require(ctx.actor, 'read');
  const [row] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(customers)
    .where(and(...customerFilters(ctx, { overdue: true }))!);
  return row?.n ?? 0;
}

/**
 * What other modules may read about customers as figures (expense analysis: cost per new customer).
 * New customers = customers created between two company-zone dates (inclusive), not merged away,
 * in the caller's read scope (R-SEC-1 inside the SQL).
 */
export async function newCustomerCount(ctx: Ctx, query: { from: string; to: string }): Promise<number> {
  customersAccess.require(ctx.actor, 'read');
  const { timeZone } = await getSettings(ctx.db);
  const result = await ctx.db.execute<{ n: number }>(sql`
    select count(*)::int as n from customers
     where customers.created_at >= (${query.from}::date::timestamp at time zone ${timeZone})
       and customers.created_at < ((${query.to}::date + 1)::timestamp at time zone ${timeZone})
       and ${customerReadScope(ctx)}`);
  return result.rows[0]!.n;
}
