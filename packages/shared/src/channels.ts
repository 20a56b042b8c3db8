import { z } from 'zod';
import { abilitiesSchema, versionSchema } from './common.js';
import { dateSchema, moneySchema, nameTextSchema, textSchema } from './input.js';

/** M10 Channel partners (渠道管理, issue 21 items 3–5): partners, deal registration (R-CHN-1), rebates (R-CHN-2). */
export const PARTNER_KINDS = ['agent', 'distributor', 'reseller'] as const;
export const PARTNER_TIERS = ['gold', 'silver', 'bronze'] as const;
export const PARTNER_STATUSES = ['prospect', 'active', 'suspended', 'ended'] as const;
export const QUALIFICATION_STATUSES = ['none', 'pending', 'approved', 'rejected'] as const;
export const REGISTRATION_STATUSES = ['pending', 'approved', 'rejected', 'expired'] as const;
export const REBATE_STATUSES = ['draft', 'submitted', 'approved', 'rejected'] as const;
export type PartnerTier = (typeof PARTNER_TIERS)[number];

const line = (max: number) => nameTextSchema.max(max);
const text = (max: number) => textSchema.max(max).transform((value) => value.trim());
/** A calendar quarter, `2026-Q3`. */
export const quarterSchema = z.string().regex(/^(19|20|21)\d{2}-Q[1-4]$/, 'a quarter like 2026-Q3');

export const partnerChecklistItemSchema = z.object({ item: line(200).min(1), done: z.boolean() });

export const partnerInputSchema = z.object({
  name: line(120).min(1),
  kind: z.enum(PARTNER_KINDS),
  status: z.enum(PARTNER_STATUSES).default('active'),
  tier: z.enum(PARTNER_TIERS).default('bronze'),
  /** Territory: regions of the org tree (org units of kind region). */
  regionIds: z.array(z.uuid()).max(20).default([]),
  exclusive: z.boolean().default(false),
  productLines: z.array(line(60).min(1)).max(20).default([]),
  contractTerms: text(4000).default(''),
  contractStart: dateSchema.nullable().default(null),
  contractEnd: dateSchema.nullable().default(null),
  profile: text(4000).default(''),
});
export const partnerUpdateSchema = z.object({
  name: line(120).min(1).optional(),
  kind: z.enum(PARTNER_KINDS).optional(),
  status: z.enum(PARTNER_STATUSES).optional(),
  regionIds: z.array(z.uuid()).max(20).optional(),
  exclusive: z.boolean().optional(),
  productLines: z.array(line(60).min(1)).max(20).optional(),
  contractTerms: text(4000).optional(),
  contractStart: dateSchema.nullable().optional(),
  contractEnd: dateSchema.nullable().optional(),
  profile: text(4000).optional(),
  version: versionSchema,
});

export const partnerRowSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(PARTNER_KINDS),
  status: z.enum(PARTNER_STATUSES),
  tier: z.enum(PARTNER_TIERS),
  regionIds: z.array(z.uuid()),
  regionNames: z.array(z.string()),
  exclusive: z.boolean(),
  productLines: z.array(z.string()),
  qualificationStatus: z.enum(QUALIFICATION_STATUSES),
  renewalOn: z.string().nullable(),
  contractEnd: z.string().nullable(),
  activeRegistrations: z.number().int(),
  quarterOrdersCents: z.number().int(),
  version: z.number().int(),
});
export type PartnerRow = z.infer<typeof partnerRowSchema>;

