import { z } from 'zod';
import { abilitiesSchema, centsSchema, pageOf, pageQuerySchema, versionSchema } from './common.js';
import { dateSchema, moneySchema, timestampSchema } from './input.js';
import { roleSchema } from './roles.js';
import { PROMOTION_KINDS } from './products.js';
import { approvalStatusSchema } from './approvals.js';

/** M2 Quotes (R-QUO-1): enums written once. */
export const QUOTE_STATUSES = ['draft', 'pending_approval', 'approved', 'rejected', 'sent', 'accepted', 'declined', 'expired'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];
export const QUOTE_SORTS = [
  'updatedAt',
  '-updatedAt',
  'createdAt',
  '-createdAt',
  'number',
  '-number',
  'total',
  '-total',
  'validUntil',
  '-validUntil',
] as const;
export const QUOTE_SUBJECTS = ['quote.discount', 'quote.floor'] as const;
export type QuoteSubject = (typeof QUOTE_SUBJECTS)[number];

const text = (max: number) => z.string().trim().max(max);
const cents = moneySchema.min(0);

export const quoteLineInputSchema = z.object({
  productId: z.uuid(),
  quantity: z.number().int().min(1).max(100_000_000),
  /** The rep's discount on the whole line, in cents. */
  lineDiscountCents: cents.default(0),
  description: text(500).nullable().optional(),
});
export type QuoteLineInput = z.input<typeof quoteLineInputSchema>;

const quoteFields = {
  title: text(200).min(1),
  customerId: z.uuid(),
  opportunityId: z.uuid().nullable().optional(),
  /** Omitted or null → the default price list valid today (if any). */
  priceListId: z.uuid().nullable().optional(),
  lines: z.array(quoteLineInputSchema).min(1).max(200),
  /** The rep's discount on the quote total, in cents. */
  totalDiscountCents: cents,
  validUntil: dateSchema.nullable().optional(),
  notes: text(5000).nullable().optional(),
  terms: text(5000).nullable().optional(),
};
export const quoteCreateSchema = z.object({
  ...quoteFields,
  title: quoteFields.title.optional(),
  totalDiscountCents: quoteFields.totalDiscountCents.default(0),
});
export const quoteUpdateSchema = z.object(quoteFields).partial().extend({ version: versionSchema });
export type QuoteCreate = z.infer<typeof quoteCreateSchema>;
export type QuoteUpdate = z.infer<typeof quoteUpdateSchema>;

/**
 * R-QUO-1: why a quote needs approval. Machine codes with their numbers; the UI words them
 * ("needs approval because the discount ¥60,000 reaches ¥50,000").
 */
export const authorityReasonSchema = z.discriminatedUnion('code', [
  z.object({ code: z.literal('discount_amount'), discountCents: centsSchema, thresholdCents: centsSchema }),
  z.object({ code: z.literal('discount_percent'), discountPercent: z.number(), thresholdPercent: z.number() }),
  z.object({ code: z.literal('discount_policy'), discountCents: centsSchema, policyName: z.string() }),
  z.object({
    code: z.literal('below_floor'),
    lines: z.array(
      z.object({ lineNo: z.number().int(), productCode: z.string(), netUnitCents: centsSchema, floorUnitCents: centsSchema.nullable() }),
    ),
  }),
  z.object({ code: z.literal('no_policy'), subjectType: z.enum(QUOTE_SUBJECTS) }),
]);
export type AuthorityReason = z.infer<typeof authorityReasonSchema>;

export const quoteAuthoritySchema = z.object({
  needsApproval: z.boolean(),
  subjectType: z.enum(QUOTE_SUBJECTS).nullable(),
  reasons: z.array(authorityReasonSchema),
  /** Who approves, in order (from the matching row of the approval matrix). */
  steps: z.array(z.object({ role: roleSchema, mode: z.enum(['line', 'any']) })),
  policyName: z.string().nullable(),
  discountCents: centsSchema,
  /** Basis points of the priced subtotal (before the rep's discounts). */
  discountBp: z.number().int(),
});
export type QuoteAuthority = z.infer<typeof quoteAuthoritySchema>;

export const quoteLineSchema = z.object({
  id: z.uuid(),
  lineNo: z.number().int(),
  productId: z.uuid(),
  productCode: z.string(),
  productName: z.string(),
  productNameEn: z.string().nullable(),
  unit: z.string(),
  description: z.string().nullable(),
  quantity: z.number().int(),
  listUnitCents: centsSchema,
  unitPriceCents: centsSchema,
  /** Null without the floor-price field permission (products.floor); `belowFloor` still says so. */
  floorUnitCents: centsSchema.nullable(),
  lineDiscountCents: centsSchema,
  lineTotalCents: centsSchema,
  belowFloor: z.boolean(),
  tierMinQuantity: z.number().int().nullable(),
  promotions: z.array(z.object({ id: z.uuid(), name: z.string(), kind: z.enum(PROMOTION_KINDS), discountCents: centsSchema })),
});
export type QuoteLine = z.infer<typeof quoteLineSchema>;

