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
  const result = await db.execute<{ pages: number }>(sql`
    select coalesce(sum(gin_clean_pending_list(i.indexrelid::regclass)), 0)::int as pages
      from pg_index i
      join pg_class c on c.oid = i.indexrelid
      join pg_am am on am.oid = c.relam
     where i.indrelid = 'customers'::regclass and am.amname = 'gin'`);
  return result.rows[0]?.pages ?? 0;
}
