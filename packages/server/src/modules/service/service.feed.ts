/** The service module's part of the activity feed: complaints logged, resolved, confirmed, reopened (within complaint reach). */
import { sql } from 'drizzle-orm';
import type { FeedEntry } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { runFeedParts, type FeedSource, type FeedSubject, type FeedWindow } from '../../platform/feed/index.js';
import { complaintsAccess } from './service.access.js';
import { complaintScope } from './complaints.service.js';

async function complaintEntries(ctx: Ctx, subject: FeedSubject, window: FeedWindow): Promise<FeedEntry[]> {
  if (subject.kind !== 'customer') return [];
  if (!complaintsAccess.can(ctx.actor, 'read')) return [];
  return runFeedParts(ctx, window, [
    {
      type: 'complaint',
      event: sql`e.kind`,
      at: sql`e.at`,
      entryId: sql`'complaint:' || e.kind || ':' || e.id::text`,
      actor: sql`e.actor_id`,
      recordKind: 'complaint',
      recordId: sql`complaints.id`,
      label: sql`complaints.number`,
      params: sql`jsonb_build_object('category', complaints.category, 'priority', complaints.priority)`,
      text: sql`case when e.kind = 'created' then complaints.title else e.note end`,
      from: sql`complaint_events e join complaints on complaints.id = e.complaint_id`,
      where: sql`complaints.customer_id = ${subject.id} and e.kind in ('created', 'resolve', 'confirm', 'reopen')
        and ${complaintScope(ctx, 'read')}`,
    },
  ]);
}

export const serviceFeedSource: FeedSource = { name: 'service', types: ['complaint'], entries: complaintEntries };
