/**
 * The customers module's part of the activity feed: interactions (with the notes written on them),
 * their attachments, and follow-up tasks (created, done). R-SEC-1: each query carries the customer
 * read scope, also when the feed is an opportunity's.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { feedPageSchema, feedQuerySchema, idParamsSchema, type FeedEntry } from '@xiaoguan/shared';
import { ctxOf, type Ctx } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { loadFeed, runFeedParts, type FeedPart, type FeedSource, type FeedSubject, type FeedWindow } from '../../platform/feed/index.js';
import { customers } from './customers.schema.js';
import { customerReadScope } from './customers.service.js';
import { customersAccess } from './customers.access.js';

async function customerEntries(ctx: Ctx, subject: FeedSubject, window: FeedWindow): Promise<FeedEntry[]> {
  if (!customersAccess.can(ctx.actor, 'read')) return [];
  const visible = (column: string) =>
    sql`exists (select 1 from customers where customers.id = ${sql.raw(column)} and ${customerReadScope(ctx)})`;
  const ofSubject = subject.kind === 'customer' ? sql`i.customer_id = ${subject.id}` : sql`i.opportunity_id = ${subject.id}`;
  const parts: FeedPart[] = [
    {
      type: 'interaction',
      event: 'logged',
      at: sql`i.occurred_at`,
      entryId: sql`'interaction:logged:' || i.id::text`,
      actor: sql`i.author_id`,
      recordKind: 'interaction',
      recordId: sql`i.id`,
      label: sql`i.type`,
      params: sql`jsonb_build_object('channel', i.type, 'outcome', i.outcome, 'nextStep', i.next_step)`,
      text: sql`i.notes`,
      from: sql`interactions i`,
      where: sql`${ofSubject} and i.archived_at is null and ${visible('i.customer_id')}`,
    },
    {
      type: 'attachment',
      event: 'added',
      at: sql`a.created_at`,
      entryId: sql`'attachment:added:' || a.id::text`,
      actor: sql`i.author_id`,
      recordKind: 'interaction',
      recordId: sql`i.id`,
      label: sql`a.file_name`,
      params: sql`jsonb_build_object('size', a.size, 'channel', i.type)`,
      from: sql`interaction_attachments a join interactions i on i.id = a.interaction_id`,
      where: sql`${ofSubject} and i.archived_at is null and ${visible('i.customer_id')}`,
    },
  ];
  if (subject.kind === 'customer') {
    // Tasks belong to the customer, not to a deal.
    for (const event of ['created', 'done'] as const) {
      const at = event === 'created' ? sql`t.created_at` : sql`t.done_at`;
      parts.push({
        type: 'task',
        event,
        at,
        entryId: sql`${`task:${event}:`}::text || t.id::text`,
        actor: sql`t.owner_id`,
        recordKind: 'task',
        recordId: sql`t.id`,
        label: sql`t.title`,
        params: sql`jsonb_build_object('dueAt', to_char(t.due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`,
        from: sql`follow_up_tasks t`,
        where: sql`t.customer_id = ${subject.id} and ${visible('t.customer_id')}`,
      });
    }
  }
  return runFeedParts(ctx, window, parts);
}

export const customersFeedSource: FeedSource = {
  name: 'customers',
  types: ['interaction', 'attachment', 'task'],
  entries: customerEntries,
};

/** GET /customers/:id/feed — the customer's activity from every module, newest first. */
export async function customerFeedRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/customers/:id/feed',
    { schema: { tags: ['customers'], params: idParamsSchema, querystring: feedQuerySchema, response: { 200: feedPageSchema } } },
    async (req) => {
      const ctx = ctxOf(req);
      customersAccess.require(ctx.actor, 'read');
      const [visible] = await ctx.db
        .select({ id: customers.id })
        .from(customers)
        .where(and(eq(customers.id, req.params.id), customerReadScope(ctx)));
      if (!visible) throw notFound('customer');
      return loadFeed(ctx, { kind: 'customer', id: req.params.id }, req.query);
    },
  );
}
