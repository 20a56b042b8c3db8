/** Team work's part of a customer's activity feed (issue 21 item 7): escalations raised, moved up and resolved; handovers offered and decided. */
import { sql } from 'drizzle-orm';
import type { FeedEntry } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { runFeedParts, type FeedSource, type FeedSubject, type FeedWindow } from '../../platform/feed/index.js';
import { teamworkAccess } from './teamwork.access.js';
import { escalationVisible } from './escalations.service.js';

async function teamworkEntries(ctx: Ctx, subject: FeedSubject, window: FeedWindow): Promise<FeedEntry[]> {
  if (subject.kind !== 'customer' || !teamworkAccess.can(ctx.actor, 'read')) return [];
  return runFeedParts(ctx, window, [
    {
      type: 'escalation',
      event: sql`ev.kind`,
      at: sql`ev.at`,
      entryId: sql`'escalation:' || ev.kind || ':' || ev.id::text`,
      actor: sql`ev.actor_id`,
      recordKind: 'escalation',
      recordId: sql`e.id`,
      label: sql`e.title`,
      params: sql`jsonb_build_object('category', e.category, 'level', ev.level)`,
      text: sql`case when ev.kind = 'raised' then e.details else ev.note end`,
      from: sql`escalation_events ev join escalations e on e.id = ev.escalation_id`,
      where: sql`e.customer_id = ${subject.id} and ${escalationVisible(ctx)}`,
    },
    {
      type: 'handover',
      event: sql`case when h.status = 'pending' then 'created' else h.status end`,
      at: sql`coalesce(h.decided_at, h.created_at)`,
      entryId: sql`'handover:' || h.status || ':' || h.id::text`,
      actor: sql`case when h.status = 'pending' then h.from_id else h.to_user_id end`,
      recordKind: 'handover',
      recordId: sql`h.id`,
      label: sql`h.title`,
      params: sql`jsonb_build_object('kind', h.kind, 'to', (select display_name from users where id = h.to_user_id))`,
      text: sql`case when h.status = 'pending' then h.context else h.response_note end`,
      from: sql`handovers h`,
      where: sql`h.customer_id = ${subject.id}
        and (${teamworkAccess.where(ctx.actor, 'read', sql`h.from_id`)} or ${teamworkAccess.where(ctx.actor, 'read', sql`h.to_user_id`)})`,
    },
  ]);
}

export const teamworkFeedSource: FeedSource = { name: 'teamwork', types: ['escalation', 'handover'], entries: teamworkEntries };
