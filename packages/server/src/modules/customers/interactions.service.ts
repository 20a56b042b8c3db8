import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Interaction, InteractionType, Task } from '@xiaoguan/shared';
import { z } from 'zod';
import { interactionInputSchema, taskInputSchema, taskListQuerySchema, taskUpdateSchema } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { checkUpload, readStoredFile, storeFile } from '../../platform/files/store.js';
import type { Database, Executor } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { staleVersion } from '../../platform/audit/stale-version.js';
import { badRequest, notFound } from '../../platform/errors.js';
import { diffChanges } from '../../platform/audit/audit.js';
import { notify } from '../../platform/notifications/notifications.js';
import { getSettings } from '../../platform/settings/settings.js';
import { users } from '../org/index.js';
import { customers, customerContacts, followUpTasks, interactionAttachments, interactions } from './customers.schema.js';
import { customersAccess } from './customers.access.js';
import { abilitySql } from '../../platform/access/index.js';
import { computeDueAt, loadCustomerRow } from './customers.service.js';
import { qualifies } from './contact-cadence.js';
import { getCustomerSettings } from './customers.settings.js';
import { jobOutcome, type JobOutcome } from '../../platform/jobs/scheduler.js';

type InteractionInput = z.infer<typeof interactionInputSchema>;

/** A follow-up time is in the future (issue 16: a past one would be overdue the moment it is saved). */
function notInPast(ctx: Ctx, value: string, field: string): Date {
  const at = new Date(value);
  if (at.getTime() <= ctx.now.getTime()) throw badRequest(field, 'must be in the future');
  return at;
}

/** One hour before the follow-up, but not before now (a follow-up in 30 minutes is reminded at once). */
function reminderFor(ctx: Ctx, dueAt: Date): Date {
  return new Date(Math.max(ctx.now.getTime(), dueAt.getTime() - 60 * 60_000));
}

/** The customer, checked writable by the caller (interactions and tasks are checked through their customer). */
async function writableCustomer(ctx: Ctx, executor: Executor, customerId: string) {
  const row = await loadCustomerRow(ctx, customerId, executor);
  if (!row.canUpdate || row.customer.ownerId === null) throw notFound('customer');
  return row.customer;
}

/**
 * An interaction may name one of the customer's deals. The opportunities table is read by SQL: that
 * module comes after this one and links to it, not the other way round.
 */
async function assertDealOfCustomer(executor: Executor, opportunityId: string, customerId: string): Promise<void> {
  const result = await executor.execute(sql`select 1 from opportunities where id = ${opportunityId} and customer_id = ${customerId}`);
  if (result.rows.length === 0) throw badRequest('body.opportunityId', 'not an opportunity of this customer');
}

/**
 * Logs a visit, call, SMS, e-mail, WeChat message or meeting. A qualifying type (R-CUS-1) moves the
 * customer's cadence due date; a next follow-up date creates a task for the owner.
 */
