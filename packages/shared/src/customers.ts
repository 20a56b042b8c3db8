import { z } from 'zod';
import { abilitiesSchema, centsSchema, pageOf, pageQuerySchema, versionSchema } from './common.js';
import { dateSchema, dateTimeSchema, moneySchema, nameTextSchema, timestampSchema, queryBooleanSchema } from './input.js';

/** M1 Customers: enums written once. */
export const CUSTOMER_KINDS = ['organization', 'person'] as const;
export const CUSTOMER_STATUSES = ['lead', 'intent', 'signed', 'repeat', 'dormant', 'lost'] as const;
export const TIERS = ['A', 'B', 'C'] as const;
export const SEGMENTS = ['vip', 'potential', 'stable', 'low_value', 'dormant'] as const;
export const INTERACTION_TYPES = ['visit', 'call', 'sms', 'email', 'wechat', 'meeting'] as const;
export const DECISION_ROLES = ['decision_maker', 'influencer', 'user', 'gatekeeper'] as const;
export const GENDERS = ['male', 'female', 'other'] as const;
export const CUSTOMER_SOURCES = [
  'referral',
  'conference',
  'website',
  'cold_call',
  'exhibition',
  'channel_partner',
  'advertising',
  'import',
  'other',
] as const;

export type CustomerKind = (typeof CUSTOMER_KINDS)[number];
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];
export type Tier = (typeof TIERS)[number];
export type Segment = (typeof SEGMENTS)[number];
export type InteractionType = (typeof INTERACTION_TYPES)[number];

const text = (max: number) => z.string().trim().max(max);
const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{5,20}$/, 'not a phone number');

/** Editable fields, no defaults (a partial update must never reset a field to its default). */
const customerFields = {
  kind: z.enum(CUSTOMER_KINDS),
  name: nameTextSchema.max(200).min(1),
  tier: z.enum(TIERS),
  status: z.enum(CUSTOMER_STATUSES),
  source: z.enum(CUSTOMER_SOURCES),
  tags: z.array(text(30).min(1)).max(20),
  phone: phone.nullable().optional(),
  email: z.email().nullable().optional(),
  wechat: text(64).nullable().optional(),
  address: text(300).nullable().optional(),
  needs: text(2000).nullable().optional(),
  painPoints: text(2000).nullable().optional(),
  // organisation (企业)
  industry: text(100).nullable().optional(),
  size: z.enum(['1-49', '50-199', '200-999', '1000+']).nullable().optional(),
  annualPurchaseCents: moneySchema.min(0).nullable().optional(),
  taxId: text(30).nullable().optional(),
  decisionChain: text(2000).nullable().optional(),
  // person (个人) — the profile conference marketing needs
  gender: z.enum(GENDERS).nullable().optional(),
  birthday: dateSchema.nullable().optional(),
  occupation: text(100).nullable().optional(),
  interests: z.array(text(30).min(1)).max(20),
  /** 备注: free notes (issue 22 item 4: imported files carry them). */
  notes: text(5000).nullable().optional(),
};
const customerBase = z.object(customerFields);

export const customerCreateSchema = customerBase.extend({
  tier: customerFields.tier.default('C'),
  status: customerFields.status.default('lead'),
  source: customerFields.source.default('other'),
  tags: customerFields.tags.default([]),
  interests: customerFields.interests.default([]),
  /** Owner; omitted → the caller. `null` puts the customer straight into the pool. */
  ownerId: z.uuid().nullable().optional(),
  /** Create even though possible duplicates were found (the caller saw them). */
  ignoreDuplicates: z.boolean().default(false),
});
export type CustomerCreate = z.infer<typeof customerCreateSchema>;

export const customerUpdateSchema = customerBase.partial().extend({
  version: versionSchema,
  ignoreDuplicates: z.boolean().default(false),
});
export type CustomerUpdate = z.infer<typeof customerUpdateSchema>;

export const cadenceSchema = z.object({
  /** Days allowed between qualifying contacts. */
  days: z.number().int(),
  /** The instant the customer becomes overdue (start of the day after the last day to contact), ISO; null in the pool. */
  dueAt: timestampSchema.nullable(),
  overdue: z.boolean(),
  overdueDays: z.number().int(),
  lastQualifyingContactAt: timestampSchema.nullable(),
});

