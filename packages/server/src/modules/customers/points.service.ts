/** Loyalty points (000 忠诚度计划): the ledger and its balance. */
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { pointsInputSchema } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { iso } from '../../platform/db/client.js';
import { badRequest } from '../../platform/errors.js';
import { customers, pointsLedger } from './customers.schema.js';
import { customersAccess } from './customers.access.js';
import { loadCustomerRow } from './customers.service.js';
import { writableCustomer } from './customer-in-scope.js';

export async function pointsEntries(ctx: Ctx, customerId: string) {
  await loadCustomerRow(ctx, customerId);
  const rows = await ctx.db
    .select()
    .from(pointsLedger)
    .where(eq(pointsLedger.customerId, customerId))
    .orderBy(desc(pointsLedger.at))
    .limit(200);
  return rows.map((p) => ({ id: p.id, kind: p.kind, points: p.points, reason: p.reason, at: iso(p.at)!, expiresAt: iso(p.expiresAt) }));
}

/** Loyalty points ledger (000 忠诚度计划): earned adds, redeemed subtracts (never below zero). */
export async function addPoints(ctx: Ctx, customerId: string, input: z.infer<typeof pointsInputSchema>) {
  customersAccess.require(ctx.actor, 'write');
  await ctx.db.transaction(async (tx) => {
    await writableCustomer(ctx, tx, customerId);
    const delta = input.kind === 'redeemed' ? -input.points : input.points;
    const [updated] = await tx
      .update(customers)
      .set({ pointsBalance: sql`${customers.pointsBalance} + ${delta}` })
      .where(and(eq(customers.id, customerId), sql`${customers.pointsBalance} + ${delta} >= 0`))
      .returning({ balance: customers.pointsBalance });
    if (!updated) throw badRequest('body.points', 'not enough points to redeem');
    const expiresAt = input.kind === 'earned' ? new Date(ctx.now.getTime() + 365 * 86_400_000) : null;
    await tx
      .insert(pointsLedger)
      .values({ customerId, kind: input.kind, points: delta, reason: input.reason, at: ctx.now, expiresAt, actorId: ctx.actor.id });
    await ctx.audit(tx, {
      action: 'update',
      entity: 'customers',
      entityId: customerId,
      changes: { pointsBalance: [updated.balance - delta, updated.balance] },
      summary: input.reason,
    });
  });
  return pointsEntries(ctx, customerId);
}