export async function logInteraction(ctx: Ctx, customerId: string, input: InteractionInput): Promise<Interaction> {
  customersAccess.require(ctx.actor, 'write');
  const settings = await getCustomerSettings(ctx.db);
  return ctx.db.transaction(async (tx) => {
    const customer = await writableCustomer(ctx, tx, customerId);
    await tx.execute(sql`select 1 from customers where id = ${customerId} for update`);
    const occurredAt = new Date(input.occurredAt);
    if (occurredAt.getTime() > ctx.now.getTime() + 5 * 60_000) throw badRequest('body.occurredAt', 'cannot be in the future');
    const followUpAt = input.nextFollowUpAt ? notInPast(ctx, input.nextFollowUpAt, 'body.nextFollowUpAt') : null;
    if (input.contactId) {
      const [contact] = await tx
        .select({ id: customerContacts.id })
        .from(customerContacts)
        .where(and(eq(customerContacts.id, input.contactId), eq(customerContacts.customerId, customerId)));
      if (!contact) throw badRequest('body.contactId', 'not a contact of this customer');
    }
    if (input.opportunityId) await assertDealOfCustomer(tx, input.opportunityId, customerId);
    const [created] = await tx
      .insert(interactions)
      .values({
        customerId,
        contactId: input.contactId ?? null,
        opportunityId: input.opportunityId ?? null,
        type: input.type,
        occurredAt,
        outcome: input.outcome ?? null,
        notes: input.notes ?? null,
        nextStep: input.nextStep ?? null,
        nextFollowUpAt: followUpAt,
        authorId: ctx.actor.id,
        createdAt: ctx.now,
      })
      .returning();
    const lastContactAt = !customer.lastContactAt || occurredAt > customer.lastContactAt ? occurredAt : customer.lastContactAt;
    const counts = qualifies(settings.cadence, customer.tier, input.type as InteractionType);
    const lastQualifying =
      counts && (!customer.lastQualifyingContactAt || occurredAt > customer.lastQualifyingContactAt)
        ? occurredAt
        : customer.lastQualifyingContactAt;
    const dueAt = await computeDueAt(ctx, { ...customer, lastQualifyingContactAt: lastQualifying });
    await tx
      .update(customers)
      .set({
        lastContactAt,
        lastQualifyingContactAt: lastQualifying,
        cadenceDueAt: dueAt,
        poolWarnedAt: counts ? null : customer.poolWarnedAt,
        updatedAt: ctx.now,
      })
      .where(eq(customers.id, customerId));
    if (followUpAt) {
      await tx.insert(followUpTasks).values({
        customerId,
        ownerId: customer.ownerId!,
        title: input.nextStep?.trim() || `跟进 ${customer.name}`,
        dueAt: followUpAt,
        remindAt: reminderFor(ctx, followUpAt),
        interactionId: created!.id,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      });
    }
    await ctx.audit(tx, {
      action: 'create',
      entity: 'interactions',
      entityId: created!.id,
      changes: diffChanges(null, { customerId, type: input.type, outcome: input.outcome }),
      summary: customer.name,
    });
    return (await listInteractionsBy(tx, [created!.id]))[0]!;
  });
}

async function listInteractionsBy(executor: Executor, ids: string[]): Promise<Interaction[]> {
  if (!ids.length) return [];
  const rows = await executor
    .select({ i: interactions, authorName: users.displayName })
    .from(interactions)
    .innerJoin(users, eq(users.id, interactions.authorId))
    .where(inArray(interactions.id, ids))
    .orderBy(desc(interactions.occurredAt));
  const files = await executor
    .select()
    .from(interactionAttachments)
    .where(inArray(interactionAttachments.interactionId, ids))
    .orderBy(asc(interactionAttachments.createdAt));
  return rows.map(({ i, authorName }) => ({
    id: i.id,
    customerId: i.customerId,
    type: i.type,
    occurredAt: iso(i.occurredAt)!,
    outcome: i.outcome,
    notes: i.notes,
    nextStep: i.nextStep,
    nextFollowUpAt: iso(i.nextFollowUpAt),
    contactId: i.contactId,
    authorId: i.authorId,
    authorName,
    attachments: files
      .filter((f) => f.interactionId === i.id)
      .map((f) => ({ id: f.id, fileName: f.fileName, size: f.size, mimeType: f.mimeType })),
    archived: i.archivedAt !== null,
  }));
}

/** The customer's timeline, newest first; archived records only on request. */
export async function listInteractions(ctx: Ctx, customerId: string, query: { page: number; pageSize: number; includeArchived?: boolean }) {
  await loadCustomerRow(ctx, customerId);
  const where = and(eq(interactions.customerId, customerId), query.includeArchived ? undefined : isNull(interactions.archivedAt));
  const [rows, [{ total }]] = await Promise.all([
    ctx.db
      .select({ id: interactions.id })
      .from(interactions)
      .where(where)
      .orderBy(desc(interactions.occurredAt))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    ctx.db
      .select({ total: sql<number>`count(*)::int` })
      .from(interactions)
      .where(where),
  ]);
  return {
    items: await listInteractionsBy(
      ctx.db,
      rows.map((r) => r.id),
    ),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

// ------------------------------------------------------------------ attachments

/** Stores an attachment in the platform file store; access goes through the parent customer. */
export async function addAttachment(
  ctx: Ctx,
  dataDir: string,
  interactionId: string,
  file: { fileName: string; mimeType: string; content: Buffer },
) {
  checkUpload(file.content, { allowEmpty: true });
  const [interaction] = await ctx.db
    .select({ customerId: interactions.customerId })
    .from(interactions)
    .where(eq(interactions.id, interactionId));
  if (!interaction) throw notFound('interaction');
  await writableCustomer(ctx, ctx.db, interaction.customerId);
  const storageKey = await storeFile(dataDir, file.content);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(interactionAttachments)
      .values({ interactionId, fileName: file.fileName.slice(0, 200), mimeType: file.mimeType, size: file.content.length, storageKey })
      .returning();
    await ctx.audit(tx, { action: 'create', entity: 'interaction_attachments', entityId: row!.id, summary: file.fileName });
    return { id: row!.id, fileName: row!.fileName, size: row!.size, mimeType: row!.mimeType };
  });
}

