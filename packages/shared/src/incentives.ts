import { z } from 'zod';
import { abilitiesSchema, versionSchema } from './common.js';
import { moneySchema, nameTextSchema, textSchema } from './input.js';

/**
 * M6 incentives (issue 19 items 4–5, seed 001 激励措施): tiered commission plans (R-COM-1), monthly
 * commission statements approved by the supervisor then finance, honours per period.
 */

/** What the tiers are measured on: the person's attainment of their target (%), or the base amount (cents). */
export const COMMISSION_TIER_BASES = ['attainment', 'amount'] as const;
export type CommissionTierBasis = (typeof COMMISSION_TIER_BASES)[number];
/**
 * marginal: each slice of the base is paid at its own tier's rate (like income tax);
 * whole: the whole base is paid at the rate of the tier the person reached.
 */
export const COMMISSION_METHODS = ['marginal', 'whole'] as const;
export type CommissionMethod = (typeof COMMISSION_METHODS)[number];
/** collections: money received (the common Chinese practice, the default); bookings: contracts signed. */
export const COMMISSION_BASES = ['collections', 'bookings'] as const;
export type CommissionBase = (typeof COMMISSION_BASES)[number];

export const commissionTierSchema = z.object({
  /**
   * Lower bound of the tier, exclusive (the first tier starts at 0 inclusive): percent of target for
   * `attainment`, cents for `amount`. A tier covers (from, next tier's from].
   */
  from: z.number().int().min(0).max(10_000_000_000_000),
  /** Rate in basis points of the base (400 = 4 %). */
  rateBp: z.number().int().min(0).max(10_000),
});
export type CommissionTier = z.infer<typeof commissionTierSchema>;

export interface CommissionPlanRule {
  tierBasis: CommissionTierBasis;
  method: CommissionMethod;
  tiers: CommissionTier[];
  /** Most a person earns in one statement before clawback; null: no cap. */
  capCents: number | null;
  /** Rate (basis points) taken back on a written-off receivable credited to the person. */
  clawbackRateBp: number;
}

/** One deal credited to the person: the deal's amount in the period and the person's share of it. */
export interface CreditedDeal {
  amountCents: number;
  /** Share of the deal credited to this person, in basis points (10000 = all of it). */
  shareBp: number;
}

export interface CommissionSlice {
  /** Tier index in the plan. */
  tier: number;
  rateBp: number;
  baseCents: number;
  commissionCents: number;
}

export interface CommissionResult {
  baseCents: number;
  targetCents: number | null;
  /** Attainment in basis points of percent (8000 = 80 %); null without a target. */
  attainmentBp: number | null;
  slices: CommissionSlice[];
  /** Before the cap. */
  grossCents: number;
  cappedCents: number;
  writtenOffCents: number;
  clawbackCents: number;
  /** cappedCents − clawbackCents; negative means a deduction. */
  totalCents: number;
}

const roundDiv = (numerator: number, denominator: number) => Math.round(numerator / denominator);

/** The person's credited share of a deal, in cents (rounded half up per deal). */
export function creditedCents(deal: CreditedDeal): number {
  return roundDiv(deal.amountCents * deal.shareBp, 10_000);
}

/** Index of the tier a value falls in: the last tier whose `from` is below the value (value 0 → the first tier). */
export function tierIndexOf(tiers: CommissionTier[], value: number): number {
  let index = 0;
  tiers.forEach((tier, i) => {
    if (i > 0 && value > tier.from) index = i;
  });
  return index;
}

/**
 * R-COM-1: a person's commission for a period.
 * - base = Σ credited share of each deal (split credit), collections or bookings as the plan says;
 * - tiers on attainment (base ÷ target) or on the base amount; a tier covers (from, next from], so at
 *   exactly 80 % attainment the 0–80 % tier applies and at 80.01 % the next;
 * - marginal: each slice of the base at its tier's rate; whole: the whole base at the reached tier's rate;
 * - attainment tiers without a target (none set or 0): the first tier's rate on the whole base;
 * - the cap limits the commission before clawback; clawback = written-off share × clawback rate.
 * Cents throughout, each slice rounded half up.
 */
