import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { AppError } from '../errors.js';

/**
 * The 409 for an edit made on a stale version, naming who changed the record last and when (from
 * the audit trail, which every write records in its transaction), so the screen can say "changed
 * by 张三 at 14:02, reload?" rather than a bare "someone else". `data.changedBy` / `data.changedAt`
 * are absent when the trail has no entry (a record changed only by a migration or the seed).
 */
export async function staleVersion(executor: Executor, entity: string, entityId: string): Promise<AppError> {
  const result = await executor.execute<{ actor_name: string | null; at: Date | string }>(sql`
    select actor_name, at from audit_log where entity = ${entity} and entity_id = ${entityId} order by id desc limit 1`);
  const row = result.rows[0];
  if (!row) return new AppError('conflict', 'the record was changed by someone else; reload and try again');
  const changedBy = row.actor_name || 'system';
  const changedAt = new Date(row.at).toISOString();
  return new AppError('conflict', `the record was changed by ${changedBy} at ${changedAt}; reload and try again`, {
    data: { changedBy, changedAt },
  });
}
