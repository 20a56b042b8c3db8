import { z } from 'zod';
import { versionSchema } from './common.js';
import { dateSchema, nameTextSchema, textSchema } from './input.js';
import { ROLES } from './roles.js';

/** M6 performance (issue 19 items 1–3): KPI templates, review cycles, raters, feedback, appeals. */

export const CYCLE_KINDS = ['month', 'quarter', 'year'] as const;
export type CycleKind = (typeof CYCLE_KINDS)[number];

/**
 * Where a KPI's value comes from. Quantitative sources are read from the other modules' metrics
 * (targets' attainment, contracts' bookings, receivables' collections and DSO, customers' new
 * customers, service's complaint rate and satisfaction, events' invitation success); `rated` KPIs are
 * scored by the raters.
 */
export const KPI_SOURCES = [
  'attainment',
  'collections',
  'bookings',
  'new_customers',
  'dso',
  'bad_debt_rate',
  'complaint_rate',
  'satisfaction',
  'invitation_success',
  'rated',
  /** Training's skills figure (001 培训评估.3, R-TRN-1 exams and R-TRN-2 practical tasks), 0–100. */
  'training_skills',
] as const;
export type KpiSource = (typeof KPI_SOURCES)[number];

/** Sources whose goal is a per-month figure, multiplied by the months in the cycle. */
export const KPI_MONTHLY_SOURCES: readonly KpiSource[] = ['collections', 'bookings', 'new_customers'];

export const RATER_KINDS = ['supervisor', 'peer', 'customer'] as const;
export type RaterKind = (typeof RATER_KINDS)[number];

const finite = z.number().finite().min(-1e12).max(1e12);

/** Linear between floor (score 0) and target (score 100), capped at `cap`; floor > target means lower is better. */
export const linearCurveSchema = z.object({
  kind: z.literal('linear'),
  floor: finite,
  target: finite,
  cap: z.number().min(0).max(200).default(100),
});
/** Banded: the score of the best band whose threshold the value reaches (≥ for higher-is-better, ≤ for lower). */
export const bandedCurveSchema = z.object({
  kind: z.literal('banded'),
  direction: z.enum(['higher', 'lower']),
  bands: z
    .array(z.object({ threshold: finite, score: z.number().min(0).max(200) }))
    .min(1)
    .max(10),
});
export const kpiCurveSchema = z.discriminatedUnion('kind', [linearCurveSchema, bandedCurveSchema]);
export type KpiCurve = z.infer<typeof kpiCurveSchema>;

export const kpiItemSchema = z.object({
  key: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,39}$/)
    .describe('stable key within the template'),
  name: nameTextSchema.pipe(z.string().min(1).max(60)),
  source: z.enum(KPI_SOURCES),
  /** Whole percent; a template's weights add up to 100 (R-KPI-1). */
  weight: z.number().int().min(1).max(100),
  /** Quantitative KPIs: how the value becomes a 0–100 score. Rated KPIs have none (raters score 0–100). */
  curve: kpiCurveSchema.nullable().default(null),
  /**
   * Per month, multiplied by the months in the cycle: attainment's goal in yuan of collections when
   * the person has no target; collections, bookings (yuan) and new customers (count). For these the
   * curve scores the actual as a percent of the goal.
   */
  goal: z.number().min(0).max(1e11).nullable().default(null),
});
export type KpiItem = z.infer<typeof kpiItemSchema>;

/** How the rater groups count in a rated KPI, whole percent; groups without scores are left out and the rest re-weighted. */
export const raterWeightsSchema = z.object({
  supervisor: z.number().int().min(0).max(100),
  peer: z.number().int().min(0).max(100),
  customer: z.number().int().min(0).max(100),
});
export type RaterWeights = z.infer<typeof raterWeightsSchema>;

export const gradeBandsSchema = z.object({
  /** Minimum total for A, B, C; below C is D. */
  a: z.number().min(0).max(200),
  b: z.number().min(0).max(200),
  c: z.number().min(0).max(200),
});
export type GradeBands = z.infer<typeof gradeBandsSchema>;
export const GRADES = ['A', 'B', 'C', 'D'] as const;
export type Grade = (typeof GRADES)[number];

