import type { FastifyRequest } from 'fastify';
import type { Database, Executor } from './db/client.js';
import type { Actor } from './access/actor.js';
import { SYSTEM_ACTOR } from './access/actor.js';
import { recordAudit, type AuditEntry } from './audit/audit.js';
import { AppError } from './errors.js';
// Fastify's app.db / request.actor declarations, in every program that compiles a route (bench and e2e too).
import './types.js';

/** What every service receives: the database, who acts, the clock, and an audit writer bound to the request. */
export interface Ctx {
  db: Database;
  actor: Actor;
  now: Date;
  requestId: string | null;
  ip: string | null;
  audit: (executor: Executor, entry: AuditEntry) => Promise<void>;
}

export function makeCtx(db: Database, actor: Actor, extra: { requestId?: string | null; ip?: string | null; now?: Date } = {}): Ctx {
  const requestId = extra.requestId ?? null;
  const ip = extra.ip ?? null;
  return {
    db,
    actor,
    now: extra.now ?? new Date(),
    requestId,
    ip,
    audit: (executor, entry) => recordAudit(executor, { actor, requestId, ip }, entry),
  };
}

export function systemCtx(db: Database): Ctx {
  return makeCtx(db, SYSTEM_ACTOR);
}

/** The ctx of an authenticated request (the auth plugin has set `request.actor`). */
export function ctxOf(request: FastifyRequest): Ctx {
  if (!request.actor) throw new AppError('unauthenticated', 'sign in first');
  return makeCtx(request.server.db, request.actor, { requestId: request.id, ip: request.ip });
}
