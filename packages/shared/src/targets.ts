import { z } from 'zod';
import { centsSchema } from './common.js';
import { dateSchema } from './input.js';
import { OPPORTUNITY_STAGES } from './opportunities.js';
import { AGING_BUCKETS } from './receivables.js';

/** Targets (M4) and the role cockpit (M5). */

/** bookings = signed contract amount (cents); collections = receipts (cents); newCustomers = a count. */
export const TARGET_METRICS = ['bookings', 'collections', 'newCustomers'] as const;
export type TargetMetric = (typeof TARGET_METRICS)[number];
export const TARGET_LEVELS = ['target', 'stretch', 'challenge'] as const;
export type TargetLevel = (typeof TARGET_LEVELS)[number];
export const MONTHS = 12;

const yearSchema = z.coerce.number().int().min(2000).max(2100);
const monthsSchema = z.array(z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)).length(MONTHS);

// ——— R-TGT-1 ———

export interface DecompositionNode {
  id: string;
  parentId: string | null;
}

export interface DecompositionMismatch {
  /** The parent whose children do not add up to it. */
  nodeId: string;
  /** Per month: parent − Σ children (positive: the children fall short). */
  months: number[];
  /** The same over the year. */
  yearDifference: number;
}

/**
 * R-TGT-1 A decomposition is consistent: every node that has children equals the sum of its
 * children, month by month (and so over the year). A child with nothing entered counts as zero; a
 * node without children (a person, an empty team) is not checked itself. The tree is the one passed
 * in, so a team moved to another region is summed under its new parent. Returns one entry per
 * parent that does not add up — the difference shown on that row, which must be confirmed with a
 * reason before the plan can be saved.
 */
export function decompositionMismatches(
  nodes: readonly DecompositionNode[],
  values: Readonly<Record<string, readonly number[] | undefined>>,
): DecompositionMismatch[] {
  const ids = new Set(nodes.map((node) => node.id));
  const sums = new Map<string, number[]>();
  for (const node of nodes) {
    if (node.parentId === null || !ids.has(node.parentId)) continue;
    const sum = sums.get(node.parentId) ?? new Array<number>(MONTHS).fill(0);
    const own = values[node.id];
    for (let m = 0; m < MONTHS; m++) sum[m]! += own?.[m] ?? 0;
    sums.set(node.parentId, sum);
  }
  const mismatches: DecompositionMismatch[] = [];
  for (const node of nodes) {
    const children = sums.get(node.id);
    if (!children) continue;
    const own = values[node.id];
    const months = children.map((sum, m) => (own?.[m] ?? 0) - sum);
    if (months.some((difference) => difference !== 0)) {
      mismatches.push({ nodeId: node.id, months, yearDifference: months.reduce((a, b) => a + b, 0) });
    }
  }
  return mismatches;
}

/** Splits a whole number into `weights.length` whole parts proportional to the weights (largest remainder; even when all weights are 0). */
export function spreadByWeights(total: number, weights: readonly number[]): number[] {
  const n = weights.length;
  if (n === 0) return [];
  const positive = weights.map((w) => Math.max(0, w));
  const sum = positive.reduce((a, b) => a + b, 0);
  const shares = sum > 0 ? positive.map((w) => (total * w) / sum) : positive.map(() => total / n);
  const parts = shares.map((share) => Math.floor(share));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = shares.map((share, i) => ({ i, rest: share - Math.floor(share) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % n, left--) parts[order[k]!.i]! += 1;
  return parts;
}

/** Spread an annual figure evenly over the twelve months (whole units; the remainder on the first months). */
export const spreadEvenly = (total: number): number[] => spreadByWeights(total, new Array<number>(MONTHS).fill(1));

/** Stretch and challenge levels are the target raised by a percentage set on the plan. */
export function levelValue(target: number, level: TargetLevel, plan: { stretchPct: number; challengePct: number }): number {
  if (level === 'target') return target;
  return Math.round((target * (level === 'stretch' ? plan.stretchPct : plan.challengePct)) / 100);
}

// ——— the decomposition grid ———

/** A product line's own bookings target (issue 18 item 1): only the bookings metric has one per product line. */
export const productLineOptionSchema = z.object({ id: z.uuid(), name: z.string() });
export type ProductLineOption = z.infer<typeof productLineOptionSchema>;

export const targetGridQuerySchema = z.object({
  year: yearSchema,
  metric: z.enum(TARGET_METRICS),
  /** A product line's plan (bookings only); without it, the plan over all product lines. */
  productLineId: z.uuid().optional(),
});
export type TargetGridQuery = z.infer<typeof targetGridQuerySchema>;

export const targetNodeSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['unit', 'user']),
  parentId: z.uuid().nullable(),
  name: z.string(),
  depth: z.number().int(),
});
export type TargetNode = z.infer<typeof targetNodeSchema>;