export const rfmSchema = z.object({
  recencyDays: z.number().int().nullable(),
  frequency: z.number().int(),
  monetaryCents: centsSchema,
  r: z.number().int().nullable(),
  f: z.number().int().nullable(),
  m: z.number().int().nullable(),
  segment: z.enum(SEGMENTS).nullable(),
  computedAt: timestampSchema.nullable(),
});

/**
 * The customer's next open follow-up task (issue 16, inline edit of "next follow-up"): the earliest
 * due one; moving it edits that task (its version guards a concurrent edit).
 */
export const nextFollowUpSchema = z.object({ taskId: z.uuid(), dueAt: timestampSchema, version: versionSchema });
export type NextFollowUp = z.infer<typeof nextFollowUpSchema>;

export const customerSchema = z.object({
  id: z.uuid(),
  kind: z.enum(CUSTOMER_KINDS),
  name: z.string(),
  tier: z.enum(TIERS),
  status: z.enum(CUSTOMER_STATUSES),
  statusChangedAt: timestampSchema,
  source: z.enum(CUSTOMER_SOURCES),
  tags: z.array(z.string()),
  /** Masked (`138****5678`) outside the owner's reporting line unless revealed (R-SEC-1). */
  phone: z.string().nullable(),
  email: z.string().nullable(),
  wechat: z.string().nullable(),
  contactsMasked: z.boolean(),
  address: z.string().nullable(),
  needs: z.string().nullable(),
  painPoints: z.string().nullable(),
  industry: z.string().nullable(),
  size: z.string().nullable(),
  annualPurchaseCents: centsSchema.nullable(),
  taxId: z.string().nullable(),
  decisionChain: z.string().nullable(),
  gender: z.enum(GENDERS).nullable(),
  birthday: z.string().nullable(),
  age: z.number().int().nullable(),
  occupation: z.string().nullable(),
  interests: z.array(z.string()),
  notes: z.string().nullable(),
  ownerId: z.uuid().nullable(),
  ownerName: z.string().nullable(),
  teamId: z.uuid().nullable(),
  teamName: z.string().nullable(),
  inPool: z.boolean(),
  lastContactAt: timestampSchema.nullable(),
  cadence: cadenceSchema,
  rfm: rfmSchema,
  loyaltyLevel: z.string().nullable(),
  pointsBalance: z.number().int(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  version: versionSchema,
  abilities: abilitiesSchema,
  /** Set on the list and the customer page; other places that present a customer leave it out. */
  nextFollowUp: nextFollowUpSchema.nullable().optional(),
});
export type Customer = z.infer<typeof customerSchema>;
export const customerPageSchema = pageOf(customerSchema);

/**
 * A customer as the lists show it (list, pool, pickers, my day): what the table, the phone cards and
 * the row buttons use, and nothing else — fifty rows of it are one response, and every byte counts
 * under load. `abilities` carries only `update` (inline edit), `assign` (owner in place), `logInteraction` and `claim`. A `Customer` is a
 * `CustomerListItem`, so list components take either.
 */
export const customerListItemSchema = customerSchema
  .pick({
    id: true,
    kind: true,
    name: true,
    tier: true,
    status: true,
    source: true,
    tags: true,
    phone: true,
    industry: true,
    occupation: true,
    ownerId: true,
    ownerName: true,
    teamName: true,
    inPool: true,
    lastContactAt: true,
    createdAt: true,
    version: true,
    abilities: true,
    nextFollowUp: true,
  })
  .extend({
    cadence: cadenceSchema.pick({ days: true, dueAt: true, overdue: true, overdueDays: true }),
    rfm: rfmSchema.pick({ segment: true, monetaryCents: true }),
  });
export type CustomerListItem = z.infer<typeof customerListItemSchema>;
export const customerListPageSchema = pageOf(customerListItemSchema);
export type CustomerListPage = z.infer<typeof customerListPageSchema>;

export const CUSTOMER_SORTS = [
  'name',
  '-name',
  'createdAt',
  '-createdAt',
  'updatedAt',
  '-updatedAt',
  'lastContactAt',
  '-lastContactAt',
  'dueAt',
  '-dueAt',
  'monetary',
  '-monetary',
] as const;

export const customerListQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(100).optional(),
  tier: z.enum(TIERS).optional(),
  segment: z.enum(SEGMENTS).optional(),
  status: z.enum(CUSTOMER_STATUSES).optional(),
  kind: z.enum(CUSTOMER_KINDS).optional(),
  ownerId: z.uuid().optional(),
  teamId: z.uuid().optional(),
  tag: z.string().trim().max(30).optional(),
  overdue: queryBooleanSchema.optional(),
  /** Owners warned that the customer returns to the pool soon (R-CUS-3). */
  poolWarning: queryBooleanSchema.optional(),
  /** Created at or after this instant (new customers, M4/M5). */
  createdFrom: dateTimeSchema.optional(),
  /** Created before this instant. */
  createdBefore: dateTimeSchema.optional(),
  sort: z.enum(CUSTOMER_SORTS).default('-updatedAt'),
});
export type CustomerListQuery = z.infer<typeof customerListQuerySchema>;