export function computeCommission(
  plan: CommissionPlanRule,
  input: { targetCents: number | null; deals: CreditedDeal[]; writeOffs: CreditedDeal[] },
): CommissionResult {
  const tiers = [...plan.tiers].sort((a, b) => a.from - b.from);
  if (tiers.length === 0) throw new Error('a commission plan needs at least one tier');
  const baseCents = input.deals.reduce((sum, deal) => sum + creditedCents(deal), 0);
  const target = input.targetCents && input.targetCents > 0 ? input.targetCents : null;
  const attainmentBp = target === null ? null : roundDiv(baseCents * 10_000, target);
  const byAttainment = plan.tierBasis === 'attainment';
  // A tier bound expressed in base cents (attainment bounds are percent of the target).
  const boundCents = (from: number) => (byAttainment ? roundDiv(from * (target ?? 0), 100) : from);

  const slices: CommissionSlice[] = [];
  if (byAttainment && target === null) {
    slices.push({ tier: 0, rateBp: tiers[0]!.rateBp, baseCents, commissionCents: roundDiv(baseCents * tiers[0]!.rateBp, 10_000) });
  } else if (plan.method === 'whole') {
    // Attainment compared exactly (base × 100 vs from × target), not through the rounded percentage.
    const reached = byAttainment
      ? tiers.reduce((found, tier, i) => (i > 0 && baseCents * 100 > tier.from * target! ? i : found), 0)
      : tierIndexOf(tiers, baseCents);
    const rateBp = tiers[reached]!.rateBp;
    slices.push({ tier: reached, rateBp, baseCents, commissionCents: roundDiv(baseCents * rateBp, 10_000) });
  } else {
    tiers.forEach((tier, i) => {
      const low = i === 0 ? 0 : boundCents(tier.from);
      const high = i + 1 < tiers.length ? boundCents(tiers[i + 1]!.from) : Number.POSITIVE_INFINITY;
      const slice = Math.max(0, Math.min(baseCents, high) - low);
      if (slice > 0)
        slices.push({ tier: i, rateBp: tier.rateBp, baseCents: slice, commissionCents: roundDiv(slice * tier.rateBp, 10_000) });
    });
  }
  const grossCents = slices.reduce((sum, slice) => sum + slice.commissionCents, 0);
  const cappedCents = plan.capCents === null ? grossCents : Math.min(grossCents, plan.capCents);
  const writtenOffCents = input.writeOffs.reduce((sum, deal) => sum + creditedCents(deal), 0);
  const clawbackCents = roundDiv(writtenOffCents * plan.clawbackRateBp, 10_000);
  return {
    baseCents,
    targetCents: target,
    attainmentBp,
    slices,
    grossCents,
    cappedCents,
    writtenOffCents,
    clawbackCents,
    totalCents: cappedCents - clawbackCents,
  };
}

/** Problems with a plan's tiers (shared by the form and the server): ascending, first from 0. */
export function tierProblems(tiers: CommissionTier[]): string[] {
  const problems: string[] = [];
  if (tiers.length === 0) problems.push('at least one tier');
  if (tiers[0] && tiers[0].from !== 0) problems.push('the first tier starts at 0');
  for (let i = 1; i < tiers.length; i++) if (tiers[i]!.from <= tiers[i - 1]!.from) problems.push('tiers ascend');
  return problems;
}

// ——— API shapes ———

const tiersSchema = z
  .array(commissionTierSchema)
  .min(1)
  .max(12)
  .superRefine((tiers, ctx) => {
    for (const problem of tierProblems(tiers)) ctx.addIssue({ code: 'custom', message: problem });
  });

export const commissionPlanInputSchema = z.object({
  name: nameTextSchema.pipe(z.string().min(1).max(80)),
  tierBasis: z.enum(COMMISSION_TIER_BASES),
  method: z.enum(COMMISSION_METHODS),
  base: z.enum(COMMISSION_BASES).default('collections'),
  tiers: tiersSchema,
  capCents: moneySchema
    .refine((v) => v > 0, 'must be more than zero')
    .nullable()
    .default(null),
  clawbackRateBp: z.number().int().min(0).max(10_000).default(0),
  active: z.boolean().default(true),
  note: textSchema.pipe(z.string().max(500)).nullable().optional(),
});
export type CommissionPlanInput = z.input<typeof commissionPlanInputSchema>;
export const commissionPlanUpdateSchema = commissionPlanInputSchema.extend({ version: versionSchema });

