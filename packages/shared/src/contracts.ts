import { z } from 'zod';
import { abilitiesSchema, centsSchema, pageQuerySchema, versionSchema } from './common.js';
import { dateSchema, moneySchema, timestampSchema } from './input.js';
import { CUSTOMER_SOURCES } from './customers.js';

/** M2 Contracts (合同): statuses written once. */
export const CONTRACT_STATUSES = ['draft', 'in_approval', 'signed', 'executing', 'completed', 'terminated'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

const text = (max: number) => z.string().trim().max(max);
const day = dateSchema;

export const planInstallmentSchema = z.object({
  id: z.uuid(),
  seq: z.number().int(),
  dueOn: z.string(),
  amountCents: centsSchema,
  receivedCents: centsSchema,
  writtenOffCents: centsSchema,
  invoicedCents: centsSchema,
  settledOn: z.string().nullable(),
  note: z.string().nullable(),
});
export type PlanInstallment = z.infer<typeof planInstallmentSchema>;

export const installmentInputSchema = z.object({
  dueOn: day,
  amountCents: moneySchema.min(1),
  note: text(200).nullable().optional(),
});
export type InstallmentInput = z.infer<typeof installmentInputSchema>;

/** PUT /contracts/:id/plan — the whole payment plan (回款计划) at once, while the contract is a draft. */
export const paymentPlanSchema = z.object({
  version: versionSchema,
  installments: z.array(installmentInputSchema).min(1).max(60),
});
export type PaymentPlanInput = z.infer<typeof paymentPlanSchema>;

export const contractAttachmentSchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  size: z.number().int(),
  mimeType: z.string(),
  uploadedByName: z.string().nullable(),
  createdAt: timestampSchema,
});
export type ContractAttachment = z.infer<typeof contractAttachmentSchema>;

/** Fulfilment (履约) of a contract: orders placed, delivered, accepted, and the plan received. */
export const fulfilmentSchema = z.object({
  orderedCents: centsSchema,
  deliveredCents: centsSchema,
  acceptedCents: centsSchema,
  receivedCents: centsSchema,
  writtenOffCents: centsSchema,
  /** Whole percent of the contract amount (0–100). */
  orderedPercent: z.number().int(),
  deliveredPercent: z.number().int(),
  acceptedPercent: z.number().int(),
  receivedPercent: z.number().int(),
  /** Amount still open for new orders. */
  orderableCents: centsSchema,
});
export type Fulfilment = z.infer<typeof fulfilmentSchema>;

/** A line the contract's quote agreed, with the effective unit price for orders (total discount spread). */
export const contractLineSchema = z.object({
  productId: z.uuid(),
  productName: z.string().nullable(),
  /** The product's English name, when it has one (issue 16: shown to an en-US reader). */
  productNameEn: z.string().nullable().optional(),
  quantity: z.number().int(),
  orderedQuantity: z.number().int(),
  unitPriceCents: centsSchema,
  lineTotalCents: centsSchema,
});
export type ContractLine = z.infer<typeof contractLineSchema>;

/** A ledger row (合同台账). */
export const contractRowSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  title: z.string(),
  customerId: z.uuid(),
  customerName: z.string(),
  ownerId: z.uuid(),
  ownerName: z.string().nullable(),
  teamId: z.uuid().nullable(),
  teamName: z.string().nullable(),
  quoteId: z.uuid().nullable(),
  opportunityId: z.uuid().nullable(),
  templateId: z.uuid().nullable(),
  amountCents: centsSchema,
  currency: z.string(),
  status: z.enum(CONTRACT_STATUSES),
  approvalRequestId: z.uuid().nullable(),
  signedOn: z.string().nullable(),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  terminatedReason: z.string().nullable(),
  /** From the payment plan: received, and amount − received − written off. */
  receivedCents: centsSchema,
  outstandingCents: centsSchema,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  version: versionSchema,
  abilities: abilitiesSchema,
});
export type ContractRow = z.infer<typeof contractRowSchema>;

export const contractSchema = contractRowSchema.extend({
  /** The stored text: merge fields while a draft, frozen (merged) once signed. */
  body: z.string().nullable(),
  /** The body with merge fields filled from the current values. */
  mergedBody: z.string().nullable(),
  quoteNumber: z.string().nullable(),
  installments: z.array(planInstallmentSchema),
  attachments: z.array(contractAttachmentSchema),
  lines: z.array(contractLineSchema),
  fulfilment: fulfilmentSchema,
});
export type Contract = z.infer<typeof contractSchema>;

export const contractCreateSchema = z.object({
  customerId: z.uuid(),
  title: text(200).min(1),
  amountCents: moneySchema.min(1),
  templateId: z.uuid().nullable().optional(),
  /** Hand-written body (merge fields allowed); when omitted, the template's body. */
  body: text(100_000).nullable().optional(),
  startsOn: day.nullable().optional(),
  endsOn: day.nullable().optional(),
  /** Owner; omitted → the customer's owner (or the caller for a pool customer). */
  ownerId: z.uuid().optional(),
});
export type ContractCreate = z.infer<typeof contractCreateSchema>;

export const contractFromQuoteSchema = z.object({
  title: text(200).min(1).optional(),
  templateId: z.uuid().nullable().optional(),
  startsOn: day.nullable().optional(),
  endsOn: day.nullable().optional(),
});
export type ContractFromQuote = z.infer<typeof contractFromQuoteSchema>;

