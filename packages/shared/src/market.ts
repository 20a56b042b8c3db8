import { z } from 'zod';
import { abilitiesSchema, versionSchema } from './common.js';
import { dateSchema, dateTimeSchema, moneySchema, nameTextSchema, textSchema } from './input.js';

/** M10 Market intelligence (市场情报, issue 21 items 1–2): structured feedback, competitors, the weekly report (R-MKT-1). */
export const FEEDBACK_SUBJECTS = ['customer', 'product', 'competitor', 'region'] as const;
export const FEEDBACK_TYPES = ['price', 'product', 'service', 'channel', 'policy'] as const;
export const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;
export type FeedbackType = (typeof FEEDBACK_TYPES)[number];
export type Sentiment = (typeof SENTIMENTS)[number];

const line = (max: number) => nameTextSchema.max(max);
const text = (max: number) => textSchema.max(max).transform((value) => value.trim());

export const feedbackInputSchema = z
  .object({
    subject: z.enum(FEEDBACK_SUBJECTS),
    type: z.enum(FEEDBACK_TYPES),
    customerId: z.uuid().nullable().default(null),
    productId: z.uuid().nullable().default(null),
    /** A region of the org tree (an org unit of kind region). */
    regionId: z.uuid().nullable().default(null),
    competitorId: z.uuid().nullable().default(null),
    /** The competitor's product the price is for (free text: their catalogue is not ours). */
    competitorProduct: line(120).nullable().default(null),
    competitorPriceCents: moneySchema.min(1).nullable().default(null),
    sentiment: z.enum(SENTIMENTS),
    text: text(4000).pipe(z.string().min(1)),
    /** The interaction it was logged from (quick entry on the customer timeline). */
    interactionId: z.uuid().nullable().default(null),
    observedAt: dateTimeSchema.optional(),
  })
  .refine((f) => f.subject !== 'customer' || f.customerId, { path: ['customerId'], message: 'name the customer' })
  .refine((f) => f.subject !== 'product' || f.productId, { path: ['productId'], message: 'name the product' })
  .refine((f) => f.subject !== 'competitor' || f.competitorId, { path: ['competitorId'], message: 'pick the competitor' })
  .refine((f) => f.subject !== 'region' || f.regionId, { path: ['regionId'], message: 'pick the region' })
  .refine((f) => f.competitorPriceCents === null || f.competitorId, { path: ['competitorId'], message: 'a price needs its competitor' });
export type FeedbackInput = z.input<typeof feedbackInputSchema>;

export const feedbackSchema = z.object({
  id: z.uuid(),
  subject: z.enum(FEEDBACK_SUBJECTS),
  type: z.enum(FEEDBACK_TYPES),
  customerId: z.uuid().nullable(),
  customerName: z.string().nullable(),
  productId: z.uuid().nullable(),
  productName: z.string().nullable(),
  regionId: z.uuid().nullable(),
  regionName: z.string().nullable(),
  competitorId: z.uuid().nullable(),
  competitorName: z.string().nullable(),
  competitorProduct: z.string().nullable(),
  competitorPriceCents: z.number().int().nullable(),
  sentiment: z.enum(SENTIMENTS),
  text: z.string(),
  authorId: z.uuid(),
  authorName: z.string(),
  teamName: z.string().nullable(),
  observedAt: z.string(),
});
export type Feedback = z.infer<typeof feedbackSchema>;

export const feedbackListQuerySchema = z.object({
  competitorId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  type: z.enum(FEEDBACK_TYPES).optional(),
  from: dateSchema.optional(),
  to: dateSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const competitorProductSchema = z.object({ name: line(120).min(1), note: line(300).default('') });
export const competitorInputSchema = z.object({
  name: line(120).min(1),
  website: line(300).default(''),
  strengths: text(4000).default(''),
  weaknesses: text(4000).default(''),
  products: z.array(competitorProductSchema).max(50).default([]),
});
export const competitorUpdateSchema = z.object({
  name: line(120).min(1).optional(),
  website: line(300).optional(),
  strengths: text(4000).optional(),
  weaknesses: text(4000).optional(),
  products: z.array(competitorProductSchema).max(50).optional(),
  version: versionSchema,
});
export const competitorShareInputSchema = z.object({
  regionId: z.uuid(),
  /** Estimated share in basis points (1 % = 100). */
  shareBp: z.number().int().min(0).max(10_000),
  asOf: dateSchema,
});

export const competitorSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  website: z.string(),
  strengths: z.string(),
  weaknesses: z.string(),
  products: z.array(z.object({ name: z.string(), note: z.string() })),
  feedbackCount: z.number().int(),
  lostDeals: z.number().int(),
  latestPriceCents: z.number().int().nullable(),
  version: z.number().int(),
  abilities: abilitiesSchema,
});
export type Competitor = z.infer<typeof competitorSchema>;