export const duplicateSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  ownerName: z.string().nullable(),
  inPool: z.boolean(),
  matchedOn: z.array(z.enum(['phone', 'name', 'taxId'])),
});
export type Duplicate = z.infer<typeof duplicateSchema>;

export const contactSchema = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  name: z.string(),
  title: z.string().nullable(),
  decisionRole: z.enum(DECISION_ROLES).nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  wechat: z.string().nullable(),
  isPrimary: z.boolean(),
  version: versionSchema,
});
export const contactInputSchema = z.object({
  name: nameTextSchema.max(100).min(1),
  title: text(100).nullable().optional(),
  decisionRole: z.enum(DECISION_ROLES).nullable().optional(),
  phone: phone.nullable().optional(),
  email: z.email().nullable().optional(),
  wechat: text(64).nullable().optional(),
  isPrimary: z.boolean().default(false),
});
export const contactUpdateSchema = contactInputSchema.partial().extend({ version: versionSchema });

export const interactionSchema = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  type: z.enum(INTERACTION_TYPES),
  occurredAt: timestampSchema,
  outcome: z.string().nullable(),
  notes: z.string().nullable(),
  nextStep: z.string().nullable(),
  nextFollowUpAt: timestampSchema.nullable(),
  contactId: z.uuid().nullable(),
  authorId: z.uuid(),
  authorName: z.string(),
  attachments: z.array(z.object({ id: z.uuid(), fileName: z.string(), size: z.number().int(), mimeType: z.string() })),
  archived: z.boolean(),
});
export type Interaction = z.infer<typeof interactionSchema>;
export const interactionInputSchema = z.object({
  type: z.enum(INTERACTION_TYPES),
  occurredAt: dateTimeSchema,
  outcome: text(200).nullable().optional(),
  notes: text(5000).nullable().optional(),
  nextStep: text(500).nullable().optional(),
  nextFollowUpAt: dateTimeSchema.nullable().optional(),
  contactId: z.uuid().nullable().optional(),
  /** The customer's deal it was about (logged from the opportunity page; shown in its activity feed). */
  opportunityId: z.uuid().nullable().optional(),
});

export const TASK_STATES = ['open', 'done', 'overdue'] as const;
export const taskSchema = z.object({
  id: z.uuid(),
  /** Null for a task that is not about a customer (a meeting's action item, a rectification task). */
  customerId: z.uuid().nullable(),
  customerName: z.string().nullable(),
  /** Where a customer-less task came from (`/teamwork/meetings/…`), for its link. */
  link: z.string().nullable(),
  ownerId: z.uuid(),
  ownerName: z.string(),
  title: z.string(),
  dueAt: timestampSchema,
  remindAt: timestampSchema.nullable(),
  doneAt: timestampSchema.nullable(),
  state: z.enum(TASK_STATES),
  interactionId: z.uuid().nullable(),
  version: versionSchema,
  abilities: abilitiesSchema,
});
export type Task = z.infer<typeof taskSchema>;
export const taskInputSchema = z.object({
  customerId: z.uuid(),
  title: text(200).min(1),
  dueAt: dateTimeSchema,
  remindAt: dateTimeSchema.nullable().optional(),
  ownerId: z.uuid().optional(),
});
export const taskUpdateSchema = z.object({
  version: versionSchema,
  title: text(200).min(1).optional(),
  dueAt: dateTimeSchema.optional(),
  remindAt: dateTimeSchema.nullable().optional(),
  done: z.boolean().optional(),
});
export const taskListQuerySchema = pageQuerySchema.extend({
  state: z.enum(TASK_STATES).optional(),
  sort: z.enum(['dueAt', '-dueAt', '-doneAt']).default('dueAt'),
  customerId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
});

