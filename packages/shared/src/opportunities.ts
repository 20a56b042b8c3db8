import { z } from 'zod';
import { abilitiesSchema, centsSchema, pageOf, pageQuerySchema, versionSchema } from './common.js';
import { dateSchema, MAX_MONEY_CENTS, moneySchema, timestampSchema, queryBooleanSchema } from './input.js';

/** M2 Opportunities (商机): stages written once, in pipeline order (won / lost close it). */
export const OPPORTUNITY_STAGES = ['lead', 'discovery', 'solution', 'negotiation', 'won', 'lost'] as const;
export type OpportunityStage = (typeof OPPORTUNITY_STAGES)[number];
/** The stages an opportunity is still being worked in. */
export const OPEN_STAGES = ['lead', 'discovery', 'solution', 'negotiation'] as const satisfies readonly OpportunityStage[];
/** The path a won opportunity walks; funnel conversion is measured along it. */
export const PIPELINE_PATH = ['lead', 'discovery', 'solution', 'negotiation', 'won'] as const satisfies readonly OpportunityStage[];

/**
 * What a stage gate may require before an opportunity enters the stage (OPP-GATE):
 * amount > 0, an expected close date, at least one product, a next step, at least one live quote
 * (any status but rejected, declined or expired).
 */
export const GATE_REQUIREMENTS = ['amount', 'expectedCloseOn', 'products', 'nextStep', 'quote'] as const;
export type GateRequirement = (typeof GATE_REQUIREMENTS)[number];

export const OPPORTUNITY_SOURCES = [
  'referral',
  'conference',
  'website',
  'cold_call',
  'exhibition',
  'channel_partner',
  'advertising',
  'existing_customer',
  'other',
] as const;
export type OpportunitySource = (typeof OPPORTUNITY_SOURCES)[number];

const text = (max: number) => z.string().trim().max(max);
const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM');

export const opportunityProductInputSchema = z.object({
  productId: z.uuid(),
  quantity: z.number().int().min(1).max(1_000_000),
  amountCents: moneySchema.min(0),
});

const productList = z
  .array(opportunityProductInputSchema)
  .max(50)
  .superRefine((lines, context) => {
    const seen = new Set<string>();
    lines.forEach((line, index) => {
      if (seen.has(line.productId)) context.addIssue({ code: 'custom', message: 'the same product twice', path: [index, 'productId'] });
      seen.add(line.productId);
    });
  });

/** Editable fields, no defaults (a partial update must never reset a field to its default). */
const opportunityFields = {
  name: text(200).min(1),
  customerId: z.uuid(),
  /** Owner; the team follows the owner. */
  ownerId: z.uuid(),
  stage: z.enum(OPPORTUNITY_STAGES),
  amountCents: moneySchema.min(0),
  /** Win probability in percent; omitted → the stage's configured probability. */
  probability: z.number().int().min(0).max(100),
  expectedCloseOn: dateSchema.nullable(),
  products: productList,
  competitors: z.array(text(60).min(1)).max(20),
  nextStep: text(500).nullable(),
  source: z.enum(OPPORTUNITY_SOURCES).nullable(),
  /** A code from the configured lost reasons; required when the stage becomes lost. */
  lostReason: z.string().trim().max(40).nullable(),
  lostNote: text(1000).nullable(),
};

export const opportunityCreateSchema = z.object({
  ...opportunityFields,
  ownerId: opportunityFields.ownerId.optional(),
  stage: opportunityFields.stage.default('lead'),
  amountCents: opportunityFields.amountCents.default(0),
  probability: opportunityFields.probability.optional(),
  expectedCloseOn: opportunityFields.expectedCloseOn.optional(),
  products: opportunityFields.products.default([]),
  competitors: opportunityFields.competitors.default([]),
  nextStep: opportunityFields.nextStep.optional(),
  source: opportunityFields.source.optional(),
  lostReason: opportunityFields.lostReason.optional(),
  lostNote: opportunityFields.lostNote.optional(),
});
export type OpportunityCreate = z.infer<typeof opportunityCreateSchema>;

