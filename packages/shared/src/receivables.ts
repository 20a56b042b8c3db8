import { z } from 'zod';
import { abilitiesSchema, centsSchema, pageOf, pageQuerySchema, versionSchema } from './common.js';
import { dateSchema, moneySchema, timestampSchema, queryBooleanSchema } from './input.js';

/** M2 receivables (回款, 应收): enums written once. */
export const AGING_BUCKETS = ['current', 'd1_30', 'd31_60', 'd61_90', 'd90_plus'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];
export const RECEIPT_METHODS = ['bank_transfer', 'cash', 'check', 'acceptance_bill', 'online', 'other'] as const;
export type ReceiptMethod = (typeof RECEIPT_METHODS)[number];
export const CREDIT_OVERRIDE_STATUSES = ['pending', 'approved', 'rejected', 'used'] as const;
export const WRITE_OFF_STATUSES = ['pending', 'approved', 'rejected'] as const;
export const AGING_GROUPS = ['customer', 'owner', 'team'] as const;
export type AgingGroup = (typeof AGING_GROUPS)[number];

const text = (max: number) => z.string().trim().max(max);
const positiveCents = moneySchema.min(1);
const day = dateSchema;

// ——— credit limits and overrides (R-AR-2) ———

export const customerCreditSchema = z.object({
  customerId: z.uuid(),
  customerName: z.string(),
  /** null = no credit limit. */
  creditLimitCents: centsSchema.nullable(),
  outstandingCents: centsSchema,
  /** limit − outstanding (may be negative); null without a limit. */
  availableCents: centsSchema.nullable(),
  version: versionSchema,
  abilities: abilitiesSchema,
});
export type CustomerCredit = z.infer<typeof customerCreditSchema>;

export const creditLimitInputSchema = z.object({
  creditLimitCents: moneySchema.min(0).nullable(),
  /** The customer's version as read; a stale one is a 409. */
  version: versionSchema.optional(),
});

export const creditOverrideSchema = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  customerName: z.string(),
  amountCents: centsSchema,
  outstandingCents: centsSchema,
  limitCents: centsSchema,
  overByCents: centsSchema,
  reason: z.string(),
  status: z.enum(CREDIT_OVERRIDE_STATUSES),
  approvalRequestId: z.uuid().nullable(),
  requestedById: z.uuid(),
  requestedByName: z.string(),
  usedBy: z.string().nullable(),
  usedAt: timestampSchema.nullable(),
  createdAt: timestampSchema,
});
export type CreditOverride = z.infer<typeof creditOverrideSchema>;

export const creditOverrideInputSchema = z.object({
  customerId: z.uuid(),
  /** The order/contract amount the override should cover. */
  amountCents: positiveCents,
  reason: text(1000).min(1),
});
export type CreditOverrideInput = z.infer<typeof creditOverrideInputSchema>;

export const creditOverrideQuerySchema = pageQuerySchema.extend({
  customerId: z.uuid().optional(),
  /** Only the ones I asked for. */
  mine: queryBooleanSchema.optional(),
  status: z.enum(CREDIT_OVERRIDE_STATUSES).optional(),
});

/** The `data` of a 422 R-AR-2 answer: what the override drawer shows and requests. */
export const creditBlockSchema = z.object({
  customerId: z.uuid(),
  limitCents: centsSchema,
  outstandingCents: centsSchema,
  amountCents: centsSchema,
  overByCents: centsSchema,
});
export type CreditBlock = z.infer<typeof creditBlockSchema>;

// ——— installments, receipts, invoices, write-offs ———

export const installmentSchema = z.object({
  id: z.uuid(),
  contractId: z.uuid(),
  contractNumber: z.string(),
  contractTitle: z.string(),
  contractStatus: z.string(),
  customerId: z.uuid(),
  customerName: z.string(),
  ownerId: z.uuid(),
  ownerName: z.string(),
  seq: z.number().int(),
  dueOn: z.string(),
  amountCents: centsSchema,
  receivedCents: centsSchema,
  writtenOffCents: centsSchema,
  invoicedCents: centsSchema,
  outstandingCents: centsSchema,
  /** A write-off waiting for approval on this installment. */
  pendingWriteOffCents: centsSchema,
  settledOn: z.string().nullable(),
  daysOverdue: z.number().int(),
  bucket: z.enum(AGING_BUCKETS),
  warnedDays: z.number().int(),
  version: versionSchema,
  abilities: abilitiesSchema,
});
export type Installment = z.infer<typeof installmentSchema>;

