import { message } from '@xiaoguan/shared';
/** Merging duplicate customers (R-CUS-3). */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Customer } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import {
  customerContacts,
  customerOrders,
  customers,
  followUpTasks,
  interactions,
  pointsLedger,
  tierProposals,
} from './customers.schema.js';
import { customersAccess } from './customers.access.js';
import { getCustomer } from './customers.service.js';

/** A supervisor merges a duplicate into a survivor: interactions, tasks, contacts, orders and points move; the duplicate is retired. */
export async function mergeCustomers(
  ctx: Ctx,
  survivorId: string,
  input: { duplicateId: string; version: number; duplicateVersion: number },
): Promise<Customer> {
  customersAccess.require(ctx.actor, 'assign');
  if (survivorId === input.duplicateId) throw badRequest('body.duplicateId', 'cannot merge a customer into itself');
  return ctx.db.transaction(async (tx) => {
    const scope = sql`(${customers.ownerId} is null or ${customersAccess.where(ctx.actor, 'assign', customers.ownerId)})`;
    const rows = await tx
      .select()
      .from(customers)
      .where(and(sql`${customers.id} in (${survivorId}, ${input.duplicateId})`, isNull(customers.mergedIntoId), scope))
      .orderBy(asc(customers.id))
      .for('update');
    const survivor = rows.find((r) => r.id === survivorId);
    const duplicate = rows.find((r) => r.id === input.duplicateId);
    if (!survivor) throw notFound('customer');
    if (!duplicate) throw badRequest('body.duplicateId', 'no such customer in your scope');
    if (survivor.version !== input.version || duplicate.version !== input.duplicateVersion) throw conflict();
    const moved: Record<string, number> = {};
    for (const [name, table] of [
      ['interactions', interactions],
      ['tasks', followUpTasks],
      ['contacts', customerContacts],
      ['orders', customerOrders],
      ['points', pointsLedger],
    ] as const) {
      const result = await tx.update(table).set({ customerId: survivorId }).where(eq(table.customerId, input.duplicateId));
      moved[name] = result.rowCount ?? 0;
    }
    const latest = (a: Date | null, b: Date | null) => (a && b ? (a > b ? a : b) : (a ?? b));
    await tx
      .update(customers)
      .set({
        phone: survivor.phone ?? duplicate.phone,
        email: survivor.email ?? duplicate.email,
        wechat: survivor.wechat ?? duplicate.wechat,
        taxId: survivor.taxId ?? duplicate.taxId,
        tags: [...new Set([...survivor.tags, ...duplicate.tags])],
        pointsBalance: survivor.pointsBalance + duplicate.pointsBalance,
        lastContactAt: latest(survivor.lastContactAt, duplicate.lastContactAt),
        updatedAt: ctx.now,
        version: sql`${customers.version} + 1`,
      })
      .where(eq(customers.id, survivorId));
    await tx
      .update(customers)
      .set({ mergedIntoId: survivorId, ownerId: null, cadenceDueAt: null, updatedAt: ctx.now, version: sql`${customers.version} + 1` })
      .where(eq(customers.id, input.duplicateId));
    await tx.delete(tierProposals).where(eq(tierProposals.customerId, input.duplicateId));
    await ctx.audit(tx, {
      action: 'update',
      entity: 'customers',
      entityId: survivorId,
      changes: { mergedFrom: [null, input.duplicateId] },
      summary: `merged ${duplicate.name} into ${survivor.name}: ${JSON.stringify(moved)}`,
      summaryMessage: message('audit.messages.customersMerged', { duplicate: duplicate.name, survivor: survivor.name }),
    });
    await ctx.audit(tx, {
      action: 'delete',
      entity: 'customers',
      entityId: input.duplicateId,
      changes: { mergedIntoId: [null, survivorId] },
      summary: `merged into ${survivor.name}`,
      summaryMessage: message('audit.messages.customerMergedInto', { survivor: survivor.name }),
    });
    return getCustomer(ctx, survivorId, tx);
  });
}
