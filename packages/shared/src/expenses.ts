import { z } from 'zod';
import { abilitiesSchema, pageOf, pageQuerySchema, versionSchema } from './common.js';
import { dateSchema, moneySchema, nameTextSchema, textSchema } from './input.js';

/** M7 expenses (issue 19 items 6–9): budgets per category × org unit × period, claims (R-EXP-1), analysis. */

export const BUDGET_PERIOD_KINDS = ['month', 'quarter', 'year'] as const;
export type BudgetPeriodKind = (typeof BUDGET_PERIOD_KINDS)[number];
export const BUDGET_STATUSES = ['draft', 'pending', 'approved', 'rejected'] as const;
export const CLAIM_STATUSES = ['draft', 'submitted', 'returned', 'approved', 'paid', 'rejected'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
/** Where a submitted claim waits: the supervisor's review, then finance's final approval (R-EXP-1). */
export const CLAIM_STAGES = ['supervisor', 'finance'] as const;
export const OVER_BUDGET_STATUSES = ['none', 'pending', 'approved', 'rejected'] as const;

const positiveMoney = moneySchema.refine((v) => v > 0, 'must be more than zero');
const categorySchema = nameTextSchema.pipe(z.string().min(1).max(40));

export const expenseSettingsSchema = z.object({
  /** The budget and claim categories (seed 001 费用预算.1). */
  categories: z.array(categorySchema).min(1).max(30),
});
export type ExpenseSettings = z.infer<typeof expenseSettingsSchema>;

// ——— budgets ———

export const budgetFiguresSchema = z.object({
  budgetCents: z.number().int(),
  /** Claims in review or approved, not yet paid: reserved against the budget. */
  committedCents: z.number().int(),
  spentCents: z.number().int(),
  remainingCents: z.number().int(),
});

export const expenseBudgetSchema = budgetFiguresSchema.extend({
  id: z.uuid(),
  category: z.string(),
  orgUnitId: z.uuid(),
  orgUnitName: z.string(),
  periodKind: z.enum(BUDGET_PERIOD_KINDS),
  periodStart: z.string(),
  periodEnd: z.string(),
  amountCents: z.number().int(),
  basis: z.string().nullable(),
  usagePlan: z.string().nullable(),
  status: z.enum(BUDGET_STATUSES),
  approvalRequestId: z.uuid().nullable(),
  /** Set when the unit's budgets go over the parent's and the author confirmed it (roll-up check). */
  overParentReason: z.string().nullable(),
  createdByName: z.string().nullable(),
  version: z.number().int(),
  abilities: abilitiesSchema,
});
export type ExpenseBudget = z.infer<typeof expenseBudgetSchema>;

export const budgetInputSchema = z.object({
  category: categorySchema,
  orgUnitId: z.uuid(),
  periodKind: z.enum(BUDGET_PERIOD_KINDS),
  /** Any day in the period; stored as the period's first day. */
  periodStart: dateSchema,
  amountCents: positiveMoney,
  basis: textSchema.pipe(z.string().max(2000)).nullable().optional(),
  usagePlan: textSchema.pipe(z.string().max(2000)).nullable().optional(),
  /** Confirms a roll-up over the parent unit's budget, with the reason (shown on the budget). */
  overParentReason: textSchema.pipe(z.string().trim().min(2).max(500)).nullable().optional(),
});
export type BudgetInput = z.infer<typeof budgetInputSchema>;
export const budgetUpdateSchema = budgetInputSchema
  .pick({ amountCents: true, basis: true, usagePlan: true, overParentReason: true })
  .partial()
  .extend({ version: versionSchema });
export const budgetSubmitSchema = z.object({ version: versionSchema });

export const budgetListQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  category: z.string().max(40).optional(),
  orgUnitId: z.uuid().optional(),
  periodKind: z.enum(BUDGET_PERIOD_KINDS).optional(),
  status: z.enum(BUDGET_STATUSES).optional(),
});
export const budgetListSchema = z.object({ items: z.array(expenseBudgetSchema), categories: z.array(z.string()) });

// ——— claims ———

export const claimLineInputSchema = z.object({
  category: categorySchema,
  spentOn: dateSchema,
  amountCents: positiveMoney,
  purpose: textSchema.pipe(z.string().trim().min(1).max(500)),
  customerId: z.uuid().nullable().optional(),
  opportunityId: z.uuid().nullable().optional(),
  eventId: z.uuid().nullable().optional(),
  /** The invoice number (发票号码): unique across all claims (R-EXP-1). */
  invoiceNumber: nameTextSchema.pipe(z.string().min(4).max(40)).nullable().optional(),
});
export type ClaimLineInput = z.infer<typeof claimLineInputSchema>;

export const claimInputSchema = z.object({
  title: nameTextSchema.pipe(z.string().min(1).max(120)),
  lines: z.array(claimLineInputSchema).min(1).max(50),
});
export type ClaimInput = z.infer<typeof claimInputSchema>;
export const claimUpdateSchema = claimInputSchema.extend({ version: versionSchema });

export const claimLineSchema = z.object({
  id: z.uuid(),
  lineNo: z.number().int(),
  category: z.string(),
  spentOn: z.string(),
  amountCents: z.number().int(),
  purpose: z.string(),
  customerId: z.uuid().nullable(),
  customerName: z.string().nullable(),
  opportunityId: z.uuid().nullable(),
  eventId: z.uuid().nullable(),
  invoiceNumber: z.string().nullable(),
  budgetId: z.uuid().nullable(),
});

