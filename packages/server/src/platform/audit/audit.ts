import type { AuditAction } from '@xiaoguan/shared';
import type { Executor } from '../db/client.js';
import type { Actor } from '../access/actor.js';
import { auditLog } from './audit.schema.js';

export interface AuditEntry {
  action: AuditAction;
  entity: string;
  entityId?: string | null;
  changes?: Record<string, [unknown, unknown]> | null;
  summary?: string | null;
}

export interface AuditContext {
  actor: Actor | null;
  requestId?: string | null;
  ip?: string | null;
}

const SECRET_FIELDS = new Set(['passwordHash', 'password', 'csrfToken']);

/** Writes one audit row with the caller's transaction, so the change and its trail commit together. */
export async function recordAudit(executor: Executor, context: AuditContext, entry: AuditEntry): Promise<void> {
  await executor.insert(auditLog).values({
    actorId: context.actor && context.actor.username !== 'system' ? context.actor.id : null,
    actorName: context.actor?.displayName ?? null,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId ?? null,
    changes: entry.changes ?? null,
    summary: entry.summary ?? null,
    requestId: context.requestId ?? null,
    ip: context.ip ?? null,
  });
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
