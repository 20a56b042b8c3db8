import { and, asc, desc, eq, gt, ilike, lte, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { EventCreate, EventDetail, EventListQuery, EventRow, EventStatus, EventUpdate } from '@xiaoguan/shared';
import type { z } from 'zod';
import type { eventCopySchema } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Executor } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js';
import { escapeLike } from '../../platform/db/like.js';
import { abilitySql } from '../../platform/access/index.js';
import { diffChanges } from '../../platform/audit/audit.js';
import { orgUnits, resolveOwner, users } from '../org/index.js';
import { eventInvitations, events, eventStatusHistory } from './events.schema.js';
import { eventsAccess } from './events.access.js';
import { getEventSettings } from './events.settings.js';
import { createCloseFollowUps } from './event-follow-ups.service.js';
import { assertEventEditable, assertEventMove, canCheckIn, editableEventFields, nextEventStatuses } from './event-rules.js';

type EventRecord = typeof events.$inferSelect;
const organiser = alias(users, 'organiser');

/** The caller calls for the event: reps see the events they take part in (issue 17 item 11). */
export function takesPart(ctx: Ctx): SQL {
  return sql`exists (select 1 from event_invitations part where part.event_id = ${events.id} and part.caller_id = ${ctx.actor.id})`;
}

/**
 * R-SEC-1 read predicate for events: the organiser's scope, the events the caller calls for, and for
 * check-in staff the events whose doors are open (they see the event, not its customers).
 */
export function eventReadScope(ctx: Ctx): SQL {
  const parts: SQL[] = [eventsAccess.where(ctx.actor, 'read', events.organiserId), takesPart(ctx)];
  if (eventsAccess.can(ctx.actor, 'checkin')) {
    parts.push(sql`(${eventsAccess.where(ctx.actor, 'checkin', events.organiserId)} and ${events.status} in ('ready', 'running'))`);
  }
  return or(...parts)!;
}

const counts = {
  invitations: sql<number>`(select count(*)::int from event_invitations ci where ci.event_id = ${events.id} and ci.source <> 'walk_in')`,
  accepted: sql<number>`(select count(*)::int from event_invitations ci where ci.event_id = ${events.id} and ci.accepted_at is not null)`,
  confirmed: sql<number>`(select count(*)::int from event_invitations ci where ci.event_id = ${events.id} and ci.confirmed_at is not null)`,
  attended: sql<number>`(select count(*)::int from event_invitations ci where ci.event_id = ${events.id} and ci.status = 'attended')`,
  walkIns: sql<number>`(select count(*)::int from event_invitations ci where ci.event_id = ${events.id} and ci.source = 'walk_in')`,
};

function selectEvents(ctx: Ctx, executor: Executor) {
  return executor
    .select({
      e: events,
      organiserName: organiser.displayName,
      orgUnitName: orgUnits.name,
      ...counts,
      canWrite: abilitySql(eventsAccess.where(ctx.actor, 'write', events.organiserId)),
      canInvite: abilitySql(eventsAccess.where(ctx.actor, 'invite', events.organiserId)),
      canCheckIn: abilitySql(eventsAccess.where(ctx.actor, 'checkin', events.organiserId)),
      canReadScope: abilitySql(eventsAccess.where(ctx.actor, 'read', events.organiserId)),
    })
    .from(events)
    .leftJoin(organiser, eq(organiser.id, events.organiserId))
    .leftJoin(orgUnits, eq(orgUnits.id, events.orgUnitId));
}
type Selected = Awaited<ReturnType<ReturnType<typeof selectEvents>['where']>>[number];

function presentRow(row: Selected): EventRow {
  const e = row.e;
  const open = e.status !== 'closed' && e.status !== 'cancelled';
  return {
    id: e.id,
    type: e.type,
    theme: e.theme,
    venue: e.venue,
    capacity: e.capacity,
    startsAt: iso(e.startsAt)!,
    endsAt: iso(e.endsAt)!,
    organiserId: e.organiserId,
    organiserName: row.organiserName,
    orgUnitId: e.orgUnitId,
    orgUnitName: row.orgUnitName,
    status: e.status,
    statusAt: iso(e.statusAt)!,
    counts: {
      invitations: row.invitations,
      accepted: row.accepted,
      confirmed: row.confirmed,
      attended: row.attended,
      walkIns: row.walkIns,
    },
    version: e.version,
    abilities: {
      update: row.canWrite && open,
      changeStatus: row.canWrite && nextEventStatuses(e.status).length > 0,
      copy: row.canWrite,
      invite: row.canInvite && open,
      checkIn: row.canCheckIn && canCheckIn(e.status),
      metrics: row.canWrite || row.canInvite,
      // Budget and costs: organisers and those whose read scope covers the organiser (finance, ops, auditors) — read-only unless they write.
      budget: row.canWrite || row.canReadScope,
    },
  };
}

