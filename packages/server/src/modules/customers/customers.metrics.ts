import { sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import { getSettings } from '../../platform/settings/settings.js';
import { customersAccess } from './customers.access.js';
import { customerReadScope } from './customers.service.js';

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
