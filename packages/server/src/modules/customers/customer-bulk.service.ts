import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import {
  BULK_JOB_LIMIT,
  BULK_LIMIT,
  customerBulkActionSchema,
  type BulkJobStarted,
  type BulkResult,
  type CustomerBulk,
  type CustomerBulkAction,
  type TaskBulkClose,
  message,
} from '@xiaoguan/shared';
import { makeCtx, type Ctx } from '../../platform/context.js';
import { BULK_JOB_PREFIX, BulkJobRecorder, loadJobActor, type BulkJobResult } from '../../platform/jobs/bulk-jobs.js';
import { defineBackgroundJob, enqueueJob, type JobContext } from '../../platform/jobs/queue.js';
import type { Tx } from '../../platform/db/client.js';
import { AppError, badRequest } from '../../platform/errors.js';
import { notify } from '../../platform/notifications/notifications.js';
import { diffChanges } from '../../platform/audit/audit.js';
import { users } from '../org/index.js';
import { customers, followUpTasks } from './customers.schema.js';
import { customersAccess } from './customers.access.js';
import { computeDueAt, customerFilters } from './customers.service.js';
import { taskFilters, taskWriteScope } from './interactions.service.js';

type CustomerRow = typeof customers.$inferSelect;

/** Which rows the caller may change with `change`: the same scope as the one-record action (assign, release, update). */
function changeScope(ctx: Ctx, change: CustomerBulkAction): SQL {
  switch (change.action) {
    case 'reassign':
      customersAccess.require(ctx.actor, 'assign');
      return sql`(${customers.ownerId} is null or ${customersAccess.where(ctx.actor, 'assign', customers.ownerId)})`;
    case 'release':
      customersAccess.require(ctx.actor, 'write');
      return sql`(${customers.ownerId} is not null and ${customersAccess.where(ctx.actor, 'write', customers.ownerId)})`;
    default:
      customersAccess.require(ctx.actor, 'write');
      return customersAccess.where(ctx.actor, 'write', customers.ownerId);
  }
}

/**
 * The ids the selection names: the ticked ids, or every customer the caller sees that matches the
 * list's filters. Up to BULK_JOB_LIMIT; above BULK_LIMIT the action runs as a background job.
 */
async function selectedIds(ctx: Ctx, tx: Tx, selection: CustomerBulk['selection']): Promise<string[]> {
  if ('ids' in selection) return [...new Set(selection.ids)];
  const rows = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(and(...customerFilters(ctx, selection.matching)))
    .orderBy(customers.id)
    .limit(BULK_JOB_LIMIT + 1);
  if (rows.length > BULK_JOB_LIMIT)
    throw badRequest('body.selection', `more than ${BULK_JOB_LIMIT} customers match; narrow the filters and run the action in parts`);
  return rows.map((row) => row.id);
}

type Target = { id: string; orgUnitId: string | null } | null;

/** A reassignment's new owner: active and in the caller's assign scope (or the caller), as for one assignment. */
async function resolveTarget(ctx: Ctx, tx: Tx, change: CustomerBulkAction): Promise<Target> {
  if (change.action !== 'reassign') return null;
  const [row] = await tx
    .select({ id: users.id, orgUnitId: users.orgUnitId })
    .from(users)
    .where(
      and(
        eq(users.id, change.ownerId),
        eq(users.disabled, false),
        sql`(${users.id} = ${ctx.actor.id} or ${customersAccess.where(ctx.actor, 'assign', users.id)})`,
      ),
    );
  if (!row) throw badRequest('body.change.ownerId', 'that user is outside your team');
  return row;
}

/** Changes one locked customer and audits it like its one-record action; false when it was already so. */
async function applyOne(ctx: Ctx, tx: Tx, before: CustomerRow, change: CustomerBulkAction, target: Target): Promise<boolean> {
  const fields = changed(before, change, ctx, target);
  if (!fields) return false;
  const merged = { ...before, ...fields };
  const cadenceDueAt = change.action === 'reassign' || change.action === 'setTier' ? await computeDueAt(ctx, merged) : merged.cadenceDueAt;
  const [after] = await tx
    .update(customers)
    .set({ ...fields, cadenceDueAt, updatedAt: ctx.now, version: sql`${customers.version} + 1` })
    .where(eq(customers.id, before.id))
    .returning();
  await ctx.audit(tx, {
    action: 'update',
    entity: 'customers',
    entityId: before.id,
    changes: diffChanges(
      { ownerId: before.ownerId, tags: before.tags, tier: before.tier, poolReason: before.poolReason },
      { ownerId: after!.ownerId, tags: after!.tags, tier: after!.tier, poolReason: after!.poolReason },
    ),
    summary: `${change.action === 'release' ? 'released to pool' : `bulk ${change.action}`}: ${before.name}`,
    summaryMessage: message(`audit.messages.bulk.${change.action}`, { name: before.name }),
  });
  return true;
}