export const myDaySchema = z.object({
  dueTasks: z.array(taskSchema),
  /** Open follow-ups due after today, within the next 7 days (issue 16: a follow-up set for tomorrow shows). */
  upcomingTasks: z.array(taskSchema),
  overdueCustomers: z.array(customerSchema),
  counts: z.object({
    dueToday: z.number().int(),
    upcoming: z.number().int(),
    overdueTasks: z.number().int(),
    overdueCustomers: z.number().int(),
    poolWarnings: z.number().int(),
  }),
});

export const releaseBodySchema = z.object({ reason: text(500).min(1), version: versionSchema });
export const claimBodySchema = z.object({ version: versionSchema });
export const assignBodySchema = z.object({ ownerId: z.uuid(), version: versionSchema });
export const mergeBodySchema = z.object({ duplicateId: z.uuid(), version: versionSchema, duplicateVersion: versionSchema });

export const tierProposalSchema = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  customerName: z.string(),
  ownerName: z.string().nullable(),
  period: z.string(),
  currentTier: z.enum(TIERS),
  proposedTier: z.enum(TIERS),
  segment: z.enum(SEGMENTS),
  reason: z.string(),
  status: z.enum(['pending', 'accepted', 'rejected']),
  abilities: abilitiesSchema,
});
export const tierProposalDecisionSchema = z.object({ decision: z.enum(['accept', 'reject']) });

export const pointsEntrySchema = z.object({
  id: z.uuid(),
  kind: z.enum(['earned', 'redeemed', 'expired', 'adjusted']),
  points: z.number().int(),
  reason: z.string(),
  at: z.string(),
  expiresAt: timestampSchema.nullable(),
});
export const pointsInputSchema = z.object({
  kind: z.enum(['earned', 'redeemed', 'adjusted']),
  points: z.number().int().min(1).max(10_000_000),
  reason: text(200).min(1),
});

/** Company settings of the customers module (R-CUS-1/2/3, loyalty, retention). */
export const customerSettingsSchema = z.object({
  cadence: z.object({
    A: z.object({ days: z.number().int().min(1).max(365), types: z.array(z.enum(INTERACTION_TYPES)).min(1) }),
    B: z.object({ days: z.number().int().min(1).max(365), types: z.array(z.enum(INTERACTION_TYPES)).min(1) }),
    C: z.object({ days: z.number().int().min(1).max(365), types: z.array(z.enum(INTERACTION_TYPES)).min(1) }),
  }),
  poolClaimCap: z.number().int().min(1).max(100_000),
  poolReturnDays: z.object({ A: z.number().int().min(1), B: z.number().int().min(1), C: z.number().int().min(1) }),
  poolWarningDays: z.number().int().min(0).max(60),
  interactionRetentionYears: z.number().int().min(1).max(30),
  loyaltyLevels: z
    .array(z.object({ name: z.string().min(1).max(30), minSpendCents: moneySchema.min(0), minOrders: z.number().int().min(0) }))
    .min(1),
  pointsPerYuan: z.number().min(0).max(100),
});
export type CustomerSettings = z.infer<typeof customerSettingsSchema>;

/** One change of a customer's lifecycle status (GET /customers/:id/status-history). */
export const statusChangeSchema = z.object({
  fromStatus: z.enum(CUSTOMER_STATUSES).nullable(),
  toStatus: z.enum(CUSTOMER_STATUSES),
  at: z.string(),
  actorName: z.string().nullable(),
});
export type StatusChange = z.infer<typeof statusChangeSchema>;

/** An order counted in a customer's RFM values (GET /customers/:id/orders). */
export const customerOrderSchema = z.object({
  id: z.uuid(),
  orderedAt: timestampSchema,
  amountCents: z.number().int(),
  source: z.string(),
});
export type CustomerOrder = z.infer<typeof customerOrderSchema>;

export type MyDay = z.infer<typeof myDaySchema>;