/** Events in the caller's scope (R-SEC-1 inside the query), newest first. */
export async function listEvents(ctx: Ctx, query: EventListQuery) {
  const filters: SQL[] = [eventReadScope(ctx)];
  if (query.status) filters.push(eq(events.status, query.status));
  if (query.type) filters.push(eq(events.type, query.type));
  if (query.when === 'upcoming') filters.push(gt(events.endsAt, ctx.now));
  if (query.when === 'past') filters.push(lte(events.endsAt, ctx.now));
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    filters.push(or(ilike(events.theme, pattern), ilike(events.venue, pattern))!);
  }
  const where = and(...filters);
  const [rows, [total]] = await Promise.all([
    selectEvents(ctx, ctx.db)
      .where(where)
      .orderBy(query.when === 'upcoming' ? asc(events.startsAt) : desc(events.startsAt), asc(events.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    ctx.db
      .select({ total: sql<number>`count(*)::int` })
      .from(events)
      .where(where),
  ]);
  return { items: rows.map(presentRow), total: total!.total, page: query.page, pageSize: query.pageSize };
}

/** The event row in the caller's read scope; 404 outside it. */
export async function loadEvent(ctx: Ctx, id: string, executor: Executor = ctx.db): Promise<Selected> {
  const [row] = await selectEvents(ctx, executor).where(and(eq(events.id, id), eventReadScope(ctx)));
  if (!row) throw notFound('event');
  return row;
}

/** One event with agenda, speakers and its dated status history; 404 outside the caller's scope. */
export async function getEvent(ctx: Ctx, id: string, executor: Executor = ctx.db): Promise<EventDetail> {
  const row = await loadEvent(ctx, id, executor);
  const actor = alias(users, 'actor');
  const history = await executor
    .select({ h: eventStatusHistory, actorName: actor.displayName })
    .from(eventStatusHistory)
    .leftJoin(actor, eq(actor.id, eventStatusHistory.actorId))
    .where(eq(eventStatusHistory.eventId, id))
    .orderBy(asc(eventStatusHistory.at), asc(eventStatusHistory.id));
  const e = row.e;
  const canWrite = row.canWrite;
  return {
    ...presentRow(row),
    description: e.description,
    targetProfile: e.targetProfile,
    address: e.address,
    agenda: e.agenda,
    speakers: e.speakers,
    copiedFromId: e.copiedFromId,
    nextStatuses: canWrite ? [...nextEventStatuses(e.status)] : [],
    editableFields: canWrite ? [...editableEventFields(e.status)] : [],
    history: history.map(({ h, actorName }) => ({
      fromStatus: h.fromStatus as EventStatus | null,
      toStatus: h.toStatus as EventStatus,
      note: h.note,
      at: iso(h.at)!,
      actorName,
    })),
    createdAt: iso(e.createdAt)!,
    updatedAt: iso(e.updatedAt)!,
  };
}

/** 404 unless the caller may change the event (its organiser's write scope). */
async function lockWritableEvent(ctx: Ctx, executor: Executor, id: string): Promise<EventRecord> {
  eventsAccess.require(ctx.actor, 'write');
  const [row] = await executor
    .select()
    .from(events)
    .where(and(eq(events.id, id), eventsAccess.where(ctx.actor, 'write', events.organiserId)))
    .for('update');
  if (!row) throw notFound('event');
  return row;
}

async function assertType(ctx: Ctx, type: string): Promise<void> {
  const settings = await getEventSettings(ctx.db);
  if (!settings.eventTypes.includes(type)) throw badRequest('body.type', 'not one of the configured event types');
}

function assertPeriod(startsAt: Date, endsAt: Date, field = 'body.endsAt'): void {
  if (endsAt.getTime() <= startsAt.getTime()) throw badRequest(field, 'must be after the start');
}

async function assertUnit(executor: Executor, unitId: string): Promise<void> {
  const [unit] = await executor.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.id, unitId));
  if (!unit) throw badRequest('body.orgUnitId', 'no such org unit');
}