export const commissionPlanSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  tierBasis: z.enum(COMMISSION_TIER_BASES),
  method: z.enum(COMMISSION_METHODS),
  base: z.enum(COMMISSION_BASES),
  tiers: z.array(commissionTierSchema),
  capCents: z.number().int().nullable(),
  clawbackRateBp: z.number().int(),
  active: z.boolean(),
  note: z.string().nullable(),
  version: z.number().int(),
  abilities: abilitiesSchema,
});
export type CommissionPlan = z.infer<typeof commissionPlanSchema>;

export const commissionSplitsSchema = z.object({
  contractId: z.uuid(),
  /** Shares in basis points adding up to 10000; empty: the contract's owner gets all of it. */
  splits: z.array(z.object({ userId: z.uuid(), userName: z.string(), shareBp: z.number().int() })),
});
export type CommissionSplits = z.infer<typeof commissionSplitsSchema>;
export const commissionSplitsInputSchema = z.object({
  splits: z
    .array(z.object({ userId: z.uuid(), shareBp: z.number().int().min(1).max(10_000) }))
    .max(10)
    .refine((splits) => splits.length === 0 || splits.reduce((sum, s) => sum + s.shareBp, 0) === 10_000, 'shares add up to 100 %')
    .refine((splits) => new Set(splits.map((s) => s.userId)).size === splits.length, 'one share per person'),
});

export const periodMonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month like 2026-03');
export const STATEMENT_STATUSES = ['draft', 'submitted', 'approved', 'rejected'] as const;
export type StatementStatus = (typeof STATEMENT_STATUSES)[number];

export const commissionRunSchema = z.object({ period: periodMonthSchema, planId: z.uuid() });
export const commissionRunResultSchema = z.object({ period: z.string(), computed: z.number().int(), skipped: z.number().int() });

const statementLineSchema = z.object({
  kind: z.enum(['deal', 'writeOff']),
  contractId: z.uuid(),
  contractNumber: z.string(),
  customerName: z.string(),
  amountCents: z.number().int(),
  shareBp: z.number().int(),
  creditedCents: z.number().int(),
});
export type StatementLine = z.infer<typeof statementLineSchema>;

export const commissionStatementSummarySchema = z.object({
  id: z.uuid(),
  period: z.string(),
  userId: z.uuid(),
  userName: z.string(),
  orgUnitName: z.string().nullable(),
  planName: z.string(),
  status: z.enum(STATEMENT_STATUSES),
  stage: z.enum(['supervisor', 'finance']).nullable(),
  baseCents: z.number().int(),
  attainmentBp: z.number().int().nullable(),
  totalCents: z.number().int(),
  version: z.number().int(),
});
export type CommissionStatementSummary = z.infer<typeof commissionStatementSummarySchema>;

export const commissionStatementSchema = commissionStatementSummarySchema.extend({
  planId: z.uuid(),
  tierBasis: z.enum(COMMISSION_TIER_BASES),
  method: z.enum(COMMISSION_METHODS),
  base: z.enum(COMMISSION_BASES),
  targetCents: z.number().int().nullable(),
  slices: z.array(
    z.object({ tier: z.number().int(), rateBp: z.number().int(), baseCents: z.number().int(), commissionCents: z.number().int() }),
  ),
  grossCents: z.number().int(),
  capCents: z.number().int().nullable(),
  cappedCents: z.number().int(),
  writtenOffCents: z.number().int(),
  clawbackCents: z.number().int(),
  lines: z.array(statementLineSchema),
  approvalRequestId: z.uuid().nullable(),
  computedAt: z.string(),
  abilities: abilitiesSchema,
});
export type CommissionStatement = z.infer<typeof commissionStatementSchema>;

