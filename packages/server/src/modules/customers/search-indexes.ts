import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.js';

/**
 * Moves the entries waiting in the pending lists of the customers table's GIN indexes (Chinese
 * substring search, tags) into the indexes, after a write of many customers. PostgreSQL appends new
 * GIN entries to a pending list of up to 4 MB per index, and every search reads that list through;
 * autovacuum merges it later: until then, after a large import, every search is several times
 * slower (bench/RESULTS.md). Returns the number of pending pages merged.
 */
export async function flushSearchIndexes(db: Executor): Promise<number> {
  // gin_clean_pending_list() is the index owner's: the function (migration 0017) runs as the owner.
  const result = await db.execute<{ pages: number }>(sql`select flush_customer_search_indexes() as pages`);
  return result.rows[0]?.pages ?? 0;
}
