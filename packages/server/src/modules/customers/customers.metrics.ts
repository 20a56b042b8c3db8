import { and, sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import { getSettings } from '../../platform/settings/settings.js';
import { customersAccess } from './customers.access.js';
import { customers } from './customers.schema.js';
import { customerFilters } from './customers.service.js';
import { addDays, startOfCalendarDay } from '../../platform/time.js';
import { newCustomersHourlyByOwner, onWholeHours } from './new-customers-hourly.js';

/**
 * What targets and dashboards (M4/M5) may read from the customers module. Each figure is built from
 * the customer list's own filter function (with the caller's read scope, R-SEC-1), so the list opened
 * with the same filters counts the same customers.
 */

/** New customers per current owner: created in [createdFrom, createdBefore). */
export async function newCustomersByOwner(
  ctx: Ctx,
  query: { createdFrom: string; createdBefore: string; teamId?: string },
): Promise<{ ownerId: string; count: number }[]> {
  customersAccess.require(ctx.actor, 'read');
  if (onWholeHours(query.createdFrom, query.createdBefore)) return newCustomersHourlyByOwner(ctx, query);
  const where = and(...customerFilters(ctx, query))!;
  const rows = await ctx.db
    .select({ ownerId: customers.ownerId, count: sql<number>`count(*)::int` })
    .from(customers)
    .where(where)
    .groupBy(customers.ownerId);
  return rows.flatMap((row) => (row.ownerId ? [{ ownerId: row.ownerId, count: row.count }] : []));
}

/** Customers whose contact cadence is overdue (R-CUS-1), as the list's `overdue=true` counts them. */
export async function overdueCadenceCount(ctx: Ctx, filters: { teamId?: string } = {}): Promise<number> {
  customersAccess.require(ctx.actor, 'read');
  const [row] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(customers)
    .where(and(...customerFilters(ctx, { overdue: true, teamId: filters.teamId }))!);
  return row?.n ?? 0;
}

/**
 * New customers between two company-zone dates (inclusive), for cost per new customer (expense
 * analysis): the same figure as `newCustomersByOwner` — the list's filter — summed, so every module
 * counts a new customer the same way.
 */
export async function newCustomerCount(ctx: Ctx, query: { from: string; to: string }): Promise<number> {
  const { timeZone } = await getSettings(ctx.db);
  const day = (date: string) => Date.parse(`${date}T00:00:00Z`);
  const rows = await newCustomersByOwner(ctx, {
    createdFrom: startOfCalendarDay(day(query.from), timeZone).toISOString(),
    createdBefore: startOfCalendarDay(addDays(day(query.to), 1), timeZone).toISOString(),
  });
  return rows.reduce((sum, row) => sum + row.count, 0);
}
