/** The quotes module's part of the activity feed: quotes and their discount/floor approvals, within the quote read scope. */
import { sql } from 'drizzle-orm';
import type { FeedEntry } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { approvalFeedParts, runFeedParts, type FeedSource, type FeedSubject, type FeedWindow } from '../../platform/feed/index.js';
import { quotesAccess } from './quotes.access.js';
import { DISCOUNT_SUBJECT, FLOOR_SUBJECT } from './discount-authority.js';

async function quoteEntries(ctx: Ctx, subject: FeedSubject, window: FeedWindow): Promise<FeedEntry[]> {
  if (!quotesAccess.can(ctx.actor, 'read')) return [];
  const where = sql`${subject.kind === 'customer' ? sql`q.customer_id = ${subject.id}` : sql`q.opportunity_id = ${subject.id}`} and ${quotesAccess.where(ctx.actor, 'read', sql`q.owner_id`)}`;
  return runFeedParts(ctx, window, [
    {
      type: 'quote',
      event: 'created',
      at: sql`q.created_at`,
      entryId: sql`'quote:created:' || q.id::text`,
      actor: sql`q.owner_id`,
      recordKind: 'quote',
      recordId: sql`q.id`,
      label: sql`q.number`,
      params: sql`jsonb_build_object('status', q.status, 'totalCents', q.total_cents, 'title', q.title)`,
      from: sql`quotes q`,
      where,
    },
    ...approvalFeedParts({
      subjectTypes: [DISCOUNT_SUBJECT, FLOOR_SUBJECT],
      recordKind: 'quote',
      recordFrom: sql`quotes q`,
      recordWhere: where,
      recordId: sql`q.id`,
      label: sql`q.number`,
    }),
  ]);
}

export const quotesFeedSource: FeedSource = { name: 'quotes', types: ['quote', 'approval'], entries: quoteEntries };
