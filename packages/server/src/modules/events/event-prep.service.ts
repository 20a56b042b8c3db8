import { message } from '@xiaoguan/shared';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { PrepList, PrepTask, prepTaskCreateSchema, prepTaskUpdateSchema } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Executor, Tx } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js';
import { users } from '../org/index.js';
import { events } from './events.schema.js';
import { eventPrepTasks } from './event-ops.schema.js';
import { eventsAccess } from './events.access.js';
import { loadEvent } from './events.service.js';
import { getEventOpsSettings } from './event-ops.settings.js';

const DAY = 86_400_000;

/** Overdue: not done and its due time has passed (issue 17 item 2, the checklist flags it). */
export function isPrepOverdue(task: { doneAt: Date | null; dueAt: Date }, now: Date): boolean {
  return task.doneAt === null && task.dueAt.getTime() < now.getTime();
}

/** The checklist for an event type: its own template, else the `default` one. */
export function prepTemplateFor(
  templates: Record<string, readonly { department: PrepTask['department']; title: string; daysBefore: number }[]>,
  type: string,
) {
  return templates[type] ?? templates.default ?? [];
}

async function listTasks(ctx: Ctx, executor: Executor, eventId: string): Promise<PrepTask[]> {
  const rows = await executor
    .select({ t: eventPrepTasks, ownerName: users.displayName })
    .from(eventPrepTasks)
    .leftJoin(users, eq(users.id, eventPrepTasks.ownerId))
    .where(eq(eventPrepTasks.eventId, eventId))
    .orderBy(asc(eventPrepTasks.dueAt), asc(eventPrepTasks.position), asc(eventPrepTasks.id));
  return rows.map(({ t, ownerName }) => ({
    id: t.id,
    eventId: t.eventId,
    department: t.department,
    title: t.title,
    ownerId: t.ownerId,
    ownerName,
    dueAt: iso(t.dueAt)!,
    doneAt: iso(t.doneAt),
    overdue: isPrepOverdue(t, ctx.now),
    version: t.version,
  }));
}

/** The preparation checklist of an event the caller may read; `canEdit` for its organisers while it is open. */
export async function getPrepList(ctx: Ctx, eventId: string): Promise<PrepList> {
  const row = await loadEvent(ctx, eventId);
  const items = await listTasks(ctx, ctx.db, eventId);
  return {
    items,
    done: items.filter((i) => i.doneAt).length,
    overdue: items.filter((i) => i.overdue).length,
    canEdit: row.canWrite && row.e.status !== 'closed' && row.e.status !== 'cancelled',
  };
}

/** The event, locked, if the caller may change it and it is still open. */
async function lockPrepEvent(ctx: Ctx, tx: Tx, eventId: string) {
  eventsAccess.require(ctx.actor, 'write');
  const [event] = await tx
    .select()
    .from(events)
    .where(and(eq(events.id, eventId), eventsAccess.where(ctx.actor, 'write', events.organiserId)))
    .for('update');
  if (!event) throw notFound('event');
  if (event.status === 'closed' || event.status === 'cancelled') {
    throw new AppError('rule', `the checklist cannot change while the event is ${event.status}`);
  }
  return event;
}

async function assertOwner(tx: Executor, ownerId: string | null | undefined): Promise<void> {
  if (!ownerId) return;
  const [user] = await tx.select({ id: users.id, disabled: users.disabled }).from(users).where(eq(users.id, ownerId));
  if (!user || user.disabled) throw badRequest('body.ownerId', 'no such active user');
}

/**
 * Fills the checklist from the template of the event's type (settings `event-ops.prepTemplates`):
 * each item due its days before the start, owned by the organiser until reassigned. Only an empty
 * checklist is filled, so a second call changes nothing.
 */