export const performanceSettingsSchema = z.object({
  grades: gradeBandsSchema.refine((g) => g.a > g.b && g.b > g.c, { message: 'A > B > C', path: ['a'] }),
  /** Customer scores count (and are shown) only from this many answers on, so no one customer can be identified. */
  minCustomerAnswers: z.number().int().min(1).max(50),
  /** Optional forced distribution per team: the most a team may have of A, as a share of its reviews (a warning, not a block). */
  forcedDistribution: z.object({ enabled: z.boolean(), maxAPct: z.number().int().min(0).max(100) }),
});
export type PerformanceSettings = z.infer<typeof performanceSettingsSchema>;

export const DEFAULT_PERFORMANCE_SETTINGS: PerformanceSettings = {
  grades: { a: 90, b: 75, c: 60 },
  minCustomerAnswers: 3,
  forcedDistribution: { enabled: true, maxAPct: 20 },
};

export const kpiTemplateInputSchema = z
  .object({
    name: nameTextSchema.pipe(z.string().min(1).max(60)),
    role: z.enum(ROLES),
    cycleKind: z.enum(CYCLE_KINDS),
    items: z.array(kpiItemSchema).min(1).max(20),
    raterWeights: raterWeightsSchema,
  })
  .superRefine((value, ctx) => {
    const problem = templateProblem(value.items, value.raterWeights);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
  });
export type KpiTemplateInput = z.infer<typeof kpiTemplateInputSchema>;

export const kpiTemplateSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  role: z.enum(ROLES),
  cycleKind: z.enum(CYCLE_KINDS),
  items: z.array(kpiItemSchema),
  raterWeights: raterWeightsSchema,
  active: z.boolean(),
  version: z.number().int(),
});
export type KpiTemplate = z.infer<typeof kpiTemplateSchema>;
export const kpiTemplateUpdateSchema = z.object({ template: kpiTemplateInputSchema, version: versionSchema });

export const cycleInputSchema = z.object({
  templateId: z.uuid(),
  /** Any day in the period; the cycle covers the month, quarter or year containing it (the template's kind). */
  date: dateSchema,
});
export const CYCLE_STATUSES = ['open', 'closed'] as const;
export const reviewCycleSchema = z.object({
  id: z.uuid(),
  templateId: z.uuid(),
  templateName: z.string(),
  kind: z.enum(CYCLE_KINDS),
  periodFrom: z.string(),
  periodTo: z.string(),
  status: z.enum(CYCLE_STATUSES),
  reviews: z.number().int(),
  closedAt: z.string().nullable(),
  /** Forced distribution per team: teams over the share of A (a warning, never a block). */
  distributionWarnings: z.array(
    z.object({ team: z.string(), aCount: z.number().int(), reviews: z.number().int(), maxA: z.number().int() }),
  ),
  version: z.number().int(),
});
export type ReviewCycle = z.infer<typeof reviewCycleSchema>;
export const cycleActionSchema = z.object({ version: versionSchema });

/** One KPI's figure behind its score, with the list it comes from (drill-down). */
export const kpiFigureSchema = z.object({
  key: z.string(),
  /** The measured figure: yuan, a count, days, or percent (attainment, complaint rate, CSAT). */
  actual: z.number().nullable(),
  /** What it was measured against for the period (target or goal, same unit), when there is one. */
  goal: z.number().nullable(),
  /** What the curve scores: actual ÷ goal in percent when there is a goal, else the actual. */
  value: z.number().nullable(),
  /** How many records or answers it stands on. */
  count: z.number().int().nullable(),
  link: z.string().nullable(),
});
export type KpiFigure = z.infer<typeof kpiFigureSchema>;

export const kpiScoreSchema = z.object({
  key: z.string(),
  name: z.string(),
  source: z.enum(KPI_SOURCES),
  weight: z.number(),
  /** 0–cap, one decimal; null when there is nothing to score yet (no figure, no ratings). */
  score: z.number().nullable(),
  /** score × weight ÷ 100. */
  weighted: z.number(),
  /** Rated KPIs: the group averages that made the score (customer only from the minimum count on). */
  raters: z.object({ supervisor: z.number().nullable(), peer: z.number().nullable(), customer: z.number().nullable() }).nullable(),
});
export type KpiScore = z.infer<typeof kpiScoreSchema>;

