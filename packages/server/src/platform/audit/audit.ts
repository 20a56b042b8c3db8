import type { AuditAction, Message } from '@xiaoguan/shared';
import type { Executor } from '../db/client.js';
import type { Actor } from '../access/actor.js';
import { sql } from 'drizzle-orm';

export interface AuditEntry {
  action: AuditAction;
  entity: string;
  entityId?: string | null;
  changes?: Record<string, [unknown, unknown]> | null;
  summary?: string | null;
  /** The summary as i18n key + parameters (issue 16), shown in the reader's language; `summary` stays as text. */
  summaryMessage?: Message | null;
}

export interface AuditContext {
  actor: Actor | null;
  requestId?: string | null;
  ip?: string | null;
}

const SECRET_FIELDS = new Set(['passwordHash', 'password', 'csrfToken']);

/**
 * Writes one audit row with the caller's transaction, so the change and its trail commit together.
 * The actor is set for the unit of work as transaction-local settings in the same statement; the
 * table's trigger (migration 0017) takes the row's actor from them and its time from now(), so no
 * INSERT can name another actor or back-date a row.
 */
export async function recordAudit(executor: Executor, context: AuditContext, entry: AuditEntry): Promise<void> {
  const actorId = context.actor && context.actor.username !== 'system' ? context.actor.id : '';
  const actorName = context.actor?.displayName ?? '';
  await executor.execute(sql`
    with actor as (select set_config('xiaoguan.actor_id', ${actorId}, true) as id, set_config('xiaoguan.actor_name', ${actorName}, true) as name)
    insert into audit_log (action, entity, entity_id, changes, summary, summary_message, request_id, ip)
    select ${entry.action}, ${entry.entity}, ${entry.entityId ?? null}, ${entry.changes ? JSON.stringify(entry.changes) : null}::jsonb,
           ${entry.summary ?? null}, ${entry.summaryMessage ? JSON.stringify(entry.summaryMessage) : null}::jsonb,
           ${context.requestId ?? null}, ${context.ip ?? null}
      from actor`);
}

function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  return value ?? null;
}

/** The fields that differ, as field → [before, after]; secrets are never written to the trail. */
export function diffChanges(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    if (['updatedAt', 'version', 'createdAt'].includes(key)) continue;
    const b = normalise(before?.[key]);
    const a = normalise(after?.[key]);
    if (JSON.stringify(b) === JSON.stringify(a)) continue;
    changes[key] = SECRET_FIELDS.has(key) ? ['***', '***'] : [b, a];
  }
  return changes;
}
