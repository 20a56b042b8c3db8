import { sql } from 'drizzle-orm';
import { defineSearchable, searchField } from '../../platform/search/index.js';
import { ordersAccess } from './orders.access.js';
import { orders } from './orders.schema.js';

/** Global search (issue 16): orders by number, within the caller's read scope. */
export const orderSearchable = defineSearchable({
  type: 'order',
  can: (actor) => ordersAccess.can(actor, 'read'),
  from: sql`${orders}`,
  id: orders.id,
  title: orders.number,
  subtitle: sql`(select c.name from customers c where c.id = ${orders.customerId})`,
  scope: (ctx) => ordersAccess.where(ctx.actor, 'read', orders.ownerId),
  fields: [searchField.code(orders.number)],
});