/** Draft edits. The amount of a contract made from a quote is the quote's total and cannot change. */
export const contractUpdateSchema = z.object({
  version: versionSchema,
  title: text(200).min(1).optional(),
  amountCents: moneySchema.min(1).optional(),
  templateId: z.uuid().nullable().optional(),
  body: text(100_000).nullable().optional(),
  startsOn: day.nullable().optional(),
  endsOn: day.nullable().optional(),
});
export type ContractUpdate = z.infer<typeof contractUpdateSchema>;

export const contractVersionSchema = z.object({ version: versionSchema });

/** Submit for signing; an approved R-AR-2 credit override lets a contract over the credit limit through. */
export const contractSubmitSchema = z.object({ version: versionSchema, creditOverrideId: z.uuid().nullable().optional() });

/** Status actions after signing: start execution, complete, terminate (with a reason). */
export const contractStatusChangeSchema = z.object({
  version: versionSchema,
  status: z.enum(['executing', 'completed', 'terminated']),
  reason: text(500).optional(),
});
export type ContractStatusChange = z.infer<typeof contractStatusChangeSchema>;

export const CONTRACT_SORTS = [
  '-updatedAt',
  'number',
  '-number',
  'signedOn',
  '-signedOn',
  'endsOn',
  '-endsOn',
  'amount',
  '-amount',
] as const;

/** Ledger filters; the export takes the same. */
export const contractFiltersSchema = z.object({
  q: text(100).optional(),
  status: z.enum(CONTRACT_STATUSES).optional(),
  ownerId: z.uuid().optional(),
  teamId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  signedFrom: day.optional(),
  signedTo: day.optional(),
  /** The customer's source (the reports' channel). */
  customerSource: z.enum(CUSTOMER_SOURCES).optional(),
  /** Contracts with a line of a product in this product line (the catalogue's category → line). */
  productLineId: z.uuid().optional(),
  /** Signed or executing contracts ending within this many days from today. */
  expiringWithinDays: z.coerce.number().int().min(0).max(3650).optional(),
  sort: z.enum(CONTRACT_SORTS).default('-updatedAt'),
});
export const contractListQuerySchema = pageQuerySchema.extend(contractFiltersSchema.shape);
export type ContractListQuery = z.infer<typeof contractListQuerySchema>;
export const contractExportQuerySchema = contractFiltersSchema.extend({ format: z.enum(['csv', 'xlsx']).default('xlsx') });
export type ContractExportQuery = z.infer<typeof contractExportQuerySchema>;

export const contractTotalsSchema = z.object({
  count: z.number().int(),
  amountCents: centsSchema,
  receivedCents: centsSchema,
  outstandingCents: centsSchema,
  /** With the productLineId filter: Σ of the matching contracts' lines in that product line (their bookings in the line). */
  productLineAmountCents: centsSchema.optional(),
});
export const contractLedgerSchema = z.object({
  items: z.array(contractRowSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Over every contract matching the filters, not only this page. */
  totals: contractTotalsSchema,
});
export type ContractLedger = z.infer<typeof contractLedgerSchema>;

export const contractTemplateSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  body: z.string(),
  active: z.boolean(),
  updatedAt: timestampSchema,
  version: versionSchema,
});
export type ContractTemplate = z.infer<typeof contractTemplateSchema>;
export const contractTemplateInputSchema = z.object({
  name: text(100).min(1),
  body: text(100_000).min(1),
  active: z.boolean().default(true),
});
export const contractTemplateUpdateSchema = contractTemplateInputSchema.partial().extend({ version: versionSchema });

export const contractSettingsSchema = z.object({
  /** Document number pattern: {YYYY} {YY} {MM} {SEQ:n}. */
  numberPattern: text(40).min(1),
  /** Days before `ends_on` the owner and their manager are reminded (once). */
  renewalReminderDays: z.number().int().min(1).max(365),
});
export type ContractSettings = z.infer<typeof contractSettingsSchema>;

export const contractMetricsQuerySchema = z.object({
  from: day,
  to: day,
  groupBy: z.enum(['month', 'owner', 'team']).default('month'),
});
export const contractMetricRowSchema = z.object({
  key: z.string(),
  label: z.string(),
  /** Signed contract amounts (签约额; the one bookings definition, issue 18 item 1). */
  bookingsCents: centsSchema,
  /** Signed contracts (= contracts). */
  deals: z.number().int(),
  /** Signed contracts (what the ledger counts; issue 16). */
  contracts: z.number().int(),
  /** Orders without a contract placed in the period: not bookings (revenue once accepted). */
  directOrders: z.number().int(),
  /** Accepted orders (验收). */
  revenueCents: centsSchema,
  /** 客单价 = bookings / deals. */
  averageDealCents: centsSchema,
});
export type ContractMetricRow = z.infer<typeof contractMetricRowSchema>;

/**
 * Splits an amount by weights (equal weights = evenly in N; percentages) in whole cents, the
 * remainder going to the largest fractions first, so the parts always add up to the amount exactly.
 */
export function splitAmount(amountCents: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (!weights.length || sum <= 0) return [];
  const exact = weights.map((weight) => (amountCents * weight) / sum);
  const parts = exact.map(Math.floor);
  let rest = amountCents - parts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((value, index) => ({ index, fraction: value - Math.floor(value) }))
    .sort((a, b) => b.fraction - a.fraction || a.index - b.index);
  for (let i = 0; rest > 0; i = (i + 1) % order.length, rest--) parts[order[i]!.index]!++;
  return parts;
}