export const statementListQuerySchema = z.object({
  period: periodMonthSchema.optional(),
  /** mine: my own; review: waiting for my approval step; all: everything in my read scope. */
  box: z.enum(['mine', 'review', 'all']).default('all'),
  status: z.enum(STATEMENT_STATUSES).optional(),
});
export const statementListSchema = z.object({ items: z.array(commissionStatementSummarySchema), totalCents: z.number().int() });
export const statementSubmitSchema = z.object({ version: versionSchema });
export const statementExportQuerySchema = z.object({ period: periodMonthSchema });

// ——— honours ———

export const HONOUR_AWARDS = ['salesChampion', 'newCustomers', 'customerService', 'mostImproved'] as const;
export type HonourAward = (typeof HONOUR_AWARDS)[number];
/** The figure an award ranks people by. */
export const HONOUR_METRICS = ['collections', 'bookings', 'newCustomers', 'serviceScore', 'growth'] as const;
export type HonourMetric = (typeof HONOUR_METRICS)[number];

export const honourRuleSchema = z.object({
  award: z.enum(HONOUR_AWARDS),
  metric: z.enum(HONOUR_METRICS),
  /** Least figure to be proposed (cents, a count, a score ×100, growth in basis points). */
  minimum: z.number().int().min(0).max(10_000_000_000_000),
  enabled: z.boolean(),
});
export type HonourRule = z.infer<typeof honourRuleSchema>;
export const incentiveSettingsSchema = z.object({ honourRules: z.array(honourRuleSchema).max(HONOUR_AWARDS.length) });
export type IncentiveSettings = z.infer<typeof incentiveSettingsSchema>;

export const DEFAULT_HONOUR_RULES: HonourRule[] = [
  { award: 'salesChampion', metric: 'collections', minimum: 0, enabled: true },
  { award: 'newCustomers', metric: 'newCustomers', minimum: 1, enabled: true },
  { award: 'customerService', metric: 'serviceScore', minimum: 0, enabled: true },
  { award: 'mostImproved', metric: 'growth', minimum: 1, enabled: true },
];

/** A quarter like 2026-Q1, or a month like 2026-03. */
export const honourPeriodSchema = z.string().regex(/^\d{4}-(Q[1-4]|0[1-9]|1[0-2])$/, 'a month like 2026-03 or a quarter like 2026-Q1');

export interface RankedFigure {
  userId: string;
  value: number;
}

/** The winner of an award: the highest figure at or above the rule's minimum; a tie goes to the lower user id (stable). */
export function honourWinner(rule: HonourRule, figures: RankedFigure[]): RankedFigure | null {
  const eligible = figures.filter((f) => f.value >= rule.minimum && f.value > 0);
  eligible.sort((a, b) => b.value - a.value || a.userId.localeCompare(b.userId));
  return eligible[0] ?? null;
}

export const honourSchema = z.object({
  id: z.uuid(),
  period: z.string(),
  award: z.enum(HONOUR_AWARDS),
  metric: z.enum(HONOUR_METRICS),
  userId: z.uuid(),
  userName: z.string(),
  orgUnitName: z.string().nullable(),
  value: z.number().int(),
  status: z.enum(['proposed', 'confirmed']),
  confirmedByName: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  version: z.number().int(),
  abilities: abilitiesSchema,
});
export type Honour = z.infer<typeof honourSchema>;
export const honourListQuerySchema = z.object({ period: honourPeriodSchema });
export const honourProposeSchema = z.object({ period: honourPeriodSchema });
export const honourConfirmSchema = z.object({ version: versionSchema });

export const leaderboardQuerySchema = z.object({ period: honourPeriodSchema, metric: z.enum(HONOUR_METRICS).default('collections') });
export const leaderboardSchema = z.object({
  period: z.string(),
  metric: z.enum(HONOUR_METRICS),
  rows: z.array(
    z.object({
      rank: z.number().int(),
      userId: z.uuid(),
      userName: z.string(),
      orgUnitName: z.string().nullable(),
      value: z.number().int(),
    }),
  ),
});
export type Leaderboard = z.infer<typeof leaderboardSchema>;
