import { sql } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Executor } from '../../platform/db/client.js';
import { monthSplitSql } from '../../platform/db/month-split.js';
import { contractsAccess } from './contracts.access.js';

/**
 * Bookings per owner from `contract_bookings_daily` (migration 0056): per owner, contract team and
 * signing day, the deals and Σ amount of contracts with a signing day, kept by a trigger in every
 * contract write. Exactly what `bookingsWhere` counts with signedFrom / signedTo (and the ledger's
 * teamId filter on the contract's team), with the caller's read scope on the owner (R-SEC-1) — the
 * same predicate the ledger applies to `contracts.owner_id`. A product line is not a dimension here
 * (it depends on the catalogue): those figures keep reading the contracts.
 */
export async function bookingsDailyByOwner(
  ctx: Ctx,
  query: { from: string; to: string; teamId?: string },
): Promise<{ ownerId: string; count: number; amountCents: number }[]> {
  contractsAccess.require(ctx.actor, 'read');
  const team = query.teamId
    ? sql`and d.team_id in (select id from org_units where path like (select path from org_units where id = ${query.teamId}) || '%')`
    : sql``;
  // Whole months from the monthly facts, the days left over from the daily ones (migration 0062).
  const split = monthSplitSql(query, sql`d.month`, sql`d.signed_on`);
  const scope = sql`${contractsAccess.where(ctx.actor, 'read', sql`d.owner_id`)} ${team}`;
  const result = await ctx.db.execute<{ owner_id: string; n: number; amount: string }>(sql`
    /* no-prepare */ select x.owner_id, sum(x.deals)::int as n, sum(x.amount_cents)::bigint as amount
      from (select d.owner_id, d.deals, d.amount_cents from contract_bookings_monthly d where ${split.months} and ${scope}
            union all
            select d.owner_id, d.deals, d.amount_cents from contract_bookings_daily d where ${split.days} and ${scope}) x
     group by x.owner_id
    having sum(x.deals) <> 0`);
  return result.rows.map((row) => ({ ownerId: row.owner_id, count: row.n, amountCents: Number(row.amount) }));
}

/**
 * Recomputes contract_bookings_daily from the contracts (after a bulk load that bypassed the trigger,
 * e.g. the bench data with session_replication_role = replica); the rebuild-and-compare test uses it.
 */
export async function rebuildContractBookingsDaily(db: Executor): Promise<void> {
  await db.execute(sql`delete from contract_bookings_daily`);
  await db.execute(sql`
    insert into contract_bookings_daily (owner_id, team_id, signed_on, deals, amount_cents)
    select owner_id, team_id, signed_on, count(*), sum(amount_cents) from contracts where signed_on is not null group by 1, 2, 3`);
  // The monthly facts follow the daily rows through their trigger; rebuilt from them all the same.
  await db.execute(sql`delete from contract_bookings_monthly`);
  await db.execute(sql`
    insert into contract_bookings_monthly (owner_id, team_id, month, deals, amount_cents)
    select owner_id, team_id, date_trunc('month', signed_on::timestamp)::date, sum(deals), sum(amount_cents) from contract_bookings_daily group by 1, 2, 3`);
}