export const targetConfirmationSchema = z.object({
  nodeId: z.uuid(),
  reason: z.string().trim().min(1).max(500),
});
export type TargetConfirmation = z.infer<typeof targetConfirmationSchema>;

export const targetVersionSchema = z.object({
  version: z.number().int(),
  changedByName: z.string().nullable(),
  changedAt: z.string(),
  note: z.string().nullable(),
});

export const targetGridSchema = z.object({
  year: z.number().int(),
  metric: z.enum(TARGET_METRICS),
  /** The product line this plan is for; null: all product lines. */
  productLineId: z.uuid().nullable(),
  /** The product lines a bookings plan can be set for (the catalogue's). */
  productLines: z.array(productLineOptionSchema),
  /** 0 before the first save. */
  version: z.number().int(),
  stretchPct: z.number().int(),
  challengePct: z.number().int(),
  nodes: z.array(targetNodeSchema),
  /** node id → twelve monthly figures. */
  values: z.record(z.string(), z.array(z.number())),
  /** node id → last year's actuals per month (copy from last year, seasonality). */
  lastYear: z.record(z.string(), z.array(z.number())),
  confirmations: z.array(targetConfirmationSchema),
  versions: z.array(targetVersionSchema),
  canEdit: z.boolean(),
});
export type TargetGrid = z.infer<typeof targetGridSchema>;

export const targetSaveSchema = z.object({
  year: yearSchema,
  metric: z.enum(TARGET_METRICS),
  productLineId: z.uuid().nullable().optional(),
  /** The version the editor started from (0 for the first); another save in between → 409. */
  baseVersion: z.number().int().min(0).max(1_000_000),
  stretchPct: z.number().int().min(100).max(1000).default(110),
  challengePct: z.number().int().min(100).max(1000).default(120),
  values: z.record(z.uuid(), monthsSchema),
  /** R-TGT-1: one per parent that does not add up, with the reason it is accepted. */
  confirmations: z.array(targetConfirmationSchema).max(2000).default([]),
  note: z.string().trim().max(500).nullable().optional(),
});
export type TargetSave = z.infer<typeof targetSaveSchema>;

// ——— responsibility letters (责任书) ———

export const letterTermSchema = z.object({
  metric: z.enum(TARGET_METRICS),
  /**
   * A product line's own bookings target (issue 18 item 1): present only on such a term, so the terms
   * of a person without product-line targets read (and compare) as before.
   */
  productLineId: z.uuid().optional(),
  productLineName: z.string().optional(),
  version: z.number().int(),
  months: z.array(z.number()),
  target: z.number(),
  stretch: z.number(),
  challenge: z.number(),
});
export type LetterTerm = z.infer<typeof letterTermSchema>;

export const LETTER_STATUSES = ['none', 'pending', 'acknowledged'] as const;
export type LetterStatus = (typeof LETTER_STATUSES)[number];

export const letterSchema = z.object({
  year: z.number().int(),
  userId: z.uuid(),
  userName: z.string(),
  unitName: z.string().nullable(),
  companyName: z.string(),
  terms: z.array(letterTermSchema),
  status: z.enum(LETTER_STATUSES),
  acknowledgedAt: z.string().nullable(),
  /** True when an earlier acknowledgement was for terms that changed since. */
  changedSinceAcknowledged: z.boolean(),
});
export type Letter = z.infer<typeof letterSchema>;

export const letterQuerySchema = z.object({ year: yearSchema });
export const letterAckSchema = z.object({ year: yearSchema });
export const letterPdfQuerySchema = z.object({ year: yearSchema, lang: z.enum(['zh-CN', 'en-US']).default('zh-CN') });

export const letterStatusRowSchema = z.object({
  userId: z.uuid(),
  userName: z.string(),
  unitName: z.string().nullable(),
  status: z.enum(LETTER_STATUSES),
  acknowledgedAt: z.string().nullable(),
  /** The product lines whose own bookings target the letter holds (issue 18 item 1). */
  productLines: z.array(z.string()),
});
export const letterStatusListSchema = z.object({ year: z.number().int(), rows: z.array(letterStatusRowSchema) });
export type LetterStatusList = z.infer<typeof letterStatusListSchema>;

// ——— attainment and the cockpit ———

export const COCKPIT_PERIODS = ['month', 'quarter', 'year'] as const;
export type CockpitPeriod = (typeof COCKPIT_PERIODS)[number];
export const COCKPIT_COMPARISONS = ['previous', 'lastYear'] as const;
export type CockpitComparison = (typeof COCKPIT_COMPARISONS)[number];