export const REVIEW_STATUSES = ['open', 'closed'] as const;
export const APPEAL_STATUSES = ['pending', 'upheld', 'rejected'] as const;

export const improvementActionSchema = z.object({
  id: z.uuid(),
  action: z.string(),
  ownerId: z.uuid(),
  ownerName: z.string(),
  dueOn: z.string(),
  doneAt: z.string().nullable(),
});
export const appealSchema = z.object({
  id: z.uuid(),
  itemKey: z.string(),
  reason: z.string(),
  status: z.enum(APPEAL_STATUSES),
  deciderId: z.uuid().nullable(),
  deciderName: z.string().nullable(),
  decisionNote: z.string().nullable(),
  /** When upheld: the score the decider set for the KPI. */
  newScore: z.number().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export const raterEntrySchema = z.object({
  /** Null for a peer when the reader is the person (peers are anonymous to them, never to the auditor). */
  raterId: z.uuid().nullable(),
  raterName: z.string().nullable(),
  kind: z.enum(['supervisor', 'peer']),
  submittedAt: z.string().nullable(),
  scores: z.record(z.string(), z.number()).nullable(),
  comment: z.string().nullable(),
});

export const performanceReviewSchema = z.object({
  id: z.uuid(),
  cycleId: z.uuid(),
  cycleKind: z.enum(CYCLE_KINDS),
  periodFrom: z.string(),
  periodTo: z.string(),
  templateName: z.string(),
  personId: z.uuid(),
  personName: z.string(),
  teamName: z.string().nullable(),
  supervisorId: z.uuid().nullable(),
  supervisorName: z.string().nullable(),
  status: z.enum(REVIEW_STATUSES),
  total: z.number().nullable(),
  grade: z.enum(GRADES).nullable(),
  scores: z.array(kpiScoreSchema),
  figures: z.array(kpiFigureSchema),
  computedAt: z.string().nullable(),
  raters: z.array(raterEntrySchema),
  customerAnswers: z.number().int(),
  feedback: z.object({ strengths: z.string(), gaps: z.string(), recordedAt: z.string(), recordedByName: z.string().nullable() }).nullable(),
  actions: z.array(improvementActionSchema),
  acknowledgedAt: z.string().nullable(),
  personComment: z.string().nullable(),
  appeals: z.array(appealSchema),
  /** Promotion readiness (001 晋升激励): grades of this and the previous closed reviews, newest first; shown, never acted on. */
  recentGrades: z.array(z.enum(GRADES)),
  promotionReady: z.boolean(),
  abilities: z.record(z.string(), z.boolean()),
  version: z.number().int(),
});
export type PerformanceReview = z.infer<typeof performanceReviewSchema>;

export const reviewRowSchema = performanceReviewSchema.pick({
  id: true,
  cycleId: true,
  periodFrom: true,
  periodTo: true,
  templateName: true,
  personId: true,
  personName: true,
  teamName: true,
  status: true,
  total: true,
  grade: true,
  acknowledgedAt: true,
  promotionReady: true,
});
export const reviewListSchema = z.object({
  rows: z.array(reviewRowSchema.extend({ pendingAppeals: z.number().int(), myRating: z.enum(['none', 'pending', 'done']) })),
});
export const reviewListQuerySchema = z.object({
  scope: z.enum(['mine', 'team', 'rate', 'all']).default('mine'),
  cycleId: z.uuid().optional(),
});

export const peersInputSchema = z.object({ peerIds: z.array(z.uuid()).max(10), version: versionSchema });
export const ratingInputSchema = z.object({
  scores: z.record(z.string().max(40), z.number().min(0).max(100)),
  comment: textSchema.pipe(z.string().max(2000)).nullable().default(null),
});
export const reviewFeedbackInputSchema = z.object({
  strengths: textSchema.pipe(z.string().min(1).max(4000)),
  gaps: textSchema.pipe(z.string().min(1).max(4000)),
  actions: z.array(z.object({ action: nameTextSchema.pipe(z.string().min(1).max(200)), ownerId: z.uuid(), dueOn: dateSchema })).max(20),
  version: versionSchema,
});
export const acknowledgeInputSchema = z.object({
  comment: textSchema.pipe(z.string().max(2000)).nullable().default(null),
  version: versionSchema,
});
export const appealInputSchema = z.object({
  itemKey: z.string().min(1).max(40),
  reason: textSchema.pipe(z.string().trim().min(1).max(2000)),
});
export const appealDecisionSchema = z.object({
  decision: z.enum(['upheld', 'rejected']),
  note: textSchema.pipe(z.string().trim().min(1).max(2000)),
  newScore: z.number().min(0).max(100).nullable().default(null),
});
export const comparisonSchema = z.object({
  keys: z.array(z.object({ key: z.string(), name: z.string() })),
  person: z.array(z.number().nullable()),
  teamAverage: z.array(z.number().nullable()),
  topPerformer: z.array(z.number().nullable()),
});
export type ReviewComparison = z.infer<typeof comparisonSchema>;

// ——— R-KPI-1 ———

/** What is wrong with a template (weights must add up to 100 %, curves where needed), or null. */
export function templateProblem(
  items: readonly KpiItem[],
  raterWeights: RaterWeights,
): { path: (string | number)[]; message: string } | null {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  if (total !== 100) return { path: ['items'], message: `the weights add up to ${total} %, not 100 %` };
  const keys = new Set<string>();
  for (const [index, item] of items.entries()) {
    if (keys.has(item.key)) return { path: ['items', index, 'key'], message: 'used twice' };
    keys.add(item.key);
    if (item.source !== 'rated' && !item.curve) return { path: ['items', index, 'curve'], message: 'a computed KPI needs a scoring curve' };
    if (item.curve?.kind === 'linear' && item.curve.floor === item.curve.target)
      return { path: ['items', index, 'curve', 'target'], message: 'the target must differ from the floor' };
    if (item.source === 'attainment' || KPI_MONTHLY_SOURCES.includes(item.source)) {
      if (item.goal === null && item.source !== 'attainment') return { path: ['items', index, 'goal'], message: 'a goal is needed' };
    }
  }
  if (raterWeights.supervisor + raterWeights.peer + raterWeights.customer !== 100)
    return { path: ['raterWeights'], message: 'the rater weights add up to 100 %' };
  return null;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** A quantitative KPI's score on its curve (R-KPI-1), one decimal; null when there is no figure. */
export function scoreOnCurve(curve: KpiCurve, value: number | null): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  if (curve.kind === 'linear') {
    const share = (value - curve.floor) / (curve.target - curve.floor);
    return round1(Math.min(curve.cap, Math.max(0, share * 100)));
  }
  const reached = curve.bands.filter((band) => (curve.direction === 'higher' ? value >= band.threshold : value <= band.threshold));
  return reached.length === 0 ? 0 : Math.max(...reached.map((band) => band.score));
}

export interface RaterScores {
  /** The supervisor's score per rated KPI key (0–100). */
  supervisor: Record<string, number> | null;
  /** Each peer's scores. */
  peers: Record<string, number>[];
  /** Customers' score (0–100, from their survey answers) and how many answers it stands on. */
  customer: { score: number; answers: number } | null;
}

/** A rated KPI's group averages and score: groups without scores drop out and the rest are re-weighted; customers count from `minCustomerAnswers`. */
export function scoreRated(
  key: string,
  raters: RaterScores,
  weights: RaterWeights,
  minCustomerAnswers: number,
): { score: number | null; supervisor: number | null; peer: number | null; customer: number | null } {
  const supervisor = raters.supervisor?.[key] ?? null;
  const peerScores = raters.peers.map((p) => p[key]).filter((v): v is number => typeof v === 'number');
  const peer = peerScores.length ? round1(peerScores.reduce((a, b) => a + b, 0) / peerScores.length) : null;
  const customer = raters.customer && raters.customer.answers >= minCustomerAnswers ? round1(raters.customer.score) : null;
  const groups: [number | null, number][] = [
    [supervisor, weights.supervisor],
    [peer, weights.peer],
    [customer, weights.customer],
  ];
  const parts = groups.filter((part): part is [number, number] => part[0] !== null && part[1] > 0);
  const weightSum = parts.reduce((sum, [, w]) => sum + w, 0);
  const score = weightSum > 0 ? round1(parts.reduce((sum, [v, w]) => sum + v * w, 0) / weightSum) : null;
  return { score, supervisor, peer, customer };
}

export function gradeOf(total: number, bands: GradeBands): Grade {
  if (total >= bands.a) return 'A';
  if (total >= bands.b) return 'B';
  if (total >= bands.c) return 'C';
  return 'D';
}

/**
 * R-KPI-1 KPI scoring: each quantitative KPI scored by its curve, each rated KPI from the raters;
 * the weighted total is Σ score × weight ÷ 100 (a KPI without a score counts 0), one decimal; the
 * grade from the bands. `overrides` are scores set by an upheld appeal.
 */
export function scoreReview(input: {
  items: readonly KpiItem[];
  values: Record<string, number | null>;
  raters: RaterScores;
  raterWeights: RaterWeights;
  settings: Pick<PerformanceSettings, 'grades' | 'minCustomerAnswers'>;
  overrides?: Record<string, number>;
}): { scores: KpiScore[]; total: number; grade: Grade } {
  const scores = input.items.map((item): KpiScore => {
    let score: number | null;
    let raters: KpiScore['raters'] = null;
    if (item.source === 'rated') {
      const rated = scoreRated(item.key, input.raters, input.raterWeights, input.settings.minCustomerAnswers);
      score = rated.score;
      raters = { supervisor: rated.supervisor, peer: rated.peer, customer: rated.customer };
    } else {
      score = item.curve ? scoreOnCurve(item.curve, input.values[item.key] ?? null) : null;
    }
    const override = input.overrides?.[item.key];
    if (override !== undefined) score = override;
    return {
      key: item.key,
      name: item.name,
      source: item.source,
      weight: item.weight,
      score,
      weighted: round1(((score ?? 0) * item.weight) / 100),
      raters,
    };
  });
  const total = round1(scores.reduce((sum, s) => sum + ((s.score ?? 0) * s.weight) / 100, 0));
  return { scores, total, grade: gradeOf(total, input.settings.grades) };
}

/** Promotion readiness (001 晋升激励): the last `count` closed grades are all A — shown, never acted on. */
export function promotionReady(recentGrades: readonly Grade[], count = 2): boolean {
  if (recentGrades.length < count) return false;
  return recentGrades.slice(0, count).every((grade) => grade === 'A');
}

/** Seed 001 绩效考核指标 1–5 as the default rep template. */
export const DEFAULT_REP_TEMPLATE: KpiTemplateInput = {
  name: '销售代表季度考核',
  role: 'rep',
  cycleKind: 'quarter',
  raterWeights: { supervisor: 60, peer: 25, customer: 15 },
  items: [
    {
      key: 'attainment',
      name: '销售目标达成率',
      source: 'attainment',
      weight: 30,
      curve: { kind: 'linear', floor: 50, target: 100, cap: 120 },
      goal: 150000,
    },
    {
      key: 'collections',
      name: '回款金额',
      source: 'collections',
      weight: 10,
      curve: { kind: 'linear', floor: 0, target: 100, cap: 100 },
      goal: 150000,
    },
    {
      key: 'new_customers',
      name: '新增客户数',
      source: 'new_customers',
      weight: 15,
      curve: { kind: 'linear', floor: 0, target: 100, cap: 100 },
      goal: 3,
    },
    {
      key: 'satisfaction',
      name: '客户满意度',
      source: 'satisfaction',
      weight: 10,
      curve: {
        kind: 'banded',
        direction: 'higher',
        bands: [
          { threshold: 60, score: 60 },
          { threshold: 80, score: 85 },
          { threshold: 90, score: 100 },
        ],
      },
      goal: null,
    },
    {
      key: 'complaint_rate',
      name: '客户投诉率',
      source: 'complaint_rate',
      weight: 5,
      curve: { kind: 'linear', floor: 10, target: 1, cap: 100 },
      goal: null,
    },
    {
      key: 'dso',
      name: '回款周期 (DSO)',
      source: 'dso',
      weight: 10,
      curve: { kind: 'linear', floor: 120, target: 45, cap: 100 },
      goal: null,
    },
    { key: 'teamwork', name: '团队协作', source: 'rated', weight: 10, curve: null, goal: null },
    { key: 'skills', name: '销售技能', source: 'rated', weight: 10, curve: null, goal: null },
  ],
};