export async function generatePrepTasks(ctx: Ctx, eventId: string): Promise<PrepList> {
  const settings = await getEventOpsSettings(ctx.db);
  await ctx.db.transaction(async (tx) => {
    const event = await lockPrepEvent(ctx, tx, eventId);
    const [existing] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(eventPrepTasks)
      .where(eq(eventPrepTasks.eventId, eventId));
    if (existing!.n > 0) return;
    const template = prepTemplateFor(settings.prepTemplates, event.type);
    if (!template.length) return;
    await tx.insert(eventPrepTasks).values(
      template.map((item, position) => ({
        eventId,
        department: item.department,
        title: item.title,
        ownerId: event.organiserId,
        dueAt: new Date(event.startsAt.getTime() - item.daysBefore * DAY),
        position,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })),
    );
    await ctx.audit(tx, {
      action: 'create',
      entity: 'event_prep_tasks',
      entityId: eventId,
      summary: `${template.length} tasks from the checklist template`,
      summaryMessage: message('audit.messages.eventPrepGenerated', { count: template.length }),
    });
  });
  return getPrepList(ctx, eventId);
}

export async function addPrepTask(ctx: Ctx, eventId: string, input: z.infer<typeof prepTaskCreateSchema>): Promise<PrepList> {
  await ctx.db.transaction(async (tx) => {
    const event = await lockPrepEvent(ctx, tx, eventId);
    await assertOwner(tx, input.ownerId);
    const [created] = await tx
      .insert(eventPrepTasks)
      .values({
        eventId,
        department: input.department,
        title: input.title,
        ownerId: input.ownerId === undefined ? event.organiserId : input.ownerId,
        dueAt: new Date(input.dueAt),
        position: 1000,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning({ id: eventPrepTasks.id });
    await ctx.audit(tx, { action: 'create', entity: 'event_prep_tasks', entityId: created!.id, summary: input.title });
  });
  return getPrepList(ctx, eventId);
}

async function lockTask(ctx: Ctx, tx: Tx, id: string, version: number) {
  const [task] = await tx.select().from(eventPrepTasks).where(eq(eventPrepTasks.id, id)).for('update');
  if (!task) throw notFound('preparation task');
  await lockPrepEvent(ctx, tx, task.eventId);
  if (task.version !== version) throw conflict();
  return task;
}

/** Edits a checklist item (title, owner, due date) or ticks it off; 409 on a stale version. */
export async function updatePrepTask(ctx: Ctx, id: string, input: z.infer<typeof prepTaskUpdateSchema>): Promise<PrepList> {
  const eventId = await ctx.db.transaction(async (tx) => {
    const task = await lockTask(ctx, tx, id, input.version);
    if (input.ownerId !== undefined) await assertOwner(tx, input.ownerId);
    const done = input.done === undefined ? undefined : input.done;
    await tx
      .update(eventPrepTasks)
      .set({
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.ownerId !== undefined ? { ownerId: input.ownerId } : {}),
        ...(input.dueAt !== undefined ? { dueAt: new Date(input.dueAt) } : {}),
        ...(done === true && !task.doneAt ? { doneAt: ctx.now, doneById: ctx.actor.id } : {}),
        ...(done === false ? { doneAt: null, doneById: null } : {}),
        updatedAt: ctx.now,
        version: sql`${eventPrepTasks.version} + 1`,
      })
      .where(eq(eventPrepTasks.id, id));
    await ctx.audit(tx, {
      action: 'update',
      entity: 'event_prep_tasks',
      entityId: id,
      changes: done === undefined ? {} : { done: [task.doneAt !== null, done] },
      summary: task.title,
    });
    return task.eventId;
  });
  return getPrepList(ctx, eventId);
}

export async function deletePrepTask(ctx: Ctx, id: string, version: number): Promise<PrepList> {
  const eventId = await ctx.db.transaction(async (tx) => {
    const task = await lockTask(ctx, tx, id, version);
    await tx.delete(eventPrepTasks).where(eq(eventPrepTasks.id, id));
    await ctx.audit(tx, { action: 'delete', entity: 'event_prep_tasks', entityId: id, summary: task.title });
    return task.eventId;
  });
  return getPrepList(ctx, eventId);
}