export async function readAttachment(ctx: Ctx, dataDir: string, id: string) {
  const [row] = await ctx.db
    .select({ a: interactionAttachments, customerId: interactions.customerId })
    .from(interactionAttachments)
    .innerJoin(interactions, eq(interactions.id, interactionAttachments.interactionId))
    .where(eq(interactionAttachments.id, id));
  if (!row) throw notFound('attachment');
  await loadCustomerRow(ctx, row.customerId);
  return { fileName: row.a.fileName, mimeType: row.a.mimeType, content: await readStoredFile(dataDir, row.a.storageKey) };
}

// ------------------------------------------------------------------ follow-up tasks

function taskState(task: { doneAt: Date | null; dueAt: Date }, now: Date): Task['state'] {
  if (task.doneAt) return 'done';
  return task.dueAt.getTime() < now.getTime() ? 'overdue' : 'open';
}

/** Tasks follow the customer's scope: a task is visible where its customer is. */
function taskScope(ctx: Ctx) {
  // A task about no customer (a meeting's action item, a rectification task) follows its owner.
  return sql`(${followUpTasks.customerId} in (select c.id from customers c where ${customersAccess.where(ctx.actor, 'read', sql`c.owner_id`)} and c.merged_into_id is null)
    or (${followUpTasks.customerId} is null and ${customersAccess.where(ctx.actor, 'read', followUpTasks.ownerId)}))`;
}

/**
 * The tasks the caller may change (complete, move, close in bulk): those of customers in their write
 * scope, and their own tasks about no customer. One predicate for the single and the bulk changes.
 */
export function taskWriteScope(ctx: Ctx) {
  return sql`(${followUpTasks.customerId} in (select c.id from customers c where ${customersAccess.where(ctx.actor, 'write', sql`c.owner_id`)})
    or (${followUpTasks.customerId} is null and ${followUpTasks.ownerId} = ${ctx.actor.id}))`;
}

/** The task list's filters (state, customer, owner) inside the caller's read scope: the list, "select all N matching". */
export function taskFilters(ctx: Ctx, query: Pick<z.infer<typeof taskListQuerySchema>, 'state' | 'customerId' | 'ownerId'>) {
  const filters = [taskScope(ctx)];
  if (query.customerId) filters.push(eq(followUpTasks.customerId, query.customerId));
  if (query.ownerId) filters.push(eq(followUpTasks.ownerId, query.ownerId));
  if (query.state === 'done') filters.push(sql`${followUpTasks.doneAt} is not null`);
  if (query.state === 'open') filters.push(sql`${followUpTasks.doneAt} is null and ${followUpTasks.dueAt} >= ${ctx.now}`);
  if (query.state === 'overdue') filters.push(sql`${followUpTasks.doneAt} is null and ${followUpTasks.dueAt} < ${ctx.now}`);
  return and(...filters);
}

/** Tasks by id as the list presents them, only those the caller may read (export selected). */
export async function tasksByIds(ctx: Ctx, ids: string[], executor: Executor = ctx.db): Promise<Task[]> {
  customersAccess.require(ctx.actor, 'read');
  const rows = await selectTasks(ctx, executor).where(and(sql`${followUpTasks.id} = any(${sql.param(ids)}::uuid[])`, taskScope(ctx)));
  return rows.map((row) => presentTask(row, ctx.now));
}

function selectTasks(ctx: Ctx, executor: Executor = ctx.db) {
  return executor
    .select({
      t: followUpTasks,
      customerName: customers.name,
      ownerName: users.displayName,
      canUpdate: abilitySql(
        sql`(${customersAccess.where(ctx.actor, 'write', customers.ownerId)} or (${followUpTasks.customerId} is null and ${followUpTasks.ownerId} = ${ctx.actor.id}))`,
      ),
    })
    .from(followUpTasks)
    .leftJoin(customers, eq(customers.id, followUpTasks.customerId))
    .innerJoin(users, eq(users.id, followUpTasks.ownerId));
}

type TaskRow = Awaited<ReturnType<ReturnType<typeof selectTasks>['where']>>[number];

