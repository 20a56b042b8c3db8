/** The orders module's part of the activity feed: orders placed, within the order read scope. */
import { sql } from 'drizzle-orm';
import type { FeedEntry } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { runFeedParts, type FeedSource, type FeedSubject, type FeedWindow } from '../../platform/feed/index.js';
import { ordersAccess } from './orders.access.js';

async function orderEntries(ctx: Ctx, subject: FeedSubject, window: FeedWindow): Promise<FeedEntry[]> {
  if (!ordersAccess.can(ctx.actor, 'read')) return [];
  const ofSubject =
    subject.kind === 'customer'
      ? sql`o.customer_id = ${subject.id}`
      : sql`o.contract_id in (select c.id from contracts c where c.opportunity_id = ${subject.id})`;
  return runFeedParts(ctx, window, [
    {
      type: 'order',
      event: 'created',
      at: sql`o.ordered_at`,
      entryId: sql`'order:created:' || o.id::text`,
      actor: sql`coalesce(o.created_by_id, o.owner_id)`,
      recordKind: 'order',
      recordId: sql`o.id`,
      label: sql`o.number`,
      params: sql`jsonb_build_object('status', o.status, 'amountCents', o.amount_cents)`,
      from: sql`orders o`,
      where: sql`${ofSubject} and ${ordersAccess.where(ctx.actor, 'read', sql`o.owner_id`)}`,
    },
  ]);
}

export const ordersFeedSource: FeedSource = { name: 'orders', types: ['order'], entries: orderEntries };