const quoteSummaryFields = {
  id: z.uuid(),
  number: z.string(),
  title: z.string(),
  customerId: z.uuid(),
  customerName: z.string(),
  opportunityId: z.uuid().nullable(),
  opportunityName: z.string().nullable(),
  ownerId: z.uuid(),
  ownerName: z.string().nullable(),
  status: z.enum(QUOTE_STATUSES),
  revision: z.number().int(),
  validUntil: z.string().nullable(),
  currency: z.string(),
  listTotalCents: centsSchema,
  subtotalCents: centsSchema,
  totalDiscountCents: centsSchema,
  totalCents: centsSchema,
  discountCents: centsSchema,
  discountBp: z.number().int(),
  belowFloor: z.boolean(),
  needsApproval: z.boolean(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  version: z.number().int(),
};
export const quoteSummarySchema = z.object(quoteSummaryFields);
export type QuoteSummary = z.infer<typeof quoteSummarySchema>;
export const quotePageSchema = pageOf(quoteSummarySchema);

export const quoteSchema = z.object({
  ...quoteSummaryFields,
  teamId: z.uuid().nullable(),
  priceListId: z.uuid().nullable(),
  priceListName: z.string().nullable(),
  authority: quoteAuthoritySchema,
  /** The current lines and discounts are covered by an approval (or need none). */
  approvedContent: z.boolean(),
  approval: z.object({ requestId: z.uuid(), status: approvalStatusSchema, currentStep: z.number().int().nullable() }).nullable(),
  copiedFromId: z.uuid().nullable(),
  copiedFromNumber: z.string().nullable(),
  notes: z.string().nullable(),
  terms: z.string().nullable(),
  sentAt: timestampSchema.nullable(),
  createdByName: z.string().nullable(),
  lines: z.array(quoteLineSchema),
  abilities: abilitiesSchema,
});
export type Quote = z.infer<typeof quoteSchema>;

export const quoteListQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(100).optional(),
  status: z.enum(QUOTE_STATUSES).optional(),
  ownerId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  opportunityId: z.uuid().optional(),
  sort: z.enum(QUOTE_SORTS).default('-updatedAt'),
});
export type QuoteListQuery = z.infer<typeof quoteListQuerySchema>;

export const quoteVersionBodySchema = z.object({ version: versionSchema });
export const quoteDeclineBodySchema = z.object({ version: versionSchema, reason: text(500).nullable().optional() });

export const quoteRevisionSchema = z.object({
  revision: z.number().int(),
  createdAt: timestampSchema,
  actorName: z.string().nullable(),
  totalCents: centsSchema,
  discountCents: centsSchema,
  totalDiscountCents: centsSchema,
  lines: z.array(
    z.object({
      productCode: z.string(),
      productName: z.string(),
      productNameEn: z.string().nullable().optional(),
      quantity: z.number().int(),
      unitPriceCents: centsSchema,
      lineDiscountCents: centsSchema,
      lineTotalCents: centsSchema,
    }),
  ),
});
export type QuoteRevision = z.infer<typeof quoteRevisionSchema>;

/** The quote builder's live figures: priced lines, totals and the R-QUO-1 verdict, nothing saved. */
export const quotePreviewInputSchema = z.object({
  customerId: z.uuid(),
  priceListId: z.uuid().nullable().optional(),
  lines: z.array(quoteLineInputSchema).min(1).max(200),
  totalDiscountCents: cents.default(0),
  /** Editing this quote: tells whether its approval already covers the content. */
  quoteId: z.uuid().optional(),
});
export const quotePreviewSchema = z.object({
  priceListId: z.uuid().nullable(),
  on: z.string(),
  lines: z.array(
    quoteLineSchema.omit({ id: true, productCode: true, productName: true, productNameEn: true, unit: true, description: true }),
  ),
  listTotalCents: centsSchema,
  subtotalCents: centsSchema,
  totalDiscountCents: centsSchema,
  totalCents: centsSchema,
  belowFloor: z.boolean(),
  authority: quoteAuthoritySchema,
  approvedContent: z.boolean(),
});
export type QuotePreview = z.infer<typeof quotePreviewSchema>;

export const quoteSettingsSchema = z.object({
  /** Document number pattern: {YYYY} {YY} {MM} {SEQ:n}. */
  numberPattern: z.string().trim().min(1).max(60),
  validityDays: z.number().int().min(1).max(365),
  defaultTerms: z.string().max(5000),
});
export type QuoteSettings = z.infer<typeof quoteSettingsSchema>;