export const opportunityUpdateSchema = z.object(opportunityFields).partial().extend({ version: versionSchema });
export type OpportunityUpdate = z.infer<typeof opportunityUpdateSchema>;

/** A kanban drop: the target stage and the card it lands above (none → the bottom of the column). */
export const opportunityMoveSchema = z.object({
  stage: z.enum(OPPORTUNITY_STAGES),
  beforeId: z.uuid().nullable().optional(),
  version: versionSchema,
  lostReason: opportunityFields.lostReason.optional(),
  lostNote: opportunityFields.lostNote.optional(),
});
export type OpportunityMove = z.infer<typeof opportunityMoveSchema>;

export const opportunitySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  customerId: z.uuid(),
  customerName: z.string(),
  ownerId: z.uuid(),
  ownerName: z.string(),
  teamId: z.uuid().nullable(),
  teamName: z.string().nullable(),
  stage: z.enum(OPPORTUNITY_STAGES),
  rank: z.number().int(),
  amountCents: centsSchema,
  probability: z.number().int(),
  /** amount × probability, rounded to the cent. */
  weightedCents: centsSchema,
  expectedCloseOn: z.string().nullable(),
  competitors: z.array(z.string()),
  nextStep: z.string().nullable(),
  source: z.enum(OPPORTUNITY_SOURCES).nullable(),
  lostReason: z.string().nullable(),
  lostNote: z.string().nullable(),
  stageChangedAt: timestampSchema,
  /** Whole days since the stage last changed (company time zone). */
  daysInStage: z.number().int(),
  closedAt: timestampSchema.nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  version: versionSchema,
  abilities: abilitiesSchema,
});
export type Opportunity = z.infer<typeof opportunitySchema>;
export const opportunityPageSchema = pageOf(opportunitySchema).extend({
  /** With the productLineId filter: Σ of the matching opportunities' products in that line (the cockpit's pipeline under that filter). */
  productLineAmountCents: centsSchema.optional(),
});

export const opportunityProductSchema = z.object({
  productId: z.uuid(),
  productCode: z.string(),
  productName: z.string(),
  /** The product's English name, when it has one (issue 16: shown to an en-US reader). */
  productNameEn: z.string().nullable().optional(),
  unit: z.string(),
  listPriceCents: centsSchema,
  quantity: z.number().int(),
  amountCents: centsSchema,
});
export type OpportunityProduct = z.infer<typeof opportunityProductSchema>;

export const opportunityDetailSchema = opportunitySchema.extend({
  products: z.array(opportunityProductSchema),
  /** Quotes of this opportunity that are still live (not rejected, declined or expired). */
  liveQuoteCount: z.number().int(),
  /** OPP-GATE: for each stage, what is missing to move there now (empty = allowed). */
  gates: z.record(z.enum(OPPORTUNITY_STAGES), z.array(z.enum(GATE_REQUIREMENTS))),
});
export type OpportunityDetail = z.infer<typeof opportunityDetailSchema>;

export const stageHistoryEntrySchema = z.object({
  id: z.uuid(),
  fromStage: z.enum(OPPORTUNITY_STAGES).nullable(),
  toStage: z.enum(OPPORTUNITY_STAGES),
  at: z.string(),
  actorName: z.string().nullable(),
  /** Days spent in `toStage` from this change to the next one (or until now while current), one decimal. */
  days: z.number(),
  current: z.boolean(),
});
export type StageHistoryEntry = z.infer<typeof stageHistoryEntrySchema>;

export const OPPORTUNITY_SORTS = [
  'name',
  '-name',
  'amount',
  '-amount',
  'expectedCloseOn',
  '-expectedCloseOn',
  'probability',
  '-probability',
  'stage',
  '-stage',
  'createdAt',
  '-createdAt',
  'updatedAt',
  '-updatedAt',
] as const;
export type OpportunitySort = (typeof OPPORTUNITY_SORTS)[number];

