import { message } from '@xiaoguan/shared';
import { and, asc, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type {
  CallList,
  CallListQuery,
  CallOutcomeInput,
  CheckInBoard,
  CheckInCard,
  CheckInBatchResult,
  CheckInResult,
  EventMetrics,
  Invitation,
  InvitationChannel,
  InvitationPlanResult,
  InvitationStatus,
} from '@xiaoguan/shared';
import type { z } from 'zod';
import type {
  invitationCreateSchema,
  invitationListQuerySchema,
  invitationPlanSchema,
  invitationReassignSchema,
  invitationTransitionSchema,
} from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Executor, Tx } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { contactVisibility, maskPhone } from '../../platform/access/masking.js';
import { abilitySql } from '../../platform/access/index.js';
import { getSettings } from '../../platform/settings/settings.js';
import { resolveOwner, users } from '../org/index.js';
import { createTask, customerInScope, customerReadScope, customers, logInteraction } from '../customers/index.js';
import { eventInvitations, events } from './events.schema.js';
import { eventsAccess } from './events.access.js';
import { getEventSettings } from './events.settings.js';
import { loadEvent } from './events.service.js';
import { assertCanAddInvitation, canCheckIn, canRecordOutcome } from './event-rules.js';
import { assertDeclineReason, assertInvitationMove, nextInvitationStatuses, statusAfterOutcome } from './invitation-rules.js';
import { mergeScript, salutation } from './invitation-script.js';
import { formatInZone } from './zone-format.js';
import { checkInTime } from './check-in-rules.js';
import { unmatchedCheckIn } from './invitation-qr.js';
import { eventFigures, invitationProfileWhere } from './event-reports.service.js';
import { companyToday } from '../products/index.js';

type InvitationRecord = typeof eventInvitations.$inferSelect;
const caller = alias(users, 'caller');
const owner = alias(users, 'owner');
const checker = alias(users, 'checker');

/** The interaction type a channel's call or message is logged as (R-CUS-1 cadence counts it). */
const INTERACTION_OF_CHANNEL: Record<InvitationChannel, 'call' | 'sms' | 'email' | 'wechat'> = {
  phone: 'call',
  sms: 'sms',
  email: 'email',
  wechat: 'wechat',
};

/**
 * Which invitations of a readable event the caller sees: all of them for those who organise it
 * (the organiser's write or invite scope), otherwise the ones they call for.
 */
export function invitationScope(ctx: Ctx): SQL {
  return sql`(${eventsAccess.where(ctx.actor, 'write', events.organiserId)} or ${eventsAccess.where(ctx.actor, 'invite', events.organiserId)} or ${eventInvitations.callerId} = ${ctx.actor.id})`;
}

function selectInvitations(ctx: Ctx, executor: Executor) {
  return executor
    .select({
      i: eventInvitations,
      eventStatus: events.status,
      customerName: customers.name,
      phone: customers.phone,
      phoneVisible: abilitySql(contactVisibility(ctx.actor).where(customers.ownerId)),
      ownerName: owner.displayName,
      callerName: caller.displayName,
      checkedInByName: checker.displayName,
      canManage: abilitySql(eventsAccess.where(ctx.actor, 'invite', events.organiserId)),
    })
    .from(eventInvitations)
    .innerJoin(events, eq(events.id, eventInvitations.eventId))
    .innerJoin(customers, eq(customers.id, eventInvitations.customerId))
    .leftJoin(owner, eq(owner.id, customers.ownerId))
    .leftJoin(caller, eq(caller.id, eventInvitations.callerId))
    .leftJoin(checker, eq(checker.id, eventInvitations.checkedInById));
}
type Selected = Awaited<ReturnType<ReturnType<typeof selectInvitations>['where']>>[number];