export const partnerContactInputSchema = z.object({
  name: line(60).min(1),
  title: line(60).default(''),
  phone: line(40).default(''),
  email: line(120).default(''),
});
export const partnerDocumentSchema = z.object({ id: z.uuid(), fileName: z.string(), sizeBytes: z.number().int(), createdAt: z.string() });
export const tierChangeSchema = z.object({
  fromTier: z.enum(PARTNER_TIERS).nullable(),
  toTier: z.enum(PARTNER_TIERS),
  reason: z.string(),
  changedAt: z.string(),
});
export const registrationSchema = z.object({
  id: z.uuid(),
  partnerId: z.uuid(),
  partnerName: z.string(),
  customerId: z.uuid(),
  customerName: z.string(),
  status: z.enum(REGISTRATION_STATUSES),
  note: z.string(),
  expectedCents: z.number().int(),
  registeredAt: z.string(),
  decidedAt: z.string().nullable(),
  protectedUntil: z.string().nullable(),
  /** R-CHN-1 warnings found when it was registered or decided (another partner's registration or territory). */
  warnings: z.array(z.string()),
  version: z.number().int(),
  abilities: abilitiesSchema,
});
export type Registration = z.infer<typeof registrationSchema>;
export const attributedDealSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['order', 'opportunity']),
  recordId: z.uuid(),
  label: z.string(),
  customerName: z.string(),
  amountCents: z.number().int(),
  at: z.string(),
});

export const contributionSchema = z.object({
  partnerId: z.uuid(),
  partnerName: z.string(),
  tier: z.enum(PARTNER_TIERS),
  ordersCents: z.number().int(),
  previousOrdersCents: z.number().int(),
  /** Growth against the previous period, basis points; null without a previous figure. */
  growthBp: z.number().int().nullable(),
  collectionsCents: z.number().int(),
  deals: z.number().int(),
  /** Average satisfaction (1–5) of the partner's customers' service feedback; null without any. */
  satisfaction: z.number().nullable(),
});
export type Contribution = z.infer<typeof contributionSchema>;

/** A partner's staff member trained (issue 21 item 3): on a training session of ours or an outside course. */
export const partnerTrainingSchema = z.object({
  id: z.uuid(),
  contactId: z.uuid().nullable(),
  traineeName: z.string(),
  sessionId: z.uuid().nullable(),
  course: z.string(),
  trainedOn: z.string(),
  passed: z.boolean(),
  certificate: z.string(),
  certificateUntil: z.string().nullable(),
});
export type PartnerTraining = z.infer<typeof partnerTrainingSchema>;
export const partnerTrainingInputSchema = z.object({
  /** One of the partner's contacts; else `traineeName` names who was trained. */
  contactId: z.uuid().nullable().default(null),
  traineeName: line(60).default(''),
  /** A session of the training module; its title is the course when none is given. */
  sessionId: z.uuid().nullable().default(null),
  course: line(120).default(''),
  trainedOn: dateSchema,
  passed: z.boolean().default(true),
  certificate: line(120).default(''),
  certificateUntil: dateSchema.nullable().default(null),
});
export const trainingSessionOptionSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  day: z.string(),
  certification: z.string().nullable(),
});
export type TrainingSessionOption = z.infer<typeof trainingSessionOptionSchema>;

export const partnerDetailSchema = partnerRowSchema.extend({
  contractTerms: z.string(),
  contractStart: z.string().nullable(),
  profile: z.string(),
  checklist: z.array(partnerChecklistItemSchema),
  contacts: z.array(partnerContactInputSchema.extend({ id: z.uuid() })),
  trainings: z.array(partnerTrainingSchema),
  documents: z.array(partnerDocumentSchema),
  tierHistory: z.array(tierChangeSchema),
  registrations: z.array(registrationSchema),
  deals: z.array(attributedDealSchema),
  contribution: contributionSchema,
  abilities: abilitiesSchema,
});
export type PartnerDetail = z.infer<typeof partnerDetailSchema>;

export const partnerListQuerySchema = z.object({
  tier: z.enum(PARTNER_TIERS).optional(),
  q: line(60).optional(),
});
export const qualificationSubmitSchema = z.object({
  checklist: z.array(partnerChecklistItemSchema).min(1).max(30),
  renewalOn: dateSchema,
  version: versionSchema,
});

