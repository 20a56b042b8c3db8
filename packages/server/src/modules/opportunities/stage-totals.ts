import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.js';

/**
 * Recomputes opportunity_stage_totals from the opportunities (after a bulk load that bypassed the
 * trigger, e.g. the bench data with session_replication_role = replica).
 */
export async function rebuildOpportunityStageTotals(db: Executor): Promise<void> {
  await db.execute(sql`delete from opportunity_stage_totals`);
  await db.execute(sql`
    insert into opportunity_stage_totals (owner_id, stage, open_count, amount_cents, weighted_cents)
    select owner_id, stage, count(*), sum(amount_cents), sum(amount_cents::numeric * probability)
      from opportunities where closed_at is null group by owner_id, stage`);
}