export const claimFileSchema = z.object({
  id: z.uuid(),
  lineId: z.uuid().nullable(),
  fileName: z.string(),
  mimeType: z.string(),
  size: z.number().int(),
  createdAt: z.string(),
});

export const claimHistorySchema = z.object({
  at: z.string(),
  actorName: z.string().nullable(),
  action: z.string(),
  stepNo: z.number().int().nullable(),
  comment: z.string().nullable(),
});

/** R-EXP-2 figures of a blocked line: its budget, what is committed and spent, this claim, over by. */
export const overBudgetLineSchema = z.object({
  category: z.string(),
  budgetId: z.uuid().nullable(),
  orgUnitName: z.string().nullable(),
  periodStart: z.string().nullable(),
  periodEnd: z.string().nullable(),
  budgetCents: z.number().int(),
  committedCents: z.number().int(),
  spentCents: z.number().int(),
  requestCents: z.number().int(),
  remainingCents: z.number().int(),
  overByCents: z.number().int(),
});
export type OverBudgetLine = z.infer<typeof overBudgetLineSchema>;

export const expenseClaimSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  title: z.string(),
  claimantId: z.uuid(),
  claimantName: z.string(),
  orgUnitName: z.string().nullable(),
  status: z.enum(CLAIM_STATUSES),
  stage: z.enum(CLAIM_STAGES).nullable(),
  totalCents: z.number().int(),
  submittedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  paidOn: z.string().nullable(),
  paymentReference: z.string().nullable(),
  approvalRequestId: z.uuid().nullable(),
  overBudgetStatus: z.enum(OVER_BUDGET_STATUSES),
  overBudgetCents: z.number().int().nullable(),
  overBudgetReason: z.string().nullable(),
  /** The figures of the last submission R-EXP-2 blocked (null when none is blocked). */
  blocked: z.array(overBudgetLineSchema).nullable(),
  lines: z.array(claimLineSchema),
  files: z.array(claimFileSchema),
  history: z.array(claimHistorySchema),
  createdAt: z.string(),
  version: z.number().int(),
  abilities: abilitiesSchema,
});
export type ExpenseClaim = z.infer<typeof expenseClaimSchema>;

export const claimSummarySchema = expenseClaimSchema.pick({
  id: true,
  number: true,
  title: true,
  claimantId: true,
  claimantName: true,
  orgUnitName: true,
  status: true,
  stage: true,
  totalCents: true,
  submittedAt: true,
  paidOn: true,
  overBudgetStatus: true,
  createdAt: true,
  version: true,
});
export type ClaimSummary = z.infer<typeof claimSummarySchema>;
export const claimPageSchema = pageOf(claimSummarySchema);

export const claimListQuerySchema = pageQuerySchema.extend({
  /** mine: my own; review: waiting on me (supervisor or finance step); all: every claim I may read. */
  box: z.enum(['mine', 'review', 'all']).default('mine'),
  status: z.enum(CLAIM_STATUSES).optional(),
  q: z.string().max(100).optional(),
});

export const claimReviewSchema = z.object({
  decision: z.enum(['approve', 'return', 'reject']),
  comment: textSchema.pipe(z.string().trim().max(500)).optional(),
  version: versionSchema,
});
export type ClaimReview = z.infer<typeof claimReviewSchema>;
export const claimSubmitSchema = z.object({ version: versionSchema });
export const claimPaySchema = z.object({
  paidOn: dateSchema,
  reference: nameTextSchema.pipe(z.string().min(1).max(80)),
  version: versionSchema,
});
export const overBudgetRequestSchema = z.object({
  reason: textSchema.pipe(z.string().trim().min(2).max(500)),
  version: versionSchema,
});

// ——— analysis ———

export const expenseAnalysisQuerySchema = z.object({
  from: dateSchema.optional(),
  to: dateSchema.optional(),
  groupBy: z.enum(['category', 'unit', 'person', 'customer', 'event', 'month']).default('category'),
});
export const expenseAnalysisRowSchema = z.object({
  key: z.string().nullable(),
  label: z.string(),
  /** Approved by finance (paid or not) in the period, by line date. */
  spentCents: z.number().int(),
  /** Approved budgets whose periods overlap the range (category and unit groupings only). */
  budgetCents: z.number().int().nullable(),
  claims: z.number().int(),
});
export const costPerResultSchema = z.object({
  spentCents: z.number().int(),
  newCustomers: z.number().int().nullable(),
  deals: z.number().int().nullable(),
  collectedCents: z.number().int().nullable(),
  perNewCustomerCents: z.number().int().nullable(),
  perDealCents: z.number().int().nullable(),
  /** Cost per yuan collected, as a fraction (0.05 = 5 fen per yuan). */
  perYuanCollected: z.number().nullable(),
});
export const expenseAnalysisSchema = z.object({
  from: z.string(),
  to: z.string(),
  groupBy: z.string(),
  rows: z.array(expenseAnalysisRowSchema),
  months: z.array(z.object({ month: z.string(), spentCents: z.number().int(), budgetCents: z.number().int() })),
  costPerResult: costPerResultSchema,
});
export type ExpenseAnalysis = z.infer<typeof expenseAnalysisSchema>;
export const expenseExportQuerySchema = expenseAnalysisQuerySchema.extend({ format: z.enum(['xlsx', 'csv']).default('xlsx') });