export const registrationInputSchema = z.object({
  partnerId: z.uuid(),
  customerId: z.uuid(),
  note: text(2000).default(''),
  expectedCents: moneySchema.min(0).default(0),
});
export const registrationDecisionSchema = z.object({
  decision: z.enum(['approve', 'reject']),
  /** Protection in days from approval (R-CHN-1); the company default when absent. */
  protectionDays: z.number().int().min(1).max(730).optional(),
  version: versionSchema,
});
export const registrationListQuerySchema = z.object({ status: z.enum(REGISTRATION_STATUSES).optional(), partnerId: z.uuid().optional() });
export const attributeDealSchema = z
  .object({ partnerId: z.uuid(), orderId: z.uuid().nullable().default(null), opportunityId: z.uuid().nullable().default(null) })
  .refine((d) => (d.orderId === null) !== (d.opportunityId === null), { path: ['orderId'], message: 'give one order or one opportunity' });

/** R-CHN-1 a warning as the rep sees it on the customer page. */
export const channelWarningSchema = z.object({
  kind: z.enum(['registered', 'territory']),
  partnerName: z.string(),
  protectedUntil: z.string().nullable(),
  regionName: z.string().nullable(),
});
export type ChannelWarning = z.infer<typeof channelWarningSchema>;

export const rebateThresholdSchema = z.object({
  /** Order volume in the period from which the rate applies (inclusive). */
  fromCents: moneySchema.min(0),
  /** Rebate rate in basis points of the period's collections (300 = 3 %). */
  rateBp: z.number().int().min(0).max(5_000),
});
export const rebateProgrammeInputSchema = z.object({
  name: line(120).min(1),
  tier: z.enum(PARTNER_TIERS),
  thresholds: z
    .array(rebateThresholdSchema)
    .min(1)
    .max(10)
    .refine((list) => list.every((item, i) => i === 0 || item.fromCents > list[i - 1]!.fromCents), 'thresholds must rise'),
});
export const rebateProgrammeSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  tier: z.enum(PARTNER_TIERS),
  thresholds: z.array(z.object({ fromCents: z.number().int(), rateBp: z.number().int() })),
  active: z.boolean(),
});
export type RebateProgramme = z.infer<typeof rebateProgrammeSchema>;

export const rebateStatementSchema = z.object({
  id: z.uuid(),
  partnerId: z.uuid(),
  partnerName: z.string(),
  tier: z.enum(PARTNER_TIERS),
  period: z.string(),
  programmeName: z.string().nullable(),
  ordersCents: z.number().int(),
  collectionsCents: z.number().int(),
  thresholdCents: z.number().int().nullable(),
  rateBp: z.number().int(),
  rebateCents: z.number().int(),
  status: z.enum(REBATE_STATUSES),
  channelApprovedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  computedAt: z.string(),
  version: z.number().int(),
  abilities: abilitiesSchema,
});
export type RebateStatement = z.infer<typeof rebateStatementSchema>;
export const rebateComputeSchema = z.object({ period: quarterSchema });
export const rebateListQuerySchema = z.object({ period: quarterSchema.optional(), partnerId: z.uuid().optional() });
export const rebateExportQuerySchema = z.object({ period: quarterSchema });
export const rebateVersionSchema = z.object({ version: versionSchema });
export const contributionQuerySchema = z.object({ period: quarterSchema.optional() });

/** The partner cockpit card of the channel role. */
export const channelCockpitSchema = z.object({
  period: z.string(),
  partners: z.object({ gold: z.number().int(), silver: z.number().int(), bronze: z.number().int() }),
  pendingRegistrations: z.number().int(),
  activeRegistrations: z.number().int(),
  conflicts: z.number().int(),
  renewalsDue: z.number().int(),
  statementsToApprove: z.number().int(),
  ordersCents: z.number().int(),
  top: z.array(z.object({ partnerId: z.uuid(), partnerName: z.string(), ordersCents: z.number().int() })),
});
export type ChannelCockpit = z.infer<typeof channelCockpitSchema>;
export const channelOptionsSchema = z.object({
  regions: z.array(z.object({ id: z.uuid(), name: z.string() })),
  partners: z.array(z.object({ id: z.uuid(), name: z.string() })),
});
export type ChannelOptions = z.infer<typeof channelOptionsSchema>;
