import { and, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import { customersAccess } from './customers.access.js';
import { customers } from './customers.schema.js';
import { customerFilters } from './customers.service.js';

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
