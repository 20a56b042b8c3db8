import { sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Executor } from '../../platform/db/client.js';
import { customersAccess } from './customers.access.js';

const HOUR_MS = 3_600_000;

/**
 * Whether both bounds are whole UTC hours, so `customer_new_hourly` (counted per creation hour) covers
 * exactly [createdFrom, createdBefore). A company-zone day in any whole-hour zone (Asia/Shanghai) is;
 * a half-hour zone's is not, and those periods count the customers themselves.
 */
export function onWholeHours(createdFrom: string, createdBefore: string): boolean {
  const from = Date.parse(createdFrom);
  const before = Date.parse(createdBefore);
  return Number.isFinite(from) && Number.isFinite(before) && from % HOUR_MS === 0 && before % HOUR_MS === 0;
}

/**
 * New customers per current owner from `customer_new_hourly` (migration 0056: per owner, customer team
 * and creation hour, the owned and unmerged customers, kept by a trigger in every customer write —
 * create, reassign, release to the pool, merge, delete). Exactly what the customer list's filters
 * count with createdFrom / createdBefore (and teamId on the customer's team), with the caller's read
 * scope on the owner (R-SEC-1). Only for bounds on whole hours (`onWholeHours`).
 */
export async function newCustomersHourlyByOwner(
  ctx: Ctx,
  query: { createdFrom: string; createdBefore: string; teamId?: string },
): Promise<{ ownerId: string; count: number }[]> {
  customersAccess.require(ctx.actor, 'read');
  const team = query.teamId
    ? sql`and d.team_id in (select id from org_units where path like (select path from org_units where id = ${query.teamId}) || '%')`
    : sql``;
  const result = await ctx.db.execute<{ owner_id: string; n: number }>(sql`
    /* no-prepare */ select d.owner_id, sum(d.customers)::int as n
      from customer_new_hourly d
     where d.created_hour >= ${query.createdFrom}::timestamptz and d.created_hour < ${query.createdBefore}::timestamptz
       and ${customersAccess.where(ctx.actor, 'read', sql`d.owner_id`)} ${team}
     group by d.owner_id
    having sum(d.customers) <> 0`);
  return result.rows.map((row) => ({ ownerId: row.owner_id, count: row.n }));
}

/**
 * Recomputes customer_new_hourly from the customers (after a bulk load that bypassed the trigger, e.g.
 * the bench data with session_replication_role = replica); the rebuild-and-compare test uses it.
 */
export async function rebuildCustomerNewHourly(db: Executor): Promise<void> {
  await db.execute(sql`delete from customer_new_hourly`);
  await db.execute(sql`
    insert into customer_new_hourly (owner_id, team_id, created_hour, customers)
    select owner_id, team_id, date_trunc('hour', created_at, 'UTC'), count(*) from customers
     where owner_id is not null and merged_into_id is null group by 1, 2, 3`);
}
