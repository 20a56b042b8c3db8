/**
 * The opportunities module's part of the activity feed: a deal opened and each stage change, for a
 * customer's feed (its deals the caller may read) and for one deal's. Also serves the deal's feed.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { feedPageSchema, feedQuerySchema, idParamsSchema, type FeedEntry } from '@xiaoguan/shared';
import { ctxOf, type Ctx } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { loadFeed, runFeedParts, type FeedSource, type FeedSubject, type FeedWindow } from '../../platform/feed/index.js';
import { opportunities } from './opportunities.schema.js';
import { opportunitiesAccess } from './opportunities.access.js';

async function opportunityEntries(ctx: Ctx, subject: FeedSubject, window: FeedWindow): Promise<FeedEntry[]> {
  if (!opportunitiesAccess.can(ctx.actor, 'read')) return [];
  const scope = opportunitiesAccess.where(ctx.actor, 'read', sql`o.owner_id`);
  const ofSubject = subject.kind === 'customer' ? sql`o.customer_id = ${subject.id}` : sql`o.id = ${subject.id}`;
  return runFeedParts(ctx, window, [
    {
      type: 'stage',
      // The first history row is the deal being opened.
      event: sql`case when h.from_stage is null then 'created' else 'stage_changed' end`,
      at: sql`h.at`,
      entryId: sql`'stage:' || h.id::text`,
      actor: sql`h.actor_id`,
      recordKind: 'opportunity',
      recordId: sql`o.id`,
      label: sql`o.name`,
      params: sql`jsonb_build_object('fromStage', h.from_stage, 'toStage', h.to_stage, 'amountCents', o.amount_cents)`,
      from: sql`opportunity_stage_history h join opportunities o on o.id = h.opportunity_id`,
      where: sql`${ofSubject} and ${scope}`,
    },
  ]);
}

export const opportunitiesFeedSource: FeedSource = { name: 'opportunities', types: ['stage'], entries: opportunityEntries };

/** GET /opportunities/:id/feed — the deal's activity from every module, newest first. */
export async function opportunityFeedRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/opportunities/:id/feed',
    { schema: { tags: ['opportunities'], params: idParamsSchema, querystring: feedQuerySchema, response: { 200: feedPageSchema } } },
    async (req) => {
      const ctx = ctxOf(req);
      opportunitiesAccess.require(ctx.actor, 'read');
      const [deal] = await ctx.db
        .select({ id: opportunities.id, customerId: opportunities.customerId })
        .from(opportunities)
        .where(and(eq(opportunities.id, req.params.id), opportunitiesAccess.where(ctx.actor, 'read', opportunities.ownerId)));
      if (!deal) throw notFound('opportunity');
      return loadFeed(ctx, { kind: 'opportunity', id: deal.id, customerId: deal.customerId }, req.query);
    },
  );
}
