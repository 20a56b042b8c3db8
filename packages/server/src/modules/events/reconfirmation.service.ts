import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { ReconfirmList, reconfirmOutcomeSchema } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Database } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { AppError, conflict, notFound } from '../../platform/errors.js';
import { contactVisibility, maskPhone } from '../../platform/access/masking.js';
import { abilitySql } from '../../platform/access/index.js';
import { getSettings } from '../../platform/settings/settings.js';
import { notify } from '../../platform/notifications/notifications.js';
import { deliverDueMessages, enqueueMessage, getSenders, outboundMessages } from '../../platform/notifications/senders/index.js';
import { users } from '../org/index.js';
import { customers, followUpTasks, logInteraction } from '../customers/index.js';
import { eventInvitations, events } from './events.schema.js';
import { eventReconfirmations } from './event-ops.schema.js';
import { eventsAccess } from './events.access.js';
import { getEventSettings } from './events.settings.js';
import { getEventOpsSettings } from './event-ops.settings.js';
import { loadEvent } from './events.service.js';
import { changeInvitationStatus } from './invitations.service.js';
import { canRecordOutcome } from './event-rules.js';
import { salutation } from './invitation-script.js';
import { formatInZone } from './zone-format.js';

const HOUR = 3_600_000;

type DueRow = {
  invitation_id: string;
  event_id: string;
  caller_id: string;
  customer_id: string;
  channel: string;
  qr_token: string;
  customer_name: string;
  kind: string;
  gender: 'male' | 'female' | 'other' | null;
  phone: string | null;
  email: string | null;
  caller_name: string | null;
  theme: string;
  starts_at: string | Date;
  venue: string | null;
  address: string | null;
};

/**
 * The day-before job (issue 17 item 5): for each event in inviting/ready whose reconfirmation time has
 * come and which has not started, every accepted invitation not yet handled gets a reconfirmation
 * row, a task for its caller ("reconfirm" call list) and a reminder message with time, place and the
 * check-in code through the senders. The unique index on the invitation makes a re-run (or a second
 * process) add nothing; after downtime the next run catches up once, while the event is still ahead.
 */
