/** The receivables module's part of the activity feed: receipts (回款), within the receivables read scope (by installment owner). */
import { sql } from 'drizzle-orm';
import type { FeedEntry } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { runFeedParts, type FeedSource, type FeedSubject, type FeedWindow } from '../../platform/feed/index.js';
import { receivablesAccess } from './receivables.access.js';

async function receiptEntries(ctx: Ctx, subject: FeedSubject, window: FeedWindow): Promise<FeedEntry[]> {
  if (!receivablesAccess.can(ctx.actor, 'read')) return [];
  const ofSubject = subject.kind === 'customer' ? sql`r.customer_id = ${subject.id}` : sql`c.opportunity_id = ${subject.id}`;
  return runFeedParts(ctx, window, [
    {
      type: 'receipt',
      event: 'received',
      at: sql`r.created_at`,
      entryId: sql`'receipt:received:' || r.id::text`,
      actor: sql`r.recorded_by_id`,
      recordKind: 'contract',
      recordId: sql`c.id`,
      label: sql`c.number`,
      params: sql`jsonb_build_object('amountCents', r.amount_cents, 'method', r.method, 'receivedOn', r.received_on, 'installment', i.seq)`,
      from: sql`receipts r join payment_installments i on i.id = r.installment_id join contracts c on c.id = r.contract_id`,
      where: sql`${ofSubject} and ${receivablesAccess.where(ctx.actor, 'read', sql`i.owner_id`)}`,
    },
  ]);
}

export const receivablesFeedSource: FeedSource = { name: 'receivables', types: ['receipt'], entries: receiptEntries };