function assertSpeakers(speakers: EventCreate['speakers'], userIds: Set<string>): void {
  (speakers ?? []).forEach((speaker, index) => {
    if (speaker.userId && !userIds.has(speaker.userId)) throw badRequest(`body.speakers.${index}.userId`, 'no such user');
  });
}

async function existingUsers(executor: Executor, speakers: EventCreate['speakers']): Promise<Set<string>> {
  const ids = (speakers ?? []).map((s) => s.userId).filter((id): id is string => Boolean(id));
  if (!ids.length) return new Set();
  const rows = await executor
    .select({ id: users.id })
    .from(users)
    .where(sql`${users.id} = any(${sql.param(ids)}::uuid[])`);
  return new Set(rows.map((r) => r.id));
}

/** Creates a draft event organised by the caller (or a user in their scope), audited, with its first status entry. */
export async function createEvent(ctx: Ctx, input: EventCreate, copiedFromId: string | null = null): Promise<EventDetail> {
  eventsAccess.require(ctx.actor, 'write');
  await assertType(ctx, input.type);
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  assertPeriod(startsAt, endsAt);
  const id = await ctx.db.transaction(async (tx) => {
    const owner = await resolveOwner(tx, eventsAccess, ctx.actor, input.organiserId, null).catch((error: unknown) => {
      if (error instanceof AppError && error.details.field === 'body.ownerId') throw badRequest('body.organiserId', error.message);
      throw error;
    });
    if (input.orgUnitId) await assertUnit(tx, input.orgUnitId);
    assertSpeakers(input.speakers, await existingUsers(tx, input.speakers));
    const [created] = await tx
      .insert(events)
      .values({
        type: input.type,
        theme: input.theme,
        description: input.description ?? null,
        targetProfile: input.targetProfile ?? null,
        agenda: input.agenda ?? [],
        speakers: input.speakers ?? [],
        venue: input.venue ?? null,
        address: input.address ?? null,
        capacity: input.capacity ?? null,
        startsAt,
        endsAt,
        organiserId: owner.id,
        orgUnitId: input.orgUnitId === undefined ? owner.teamId : input.orgUnitId,
        statusAt: ctx.now,
        copiedFromId,
        createdById: ctx.actor.id,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning({ id: events.id });
    await tx.insert(eventStatusHistory).values({ eventId: created!.id, toStatus: 'draft', at: ctx.now, actorId: ctx.actor.id });
    await ctx.audit(tx, { action: 'create', entity: 'events', entityId: created!.id, summary: input.theme });
    return created!.id;
  });
  return getEvent(ctx, id);
}

/** Edits an event: 409 on a stale version; 422 on a field its status no longer allows (e.g. the venue once it runs). */
export async function updateEvent(ctx: Ctx, id: string, input: EventUpdate): Promise<EventDetail> {
  await ctx.db.transaction(async (tx) => {
    const before = await lockWritableEvent(ctx, tx, id);
    if (before.version !== input.version) throw conflict();
    const { version: _version, ...changes } = input;
    const fields = Object.keys(changes).filter((key) => changes[key as keyof typeof changes] !== undefined);
    assertEventEditable(before.status, fields);
    if (changes.type !== undefined) await assertType(ctx, changes.type);
    const startsAt = changes.startsAt ? new Date(changes.startsAt) : before.startsAt;
    const endsAt = changes.endsAt ? new Date(changes.endsAt) : before.endsAt;
    assertPeriod(startsAt, endsAt);
    let organiserId = before.organiserId;
    if (changes.organiserId && changes.organiserId !== before.organiserId) {
      organiserId = (
        await resolveOwner(tx, eventsAccess, ctx.actor, changes.organiserId, null).catch(() => {
          throw badRequest('body.organiserId', 'the organiser must be an active user in your scope');
        })
      ).id;
    }
    if (changes.orgUnitId) await assertUnit(tx, changes.orgUnitId);
    if (changes.speakers) assertSpeakers(changes.speakers, await existingUsers(tx, changes.speakers));
    const next = {
      type: changes.type ?? before.type,
      theme: changes.theme ?? before.theme,
      description: changes.description === undefined ? before.description : changes.description,
      targetProfile: changes.targetProfile === undefined ? before.targetProfile : changes.targetProfile,
      agenda: changes.agenda ?? before.agenda,
      speakers: changes.speakers ?? before.speakers,
      venue: changes.venue === undefined ? before.venue : changes.venue,
      address: changes.address === undefined ? before.address : changes.address,
      capacity: changes.capacity === undefined ? before.capacity : changes.capacity,
      startsAt,
      endsAt,
      organiserId,
      orgUnitId: changes.orgUnitId === undefined ? before.orgUnitId : changes.orgUnitId,
    };
    const updated = await tx
      .update(events)
      .set({ ...next, updatedAt: ctx.now, version: sql`${events.version} + 1` })
      .where(and(eq(events.id, id), eq(events.version, input.version)))
      .returning({ id: events.id });
    if (!updated.length) throw conflict();
    await ctx.audit(tx, { action: 'update', entity: 'events', entityId: id, changes: diffChanges(before, next) });
  });
  return getEvent(ctx, id);
}

/** Moves the event along its lifecycle (422 naming a refused move), dated in its history and audited. */
export async function changeEventStatus(
  ctx: Ctx,
  id: string,
  input: { status: EventStatus; version: number; note?: string | null },
): Promise<EventDetail> {
  await ctx.db.transaction(async (tx) => {
    const before = await lockWritableEvent(ctx, tx, id);
    if (before.version !== input.version) throw conflict();
    assertEventMove(before.status, input.status);
    await tx
      .update(events)
      .set({ status: input.status, statusAt: ctx.now, updatedAt: ctx.now, version: sql`${events.version} + 1` })
      .where(eq(events.id, id));
    // Cancelling the event cancels the invitations still open (so no one is reminded of it).
    if (input.status === 'cancelled') {
      await tx
        .update(eventInvitations)
        .set({ status: 'cancelled', statusAt: ctx.now, updatedAt: ctx.now, version: sql`${eventInvitations.version} + 1` })
        .where(and(eq(eventInvitations.eventId, id), sql`${eventInvitations.status} in ('pending', 'accepted', 'confirmed')`));
    }
    // Closing it: whoever accepted and did not come is a no-show (R-EVT-1, R-EVT-2).
    if (input.status === 'closed') {
      await tx
        .update(eventInvitations)
        .set({ status: 'no_show', statusAt: ctx.now, updatedAt: ctx.now, version: sql`${eventInvitations.version} + 1` })
        .where(and(eq(eventInvitations.eventId, id), sql`${eventInvitations.status} in ('accepted', 'confirmed')`));
      // Follow-ups for the inviting reps (001 客户跟进), in the same transaction.
      await createCloseFollowUps(ctx, tx, id);
    }
    await tx.insert(eventStatusHistory).values({
      eventId: id,
      fromStatus: before.status,
      toStatus: input.status,
      note: input.note ?? null,
      at: ctx.now,
      actorId: ctx.actor.id,
    });
    await ctx.audit(tx, {
      action: 'update',
      entity: 'events',
      entityId: id,
      changes: { status: [before.status, input.status] },
      summary: input.note ?? null,
    });
  });
  return getEvent(ctx, id);
}

/** Copies an event as a template for the next one: its content, not its invitations; a new draft. */
export async function copyEvent(ctx: Ctx, id: string, input: z.infer<typeof eventCopySchema>): Promise<EventDetail> {
  const source = (await loadEvent(ctx, id)).e;
  return createEvent(
    ctx,
    {
      type: source.type,
      theme: input.theme ?? source.theme,
      description: source.description,
      targetProfile: source.targetProfile,
      agenda: source.agenda,
      speakers: source.speakers,
      venue: source.venue,
      address: source.address,
      capacity: source.capacity,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      organiserId: source.organiserId,
      orgUnitId: source.orgUnitId,
    },
    source.id,
  );
}