export async function runReconfirmations(db: Database, now: Date): Promise<{ events: number; reconfirmations: number; messages: number }> {
  const [company, ops] = await Promise.all([getSettings(db, { fresh: true }), getEventOpsSettings(db, { fresh: true })]);
  const tz = company.timeZone;
  const created = await db.transaction(async (tx) => {
    const due = await tx.execute<DueRow>(sql`
      select ei.id as invitation_id, ei.event_id, ei.caller_id, ei.customer_id, ei.channel, ei.qr_token,
             c.name as customer_name, c.kind, c.gender, c.phone, c.email, u.display_name as caller_name,
             e.theme, e.starts_at, e.venue, e.address
        from events e
        join event_invitations ei on ei.event_id = e.id and ei.status = 'accepted'
        join customers c on c.id = ei.customer_id
        left join users u on u.id = ei.caller_id
       where e.status in ('inviting', 'ready') and e.starts_at > ${now}
         and (((e.starts_at at time zone ${tz})::date - 1) + make_time(${ops.reconfirmHour}, 0, 0)) at time zone ${tz} <= ${now}
         and not exists (select 1 from event_reconfirmations r where r.invitation_id = ei.id)
       order by e.starts_at, ei.id
       for update of ei skip locked`);
    let messages = 0;
    const perCaller = new Map<string, { eventId: string; theme: string; count: number }>();
    const perEvent = new Map<string, { theme: string; count: number; startsAt: Date }>();
    for (const row of due.rows) {
      const startsAt = new Date(row.starts_at);
      const time = formatInZone(startsAt, tz);
      const place = [row.venue, row.address].filter(Boolean).join('，');
      const name = row.kind === 'organization' ? row.customer_name : salutation(row.customer_name, row.gender);
      const body = `${name}您好！${company.companyName}提醒您：「${row.theme}」将于${time}在${place || '会场'}举行，入场签到码 ${row.qr_token}（请出示二维码）。如有变动请联系${row.caller_name ?? '您的顾问'}。`;
      const useEmail = row.channel === 'email' && row.email;
      const recipient = useEmail ? row.email : row.phone;
      const messageId = recipient
        ? await enqueueMessage(tx, {
            channel: useEmail ? 'email' : 'sms',
            recipient,
            subject: useEmail ? `参会提醒：${row.theme}` : null,
            body,
            ref: `event-reminder:${row.invitation_id}`,
            now,
          })
        : null;
      if (messageId) messages++;
      const [task] = await tx
        .insert(followUpTasks)
        .values({
          customerId: row.customer_id,
          ownerId: row.caller_id,
          title: `会前确认：${row.theme}（${row.customer_name}）`.slice(0, 200),
          dueAt: new Date(Math.min(startsAt.getTime() - HOUR, now.getTime() + 8 * HOUR)),
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: followUpTasks.id });
      await tx
        .insert(eventReconfirmations)
        .values({
          eventId: row.event_id,
          invitationId: row.invitation_id,
          callerId: row.caller_id,
          messageId,
          taskId: task!.id,
          createdAt: now,
        })
        .onConflictDoNothing();
      const key = `${row.caller_id}|${row.event_id}`;
      perCaller.set(key, { eventId: row.event_id, theme: row.theme, count: (perCaller.get(key)?.count ?? 0) + 1 });
      perEvent.set(row.event_id, { theme: row.theme, startsAt, count: (perEvent.get(row.event_id)?.count ?? 0) + 1 });
    }
    await notify(
      tx,
      [...perCaller.entries()].map(([key, item]) => ({
        userId: key.split('|')[0]!,
        kind: 'events.reconfirm',
        title: `会前确认：${item.theme}，${item.count} 位客户待确认`,
        titleMessage: { key: 'events.ops.notices.reconfirmDue', params: { theme: item.theme, count: item.count } },
        link: `/events/${item.eventId}/reconfirm`,
      })),
    );
    // The sales group hears it too, when a WeCom or DingTalk robot is configured.
    const senders = getSenders();
    for (const [eventId, item] of perEvent) {
      for (const channel of ['wecom', 'dingtalk'] as const) {
        if (senders[channel].name === 'log') continue;
        await enqueueMessage(tx, {
          channel,
          recipient: null,
          subject: null,
          body: `【会前确认】「${item.theme}」${formatInZone(item.startsAt, tz)}：${item.count} 位已同意参会的客户待电话确认。`,
          ref: `event-reconfirm-group:${channel}:${eventId}`,
          now,
        });
      }
    }
    return { events: perEvent.size, reconfirmations: due.rows.length, messages };
  });
  await deliverDueMessages(db, now);
  return created;
}

const caller = alias(users, 'reconfirm_caller');

/** The reconfirm call list: the caller's own, or all of the event's for its organisers. */
export async function getReconfirmList(ctx: Ctx, eventId: string): Promise<ReconfirmList> {
  const row = await loadEvent(ctx, eventId);
  const all = row.canInvite || row.canWrite;
  const settings = await getEventSettings(ctx.db);
  const rows = await ctx.db
    .select({
      r: eventReconfirmations,
      invitationStatus: eventInvitations.status,
      customerName: customers.name,
      phone: customers.phone,
      phoneVisible: abilitySql(contactVisibility(ctx.actor).where(customers.ownerId)),
      callerName: caller.displayName,
      reminderStatus: outboundMessages.status,
      reminderChannel: outboundMessages.channel,
    })
    .from(eventReconfirmations)
    .innerJoin(eventInvitations, eq(eventInvitations.id, eventReconfirmations.invitationId))
    .innerJoin(customers, eq(customers.id, eventInvitations.customerId))
    .leftJoin(caller, eq(caller.id, eventReconfirmations.callerId))
    .leftJoin(outboundMessages, eq(outboundMessages.id, eventReconfirmations.messageId))
    .where(and(eq(eventReconfirmations.eventId, eventId), all ? undefined : eq(eventReconfirmations.callerId, ctx.actor.id)))
    .orderBy(sql`${eventReconfirmations.outcome} nulls first`, asc(customers.name), asc(eventReconfirmations.id))
    .limit(1000);
  return {
    declineReasons: settings.declineReasons,
    items: rows.map((r) => {
      const visible = r.phoneVisible && r.phone;
      return {
        id: r.r.id,
        invitationId: r.r.invitationId,
        customerName: r.customerName,
        phone: r.phoneVisible ? r.phone : maskPhone(r.phone),
        tel: visible ? r.phone!.replace(/[^\d+]/g, '') : null,
        callerId: r.r.callerId,
        callerName: r.callerName,
        invitationStatus: r.invitationStatus,
        outcome: r.r.outcome,
        outcomeAt: iso(r.r.outcomeAt),
        reminderStatus: r.reminderStatus,
        reminderChannel: r.reminderChannel,
        createdAt: iso(r.r.createdAt)!,
        version: r.r.version,
      };
    }),
  };
}

