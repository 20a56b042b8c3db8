import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, count, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { idParamsSchema, notificationListSchema, okSchema, queryBooleanSchema } from '@xiaoguan/shared';
import { ctxOf } from '../context.js';
import { iso } from '../db/client.js';
import { notFound } from '../errors.js';
import { notifications } from './notifications.schema.js';

/** Each user reads and marks only their own notifications: the scope is the recipient. */
export async function notificationsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['notifications'];
  r.get(
    '/notifications',
    { schema: { tags, querystring: z.object({ unread: queryBooleanSchema.default(false) }), response: { 200: notificationListSchema } } },
    async (request) => {
      const ctx = ctxOf(request);
      const mine = eq(notifications.userId, ctx.actor.id);
      const [rows, [{ unread }]] = await Promise.all([
        ctx.db
          .select()
          .from(notifications)
          .where(request.query.unread ? and(mine, isNull(notifications.readAt)) : mine)
          .orderBy(desc(notifications.createdAt))
          .limit(50),
        ctx.db
          .select({ unread: count() })
          .from(notifications)
          .where(and(mine, isNull(notifications.readAt))),
      ]);
      return {
        unread,
        items: rows.map((row) => ({
          id: row.id,
          kind: row.kind,
          title: row.title,
          body: row.body,
          titleMessage: row.titleMessage ?? null,
          bodyMessage: row.bodyMessage ?? null,
          link: row.link,
          createdAt: iso(row.createdAt)!,
          readAt: iso(row.readAt),
        })),
      };
    },
  );
  r.post('/notifications/:id/read', { schema: { tags, params: idParamsSchema, response: { 200: okSchema } } }, async (request) => {
    const ctx = ctxOf(request);
    const rows = await ctx.db
      .update(notifications)
      .set({ readAt: ctx.now })
      .where(and(eq(notifications.id, request.params.id), eq(notifications.userId, ctx.actor.id)))
      .returning({ id: notifications.id });
    if (!rows.length) throw notFound('notification');
    return { ok: true as const };
  });
  r.post('/notifications/read-all', { schema: { tags, response: { 200: okSchema } } }, async (request) => {
    const ctx = ctxOf(request);
    await ctx.db
      .update(notifications)
      .set({ readAt: ctx.now })
      .where(and(eq(notifications.userId, ctx.actor.id), isNull(notifications.readAt)));
    return { ok: true as const };
  });
}
