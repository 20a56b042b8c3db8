import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.js';

/**
 * Recomputes receipt_collections_daily (migration 0056: per installment owner and receiving day, the
 * number and Σ amount of receipts, kept by triggers on receipts and on installment reassignment; read
 * by `collectedByOwner`) from the receipts — after a bulk load that bypassed the triggers, e.g. the
 * bench data with session_replication_role = replica. The rebuild-and-compare test uses it.
 */
export async function rebuildReceiptCollectionsDaily(db: Executor): Promise<void> {
  await db.execute(sql`delete from receipt_collections_daily`);
  await db.execute(sql`
    insert into receipt_collections_daily (owner_id, received_on, receipts, amount_cents)
    select i.owner_id, r.received_on, count(*), sum(r.amount_cents)
      from receipts r join payment_installments i on i.id = r.installment_id group by 1, 2`);
  // The monthly facts (migration 0062) follow the daily rows through their trigger; rebuilt from them all the same.
  await db.execute(sql`delete from receipt_collections_monthly`);
  await db.execute(sql`
    insert into receipt_collections_monthly (owner_id, month, receipts, amount_cents)
    select owner_id, date_trunc('month', received_on::timestamp)::date, sum(receipts), sum(amount_cents) from receipt_collections_daily group by 1, 2`);
}