const OUTCOME_TEXT = { confirmed: '会前确认：确认参会', cancelled: '会前确认：不能参会', no_answer: '会前确认：未接通' } as const;

/**
 * Records a reconfirmation call (R-EVT-1): reconfirmed → the invitation is confirmed; "can't come after
 * all" → declined with a reason from the list; no answer → stays accepted (call again). Logged on the
 * customer's timeline; the caller's reconfirmation task is done once an answer is in.
 */
export async function recordReconfirmation(ctx: Ctx, id: string, input: z.infer<typeof reconfirmOutcomeSchema>): Promise<ReconfirmList> {
  const eventId = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ r: eventReconfirmations, i: eventInvitations, event: events })
      .from(eventReconfirmations)
      .innerJoin(eventInvitations, eq(eventInvitations.id, eventReconfirmations.invitationId))
      .innerJoin(events, eq(events.id, eventReconfirmations.eventId))
      .where(
        and(
          eq(eventReconfirmations.id, id),
          sql`(${eventsAccess.where(ctx.actor, 'invite', events.organiserId)} or ${eventReconfirmations.callerId} = ${ctx.actor.id})`,
        ),
      )
      .for('update', { of: eventReconfirmations });
    if (!row) throw notFound('reconfirmation');
    if (row.r.version !== input.version) throw conflict();
    if (!canRecordOutcome(row.event.status)) {
      throw new AppError('rule', `no calls are recorded while the event is ${row.event.status}`, { field: 'body.outcome' });
    }
    if (input.outcome === 'confirmed') {
      await changeInvitationStatus(ctx, row.i.id, { status: 'confirmed', version: row.i.version });
    } else if (input.outcome === 'cancelled') {
      await changeInvitationStatus(ctx, row.i.id, {
        status: 'declined',
        version: row.i.version,
        reason: input.reason ?? null,
        note: input.note ?? null,
      });
    } else if (row.i.status !== 'accepted') {
      throw new AppError('rule', `invitation transition ${row.i.status} → no answer is not allowed`, {
        rule: 'R-EVT-1',
        field: 'body.outcome',
      });
    }
    await tx
      .update(eventReconfirmations)
      .set({ outcome: input.outcome, outcomeAt: ctx.now, version: sql`${eventReconfirmations.version} + 1` })
      .where(eq(eventReconfirmations.id, id));
    if (input.outcome !== 'no_answer' && row.r.taskId) {
      await tx
        .update(followUpTasks)
        .set({ doneAt: ctx.now, updatedAt: ctx.now, version: sql`${followUpTasks.version} + 1` })
        .where(and(eq(followUpTasks.id, row.r.taskId), sql`${followUpTasks.doneAt} is null`));
    }
    await logInteraction(ctx, row.i.customerId, {
      type: 'call',
      occurredAt: ctx.now.toISOString(),
      outcome: `${row.event.theme}: ${OUTCOME_TEXT[input.outcome]}${input.reason ? ` (${input.reason})` : ''}`.slice(0, 200),
      notes: input.note ?? null,
    });
    return row.event.id;
  });
  return getReconfirmList(ctx, eventId);
}