export const installmentQuerySchema = pageQuerySchema.extend({
  /** Contract number or customer name (part of). */
  q: text(100).optional(),
  contractId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  /** Only installments with something left to collect. */
  open: queryBooleanSchema.optional(),
});

export const receiptSchema = z.object({
  id: z.uuid(),
  contractId: z.uuid(),
  contractNumber: z.string(),
  installmentId: z.uuid(),
  installmentSeq: z.number().int(),
  customerId: z.uuid(),
  customerName: z.string(),
  ownerId: z.uuid(),
  ownerName: z.string(),
  amountCents: centsSchema,
  receivedOn: z.string(),
  method: z.enum(RECEIPT_METHODS),
  reference: z.string().nullable(),
  idempotencyKey: z.string(),
  recordedById: z.uuid(),
  recordedByName: z.string(),
  createdAt: timestampSchema,
});
export type Receipt = z.infer<typeof receiptSchema>;

export const receiptInputSchema = z.object({
  installmentId: z.uuid(),
  amountCents: positiveCents,
  receivedOn: day,
  method: z.enum(RECEIPT_METHODS),
  reference: text(200).nullable().optional(),
  /** One key per form instance: a resubmission with the same key records once. */
  idempotencyKey: z.string().trim().min(8).max(100),
});
export type ReceiptInput = z.infer<typeof receiptInputSchema>;

export const receiptFiltersSchema = z.object({
  q: text(100).optional(),
  contractId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
  /** Installments owned by people of this unit or the units under it (as the receivables reports count). */
  teamId: z.uuid().optional(),
  method: z.enum(RECEIPT_METHODS).optional(),
  from: day.optional(),
  to: day.optional(),
});
export const receiptQuerySchema = pageQuerySchema.extend(receiptFiltersSchema.shape);
export type ReceiptQuery = z.infer<typeof receiptQuerySchema>;
export const receiptExportQuerySchema = receiptFiltersSchema.extend({ format: z.enum(['csv', 'xlsx']).default('csv') });
export type ReceiptExportQuery = z.infer<typeof receiptExportQuerySchema>;

export const invoiceSchema = z.object({
  id: z.uuid(),
  contractId: z.uuid(),
  contractNumber: z.string(),
  installmentId: z.uuid().nullable(),
  installmentSeq: z.number().int().nullable(),
  number: z.string(),
  issuedOn: z.string(),
  amountCents: centsSchema,
  createdByName: z.string().nullable(),
  createdAt: timestampSchema,
});
export type Invoice = z.infer<typeof invoiceSchema>;

export const invoiceInputSchema = z.object({
  contractId: z.uuid(),
  installmentId: z.uuid().nullable().optional(),
  number: text(64).min(1),
  issuedOn: day,
  amountCents: positiveCents,
});
export type InvoiceInput = z.infer<typeof invoiceInputSchema>;

export const writeOffSchema = z.object({
  id: z.uuid(),
  installmentId: z.uuid(),
  installmentSeq: z.number().int(),
  contractId: z.uuid(),
  contractNumber: z.string(),
  customerName: z.string(),
  amountCents: centsSchema,
  reason: z.string(),
  status: z.enum(WRITE_OFF_STATUSES),
  approvalRequestId: z.uuid().nullable(),
  requestedByName: z.string(),
  decidedAt: timestampSchema.nullable(),
  createdAt: timestampSchema,
});
export type WriteOff = z.infer<typeof writeOffSchema>;

export const writeOffInputSchema = z.object({
  installmentId: z.uuid(),
  /** Omitted → the installment's whole outstanding amount. */
  amountCents: positiveCents.optional(),
  reason: text(1000).min(1),
});
export const writeOffQuerySchema = pageQuerySchema.extend({
  status: z.enum(WRITE_OFF_STATUSES).optional(),
  contractId: z.uuid().optional(),
});

export const contractReceivablesSchema = z.object({
  contract: z.object({
    id: z.uuid(),
    number: z.string(),
    title: z.string(),
    status: z.string(),
    customerId: z.uuid(),
    customerName: z.string(),
    ownerName: z.string(),
    amountCents: centsSchema,
  }),
  totals: z.object({
    amountCents: centsSchema,
    receivedCents: centsSchema,
    writtenOffCents: centsSchema,
    invoicedCents: centsSchema,
    outstandingCents: centsSchema,
    overdueCents: centsSchema,
  }),
  installments: z.array(installmentSchema),
  receipts: z.array(receiptSchema),
  invoices: z.array(invoiceSchema),
  writeOffs: z.array(writeOffSchema),
  /** record (receipts, invoices), writeoff. */
  abilities: abilitiesSchema,
});
export type ContractReceivables = z.infer<typeof contractReceivablesSchema>;