/** The new owner hears of each customer reassigned to them, as for one assignment (one insert for the batch). */
async function notifyAssigned(ctx: Ctx, tx: Tx, target: Target, assigned: CustomerRow[]): Promise<void> {
  if (!target || target.id === ctx.actor.id || !assigned.length) return;
  await notify(
    tx,
    assigned.map((row) => ({
      userId: target.id,
      kind: 'customers.assigned',
      title: row.name,
      body: null,
      link: `/customers/${row.id}`,
    })),
  );
}

/** The row after the change, or null when it is already so (left alone, not audited). */
function changed(row: CustomerRow, change: CustomerBulkAction, ctx: Ctx, target: { id: string; orgUnitId: string | null } | null) {
  switch (change.action) {
    case 'reassign':
      if (row.ownerId === target!.id) return null;
      return {
        ownerId: target!.id,
        teamId: target!.orgUnitId,
        assignedAt: ctx.now,
        pooledAt: null,
        poolReason: null,
        poolWarnedAt: null,
      } satisfies Partial<CustomerRow>;
    case 'addTags': {
      const tags = [...new Set([...row.tags, ...change.tags])];
      return tags.length === row.tags.length ? null : { tags };
    }
    case 'removeTags': {
      const tags = row.tags.filter((tag) => !change.tags.includes(tag));
      return tags.length === row.tags.length ? null : { tags };
    }
    case 'release':
      return { ownerId: null, pooledAt: ctx.now, poolReason: change.reason, cadenceDueAt: null, poolWarnedAt: null };
    case 'setTier':
      return row.tier === change.tier ? null : { tier: change.tier };
  }
}

/**
 * One bulk action on customers. Up to BULK_LIMIT records: one transaction, every selected row locked
 * and checked against the caller's scope for that action first; if any is out of scope (or gone),
 * the whole batch is refused with 403 listing the refused ids and nothing is written. Above it: the
 * same check, then a background job (bulk.customers) that changes the records batch by batch, each
 * record checked again as the caller and changed on its own (202 with the job). Each changed customer
 * is audited like its one-record action; a reassignment's new owner must be in the caller's assign scope.
 */
export async function bulkChangeCustomers(ctx: Ctx, input: CustomerBulk): Promise<BulkResult | BulkJobStarted> {
  const scope = changeScope(ctx, input.change);
  return ctx.db.transaction(async (tx) => {
    const ids = await selectedIds(ctx, tx, input.selection);
    if (!ids.length) return { action: input.change.action, changed: 0, unchanged: 0 };
    if (ids.length > BULK_LIMIT) return startBulkJob(ctx, tx, input.change, ids, scope);
    const rows = await tx
      .select()
      .from(customers)
      .where(and(inArray(customers.id, ids), isNull(customers.mergedIntoId), scope))
      .orderBy(customers.id)
      .for('update');
    refuseOutside(ids, new Set(rows.map((row) => row.id)));
    const target = await resolveTarget(ctx, tx, input.change);
    let count = 0;
    const assigned: CustomerRow[] = [];
    for (const before of rows) {
      if (!(await applyOne(ctx, tx, before, input.change, target))) continue;
      count += 1;
      if (input.change.action === 'reassign') assigned.push(before);
    }
    await notifyAssigned(ctx, tx, target, assigned);
    return { action: input.change.action, changed: count, unchanged: rows.length - count };
  });
}

function refuseOutside(ids: string[], found: Set<string>): void {
  const refusedIds = ids.filter((id) => !found.has(id));
  if (refusedIds.length)
    throw new AppError(
      'forbidden',
      `${refusedIds.length} of ${ids.length} customers are outside what you may change; nothing was changed`,
      {
        field: 'body.selection',
        data: { refusedIds: refusedIds.slice(0, BULK_LIMIT) },
      },
    );
}