function presentInvitation(ctx: Ctx, row: Selected): Invitation {
  const i = row.i;
  const works = row.canManage || i.callerId === ctx.actor.id;
  return {
    id: i.id,
    eventId: i.eventId,
    customerId: i.customerId,
    customerName: row.customerName,
    phone: row.phoneVisible ? row.phone : maskPhone(row.phone),
    ownerName: row.ownerName,
    callerId: i.callerId,
    callerName: row.callerName,
    channel: i.channel,
    source: i.source,
    status: i.status,
    statusAt: iso(i.statusAt)!,
    lastOutcome: i.lastOutcome,
    attempts: i.attempts,
    retryAt: iso(i.retryAt),
    declineReason: i.declineReason,
    declineNote: i.declineNote,
    questions: i.questions,
    checkedInAt: iso(i.checkedInAt),
    checkedInByName: row.checkedInByName,
    seat: i.seat,
    version: i.version,
    abilities: {
      recordOutcome: works && canRecordOutcome(row.eventStatus) && (i.status === 'pending' || i.status === 'accepted'),
      confirm: works && canRecordOutcome(row.eventStatus) && nextInvitationStatuses(i.status).includes('confirmed'),
      cancel: row.canManage && nextInvitationStatuses(i.status).includes('cancelled'),
      reassign: row.canManage,
    },
  };
}