// ——— aging (R-AR-1), overdue, metrics ———

const bucketsShape = Object.fromEntries(AGING_BUCKETS.map((bucket) => [bucket, centsSchema])) as Record<AgingBucket, typeof centsSchema>;
export const agingRowSchema = z.object({
  /** The customer/owner/team id; null on the total row. */
  key: z.uuid().nullable(),
  label: z.string(),
  ...bucketsShape,
  overdueCents: centsSchema,
  totalCents: centsSchema,
  installments: z.number().int(),
});
export type AgingRow = z.infer<typeof agingRowSchema>;

export const agingQuerySchema = z.object({
  groupBy: z.enum(AGING_GROUPS).default('customer'),
  ownerId: z.uuid().optional(),
  teamId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  /** Groups returned, largest overdue first (the total row covers all of them). */
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type AgingQuery = z.infer<typeof agingQuerySchema>;

export const agingReportSchema = z.object({
  asOf: z.string(),
  groupBy: z.enum(AGING_GROUPS),
  rows: z.array(agingRowSchema),
  total: agingRowSchema,
  /** More groups than `limit` have an outstanding balance. */
  truncated: z.boolean(),
});
export type AgingReport = z.infer<typeof agingReportSchema>;

export const overdueQuerySchema = pageQuerySchema.extend({
  ownerId: z.uuid().optional(),
  teamId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  bucket: z.enum(AGING_BUCKETS).exclude(['current']).optional(),
  q: text(100).optional(),
});
export type OverdueQuery = z.infer<typeof overdueQuerySchema>;

export const overdueItemSchema = z.object({
  installmentId: z.uuid(),
  contractId: z.uuid(),
  contractNumber: z.string(),
  customerId: z.uuid(),
  customerName: z.string(),
  ownerId: z.uuid(),
  ownerName: z.string(),
  seq: z.number().int(),
  dueOn: z.string(),
  daysOverdue: z.number().int(),
  bucket: z.enum(AGING_BUCKETS),
  amountCents: centsSchema,
  outstandingCents: centsSchema,
});
export type OverdueItem = z.infer<typeof overdueItemSchema>;
export const overduePageSchema = pageOf(overdueItemSchema);

export const periodQuerySchema = z.object({
  from: day.optional(),
  to: day.optional(),
  ownerId: z.uuid().optional(),
  teamId: z.uuid().optional(),
});
export type PeriodQuery = z.infer<typeof periodQuerySchema>;

export const receivablesSummarySchema = z.object({
  asOf: z.string(),
  from: z.string(),
  to: z.string(),
  outstandingCents: centsSchema,
  overdueCents: centsSchema,
  overdueInstallments: z.number().int(),
  buckets: z.object(bucketsShape),
  collectedCents: centsSchema,
  billedCents: centsSchema,
  /** Receivables (billed, unpaid) at the period's end. */
  receivablesAtEndCents: centsSchema,
  /** Days sales outstanding over the period; null when nothing was billed. */
  dsoDays: z.number().nullable(),
  writtenOffCents: centsSchema,
  /** Written off ÷ billed in the period (0–1); null when nothing was billed. */
  badDebtRate: z.number().nullable(),
});
export type ReceivablesSummary = z.infer<typeof receivablesSummarySchema>;

export const collectionsQuerySchema = periodQuerySchema.extend({
  groupBy: z.enum(['month', 'owner', 'team']).default('month'),
});
export const collectionsRowSchema = z.object({
  key: z.string().nullable(),
  label: z.string(),
  amountCents: centsSchema,
  receipts: z.number().int(),
});
export type CollectionsRow = z.infer<typeof collectionsRowSchema>;

/** Company settings of the receivables module. */
export const receivablesSettingsSchema = z.object({
  /** Overdue warnings go to owner and manager when an installment is this many days overdue (each once). */
  overdueWarningDays: z
    .array(z.number().int().min(1).max(3650))
    .min(1)
    .max(10)
    .refine((days) => new Set(days).size === days.length, 'thresholds must differ'),
});
export type ReceivablesSettings = z.infer<typeof receivablesSettingsSchema>;