function presentTask(row: TaskRow, now: Date): Task {
  const t = row.t;
  return {
    id: t.id,
    customerId: t.customerId,
    customerName: row.customerName,
    link: t.link,
    ownerId: t.ownerId,
    ownerName: row.ownerName,
    title: t.title,
    dueAt: iso(t.dueAt)!,
    remindAt: iso(t.remindAt),
    doneAt: iso(t.doneAt),
    state: taskState(t, now),
    interactionId: t.interactionId,
    version: t.version,
    abilities: { update: row.canUpdate, complete: row.canUpdate && !t.doneAt },
  };
}

export async function listTasks(ctx: Ctx, query: z.infer<typeof taskListQuerySchema>) {
  customersAccess.require(ctx.actor, 'read');
  const where = taskFilters(ctx, query);
  const [rows, [{ total }]] = await Promise.all([
    selectTasks(ctx)
      .where(where)
      .orderBy(
        ...(query.sort === '-doneAt'
          ? [sql`${followUpTasks.doneAt} desc nulls last`]
          : query.sort === '-dueAt'
            ? [desc(followUpTasks.dueAt)]
            : [asc(followUpTasks.dueAt)]),
        asc(followUpTasks.id),
      )
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    ctx.db
      .select({ total: sql<number>`count(*)::int` })
      .from(followUpTasks)
      .where(where),
  ]);
  return { items: rows.map((row) => presentTask(row, ctx.now)), total, page: query.page, pageSize: query.pageSize };
}

async function getTask(ctx: Ctx, id: string, executor: Executor = ctx.db): Promise<Task> {
  const [row] = await selectTasks(ctx, executor).where(and(eq(followUpTasks.id, id), taskScope(ctx)));
  if (!row) throw notFound('task');
  return presentTask(row, ctx.now);
}

export async function createTask(ctx: Ctx, input: z.infer<typeof taskInputSchema>): Promise<Task> {
  customersAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const customer = await writableCustomer(ctx, tx, input.customerId);
    const ownerId = input.ownerId ?? customer.ownerId!;
    if (ownerId !== customer.ownerId && ownerId !== ctx.actor.id)
      throw badRequest('body.ownerId', 'a task belongs to the customer’s owner or to you');
    notInPast(ctx, input.dueAt, 'body.dueAt');
    const [created] = await tx
      .insert(followUpTasks)
      .values({
        customerId: input.customerId,
        ownerId,
        title: input.title,
        dueAt: new Date(input.dueAt),
        remindAt: input.remindAt ? new Date(input.remindAt) : null,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    await ctx.audit(tx, {
      action: 'create',
      entity: 'follow_up_tasks',
      entityId: created!.id,
      changes: diffChanges(null, { title: input.title, dueAt: input.dueAt }),
    });
    return getTask(ctx, created!.id, tx);
  });
}

export async function updateTask(ctx: Ctx, id: string, input: z.infer<typeof taskUpdateSchema>): Promise<Task> {
  customersAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(followUpTasks)
      .where(and(eq(followUpTasks.id, id), taskWriteScope(ctx)))
      .for('update');
    if (!before) throw notFound('task');
    if (before.version !== input.version) throw await staleVersion(tx, 'follow_up_tasks', id);
    if (input.dueAt) notInPast(ctx, input.dueAt, 'body.dueAt');
    const [after] = await tx
      .update(followUpTasks)
      .set({
        title: input.title,
        dueAt: input.dueAt ? new Date(input.dueAt) : undefined,
        remindAt: input.remindAt === undefined ? undefined : input.remindAt ? new Date(input.remindAt) : null,
        remindedAt: input.remindAt !== undefined || input.dueAt ? null : undefined,
        doneAt: input.done === undefined ? undefined : input.done ? ctx.now : null,
        updatedAt: ctx.now,
        version: sql`${followUpTasks.version} + 1`,
      })
      .where(eq(followUpTasks.id, id))
      .returning();
    await ctx.audit(tx, { action: 'update', entity: 'follow_up_tasks', entityId: id, changes: diffChanges(before, after!) });
    return getTask(ctx, id, tx);
  });
}

/**
 * "My day": follow-ups due by the end of today (and overdue), those due in the next 7 days
 * (issue 16), and customers past their cadence.
 */