/** Filters shared by the list and the board. */
const opportunityFilterFields = {
  q: z.string().trim().max(100).optional(),
  ownerId: z.uuid().optional(),
  teamId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  /** Expected close date from / to (inclusive, YYYY-MM-DD). */
  closeFrom: dateSchema.optional(),
  closeTo: dateSchema.optional(),
  /** Expected close in this month (YYYY-MM). */
  closeMonth: monthSchema.optional(),
  amountMin: z.coerce.number().int().min(0).max(MAX_MONEY_CENTS).optional(),
  amountMax: z.coerce.number().int().min(0).max(MAX_MONEY_CENTS).optional(),
  /** Opportunities with products of this product line (their amount in it above zero). */
  productLineId: z.uuid().optional(),
};

function rangeChecks(query: { closeFrom?: string; closeTo?: string; amountMin?: number; amountMax?: number }, context: z.RefinementCtx) {
  if (query.closeFrom && query.closeTo && query.closeTo < query.closeFrom)
    context.addIssue({ code: 'custom', message: 'closeTo is before closeFrom', path: ['closeTo'] });
  if (query.amountMin !== undefined && query.amountMax !== undefined && query.amountMax < query.amountMin)
    context.addIssue({ code: 'custom', message: 'amountMax is below amountMin', path: ['amountMax'] });
}

export const opportunityListQuerySchema = pageQuerySchema
  .extend({
    ...opportunityFilterFields,
    stage: z.enum(OPPORTUNITY_STAGES).optional(),
    /** true: open stages only; false: won and lost only. */
    open: queryBooleanSchema.optional(),
    sort: z.enum(OPPORTUNITY_SORTS).default('-updatedAt'),
  })
  .superRefine(rangeChecks);
export type OpportunityListQuery = z.infer<typeof opportunityListQuerySchema>;

export const boardQuerySchema = z
  .object({
    ...opportunityFilterFields,
    /** Cards per column. */
    limit: z.coerce.number().int().min(1).max(100).default(20),
    /** "Load more": only this column, from `offset`. */
    stage: z.enum(OPPORTUNITY_STAGES).optional(),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
    /** Won and lost columns show what closed in the last N days (default: the setting), unless a close month is chosen. */
    closedWithinDays: z.coerce.number().int().min(1).max(3650).optional(),
  })
  .superRefine(rangeChecks);
export type BoardQuery = z.infer<typeof boardQuerySchema>;

export const boardColumnSchema = z.object({
  stage: z.enum(OPPORTUNITY_STAGES),
  count: z.number().int(),
  amountCents: centsSchema,
  weightedCents: centsSchema,
  /** The stage's configured probability. */
  probability: z.number().int(),
  cards: z.array(opportunitySchema),
  hasMore: z.boolean(),
});
export const boardSchema = z.object({ columns: z.array(boardColumnSchema), closedWithinDays: z.number().int() });
export type BoardColumn = z.infer<typeof boardColumnSchema>;
export type Board = z.infer<typeof boardSchema>;

// ------------------------------------------------------------------ analytics

export const funnelQuerySchema = z
  .object({
    /** The period (company time zone, inclusive); default the last 90 days. */
    from: dateSchema.optional(),
    to: dateSchema.optional(),
    ownerId: z.uuid().optional(),
    teamId: z.uuid().optional(),
  })
  .superRefine((query, context) => {
    if (query.from && query.to && query.to < query.from) context.addIssue({ code: 'custom', message: 'to is before from', path: ['to'] });
  });
export type FunnelQuery = z.infer<typeof funnelQuerySchema>;

