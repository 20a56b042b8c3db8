import { and, eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.js';
import type { Executor } from '../../platform/db/client.js';
import { badRequest, notFound } from '../../platform/errors.js';
import { customers } from './customers.schema.js';
import { customerReadScope, loadCustomerRow } from './customers.service.js';

/**
 * The customer a new or edited record (opportunity, quote, contract, order, price preview) is for,
 * if the caller may read it (R-SEC-1); else 400 on the field — an unknown customer and one outside
 * the caller's scope answer alike, so the answer tells nothing of others' customers.
 */
export async function customerInScope(
  ctx: Ctx,
  executor: Executor,
  customerId: string,
  field = 'body.customerId',
): Promise<{ id: string; name: string; ownerId: string | null }> {
  const [customer] = await executor
    .select({ id: customers.id, name: customers.name, ownerId: customers.ownerId })
    .from(customers)
    .where(and(eq(customers.id, customerId), customerReadScope(ctx)));
  if (!customer) throw badRequest(field, 'no such customer in your scope');
  return customer;
}

/** The customer, if the caller may change it (contacts, points); else 404, as for one they cannot see. */
export async function writableCustomer(ctx: Ctx, executor: Executor, customerId: string) {
  const row = await loadCustomerRow(ctx, customerId, executor);
  if (!row.canUpdate) throw notFound('customer');
  return row;
}
