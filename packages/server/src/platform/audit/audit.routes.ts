import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, count, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import { auditPageSchema, auditQuerySchema, type AuditEntry } from '@xiaoguan/shared';
import { ctxOf } from '../context.js';
import { iso } from '../db/client.js';
import { auditLog } from './audit.schema.js';
import { auditAccess } from './audit.access.js';

export async function auditRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/audit', { schema: { tags: ['audit'], querystring: auditQuerySchema, response: { 200: auditPageSchema } } }, async (request) => {
    const ctx = ctxOf(request);
    auditAccess.require(ctx.actor, 'read');
    const q = request.query;
    const filters: SQL[] = [];
    if (q.actorId) filters.push(eq(auditLog.actorId, q.actorId));
    if (q.entity) filters.push(eq(auditLog.entity, q.entity));
    if (q.entityId) filters.push(eq(auditLog.entityId, q.entityId));
    if (q.action) filters.push(eq(auditLog.action, q.action));
    if (q.from) filters.push(gte(auditLog.at, new Date(q.from)));
    if (q.to) filters.push(lte(auditLog.at, new Date(q.to)));
    const where = filters.length ? and(...filters) : undefined;
    const [rows, [{ total }]] = await Promise.all([
      ctx.db
        .select()
        .from(auditLog)
        .where(where)
        .orderBy(desc(auditLog.at), desc(auditLog.id))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      ctx.db.select({ total: count() }).from(auditLog).where(where),
    ]);
    const items: AuditEntry[] = rows.map((row) => ({
      id: String(row.id),
      at: iso(row.at)!,
      actorId: row.actorId,
      actorName: row.actorName,
      action: row.action as AuditEntry['action'],
      entity: row.entity,
      entityId: row.entityId,
      changes: row.changes,
      summary: row.summary,
      summaryMessage: row.summaryMessage ?? null,
      requestId: row.requestId,
      ip: row.ip,
    }));
    return { items, total, page: q.page, pageSize: q.pageSize };
  });
}
