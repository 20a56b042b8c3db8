/** A customer's status history and recent orders, for its page. */
import { asc, desc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { CustomerOrder, CustomerStatus, StatusChange } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { iso } from '../../platform/db/client.js';
import { users } from '../org/index.js';
import { customerOrders, customerStatusHistory } from './customers.schema.js';
import { loadCustomerRow } from './customers.service.js';

export async function statusHistory(ctx: Ctx, customerId: string): Promise<StatusChange[]> {
  await loadCustomerRow(ctx, customerId);
  const actor = alias(users, 'actor');
  const rows = await ctx.db
    .select({ h: customerStatusHistory, actorName: actor.displayName })
    .from(customerStatusHistory)
    .leftJoin(actor, eq(actor.id, customerStatusHistory.actorId))
    .where(eq(customerStatusHistory.customerId, customerId))
    .orderBy(asc(customerStatusHistory.at));
  return rows.map(({ h, actorName }) => ({
    fromStatus: h.fromStatus as CustomerStatus | null,
    toStatus: h.toStatus as CustomerStatus,
    at: iso(h.at)!,
    actorName,
  }));
}

export async function recentOrders(ctx: Ctx, customerId: string): Promise<CustomerOrder[]> {
  await loadCustomerRow(ctx, customerId);
  const rows = await ctx.db
    .select()
    .from(customerOrders)
    .where(eq(customerOrders.customerId, customerId))
    .orderBy(desc(customerOrders.orderedAt))
    .limit(100);
  return rows.map((o) => ({ id: o.id, orderedAt: iso(o.orderedAt)!, amountCents: o.amountCents, source: o.source }));
}