export const funnelSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** Along lead → discovery → solution → negotiation → won. */
  stages: z.array(
    z.object({
      stage: z.enum(PIPELINE_PATH),
      /** Opportunities that first reached this stage (or a later one) in the period. */
      reached: z.number().int(),
      /** Of those, how many later reached a further stage of the path. */
      advanced: z.number().int(),
      /** advanced / reached, 0–1; null when none reached. */
      conversion: z.number().nullable(),
    }),
  ),
  /** Average days an opportunity stayed in each open stage (stays that began in the period and have ended). */
  daysPerStage: z.array(z.object({ stage: z.enum(OPEN_STAGES), averageDays: z.number().nullable(), stays: z.number().int() })),
  /** Closed in the period: won / (won + lost). */
  won: z.number().int(),
  lost: z.number().int(),
  winRate: z.number().nullable(),
  /** Won in the period: average days from creation to close. */
  averageCycleDays: z.number().nullable(),
  /** Open now: Σ amount and Σ amount × probability. */
  pipeline: z.object({ count: z.number().int(), amountCents: centsSchema, weightedCents: centsSchema }),
});
export type Funnel = z.infer<typeof funnelSchema>;

export const FORECAST_GROUPS = ['owner', 'team'] as const;
export const forecastQuerySchema = z.object({
  /** First month (YYYY-MM); default the current month. */
  fromMonth: monthSchema.optional(),
  months: z.coerce.number().int().min(1).max(12).default(3),
  groupBy: z.enum(FORECAST_GROUPS).default('owner'),
  ownerId: z.uuid().optional(),
  teamId: z.uuid().optional(),
});
export type ForecastQuery = z.infer<typeof forecastQuerySchema>;

const forecastFigures = {
  /** Won, closed in the month. */
  wonCents: centsSchema,
  /** Won + commit-category deals (in negotiation, or ≥ 70 % likely) expected to close in the month. */
  committedCents: centsSchema,
  /** Commit + best-case-category deals (at the solution stage, or ≥ 40 % likely); never below commit. */
  bestCaseCents: centsSchema,
  /** Σ amount of everything open expected to close in the month. */
  pipelineCents: centsSchema,
  count: z.number().int(),
};
export const forecastSchema = z.object({
  months: z.array(z.string()),
  groupBy: z.enum(FORECAST_GROUPS),
  rows: z.array(z.object({ month: z.string(), groupId: z.uuid().nullable(), groupName: z.string().nullable(), ...forecastFigures })),
  totals: z.array(z.object({ month: z.string(), ...forecastFigures })),
});
export type Forecast = z.infer<typeof forecastSchema>;

// ------------------------------------------------------------------ settings

const stageRecord = <T extends z.ZodType>(value: T) =>
  z.object({ lead: value, discovery: value, solution: value, negotiation: value, won: value, lost: value });

const requirementList = z
  .array(z.enum(GATE_REQUIREMENTS))
  .max(GATE_REQUIREMENTS.length)
  .refine((list) => new Set(list).size === list.length, 'a requirement twice');

export const lostReasonSchema = z.object({
  code: z.string().regex(/^[a-z0-9_]{1,40}$/, 'lower-case letters, digits and _'),
  zh: text(40).min(1),
  en: text(40).min(1),
});
export type LostReason = z.infer<typeof lostReasonSchema>;

/** Company settings of the opportunities module (key `opportunities`). */
export const opportunitySettingsSchema = z.object({
  /** Probability (percent) an opportunity takes when it enters each stage. */
  probabilities: stageRecord(z.number().int().min(0).max(100)),
  lostReasons: z
    .array(lostReasonSchema)
    .min(1)
    .max(50)
    .superRefine((reasons, context) => {
      const seen = new Set<string>();
      reasons.forEach((reason, index) => {
        if (seen.has(reason.code)) context.addIssue({ code: 'custom', message: 'the same code twice', path: [index, 'code'] });
        seen.add(reason.code);
      });
    }),
  /** OPP-GATE: what each stage requires before an opportunity may enter it. */
  gates: stageRecord(requirementList),
  /** Won and lost cards stay on the board this many days after closing. */
  boardClosedDays: z.number().int().min(1).max(3650),
});
export type OpportunitySettings = z.infer<typeof opportunitySettingsSchema>;

export const productOptionSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  unit: z.string(),
  listPriceCents: centsSchema,
});
export type ProductOption = z.infer<typeof productOptionSchema>;