/** An event's invitations the caller may see (all for its organisers, their own for callers). */
export async function listInvitations(ctx: Ctx, eventId: string, query: z.infer<typeof invitationListQuerySchema>) {
  await loadEvent(ctx, eventId);
  const filters: SQL[] = [eq(eventInvitations.eventId, eventId), invitationScope(ctx)];
  if (query.status) filters.push(eq(eventInvitations.status, query.status));
  if (query.callerId) filters.push(eq(eventInvitations.callerId, query.callerId));
  if (query.ageBand || query.gender || query.occupation || query.interest) {
    filters.push(...invitationProfileWhere(query, await companyToday(ctx)));
  }
  const where = and(...filters);
  const [rows, [total]] = await Promise.all([
    selectInvitations(ctx, ctx.db)
      .where(where)
      .orderBy(asc(customers.name), asc(eventInvitations.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    ctx.db
      .select({ total: sql<number>`count(*)::int` })
      .from(eventInvitations)
      .innerJoin(events, eq(events.id, eventInvitations.eventId))
      .innerJoin(customers, eq(customers.id, eventInvitations.customerId))
      .where(where),
  ]);
  return { items: rows.map((row) => presentInvitation(ctx, row)), total: total!.total, page: query.page, pageSize: query.pageSize };
}

async function getInvitation(ctx: Ctx, id: string, executor: Executor = ctx.db): Promise<Invitation> {
  const [row] = await selectInvitations(ctx, executor).where(and(eq(eventInvitations.id, id), invitationScope(ctx)));
  if (!row) throw notFound('invitation');
  return presentInvitation(ctx, row);
}

/** The event, locked, if the caller may invite for it (its organiser's invite scope); 404 otherwise. */
async function lockInvitingEvent(ctx: Ctx, tx: Executor, eventId: string) {
  eventsAccess.require(ctx.actor, 'invite');
  const [event] = await tx
    .select()
    .from(events)
    .where(and(eq(events.id, eventId), eventsAccess.where(ctx.actor, 'invite', events.organiserId)))
    .for('update');
  if (!event) throw notFound('event');
  return event;
}

/** The customers an invitation plan picks: its filters, always inside the caller's customer scope (R-SEC-1). */
function planFilters(ctx: Ctx, eventId: string, filter: z.infer<typeof invitationPlanSchema>, today: string): SQL[] {
  const where: SQL[] = [customerReadScope(ctx), isNotNull(customers.ownerId)];
  if (filter.tier?.length) where.push(inArray(customers.tier, filter.tier));
  if (filter.lifecycle?.length) where.push(inArray(customers.status, filter.lifecycle));
  if (filter.segment?.length) {
    where.push(
      sql`exists (select 1 from customer_rfm seg where seg.customer_id = ${customers.id} and seg.segment = any(${sql.param(filter.segment)}::text[]))`,
    );
  }
  if (filter.teamId) where.push(eq(customers.teamId, filter.teamId));
  if (filter.ownerId) where.push(eq(customers.ownerId, filter.ownerId));
  if (filter.attendedBefore) {
    where.push(sql`exists (select 1 from event_invitations past where past.customer_id = ${customers.id} and past.status = 'attended')`);
  }
  if (filter.excludeNoShows) {
    where.push(sql`not exists (select 1 from event_invitations past where past.customer_id = ${customers.id} and past.status = 'no_show')`);
  }
  if (filter.notInvitedDays) {
    const since = new Date(ctx.now.getTime() - filter.notInvitedDays * 86_400_000);
    where.push(
      sql`not exists (select 1 from event_invitations recent where recent.customer_id = ${customers.id} and recent.event_id <> ${eventId} and recent.created_at >= ${since})`,
    );
  }
  where.push(...invitationProfileWhere(filter, today));
  return where;
}

/**
 * Builds the invitation list from the customer base (001 邀约流程.1): the filters, within the
 * caller's customer scope, customers already invited skipped; each caller defaults to the owner.
 * `dryRun` previews the count and a sample without writing.
 */
export async function buildInvitationPlan(
  ctx: Ctx,
  eventId: string,
  input: z.infer<typeof invitationPlanSchema>,
): Promise<InvitationPlanResult> {
  const today = await companyToday(ctx);
  return ctx.db.transaction(async (tx) => {
    const event = await lockInvitingEvent(ctx, tx, eventId);
    assertCanAddInvitation(event.status, 'plan');
    const where = and(...planFilters(ctx, eventId, input, today))!;
    const notYet = sql`not exists (select 1 from event_invitations mine where mine.event_id = ${eventId} and mine.customer_id = ${customers.id})`;
    const [counted] = await tx
      .select({ matched: sql<number>`count(*)::int`, fresh: sql<number>`count(*) filter (where ${notYet})::int` })
      .from(customers)
      .where(where);
    const sample = await tx
      .select({ customerId: customers.id, customerName: customers.name, ownerName: owner.displayName })
      .from(customers)
      .leftJoin(owner, eq(owner.id, customers.ownerId))
      .where(and(where, notYet))
      .orderBy(asc(customers.name), asc(customers.id))
      .limit(10);
    const matched = counted!.matched;
    const fresh = Math.min(counted!.fresh, input.limit);
    if (input.dryRun) return { matched, created: 0, skipped: matched - counted!.fresh, sample };
    const inserted = await tx.execute<{ id: string }>(sql`
      insert into event_invitations (event_id, customer_id, caller_id, channel, source, status_at, qr_token, created_at, updated_at)
      select ${eventId}, customers.id, customers.owner_id, ${input.channel}, 'plan', ${ctx.now}, replace(gen_random_uuid()::text, '-', ''), ${ctx.now}, ${ctx.now}
        from customers
       where ${where} and ${notYet}
       order by customers.name, customers.id
       limit ${input.limit}
      on conflict (event_id, customer_id) do nothing
      returning id`);
    await ctx.audit(tx, {
      action: 'create',
      entity: 'event_invitations',
      entityId: eventId,
      summary: `invitation plan: ${inserted.rows.length} customers`,
      summaryMessage: message('audit.messages.invitationPlanBuilt', { count: inserted.rows.length }),
    });
    return { matched, created: inserted.rows.length, skipped: matched - fresh, sample };
  });
}

/** Invites one customer (from the customer page): within the caller's customer scope; the caller defaults to the owner. */
export async function addInvitation(ctx: Ctx, eventId: string, input: z.infer<typeof invitationCreateSchema>): Promise<Invitation> {
  const id = await ctx.db.transaction(async (tx) => {
    const event = await lockInvitingEvent(ctx, tx, eventId);
    assertCanAddInvitation(event.status, 'single');
    const customer = await customerInScope(ctx, tx, input.customerId);
    if (!customer.ownerId) throw badRequest('body.customerId', 'the customer is in the pool: claim or assign it first');
    const callerId = input.callerId ? await callerInScope(ctx, tx, input.callerId) : customer.ownerId;
    const [created] = await tx
      .insert(eventInvitations)
      .values({
        eventId,
        customerId: customer.id,
        callerId,
        channel: input.channel,
        source: 'single',
        statusAt: ctx.now,
        qrToken: sql`replace(gen_random_uuid()::text, '-', '')`,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .onConflictDoNothing()
      .returning({ id: eventInvitations.id });
    if (!created) throw new AppError('conflict', 'the customer is already invited to this event', { field: 'body.customerId' });
    await ctx.audit(tx, { action: 'create', entity: 'event_invitations', entityId: created.id, summary: customer.name });
    return created.id;
  });
  return getInvitation(ctx, id);
}

/** A caller must be an active user within the caller's invite scope (a manager's region, a supervisor's team). */
async function callerInScope(ctx: Ctx, tx: Executor, callerId: string): Promise<string> {
  const access = {
    where: (actor: typeof ctx.actor, _action: 'write', id: Parameters<typeof eventsAccess.where>[2]) =>
      eventsAccess.where(actor, 'invite', id),
  };
  try {
    return (await resolveOwner(tx, access, ctx.actor, callerId, null)).id;
  } catch {
    throw badRequest('body.callerId', 'the caller must be an active user in your scope');
  }
}

/** Reassigns callers in bulk (a manager moves a rep's list to another): all or nothing. */
export async function reassignInvitations(
  ctx: Ctx,
  eventId: string,
  input: z.infer<typeof invitationReassignSchema>,
): Promise<{ updated: number }> {
  return ctx.db.transaction(async (tx) => {
    await lockInvitingEvent(ctx, tx, eventId);
    const callerId = await callerInScope(ctx, tx, input.callerId);
    const ids = [...new Set(input.invitationIds)];
    const updated = await tx
      .update(eventInvitations)
      .set({ callerId, updatedAt: ctx.now, version: sql`${eventInvitations.version} + 1` })
      .where(and(eq(eventInvitations.eventId, eventId), inArray(eventInvitations.id, ids)))
      .returning({ id: eventInvitations.id });
    if (updated.length !== ids.length) throw badRequest('body.invitationIds', 'some invitations are not of this event');
    await ctx.audit(tx, {
      action: 'update',
      entity: 'event_invitations',
      entityId: eventId,
      changes: { callerId: [null, callerId] },
      summary: `reassigned ${ids.length} invitations`,
      summaryMessage: message('audit.messages.invitationsReassigned', { count: ids.length }),
    });
    return { updated: ids.length };
  });
}

/** The invitation, locked, if the caller works it (its caller, or the event's organisers); 404 otherwise. */
async function lockWorkableInvitation(ctx: Ctx, tx: Tx, id: string) {
  const [row] = await tx
    .select({ i: eventInvitations, event: events })
    .from(eventInvitations)
    .innerJoin(events, eq(events.id, eventInvitations.eventId))
    .where(
      and(
        eq(eventInvitations.id, id),
        sql`(${eventsAccess.where(ctx.actor, 'invite', events.organiserId)} or ${eventInvitations.callerId} = ${ctx.actor.id})`,
      ),
    )
    .for('update', { of: eventInvitations });
  if (!row) throw notFound('invitation');
  return row;
}

async function moveInvitation(
  ctx: Ctx,
  tx: Tx,
  invitation: InvitationRecord,
  to: InvitationStatus,
  extra: Partial<typeof eventInvitations.$inferInsert> = {},
): Promise<void> {
  assertInvitationMove(invitation.status, to);
  await tx
    .update(eventInvitations)
    .set({
      status: to,
      statusAt: ctx.now,
      ...(to === 'accepted' ? { acceptedAt: ctx.now } : {}),
      ...(to === 'confirmed' ? { confirmedAt: ctx.now } : {}),
      ...extra,
      updatedAt: ctx.now,
      version: sql`${eventInvitations.version} + 1`,
    })
    .where(eq(eventInvitations.id, invitation.id));
  await ctx.audit(tx, {
    action: 'update',
    entity: 'event_invitations',
    entityId: invitation.id,
    changes: { status: [invitation.status, to] },
  });
}

/**
 * R-EVT-1: moves an invitation by hand (reconfirmed → confirmed, cancelled, declined after all);
 * 422 naming a transition the machine refuses; attendance only through check-in.
 */
export async function changeInvitationStatus(ctx: Ctx, id: string, input: z.infer<typeof invitationTransitionSchema>): Promise<Invitation> {
  await ctx.db.transaction(async (tx) => {
    const { i, event } = await lockWorkableInvitation(ctx, tx, id);
    if (i.version !== input.version) throw conflict();
    if (input.status === 'attended')
      throw new AppError('rule', 'attendance is recorded by checking in', { field: 'body.status', rule: 'R-EVT-1' });
    if (event.status === 'closed' || event.status === 'cancelled') {
      throw new AppError('rule', `invitations cannot change while the event is ${event.status}`, { field: 'body.status' });
    }
    assertInvitationMove(i.status, input.status);
    const extra: Partial<typeof eventInvitations.$inferInsert> = {};
    if (input.status === 'declined') {
      assertDeclineReason(input.reason, (await getEventSettings(ctx.db)).declineReasons);
      extra.declineReason = input.reason ?? null;
      extra.declineNote = input.note ?? null;
    }
    await moveInvitation(ctx, tx, i, input.status, extra);
  });
  return getInvitation(ctx, id);
}

/**
 * R-EVT-1 call outcome: accepted / declined (reason from the list + text) / no answer (retry later
 * in the window) / questions (text, and a follow-up task when an answer is owed). Each is logged as
 * an interaction on the customer's timeline, so contact cadence (R-CUS-1) and the pool clock see it.
 */
export async function recordCallOutcome(ctx: Ctx, id: string, input: CallOutcomeInput): Promise<Invitation> {
  const settings = await getEventSettings(ctx.db);
  await ctx.db.transaction(async (tx) => {
    const { i, event } = await lockWorkableInvitation(ctx, tx, id);
    if (i.version !== input.version) throw conflict();
    if (!canRecordOutcome(event.status)) {
      throw new AppError('rule', `no calls are recorded while the event is ${event.status}`, { field: 'body.outcome' });
    }
    const to = statusAfterOutcome(input.outcome);
    const extra: Partial<typeof eventInvitations.$inferInsert> = { lastOutcome: input.outcome, attempts: i.attempts + 1, retryAt: null };
    if (input.outcome === 'declined') {
      assertDeclineReason(input.reason, settings.declineReasons);
      extra.declineReason = input.reason ?? null;
      extra.declineNote = input.note ?? null;
    }
    if (input.outcome === 'no_answer') {
      const retryAt = input.retryAt ? new Date(input.retryAt) : new Date(ctx.now.getTime() + settings.retryMinutes * 60_000);
      if (retryAt.getTime() <= ctx.now.getTime()) throw badRequest('body.retryAt', 'must be in the future');
      if (retryAt.getTime() >= event.startsAt.getTime()) throw badRequest('body.retryAt', 'must be before the event starts');
      extra.retryAt = retryAt;
    }
    if (input.outcome === 'questions') {
      if (!input.note) throw badRequest('body.note', 'write down the questions');
      extra.questions = input.note;
    }
    if (to) {
      await moveInvitation(ctx, tx, i, to, extra);
    } else {
      if (i.status !== 'pending' && i.status !== 'accepted') {
        throw new AppError('rule', `invitation transition ${i.status} → ${input.outcome} is not allowed`, {
          rule: 'R-EVT-1',
          field: 'body.outcome',
        });
      }
      await tx
        .update(eventInvitations)
        .set({ ...extra, updatedAt: ctx.now, version: sql`${eventInvitations.version} + 1` })
        .where(eq(eventInvitations.id, i.id));
      await ctx.audit(tx, {
        action: 'update',
        entity: 'event_invitations',
        entityId: i.id,
        summary: `call outcome: ${input.outcome}`,
        summaryMessage: message(`audit.messages.callOutcome.${input.outcome}`),
      });
    }
    const outcomeText = `${event.theme}: ${OUTCOME_TEXT[input.outcome]}${input.reason ? ` (${input.reason})` : ''}`;
    await logInteraction(ctx, i.customerId, {
      type: INTERACTION_OF_CHANNEL[i.channel],
      occurredAt: ctx.now.toISOString(),
      outcome: outcomeText.slice(0, 200),
      notes: input.note ?? null,
    });
    if (input.outcome === 'questions' && input.followUp) {
      await createTask(ctx, {
        customerId: i.customerId,
        title: `${event.theme}: ${input.note}`.slice(0, 200),
        dueAt: new Date(ctx.now.getTime() + 86_400_000).toISOString(),
        ownerId: ctx.actor.id,
      });
    }
  });
  return getInvitation(ctx, id);
}

/** How an outcome reads on the customer's timeline (the company's language, like the seed's). */
const OUTCOME_TEXT: Record<CallOutcomeInput['outcome'], string> = {
  accepted: '邀约：同意参会',
  declined: '邀约：婉拒',
  no_answer: '邀约：未接通',
  questions: '邀约：客户有疑问',
};

/**
 * A caller's call list (phone-first page): their invitations still to work, each with a tel: link,
 * the merged invitation script, the customer's needs and last three interactions.
 */
export async function getCallList(ctx: Ctx, eventId: string, query: CallListQuery = {}): Promise<CallList> {
  const eventRow = await loadEvent(ctx, eventId);
  const event = eventRow.e;
  const who = query.callerId ?? ctx.actor.id;
  const profile =
    query.ageBand || query.gender || query.occupation || query.interest ? invitationProfileWhere(query, await companyToday(ctx)) : [];
  if (who !== ctx.actor.id && !eventRow.canInvite) throw forbidden('only the event’s organisers see another caller’s list');
  const [settings, company] = await Promise.all([getEventSettings(ctx.db), getSettings(ctx.db)]);
  const rows = await selectInvitations(ctx, ctx.db)
    .where(and(eq(eventInvitations.eventId, eventId), eq(eventInvitations.callerId, who), invitationScope(ctx), ...profile))
    .orderBy(
      sql`case ${eventInvitations.status} when 'pending' then 0 when 'accepted' then 1 else 2 end`,
      sql`${eventInvitations.retryAt} nulls first`,
      asc(customers.name),
      asc(eventInvitations.id),
    )
    .limit(500);
  const ids = rows.map((row) => row.i.customerId);
  const [details, recent] = ids.length
    ? await Promise.all([
        ctx.db
          .select({ id: customers.id, gender: customers.gender, kind: customers.kind, needs: customers.needs })
          .from(customers)
          .where(inArray(customers.id, ids)),
        ctx.db.execute<{ customer_id: string; type: string; occurred_at: string; outcome: string | null }>(sql`
          select r.customer_id, r.type, r.occurred_at, r.outcome from unnest(${sql.param(ids)}::uuid[]) c(id)
          cross join lateral (
            select i.customer_id, i.type, i.occurred_at, i.outcome from interactions i
             where i.customer_id = c.id and i.archived_at is null order by i.occurred_at desc limit 3) r`),
      ])
    : [[], { rows: [] }];
  const byId = new Map(details.map((d) => [d.id, d]));
  const callerName = rows[0]?.callerName ?? ctx.actor.displayName;
  const time = formatInZone(event.startsAt, company.timeZone);
  return {
    event: { id: event.id, theme: event.theme, startsAt: iso(event.startsAt)!, venue: event.venue, status: event.status },
    declineReasons: settings.declineReasons,
    items: rows.map((row) => {
      const item = presentInvitation(ctx, row);
      const detail = byId.get(row.i.customerId);
      const visible = row.phoneVisible && row.phone;
      return {
        ...item,
        tel: visible ? row.phone!.replace(/[^\d+]/g, '') : null,
        needs: detail?.needs ?? null,
        script: mergeScript(settings.invitationScript, {
          称呼: detail?.kind === 'organization' ? row.customerName : salutation(row.customerName, detail?.gender),
          公司: detail?.kind === 'organization' ? row.customerName : '',
          销售: row.callerName ?? callerName,
          公司名称: company.companyName,
          主题: event.theme,
          时间: time,
          地点: [event.venue, event.address].filter(Boolean).join('，'),
        }),
        lastInteractions: recent.rows
          .filter((r) => r.customer_id === row.i.customerId)
          .map((r) => ({ type: r.type, occurredAt: iso(r.occurred_at)!, outcome: r.outcome })),
      };
    }),
  };
}

// ——— On site: check-in (issue 17 item 6) ———

/** The event, if the caller checks people in there (check-in scope) and its doors are open. */
async function checkInEvent(ctx: Ctx, executor: Executor, eventId: string) {
  eventsAccess.require(ctx.actor, 'checkin');
  const [event] = await executor
    .select()
    .from(events)
    .where(and(eq(events.id, eventId), eventsAccess.where(ctx.actor, 'checkin', events.organiserId)));
  if (!event) throw notFound('event');
  return event;
}

const CARD_COLUMNS = sql`ei.id as "invitationId", c.name as "name", case when c.kind = 'organization' then c.name else null end as "company",
  c.phone as "phone", ei.seat as "seat", ei.status as "status", ei.source as "source", ei.checked_in_at as "checkedInAt", u.display_name as "checkedInByName"`;

type CardRow = {
  invitationId: string;
  name: string;
  company: string | null;
  phone: string | null;
  seat: string | null;
  status: InvitationStatus;
  source: CheckInCard['source'];
  checkedInAt: string | Date | null;
  checkedInByName: string | null;
};

/** Check-in staff see only name, company, masked phone and seat — never the rest of the record. */
function presentCard(row: CardRow): CheckInCard {
  return { ...row, phone: maskPhone(row.phone), checkedInAt: iso(row.checkedInAt) };
}

/** Finds invitees by name or the last four digits of their phone (the staff see the masked phone only). */
export async function searchCheckIn(ctx: Ctx, eventId: string, q: string): Promise<CheckInCard[]> {
  await checkInEvent(ctx, ctx.db, eventId);
  const digits = /^\d{4}$/.test(q) ? q : null;
  const match = digits ? sql`right(c.phone_key, 4) = ${digits}` : sql`c.name ilike ${`%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`}`;
  const result = await ctx.db.execute<CardRow>(sql`
    select ${CARD_COLUMNS} from event_invitations ei
      join customers c on c.id = ei.customer_id
      left join users u on u.id = ei.checked_in_by_id
     where ei.event_id = ${eventId} and ei.status not in ('declined', 'cancelled') and ${match}
     order by c.name, ei.id limit 20`);
  return result.rows.map(presentCard);
}

/**
 * Checks an invitee in by QR token (or invitation id): one atomic UPDATE … WHERE checked_in_at IS
 * NULL, so of two staff scanning the same code at once exactly one checks in; the other — and
 * any repeat — is answered "already checked in at HH:MM by NAME" with the same card (idempotent).
 */
export async function checkIn(
  ctx: Ctx,
  eventId: string,
  input: {
    token?: string | undefined;
    invitationId?: string | undefined;
    seat?: string | null | undefined;
    clientAt?: string | undefined;
  },
): Promise<CheckInResult> {
  const event = await checkInEvent(ctx, ctx.db, eventId);
  if (!canCheckIn(event.status)) throw new AppError('rule', `check-in is closed while the event is ${event.status}`);
  return checkInOne(ctx, event, input);
}

type CheckInInput = Parameters<typeof checkIn>[2];

/** One scan at an event whose doors are open (the caller's check-in scope checked): the race-safe, idempotent check-in. */
async function checkInOne(ctx: Ctx, event: typeof events.$inferSelect, input: CheckInInput): Promise<CheckInResult> {
  const eventId = event.id;
  const key = input.token ? sql`ei.qr_token = ${input.token}` : sql`ei.id = ${input.invitationId!}`;
  const checkedAt = checkInTime(input.clientAt, ctx.now, event.startsAt);
  const result = await ctx.db.transaction(async (tx) => {
    const updated = await tx.execute<{ id: string }>(sql`
      update event_invitations ei
         set status = 'attended', status_at = ${checkedAt}, checked_in_at = ${checkedAt}, checked_in_by_id = ${ctx.actor.id},
             seat = coalesce(${input.seat ?? null}, ei.seat), updated_at = ${ctx.now}, version = ei.version + 1
       where ei.event_id = ${eventId} and ${key} and ei.checked_in_at is null and ei.status in ('pending', 'accepted', 'confirmed')
      returning ei.id`);
    if (updated.rows.length) {
      await ctx.audit(tx, {
        action: 'update',
        entity: 'event_invitations',
        entityId: updated.rows[0]!.id,
        summary: 'checked in',
        summaryMessage: message('audit.messages.checkedIn'),
      });
    }
    return updated.rows.length > 0;
  });
  const found = await ctx.db.execute<CardRow>(sql`
    select ${CARD_COLUMNS} from event_invitations ei
      join customers c on c.id = ei.customer_id
      left join users u on u.id = ei.checked_in_by_id
     where ei.event_id = ${eventId} and ${key}`);
  const row = found.rows[0];
  if (!row) throw await unmatchedCheckIn(ctx.db, input);
  const card = presentCard(row);
  if (result) return { checkedIn: true, alreadyCheckedIn: false, message: `checked in ${card.name}`, card };
  if (card.status !== 'attended') {
    throw new AppError('rule', `invitation transition ${card.status} → attended is not allowed`, { rule: 'R-EVT-1', data: { card } });
  }
  const company = await getSettings(ctx.db);
  const at = formatInZone(new Date(card.checkedInAt!), company.timeZone, 'time');
  return {
    checkedIn: false,
    alreadyCheckedIn: true,
    message: `already checked in at ${at} by ${card.checkedInByName ?? '?'}`,
    card,
  };
}

/**
 * A phone's queued offline scans in one request (issue 17 item 6, the Speed target of 1,000 queued scans
 * in ≤ 10 s): the event and the caller's check-in scope are checked once, then each scan is the same
 * race-safe, idempotent check-in as one sent alone — in order, each with its own result; a refused
 * scan (unknown code, another event's code, an invalid transition) is reported in its place and does
 * not stop the others.
 */
export async function checkInBatch(ctx: Ctx, eventId: string, scans: readonly CheckInInput[]): Promise<CheckInBatchResult> {
  const event = await checkInEvent(ctx, ctx.db, eventId);
  if (!canCheckIn(event.status)) throw new AppError('rule', `check-in is closed while the event is ${event.status}`);
  const results: CheckInBatchResult['results'] = [];
  for (const scan of scans) {
    try {
      results.push({ ok: true, result: await checkInOne(ctx, event, scan), error: null });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      results.push({
        ok: false,
        result: null,
        error: { status: error.status, message: error.message, field: error.details.field ?? null },
      });
    }
  }
  return { results };
}

/** The door board: invited / confirmed / arrived / walk-ins / seats left, counted from the rows. */
export async function checkInBoard(ctx: Ctx, eventId: string): Promise<CheckInBoard> {
  const event = await checkInEvent(ctx, ctx.db, eventId).catch(async (error: unknown) => {
    // Organisers who may read the event see its board too.
    if (error instanceof AppError && (error.code === 'forbidden' || error.code === 'not_found')) return (await loadEvent(ctx, eventId)).e;
    throw error;
  });
  const [row] = await ctx.db
    .select({
      invited: sql<number>`count(*) filter (where ${eventInvitations.source} <> 'walk_in' and ${eventInvitations.status} not in ('declined', 'cancelled'))::int`,
      confirmed: sql<number>`count(*) filter (where ${eventInvitations.confirmedAt} is not null)::int`,
      arrived: sql<number>`count(*) filter (where ${eventInvitations.status} = 'attended')::int`,
      walkIns: sql<number>`count(*) filter (where ${eventInvitations.source} = 'walk_in')::int`,
    })
    .from(eventInvitations)
    .where(eq(eventInvitations.eventId, eventId));
  const capacity = event.capacity;
  return { ...row!, capacity, seatsLeft: capacity === null ? null : Math.max(capacity - row!.arrived, 0) };
}

/** R-EVT-2 for one event; costs are the actual costs recorded against its budget. Deals and revenue come with attribution (later); 0 until then. */
export async function eventMetrics(ctx: Ctx, eventId: string): Promise<EventMetrics> {
  // The access check and the figures' reads run side by side; the figures are returned only once the
  // check has passed (a refusal rejects the whole, the reads' results are dropped).
  const rows = ctx.db
    .select({
      status: eventInvitations.status,
      source: eventInvitations.source,
      acceptedAt: eventInvitations.acceptedAt,
      confirmedAt: eventInvitations.confirmedAt,
    })
    .from(eventInvitations)
    .where(eq(eventInvitations.eventId, eventId))
    .then((found) => found);
  const [row, figures] = await Promise.all([loadEvent(ctx, eventId), eventFigures(ctx, eventId, rows)]);
  if (!row.canWrite && !row.canInvite && !eventsAccess.can(ctx.actor, 'read')) throw forbidden('event metrics are for its organisers');
  return figures;
}