const day = dateSchema;

export const cockpitQuerySchema = z.object({
  period: z.enum(COCKPIT_PERIODS).default('month'),
  /** Any day inside the period (company zone); default today. */
  date: day.optional(),
  compare: z.enum(COCKPIT_COMPARISONS).default('previous'),
  /** A region or team within the caller's scope: the figures of that unit only (its target, its lists). */
  unitId: z.uuid().optional(),
  /** A product line: the cards that have one (bookings, average order, ranking) count only its lines. */
  productLineId: z.uuid().optional(),
});
export type CockpitQuery = z.infer<typeof cockpitQuerySchema>;

/** The list behind a number: the API list with its filters, and the page that shows it. */
export const cockpitLinkSchema = z.object({
  api: z.string(),
  query: z.record(z.string(), z.string()),
  page: z.string(),
});
export type CockpitLink = z.infer<typeof cockpitLinkSchema>;

const comparisonSchema = z.object({ from: z.string(), to: z.string(), value: z.number(), link: cockpitLinkSchema });

export const attainmentSchema = z.object({
  metric: z.enum(TARGET_METRICS),
  actual: z.number(),
  /** null: no target set for this scope and period. */
  target: z.number().nullable(),
  stretch: z.number().nullable(),
  challenge: z.number().nullable(),
  /** actual ÷ target, as a ratio (1 = 100 %); null without a target. */
  attainment: z.number().nullable(),
  /** target − actual (never below 0); null without a target. */
  gap: z.number().nullable(),
  /** Run rate: actual ÷ elapsed days × days in the period. */
  projection: z.number(),
  /** The same metric in the comparison period. */
  compare: z.number(),
  link: cockpitLinkSchema,
  /** The same metric in the previous period and in the same period last year, each with its list. */
  comparisons: z.object({ previous: comparisonSchema, lastYear: comparisonSchema }),
});
export type Attainment = z.infer<typeof attainmentSchema>;

export const rankedRowSchema = z.object({
  nodeId: z.uuid(),
  name: z.string(),
  actual: z.number(),
  target: z.number().nullable(),
  attainment: z.number().nullable(),
  /** 1 = first among its peers, by attainment (then actual). */
  rank: z.number().int(),
  link: cockpitLinkSchema,
});
export type RankedRow = z.infer<typeof rankedRowSchema>;

export const cockpitSchema = z.object({
  view: z.enum(['sales', 'finance', 'operations']),
  scope: z.object({
    kind: z.enum(['company', 'unit', 'self']),
    name: z.string(),
    unitId: z.uuid().nullable().optional(),
    productLineId: z.uuid().nullable().optional(),
  }),
  /** The product lines the cockpit can be filtered by. */
  productLines: z.array(productLineOptionSchema).optional(),
  /** The regions and teams the caller may filter by (their scope's units; none for a rep). */
  units: z.array(z.object({ id: z.uuid(), name: z.string(), kind: z.string(), depth: z.number().int() })).optional(),
  period: z.object({
    kind: z.enum(COCKPIT_PERIODS),
    from: z.string(),
    to: z.string(),
    asOf: z.string(),
    compareFrom: z.string(),
    compareTo: z.string(),
  }),
  attainment: z.array(attainmentSchema),
  averageOrder: z.object({ cents: centsSchema, deals: z.number().int(), link: cockpitLinkSchema }).nullable(),
  pipeline: z
    .array(
      z.object({
        stage: z.enum(OPPORTUNITY_STAGES),
        count: z.number().int(),
        amountCents: centsSchema,
        weightedCents: centsSchema,
        link: cockpitLinkSchema,
      }),
    )
    .nullable(),
  receivables: z
    .object({
      dsoDays: z.number().nullable(),
      overdueCents: centsSchema,
      buckets: z.array(z.object({ bucket: z.enum(AGING_BUCKETS), cents: centsSchema, link: cockpitLinkSchema })),
    })
    .nullable(),
  overdueCadence: z.object({ count: z.number().int(), link: cockpitLinkSchema }).nullable(),
  approvalsWaiting: z.object({ count: z.number().int(), link: cockpitLinkSchema }),
  /** People (or, for the company and regions, units) one level down, ranked by bookings attainment. */
  ranking: z.array(rankedRowSchema),
  /** Risk alerts (R-RSK-1) open or acknowledged in the caller's scope; null when the role reads none. */
  alerts: z.object({ count: z.number().int(), link: cockpitLinkSchema }).nullable().optional(),
});
export type Cockpit = z.infer<typeof cockpitSchema>;
