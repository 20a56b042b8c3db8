import { message } from '@xiaoguan/shared';
import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { eventFollowUpListSchema, FollowUpKind } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Executor } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { forbidden } from '../../platform/errors.js';
import { notify } from '../../platform/notifications/notifications.js';
import { users } from '../org/index.js';
import { customers, followUpTasks } from '../customers/index.js';
import { eventFollowUps } from './event-ops.schema.js';
import { getEventOpsSettings } from './event-ops.settings.js';
import { loadEvent } from './events.service.js';

const DAY = 86_400_000;
const DEFAULT_TIME_CONFLICT = '时间冲突';

/**
 * Who gets which follow-up when an event closes (001 客户跟进): an attendee without a deal since the
 * event started → follow up within N days; an attendee who bought → delivery and satisfaction call;
 * a no-show → re-invite (its own N); a decliner whose reason is the time-conflict reason → invite to
 * the next event of the same type; everyone else nothing. Pure, for the rule's test;
 * `createCloseFollowUps` applies it to the rows.
 */
export function followUpKindFor(
  invitation: { status: string; hasDeal: boolean; declineReason?: string | null },
  timeConflictReason: string = DEFAULT_TIME_CONFLICT,
): FollowUpKind | null {
  if (invitation.status === 'attended') return invitation.hasDeal ? 'buyer' : 'attendee';
  if (invitation.status === 'no_show') return 'no_show';
  if (invitation.status === 'declined' && invitation.declineReason === timeConflictReason) return 'time_conflict';
  return null;
}

const TITLE: Record<FollowUpKind, (theme: string, name: string, next: string | null) => string> = {
  attendee: (theme, name) => `会后跟进：${name}（${theme}）`,
  buyer: (theme, name) => `交付与满意度回访：${name}（${theme}）`,
  no_show: (theme, name) => `未到场回访，邀约下次活动：${name}（${theme}）`,
  time_conflict: (theme, name, next) =>
    next ? `邀约参加下次活动「${next}」：${name}（${theme}时间冲突）` : `邀约参加下次同类活动：${name}（${theme}时间冲突）`,
};

/**
 * Creates the close follow-ups in the closing transaction: a task for the inviting rep (the caller)
 * per attendee (with a deal: delivery and satisfaction call; without: follow up), per no-show and per
 * time-conflict decliner (naming the next event of the same type, if one is planned), due in the
 * configured days, on their "my day". A deal is an order or signed contract of the customer since the
 * event started or began running (customer_orders, the customers module's order seam). One row per
 * invitation in event_follow_ups: running it again adds nothing.
 */
export async function createCloseFollowUps(ctx: Ctx, tx: Executor, eventId: string): Promise<number> {
  const settings = await getEventOpsSettings(tx);
  const timeConflict = settings.timeConflictReason ?? DEFAULT_TIME_CONFLICT;
  const rows = await tx.execute<{
    invitation_id: string;
    customer_id: string;
    customer_name: string;
    caller_id: string;
    status: string;
    decline_reason: string | null;
    theme: string;
    next_theme: string | null;
    has_deal: boolean;
  }>(sql`
    select ei.id as invitation_id, ei.customer_id, c.name as customer_name, ei.caller_id, ei.status, ei.decline_reason, e.theme,
           (select n.theme from events n where n.type = e.type and n.id <> e.id and n.starts_at > e.starts_at
               and n.status in ('draft', 'inviting', 'ready') order by n.starts_at, n.id limit 1) as next_theme,
           exists (select 1 from customer_orders co where co.customer_id = ei.customer_id
                     and co.ordered_at >= least(e.starts_at, (select min(h.at) from event_status_history h
                                                               where h.event_id = e.id and h.to_status = 'running'))) as has_deal
      from event_invitations ei
      join events e on e.id = ei.event_id
      join customers c on c.id = ei.customer_id
     where ei.event_id = ${eventId}
       and (ei.status in ('attended', 'no_show') or (ei.status = 'declined' and ei.decline_reason = ${timeConflict}))
       and not exists (select 1 from event_follow_ups f where f.invitation_id = ei.id)
     order by ei.id`);
  const perCaller = new Map<string, number>();
  let theme = '';
  let created = 0;
  for (const row of rows.rows) {
    const kind = followUpKindFor({ status: row.status, hasDeal: row.has_deal, declineReason: row.decline_reason }, timeConflict);
    if (!kind) continue;
    theme = row.theme;
    const days = kind === 'attendee' || kind === 'buyer' ? settings.followUpDays : settings.noShowFollowUpDays;
    const [task] = await tx
      .insert(followUpTasks)
      .values({
        customerId: row.customer_id,
        ownerId: row.caller_id,
        title: TITLE[kind](row.theme, row.customer_name, row.next_theme).slice(0, 200),
        dueAt: new Date(ctx.now.getTime() + days * DAY),
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning({ id: followUpTasks.id });
    const inserted = await tx
      .insert(eventFollowUps)
      .values({ eventId, invitationId: row.invitation_id, kind, taskId: task!.id, createdAt: ctx.now })
      .onConflictDoNothing()
      .returning({ id: eventFollowUps.id });
    if (!inserted.length) {
      await tx.delete(followUpTasks).where(eq(followUpTasks.id, task!.id));
      continue;
    }
    created++;
    perCaller.set(row.caller_id, (perCaller.get(row.caller_id) ?? 0) + 1);
  }
  await notify(
    tx,
    [...perCaller.entries()].map(([userId, count]) => ({
      userId,
      kind: 'events.followUps',
      title: `会后跟进：${theme}，${count} 项任务`,
      titleMessage: { key: 'events.ops.notices.followUpsCreated', params: { theme, count } },
      link: '/',
    })),
  );
  if (created)
    await ctx.audit(tx, {
      action: 'create',
      entity: 'event_follow_ups',
      entityId: eventId,
      summary: `${created} follow-up tasks`,
      summaryMessage: message('audit.messages.eventFollowUpsCreated', { count: created }),
    });
  return created;
}

const owner = alias(users, 'follow_up_owner');

/** The follow-ups an event's close generated, with their tasks' state; for those who organise it. */
export async function listEventFollowUps(ctx: Ctx, eventId: string): Promise<z.infer<typeof eventFollowUpListSchema>> {
  const row = await loadEvent(ctx, eventId);
  if (!row.canWrite && !row.canInvite) throw forbidden('an event’s follow-ups are for its organisers');
  const rows = await ctx.db
    .select({
      f: eventFollowUps,
      customerName: customers.name,
      ownerName: owner.displayName,
      title: followUpTasks.title,
      dueAt: followUpTasks.dueAt,
      doneAt: followUpTasks.doneAt,
    })
    .from(eventFollowUps)
    .innerJoin(followUpTasks, eq(followUpTasks.id, eventFollowUps.taskId))
    .innerJoin(customers, eq(customers.id, followUpTasks.customerId))
    .leftJoin(owner, eq(owner.id, followUpTasks.ownerId))
    .where(and(eq(eventFollowUps.eventId, eventId)))
    .orderBy(asc(eventFollowUps.kind), asc(customers.name), asc(eventFollowUps.id));
  return {
    items: rows.map((r) => ({
      id: r.f.id,
      kind: r.f.kind,
      customerName: r.customerName,
      ownerName: r.ownerName,
      title: r.title,
      dueAt: iso(r.dueAt)!,
      doneAt: iso(r.doneAt),
    })),
  };
}