export const pricePointSchema = z.object({
  product: z.string().nullable(),
  priceCents: z.number().int(),
  observedAt: z.string(),
  authorName: z.string(),
});
export const shareEstimateSchema = z.object({ regionId: z.uuid(), regionName: z.string(), shareBp: z.number().int(), asOf: z.string() });
export const lostDealSchema = z.object({
  opportunityId: z.uuid(),
  name: z.string(),
  customerName: z.string(),
  amountCents: z.number().int(),
  lostReason: z.string().nullable(),
  closedAt: z.string().nullable(),
});
export const competitorDetailSchema = competitorSchema.extend({
  pricePoints: z.array(pricePointSchema),
  shares: z.array(shareEstimateSchema),
  lostDealList: z.array(lostDealSchema),
  recentFeedback: z.array(feedbackSchema),
});
export type CompetitorDetail = z.infer<typeof competitorDetailSchema>;

/** R-MKT-1 the generated part of a weekly report: counts against last week, themes, price moves, lost deals. */
export const typeCountSchema = z.object({ type: z.enum(FEEDBACK_TYPES), thisWeek: z.number().int(), lastWeek: z.number().int() });
export const themeSchema = z.object({
  type: z.enum(FEEDBACK_TYPES),
  competitorId: z.uuid().nullable(),
  competitorName: z.string().nullable(),
  count: z.number().int(),
  negative: z.number().int(),
  sample: z.string(),
});
export const priceMoveSchema = z.object({
  competitorId: z.uuid(),
  competitorName: z.string(),
  product: z.string().nullable(),
  previousCents: z.number().int(),
  currentCents: z.number().int(),
  /** Change in basis points of the previous price (−500 = 5 % cheaper). */
  changeBp: z.number().int(),
});
export const lostByCompetitorSchema = z.object({
  competitorName: z.string(),
  thisWeek: z.number().int(),
  lastWeek: z.number().int(),
  amountCents: z.number().int(),
});
export const weeklyContentSchema = z.object({
  weekStart: z.string(),
  feedback: z.object({ thisWeek: z.number().int(), lastWeek: z.number().int() }),
  sentiment: z.object({ positive: z.number().int(), neutral: z.number().int(), negative: z.number().int() }),
  byType: z.array(typeCountSchema),
  themes: z.array(themeSchema),
  priceMoves: z.array(priceMoveSchema),
  lostDeals: z.object({
    thisWeek: z.number().int(),
    lastWeek: z.number().int(),
    amountCents: z.number().int(),
    byCompetitor: z.array(lostByCompetitorSchema),
  }),
});
export type WeeklyContent = z.infer<typeof weeklyContentSchema>;

export const MARKET_REPORT_STATUSES = ['draft', 'published'] as const;
export const marketReportSchema = z.object({
  id: z.uuid(),
  teamId: z.uuid(),
  teamName: z.string(),
  weekStart: z.string(),
  status: z.enum(MARKET_REPORT_STATUSES),
  summary: z.string(),
  content: weeklyContentSchema,
  generatedAt: z.string(),
  publishedAt: z.string().nullable(),
  publishedByName: z.string().nullable(),
  version: z.number().int(),
  abilities: abilitiesSchema,
});
export type MarketReport = z.infer<typeof marketReportSchema>;
export const marketReportListQuerySchema = z.object({
  teamId: z.uuid().optional(),
  status: z.enum(MARKET_REPORT_STATUSES).optional(),
  /** Words in the summary or the generated content (the archive search). */
  q: line(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(60),
});
export const marketReportUpdateSchema = z.object({ summary: text(20_000), version: versionSchema });
export const marketReportVersionSchema = z.object({ version: versionSchema });
export const marketReportGenerateSchema = z.object({ weekStart: dateSchema.optional(), teamId: z.uuid().optional() });

/** The manager's roll-up: the week's published team reports under their unit, summed. */
export const marketRollupSchema = z.object({
  weekStart: z.string(),
  teams: z.array(
    z.object({
      reportId: z.uuid().nullable(),
      teamId: z.uuid(),
      teamName: z.string(),
      status: z.enum(['missing', ...MARKET_REPORT_STATUSES]),
      feedback: z.number().int(),
      lostDeals: z.number().int(),
      summary: z.string(),
    }),
  ),
  content: weeklyContentSchema,
});
export type MarketRollup = z.infer<typeof marketRollupSchema>;
export const marketRollupQuerySchema = z.object({ weekStart: dateSchema.optional() });

/** Choices for the feedback form: competitors, products and regions by name. */
export const marketOptionsSchema = z.object({
  competitors: z.array(z.object({ id: z.uuid(), name: z.string() })),
  products: z.array(z.object({ id: z.uuid(), name: z.string() })),
  regions: z.array(z.object({ id: z.uuid(), name: z.string() })),
});
export type MarketOptions = z.infer<typeof marketOptionsSchema>;