/** Queues a bulk action above BULK_LIMIT, after the same all-or-nothing scope check as a batch (nothing is queued if one id is refused). */
async function startBulkJob(ctx: Ctx, tx: Tx, change: CustomerBulkAction, ids: string[], scope: SQL): Promise<BulkJobStarted> {
  const found = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(and(sql`${customers.id} = any(${sql.param(ids)}::uuid[])`, isNull(customers.mergedIntoId), scope));
  refuseOutside(ids, new Set(found.map((row) => row.id)));
  await resolveTarget(ctx, tx, change);
  const jobId = await enqueueJob(tx, {
    kind: customerBulkJob.kind,
    payload: { change, ids },
    createdById: ctx.actor.id,
    total: ids.length,
  });
  await ctx.audit(tx, {
    action: 'update',
    entity: 'background_jobs',
    entityId: jobId,
    summary: `bulk ${change.action} on ${ids.length} customers queued as a background job`,
    summaryMessage: message('audit.messages.bulkJobQueued', { count: ids.length }),
  });
  return { jobId, total: ids.length };
}

/** Records per transaction in a bulk job: each batch commits, so a stopped job keeps what it did. */
const JOB_BATCH = 500;

const bulkJobPayload = z.object({ change: customerBulkActionSchema, ids: z.array(z.uuid()).max(BULK_JOB_LIMIT) });

/**
 * The background half of a large bulk action: batch by batch, each record locked and checked again
 * against the starter's scope as it is now (a customer moved to another team meanwhile fails with
 * `outside_scope`), changed in its own savepoint (one record's error fails that record only) and
 * audited. Counts and first failures are in the job's result after every batch, every outcome in
 * the report file.
 */
async function runCustomerBulk(job: JobContext<z.infer<typeof bulkJobPayload>>): Promise<BulkJobResult> {
  const { change, ids } = job.payload;
  const recorder = new BulkJobRecorder(job.db, job.dataDir, job.id, change.action);
  try {
    const actor = await loadJobActor(job.db, job.createdById);
    if (!actor) throw new Error('the user who started this job is disabled; nothing more was changed');
    let processed = 0;
    for (let start = 0; start < ids.length; start += JOB_BATCH) {
      await job.checkpoint(processed, ids.length);
      const batch = ids.slice(start, start + JOB_BATCH);
      const ctx = makeCtx(job.db, actor, { now: new Date() });
      await job.db.transaction(async (tx) => {
        let target: Target = null;
        try {
          target = await resolveTarget(ctx, tx, change);
        } catch {
          for (const id of batch) recorder.record(id, null, 'failed', { code: 'invalid', reason: 'the new owner is outside your team' });
          return;
        }
        let scope: SQL;
        try {
          scope = changeScope(ctx, change);
        } catch {
          for (const id of batch)
            recorder.record(id, null, 'failed', { code: 'outside_scope', reason: 'you may no longer make this change' });
          return;
        }
        const rows = await tx
          .select()
          .from(customers)
          .where(and(sql`${customers.id} = any(${sql.param(batch)}::uuid[])`, isNull(customers.mergedIntoId), scope))
          .orderBy(customers.id)
          .for('update');
        const found = new Map(rows.map((row) => [row.id, row]));
        const missing = batch.filter((id) => !found.has(id));
        const existing = missing.length
          ? await tx
              .select({ id: customers.id, name: customers.name, mergedIntoId: customers.mergedIntoId })
              .from(customers)
              .where(sql`${customers.id} = any(${sql.param(missing)}::uuid[])`)
          : [];
        const names = new Map(existing.map((row) => [row.id, row]));
        const assigned: CustomerRow[] = [];
        for (const id of batch) {
          const before = found.get(id);
          if (!before) {
            const other = names.get(id);
            recorder.record(
              id,
              other?.name ?? null,
              'failed',
              other && !other.mergedIntoId
                ? { code: 'outside_scope', reason: 'outside what you may change' }
                : { code: 'not_found', reason: 'no longer exists (deleted or merged)' },
            );
            continue;
          }
          try {
            const didChange = await tx.transaction((savepoint) => applyOne(ctx, savepoint, before, change, target));
            recorder.record(id, before.name, didChange ? 'changed' : 'unchanged');
            if (didChange && change.action === 'reassign') assigned.push(before);
          } catch (error) {
            job.log.error({ err: error, job: job.id, customer: id }, 'bulk change of one customer failed');
            recorder.record(id, before.name, 'failed', {
              code: 'error',
              reason: error instanceof Error ? error.message.slice(0, 300) : 'error',
            });
          }
        }
        await notifyAssigned(ctx, tx, target, assigned);
      });
      processed += batch.length;
      await recorder.flush();
    }
    await job.checkpoint(processed, ids.length);
    return await recorder.close();
  } catch (error) {
    await recorder.close().catch(() => undefined);
    throw error;
  }
}

