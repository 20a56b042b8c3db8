import { z } from 'zod';
import { abilitiesSchema, centsSchema, pageOf, pageQuerySchema, versionSchema } from './common.js';
import { dateTimeSchema, moneySchema, timestampSchema, queryBooleanSchema } from './input.js';

/** M2 Orders and delivery (订单与交付): statuses written once, in delivery order. */
export const ORDER_STATUSES = ['pending', 'in_production', 'shipped', 'delivered', 'accepted', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const text = (max: number) => z.string().trim().max(max);

export const orderLineSchema = z.object({
  id: z.uuid(),
  lineNo: z.number().int(),
  productId: z.uuid(),
  productName: z.string().nullable(),
  /** The product's English name, when it has one (issue 16: shown to an en-US reader). */
  productNameEn: z.string().nullable().optional(),
  quantity: z.number().int(),
  unitPriceCents: centsSchema,
  lineTotalCents: centsSchema,
});
export type OrderLine = z.infer<typeof orderLineSchema>;

export const orderStatusEntrySchema = z.object({
  fromStatus: z.enum(ORDER_STATUSES).nullable(),
  toStatus: z.enum(ORDER_STATUSES),
  note: z.string().nullable(),
  at: z.string(),
  actorName: z.string().nullable(),
});
export type OrderStatusEntry = z.infer<typeof orderStatusEntrySchema>;

export const orderRowSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  customerId: z.uuid(),
  customerName: z.string(),
  contractId: z.uuid().nullable(),
  contractNumber: z.string().nullable(),
  ownerId: z.uuid(),
  ownerName: z.string().nullable(),
  teamName: z.string().nullable(),
  status: z.enum(ORDER_STATUSES),
  amountCents: centsSchema,
  orderedAt: timestampSchema,
  /** When the current status was reached. */
  statusAt: timestampSchema,
  /** The next delivery step, when there is one. */
  nextStatus: z.enum(ORDER_STATUSES).nullable(),
  notes: z.string().nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  version: versionSchema,
  abilities: abilitiesSchema,
});
export type OrderRow = z.infer<typeof orderRowSchema>;
export const orderPageSchema = pageOf(orderRowSchema);

export const orderSchema = orderRowSchema.extend({
  creditOverrideId: z.uuid().nullable(),
  lines: z.array(orderLineSchema),
  history: z.array(orderStatusEntrySchema),
});
export type Order = z.infer<typeof orderSchema>;

export const orderLineInputSchema = z.object({
  productId: z.uuid(),
  quantity: z.number().int().min(1).max(10_000_000),
});
export type OrderLineInput = z.infer<typeof orderLineInputSchema>;

/**
 * An order from a signed contract (`contractId`; lines default to the contract's quote lines) or a
 * direct order for a small deal (`customerId`, priced by the price list; R-AR-2 credit check).
 */
export const orderCreateSchema = z
  .object({
    contractId: z.uuid().optional(),
    customerId: z.uuid().optional(),
    priceListId: z.uuid().nullable().optional(),
    lines: z.array(orderLineInputSchema).min(1).max(200).optional(),
    /** An approved R-AR-2 credit override to use when the order exceeds the credit limit. */
    creditOverrideId: z.uuid().nullable().optional(),
    ownerId: z.uuid().optional(),
    notes: text(2000).nullable().optional(),
  })
  .refine((value) => Boolean(value.contractId) !== Boolean(value.customerId), {
    message: 'give either contractId or customerId',
    path: ['contractId'],
  })
  .refine((value) => Boolean(value.contractId) || Boolean(value.lines?.length), { message: 'a direct order needs lines', path: ['lines'] });
export type OrderCreate = z.infer<typeof orderCreateSchema>;

/** Live pricing of a direct order's lines (the drawer shows it while lines are typed). */
export const orderPriceQuerySchema = z.object({
  customerId: z.uuid(),
  priceListId: z.uuid().nullable().optional(),
  lines: z.array(orderLineInputSchema).min(1).max(200),
});
export const pricedOrderSchema = z.object({
  lines: z.array(
    z.object({
      productId: z.uuid(),
      quantity: z.number().int(),
      listUnitCents: centsSchema,
      unitPriceCents: centsSchema,
      lineTotalCents: centsSchema,
      promotions: z.array(z.string()),
    }),
  ),
  totalCents: centsSchema,
  /** The direct-order ceiling (setting); above it the deal needs a contract. */
  directOrderMaxCents: centsSchema,
});
export type PricedOrder = z.infer<typeof pricedOrderSchema>;

export const orderStatusChangeSchema = z.object({
  version: versionSchema,
  status: z.enum(ORDER_STATUSES),
  note: text(500).nullable().optional(),
  /** When it happened (defaults to now; never in the future). */
  at: dateTimeSchema.optional(),
});
export type OrderStatusChange = z.infer<typeof orderStatusChangeSchema>;

export const orderListQuerySchema = pageQuerySchema.extend({
  /** Only the caller's own orders ("my orders"). */
  mine: queryBooleanSchema.optional(),
  q: text(100).optional(),
  status: z.enum(ORDER_STATUSES).optional(),
  customerId: z.uuid().optional(),
  contractId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
  /** true: direct orders only; false: contract orders only. */
  direct: queryBooleanSchema.optional(),
  sort: z.enum(['-orderedAt', 'orderedAt', '-amount', 'amount', 'number', '-number']).default('-orderedAt'),
});
export type OrderListQuery = z.infer<typeof orderListQuerySchema>;

export const orderSettingsSchema = z.object({
  numberPattern: text(40).min(1),
  /** Above this a deal needs a contract (ORD-DIRECT-MAX). */
  directOrderMaxCents: moneySchema.min(0),
});
export type OrderSettings = z.infer<typeof orderSettingsSchema>;