export async function myDay(ctx: Ctx, presentCustomers: (ids: string[]) => Promise<import('@xiaoguan/shared').Customer[]>) {
  customersAccess.require(ctx.actor, 'read');
  const { timeZone } = await getSettings(ctx.db);
  const { startOfDayIn } = await import('../../platform/time.js');
  const endOfToday = new Date(startOfDayIn(ctx.now, timeZone).getTime() + 86_400_000);
  // The start of the day a week from tomorrow, found from its noon so a DST change cannot shift it.
  const endOfWeek = startOfDayIn(new Date(endOfToday.getTime() + 7 * 86_400_000 + 12 * 3_600_000), timeZone);
  const mine = eq(followUpTasks.ownerId, ctx.actor.id);
  const [due, upcoming, overdueCustomers, counts] = await Promise.all([
    selectTasks(ctx)
      .where(and(mine, isNull(followUpTasks.doneAt), sql`${followUpTasks.dueAt} < ${endOfToday}`))
      .orderBy(asc(followUpTasks.dueAt))
      .limit(100),
    selectTasks(ctx)
      .where(
        and(mine, isNull(followUpTasks.doneAt), sql`${followUpTasks.dueAt} >= ${endOfToday} and ${followUpTasks.dueAt} < ${endOfWeek}`),
      )
      .orderBy(asc(followUpTasks.dueAt))
      .limit(200),
    ctx.db
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.ownerId, ctx.actor.id), isNull(customers.mergedIntoId), sql`${customers.cadenceDueAt} <= ${ctx.now}`))
      .orderBy(asc(customers.cadenceDueAt))
      .limit(100),
    ctx.db.execute<{ due_today: number; upcoming: number; overdue_tasks: number; overdue_customers: number; pool_warnings: number }>(sql`
      select
        (select count(*)::int from follow_up_tasks where owner_id = ${ctx.actor.id} and done_at is null and due_at >= ${ctx.now} and due_at < ${endOfToday}) as due_today,
        (select count(*)::int from follow_up_tasks where owner_id = ${ctx.actor.id} and done_at is null and due_at >= ${endOfToday} and due_at < ${endOfWeek}) as upcoming,
        (select count(*)::int from follow_up_tasks where owner_id = ${ctx.actor.id} and done_at is null and due_at < ${ctx.now}) as overdue_tasks,
        (select count(*)::int from customers where owner_id = ${ctx.actor.id} and merged_into_id is null and cadence_due_at <= ${ctx.now}) as overdue_customers,
        (select count(*)::int from customers where owner_id = ${ctx.actor.id} and merged_into_id is null and pool_warned_at is not null) as pool_warnings`),
  ]);
  const c = counts.rows[0]!;
  return {
    dueTasks: due.map((row) => presentTask(row, ctx.now)),
    upcomingTasks: upcoming.map((row) => presentTask(row, ctx.now)),
    overdueCustomers: await presentCustomers(overdueCustomers.map((r) => r.id)),
    counts: {
      dueToday: c.due_today,
      upcoming: c.upcoming,
      overdueTasks: c.overdue_tasks,
      overdueCustomers: c.overdue_customers,
      poolWarnings: c.pool_warnings,
    },
  };
}

/** Scheduled: reminds owners of tasks whose reminder time has come (once). */
export async function sendTaskReminders(db: Database, now: Date): Promise<JobOutcome> {
  const rows = await db
    .update(followUpTasks)
    .set({ remindedAt: now })
    .where(and(isNull(followUpTasks.doneAt), isNull(followUpTasks.remindedAt), sql`${followUpTasks.remindAt} <= ${now}`))
    .returning({
      id: followUpTasks.id,
      ownerId: followUpTasks.ownerId,
      title: followUpTasks.title,
      customerId: followUpTasks.customerId,
      link: followUpTasks.link,
    });
  await notify(
    db,
    rows.map((row) => ({
      userId: row.ownerId,
      kind: 'tasks.reminder',
      title: row.title,
      link: row.customerId ? `/customers/${row.customerId}` : (row.link ?? '/my-day'),
    })),
  );
  return jobOutcome('taskReminders', { count: rows.length }, `${rows.length} reminders`);
}

/** Scheduled: interactions past the retention period are archived, never silently deleted. */
export async function archiveOldInteractions(db: Database, now: Date): Promise<JobOutcome> {
  const { interactionRetentionYears } = await getCustomerSettings(db, { fresh: true });
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - interactionRetentionYears);
  const result = await db
    .update(interactions)
    .set({ archivedAt: now })
    .where(and(isNull(interactions.archivedAt), sql`${interactions.occurredAt} < ${cutoff}`));
  const archived = result.rowCount ?? 0;
  return jobOutcome(
    'interactionsArchived',
    { count: archived, years: interactionRetentionYears },
    `${archived} interactions archived (older than ${interactionRetentionYears} years)`,
  );
}