/**
 * bulk.customers. A process that dies mid-job leaves it `failed` as interrupted (onStale 'fail'),
 * not resumed: the batches it committed stay changed and audited, its result says how many, and the
 * starter runs the rest again (already-changed records then count as unchanged).
 */
export const customerBulkJob = defineBackgroundJob({
  kind: `${BULK_JOB_PREFIX}customers`,
  payload: bulkJobPayload,
  onStale: 'fail',
  run: runCustomerBulk,
});

/**
 * Closes several follow-up tasks at once (issue 16, bulk actions): the ticked tasks, or every task the
 * caller sees matching the task list's filters, up to BULK_LIMIT, in one transaction. All or nothing: a
 * task the caller may not change (another rep's customer, someone else's customer-less task) refuses
 * the batch with 403 naming it. Each task closed is audited like a one-task completion.
 */
export async function bulkCloseTasks(ctx: Ctx, input: TaskBulkClose): Promise<BulkResult> {
  customersAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const ids = await selectedTaskIds(ctx, tx, input);
    if (!ids.length) return { action: 'closeTasks', changed: 0, unchanged: 0 };
    const rows = await tx
      .select({ id: followUpTasks.id, title: followUpTasks.title, doneAt: followUpTasks.doneAt })
      .from(followUpTasks)
      .where(and(sql`${followUpTasks.id} = any(${sql.param(ids)}::uuid[])`, taskWriteScope(ctx)))
      .orderBy(followUpTasks.id)
      .for('update');
    const found = new Set(rows.map((row) => row.id));
    const refusedIds = ids.filter((id) => !found.has(id));
    if (refusedIds.length)
      throw new AppError('forbidden', `${refusedIds.length} of ${ids.length} tasks are outside what you may change; nothing was changed`, {
        field: 'matching' in input ? 'body.matching' : 'body.ids',
        data: { refusedIds },
      });
    const open = rows.filter((row) => !row.doneAt);
    if (open.length)
      await tx
        .update(followUpTasks)
        .set({ doneAt: ctx.now, updatedAt: ctx.now, version: sql`${followUpTasks.version} + 1` })
        .where(sql`${followUpTasks.id} = any(${sql.param(open.map((row) => row.id))}::uuid[])`);
    for (const task of open)
      await ctx.audit(tx, {
        action: 'update',
        entity: 'follow_up_tasks',
        entityId: task.id,
        changes: { doneAt: [null, ctx.now.toISOString()] },
        summary: `bulk close: ${task.title}`,
        summaryMessage: message('audit.messages.bulk.close', { name: task.title }),
      });
    return { action: 'closeTasks', changed: open.length, unchanged: rows.length - open.length };
  });
}

/** The ticked task ids, or those the caller reads that match the list's filters (refused above BULK_LIMIT: narrow the filters). */
async function selectedTaskIds(ctx: Ctx, tx: Tx, input: TaskBulkClose): Promise<string[]> {
  if ('ids' in input) return [...new Set(input.ids)];
  const rows = await tx
    .select({ id: followUpTasks.id })
    .from(followUpTasks)
    .where(taskFilters(ctx, input.matching))
    .orderBy(followUpTasks.id)
    .limit(BULK_LIMIT + 1);
  if (rows.length > BULK_LIMIT)
    throw badRequest('body.matching', `more than ${BULK_LIMIT} tasks match; narrow the filters and close them in parts`);
  return rows.map((row) => row.id);
}
