import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { BULK_LIMIT, type BulkResult, type CustomerBulk, type CustomerBulkAction, message } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Tx } from '../../platform/db/client.js';
import { AppError, badRequest } from '../../platform/errors.js';
import { notify } from '../../platform/notifications/notifications.js';
import { diffChanges } from '../../platform/audit/audit.js';
import { users } from '../org/index.js';
import { customers, followUpTasks } from './customers.schema.js';
import { customersAccess } from './customers.access.js';
import { computeDueAt, customerFilters } from './customers.service.js';

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

/** The ids the selection names: the ticked ids, or every customer the caller sees that matches the list's filters. */
async function selectedIds(ctx: Ctx, tx: Tx, selection: CustomerBulk['selection']): Promise<string[]> {
  if ('ids' in selection) return [...new Set(selection.ids)];
  const rows = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(and(...customerFilters(ctx, selection.matching)))
    .limit(BULK_LIMIT + 1);
  if (rows.length > BULK_LIMIT)
    throw badRequest('body.selection', `more than ${BULK_LIMIT} customers match; narrow the filters and run the action in parts`);
  return rows.map((row) => row.id);
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
 * One bulk action on customers in one transaction: every selected row is locked and checked against
 * the caller's scope for that action first; if any is out of scope (or gone), the whole batch is
 * refused with 403 listing the refused ids and nothing is written. Each changed customer is audited
 * like its one-record action; a reassignment's new owner must be in the caller's assign scope.
 */
export async function bulkChangeCustomers(ctx: Ctx, input: CustomerBulk): Promise<BulkResult> {
  const scope = changeScope(ctx, input.change);
  return ctx.db.transaction(async (tx) => {
    const ids = await selectedIds(ctx, tx, input.selection);
    if (!ids.length) return { action: input.change.action, changed: 0, unchanged: 0 };
    const rows = await tx
      .select()
      .from(customers)
      .where(and(inArray(customers.id, ids), isNull(customers.mergedIntoId), scope))
      .orderBy(customers.id)
      .for('update');
    const found = new Set(rows.map((row) => row.id));
    const refusedIds = ids.filter((id) => !found.has(id));
    if (refusedIds.length)
      throw new AppError(
        'forbidden',
        `${refusedIds.length} of ${ids.length} customers are outside what you may change; nothing was changed`,
        {
          field: 'body.selection',
          data: { refusedIds },
        },
      );
    let target: { id: string; orgUnitId: string | null } | null = null;
    if (input.change.action === 'reassign') {
      // The new owner: active and in the caller's assign scope (or the caller), as for one assignment.
      const [row] = await tx
        .select({ id: users.id, orgUnitId: users.orgUnitId })
        .from(users)
        .where(
          and(
            eq(users.id, input.change.ownerId),
            eq(users.disabled, false),
            sql`(${users.id} = ${ctx.actor.id} or ${customersAccess.where(ctx.actor, 'assign', users.id)})`,
          ),
        );
      if (!row) throw badRequest('body.change.ownerId', 'that user is outside your team');
      target = row;
    }
    let count = 0;
    const assigned: CustomerRow[] = [];
    for (const before of rows) {
      const fields = changed(before, input.change, ctx, target);
      if (!fields) continue;
      count += 1;
      if (input.change.action === 'reassign') assigned.push(before);
      const merged = { ...before, ...fields };
      const cadenceDueAt =
        input.change.action === 'reassign' || input.change.action === 'setTier' ? await computeDueAt(ctx, merged) : merged.cadenceDueAt;
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
        summary: `${input.change.action === 'release' ? 'released to pool' : `bulk ${input.change.action}`}: ${before.name}`,
        summaryMessage: message(`audit.messages.bulk.${input.change.action}`, { name: before.name }),
      });
    }
    // The new owner hears of each customer as for one assignment (one insert for the batch).
    const newOwnerId = target?.id;
    if (newOwnerId && newOwnerId !== ctx.actor.id && assigned.length)
      await notify(
        tx,
        assigned.map((row) => ({
          userId: newOwnerId,
          kind: 'customers.assigned',
          title: row.name,
          body: null,
          link: `/customers/${row.id}`,
        })),
      );
    return { action: input.change.action, changed: count, unchanged: rows.length - count };
  });
}

/** Closes several follow-up tasks at once, all or nothing: a task on a customer outside the caller's write scope refuses the batch. */
export async function bulkCloseTasks(ctx: Ctx, ids: string[]): Promise<BulkResult> {
  customersAccess.require(ctx.actor, 'write');
  const unique = [...new Set(ids)];
  return ctx.db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(followUpTasks)
      .where(
        and(
          inArray(followUpTasks.id, unique),
          sql`${followUpTasks.customerId} in (select c.id from customers c where ${customersAccess.where(ctx.actor, 'write', sql`c.owner_id`)})`,
        ),
      )
      .for('update');
    const found = new Set(rows.map((row) => row.id));
    const refusedIds = unique.filter((id) => !found.has(id));
    if (refusedIds.length)
      throw new AppError(
        'forbidden',
        `${refusedIds.length} of ${unique.length} tasks are outside what you may change; nothing was changed`,
        {
          field: 'body.ids',
          data: { refusedIds },
        },
      );
    let count = 0;
    for (const before of rows) {
      if (before.doneAt) continue;
      count += 1;
      await tx
        .update(followUpTasks)
        .set({ doneAt: ctx.now, updatedAt: ctx.now, version: sql`${followUpTasks.version} + 1` })
        .where(eq(followUpTasks.id, before.id));
      await ctx.audit(tx, {
        action: 'update',
        entity: 'follow_up_tasks',
        entityId: before.id,
        changes: { doneAt: [null, ctx.now.toISOString()] },
        summary: `bulk close: ${before.title}`,
        summaryMessage: message('audit.messages.bulk.close', { name: before.title }),
      });
    }
    return { action: 'closeTasks', changed: count, unchanged: rows.length - count };
  });
}
