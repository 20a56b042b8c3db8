import { bigint, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { orgUnits, users } from '../../platform/identity/index.js';
import { customers } from '../customers/index.js';
import { contracts } from '../contracts/index.js';
import { products } from '../products/index.js';
import { createdAt, id, timestamptz, updatedAt, version } from '../../platform/db/columns.js';

export const ORDER_STATUSES = ['pending', 'in_production', 'shipped', 'delivered', 'accepted', 'cancelled'] as const;

/** Orders (订单): from a contract, or direct for small deals (same pricing and R-AR-2 credit rules). */
export const orders = pgTable(
  'orders',
  {
    id: id(),
    number: text('number').notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    contractId: uuid('contract_id').references(() => contracts.id),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    teamId: uuid('team_id').references(() => orgUnits.id),
    status: text('status', { enum: ORDER_STATUSES }).notNull().default('pending'),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    orderedAt: timestamptz('ordered_at').notNull().defaultNow(),
    /** The approved R-AR-2 override this order used, if any. */
    creditOverrideId: uuid('credit_override_id'),
    notes: text('notes'),
    createdById: uuid('created_by_id').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('orders_number_idx').on(t.number),
    index('orders_owner_idx').on(t.ownerId, t.orderedAt),
    index('orders_customer_idx').on(t.customerId, t.status),
    index('orders_contract_idx').on(t.contractId),
  ],
);

export const orderLines = pgTable(
  'order_lines',
  {
    id: id(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    lineNo: integer('line_no').notNull(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    quantity: integer('quantity').notNull(),
    unitPriceCents: bigint('unit_price_cents', { mode: 'number' }).notNull(),
    lineTotalCents: bigint('line_total_cents', { mode: 'number' }).notNull(),
  },
  (t) => [index('order_lines_order_idx').on(t.orderId), index('order_lines_product_idx').on(t.productId)],
);

/** Delivery status changes with date and who made them. */
export const orderStatusHistory = pgTable(
  'order_status_history',
  {
    id: id(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    note: text('note'),
    at: timestamptz('at').notNull().defaultNow(),
    actorId: uuid('actor_id').references(() => users.id),
  },
  (t) => [index('order_status_history_order_idx').on(t.orderId, t.at)],
);
