import { z } from 'zod';
import { abilitiesSchema, pageOf, pageQuerySchema, versionSchema } from './common.js';
import { dateSchema, dateTimeSchema, nameTextSchema, textSchema } from './input.js';

/** M9 Service quality (服务质量): complaints as tickets (R-SVC-1) and satisfaction surveys (R-SVC-2). */
export const COMPLAINT_STATUSES = ['open', 'in_progress', 'waiting_customer', 'resolved', 'closed'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
export const COMPLAINT_PRIORITIES = ['low', 'normal', 'high', 'critical'] as const;
export type ComplaintPriority = (typeof COMPLAINT_PRIORITIES)[number];
export const COMPLAINT_CHANNELS = ['phone', 'email', 'wechat', 'visit'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];
/** What a person does to a ticket; `complaintActions()` (server) says which are open in a status. */
export const COMPLAINT_ACTIONS = ['respond', 'wait', 'resume', 'resolve', 'confirm', 'reopen', 'note'] as const;
export type ComplaintAction = (typeof COMPLAINT_ACTIONS)[number];
/** The categories a new company starts with (a settings list; the web names the known keys). */
export const DEFAULT_COMPLAINT_CATEGORIES = ['delivery_delay', 'product_quality', 'after_sales', 'billing', 'attitude', 'other'] as const;
/** R-SVC-1 levels, each raised once: 75 % warning, breach (→ supervisor), 2× breach (→ manager). */
export const SLA_LEVELS = ['none', 'warning', 'breached', 'escalated'] as const;
export type SlaLevel = (typeof SLA_LEVELS)[number];
/** Timeline entries of a ticket. */
export const COMPLAINT_EVENT_KINDS = [
  'created',
  'respond',
  'wait',
  'resume',
  'resolve',
  'confirm',
  'reopen',
  'note',
  'sla_warning',
  'sla_breached',
  'sla_escalated',
  'survey_sent',
] as const;
export type ComplaintEventKind = (typeof COMPLAINT_EVENT_KINDS)[number];

const text = (max: number) => textSchema.max(max).transform((value) => value.trim());
const line = (max: number) => nameTextSchema.max(max);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');

export const serviceQueueSchema = z.object({
  /** The region (org unit) the queue serves. */
  orgUnitId: z.uuid(),
  /** Who works the queue; the first is who a routed ticket is assigned to. */
  memberIds: z.array(z.uuid()).min(1).max(50),
});
export type ServiceQueue = z.infer<typeof serviceQueueSchema>;

/** Company service settings: categories, routing, the R-SVC-1 business calendar, surveys. */
export const serviceSettingsSchema = z
  .object({
    categories: z.array(line(60).min(1)).min(1).max(50),
    /** Categories routed to the region's service queue; the others go to the customer's owner. */
    queueCategories: z.array(line(60).min(1)).max(50),
    queues: z.array(serviceQueueSchema).max(50),
    firstResponseMinutes: z.number().int().min(5).max(10_080),
    warnPercent: z.number().int().min(10).max(99),
    workdayStart: hhmm,
    workdayEnd: hhmm,
    /** ISO weekdays that are working days (1 = Monday … 7 = Sunday). */
    weekdays: z.array(z.number().int().min(1).max(7)).max(7),
    /** Public holidays (法定节假日) and make-up working days (调休上班), company-local dates. */
    holidays: z.array(dateSchema).max(400),
    makeUpWorkdays: z.array(dateSchema).max(200),
    surveyExpiryDays: z.number().int().min(1).max(90),
    /** Days after sending an unanswered survey goes on the owner's phone revisit list (000 满意度调研). */
    revisitAfterDays: z.number().int().min(1).max(60).default(3),
  })
  .refine((s) => s.workdayStart < s.workdayEnd, { path: ['workdayEnd'], message: 'must be after the start of the working day' })
  .refine((s) => s.queueCategories.every((c) => s.categories.includes(c)), {
    path: ['queueCategories'],
    message: 'every queue category must be one of the categories',
  });
export type ServiceSettings = z.infer<typeof serviceSettingsSchema>;

export const slaStateSchema = z.object({
  targetMinutes: z.number().int(),
  /** Business minutes counted so far (pauses excluded), up to the first response. */
  elapsedMinutes: z.number().int(),
  percent: z.number().int(),
  level: z.enum(SLA_LEVELS),
  paused: z.boolean(),
  /** When the first response is due, if the clock runs on; null when answered or paused. */
  dueAt: z.string().nullable(),
  respondedAt: z.string().nullable(),
  met: z.boolean().nullable(),
});
export type SlaState = z.infer<typeof slaStateSchema>;

export const complaintRowSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  title: z.string(),
  category: z.string(),
  priority: z.enum(COMPLAINT_PRIORITIES),
  channel: z.enum(COMPLAINT_CHANNELS),
  status: z.enum(COMPLAINT_STATUSES),
  customerId: z.uuid(),
  customerName: z.string(),
  ownerId: z.uuid(),
  ownerName: z.string().nullable(),
  queueName: z.string().nullable(),
  createdAt: z.string(),
  sla: slaStateSchema,
  closedAt: z.string().nullable(),
  /** Closed-loop time (立案 → customer confirms), minutes of the wall clock. */
  closedLoopMinutes: z.number().int().nullable(),
  version: z.number().int(),
});
export type ComplaintRow = z.infer<typeof complaintRowSchema>;

export const complaintEventSchema = z.object({
  id: z.uuid(),
  kind: z.enum(COMPLAINT_EVENT_KINDS),
  note: z.string().nullable(),
  at: z.string(),
  actorName: z.string().nullable(),
});

export const complaintAttachmentSchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  mimeType: z.string(),
  size: z.number().int(),
  createdAt: z.string(),
});
export type ComplaintAttachment = z.infer<typeof complaintAttachmentSchema>;

export const complaintSchema = complaintRowSchema.extend({
  description: z.string(),
  orderId: z.uuid().nullable(),
  contractId: z.uuid().nullable(),
  rootCause: z.string().nullable(),
  correctiveAction: z.string().nullable(),
  resolution: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  reopenCount: z.number().int(),
  actions: z.array(z.enum(COMPLAINT_ACTIONS)),
  events: z.array(complaintEventSchema),
  attachments: z.array(complaintAttachmentSchema),
  survey: z.object({ token: z.string(), answeredAt: z.string().nullable(), expiresAt: z.string() }).nullable(),
  abilities: abilitiesSchema,
});
export type Complaint = z.infer<typeof complaintSchema>;

export const complaintCreateSchema = z.object({
  customerId: z.uuid(),
  title: line(200).min(1),
  category: line(60).min(1),
  priority: z.enum(COMPLAINT_PRIORITIES).default('normal'),
  channel: z.enum(COMPLAINT_CHANNELS),
  description: text(5000).pipe(z.string().min(1)),
  orderId: z.uuid().nullable().optional(),
  contractId: z.uuid().nullable().optional(),
  /** When the complaint came in, if it is logged later (at most 30 days back); the R-SVC-1 clock starts there. */
  openedAt: dateTimeSchema.optional(),
});
export type ComplaintCreate = z.input<typeof complaintCreateSchema>;

export const complaintActionSchema = z.object({
  action: z.enum(COMPLAINT_ACTIONS),
  version: versionSchema,
  note: text(2000).nullable().optional(),
  rootCause: text(2000).nullable().optional(),
  correctiveAction: text(2000).nullable().optional(),
  resolution: text(2000).nullable().optional(),
});
export type ComplaintActionInput = z.infer<typeof complaintActionSchema>;

export const complaintListQuerySchema = pageQuerySchema.extend({
  status: z.enum([...COMPLAINT_STATUSES, 'active'] as const).optional(),
  priority: z.enum(COMPLAINT_PRIORITIES).optional(),
  category: line(60).optional(),
  sla: z.enum(['breached', 'at_risk'] as const).optional(),
  customerId: z.uuid().optional(),
  q: line(100).optional(),
});
export type ComplaintListQuery = z.infer<typeof complaintListQuerySchema>;
export const complaintPageSchema = pageOf(complaintRowSchema);

/** R-SVC-1 sweep result (scheduled job and "run now"). */
export const slaSweepResultSchema = z.object({ warnings: z.number().int(), breaches: z.number().int(), escalations: z.number().int() });

// ── Surveys (R-SVC-2) ───────────────────────────────────────────────────────────────────────────
export const SURVEY_TRIGGERS = ['ticket_closed', 'order_accepted', 'manual', 'periodic'] as const;
export type SurveyTrigger = (typeof SURVEY_TRIGGERS)[number];

export const surveyQuestionSchema = z.object({ id: z.string().regex(/^[a-z0-9_]{1,20}$/), text: line(300).min(1) });
export type SurveyQuestion = z.infer<typeof surveyQuestionSchema>;

export const SURVEY_TIERS = ['A', 'B', 'C'] as const;
export const tierMonthsSchema = z.partialRecord(z.enum(SURVEY_TIERS), z.number().int().min(1).max(24));
export type TierMonths = z.infer<typeof tierMonthsSchema>;

export const surveyTemplateInputSchema = z
  .object({
    name: line(100).min(1),
    trigger: z.enum(SURVEY_TRIGGERS),
    csat: z.boolean(),
    nps: z.boolean(),
    questions: z.array(surveyQuestionSchema).max(10),
    active: z.boolean().default(true),
    /** What the rep says on a phone revisit when the customer did not answer the link (000 满意度调研). */
    script: text(4000).default(''),
    /** A `periodic` template's schedule: months between surveys per customer tier (A quarterly = 3); a tier left out is not surveyed. */
    tierMonths: tierMonthsSchema.default({}),
  })
  .refine((t) => t.csat || t.nps || t.questions.length > 0, { path: ['questions'], message: 'a survey asks at least one thing' })
  .refine((t) => t.trigger !== 'periodic' || Object.keys(t.tierMonths).length > 0, {
    path: ['tierMonths'],
    message: 'a periodic survey names at least one customer tier and its interval',
  });
export const surveyTemplateUpdateSchema = surveyTemplateInputSchema.and(z.object({ version: versionSchema }));
export const surveyTemplateSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  trigger: z.enum(SURVEY_TRIGGERS),
  csat: z.boolean(),
  nps: z.boolean(),
  questions: z.array(surveyQuestionSchema),
  active: z.boolean(),
  script: z.string(),
  tierMonths: tierMonthsSchema,
  sent: z.number().int(),
  answered: z.number().int(),
  version: z.number().int(),
});
export type SurveyTemplate = z.infer<typeof surveyTemplateSchema>;

/** What the public answer page shows (no sign-in): nothing about the customer beyond the questions. */
export const publicSurveySchema = z.object({
  status: z.enum(['open', 'answered', 'expired'] as const),
  csat: z.boolean(),
  nps: z.boolean(),
  questions: z.array(surveyQuestionSchema),
  expiresAt: z.string(),
});
export type PublicSurvey = z.infer<typeof publicSurveySchema>;
export const surveyTokenParamsSchema = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/, 'not a survey link') });
export const surveyAnswerSchema = z.object({
  csat: z.number().int().min(1).max(5).nullable().optional(),
  nps: z.number().int().min(0).max(10).nullable().optional(),
  answers: z.record(z.string().regex(/^[a-z0-9_]{1,20}$/), text(2000)).optional(),
  comment: text(2000).nullable().optional(),
});
export type SurveyAnswer = z.infer<typeof surveyAnswerSchema>;

export const surveySendSchema = z.object({ templateId: z.uuid(), customerId: z.uuid() });

export const surveyScoresSchema = z.object({
  responses: z.number().int(),
  csatCount: z.number().int(),
  /** % of CSAT answers that are 4 or 5 (R-SVC-2); null without answers. */
  csat: z.number().nullable(),
  csatAverage: z.number().nullable(),
  npsCount: z.number().int(),
  /** % promoters − % detractors, −100…100 (R-SVC-2). */
  nps: z.number().nullable(),
  promoters: z.number().int(),
  passives: z.number().int(),
  detractors: z.number().int(),
});
export type SurveyScores = z.infer<typeof surveyScoresSchema>;

export const surveyResultsQuerySchema = z.object({
  from: dateSchema.optional(),
  to: dateSchema.optional(),
  customerId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
});
export const surveyResultsSchema = z.object({
  overall: surveyScoresSchema,
  byMonth: z.array(surveyScoresSchema.extend({ month: z.string() })),
  byOwner: z.array(surveyScoresSchema.extend({ ownerId: z.uuid(), ownerName: z.string() })),
  byTeam: z.array(surveyScoresSchema.extend({ orgUnitId: z.uuid().nullable(), orgUnitName: z.string().nullable() })),
  /** Answers about an order or a ticket on an order, by the products on it (an order of two products counts for both). */
  byProduct: z.array(surveyScoresSchema.extend({ productId: z.uuid(), productName: z.string() })),
  /** The same answers as by team, per team and month: the trend lines. */
  teamTrend: z.array(surveyScoresSchema.extend({ orgUnitId: z.uuid().nullable(), orgUnitName: z.string().nullable(), month: z.string() })),
  recent: z.array(
    z.object({
      id: z.uuid(),
      customerId: z.uuid(),
      customerName: z.string(),
      ownerName: z.string().nullable(),
      templateName: z.string(),
      csat: z.number().int().nullable(),
      nps: z.number().int().nullable(),
      comment: z.string().nullable(),
      answeredAt: z.string(),
      detractor: z.boolean(),
    }),
  ),
});
export type SurveyResults = z.infer<typeof surveyResultsSchema>;

/** The customer page's badge: open critical complaints. */
export const customerServiceSummarySchema = z.object({
  openComplaints: z.number().int(),
  openCritical: z.number().int(),
  scores: surveyScoresSchema,
});
export type CustomerServiceSummary = z.infer<typeof customerServiceSummarySchema>;

/**
 * A phone revisit (000 满意度调研): a survey link the customer has not answered some days after it was
 * sent, on the owner's list with the template's script; the rep enters the answer given on the phone.
 */
export const revisitSchema = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  customerName: z.string(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  ownerId: z.uuid(),
  ownerName: z.string().nullable(),
  templateName: z.string(),
  trigger: z.enum(SURVEY_TRIGGERS),
  script: z.string(),
  csat: z.boolean(),
  nps: z.boolean(),
  questions: z.array(surveyQuestionSchema),
  sentAt: z.string(),
  expiresAt: z.string(),
});
export type Revisit = z.infer<typeof revisitSchema>;
export const revisitListQuerySchema = z.object({ scope: z.enum(['mine', 'all'] as const).default('mine') });
/** The answer the customer gave on the phone, or a note why there was none (declined, unreachable). */
export const revisitAnswerSchema = surveyAnswerSchema.extend({
  outcome: z.enum(['answered', 'declined', 'unreachable'] as const),
  note: text(2000).nullable().optional(),
});
export type RevisitAnswer = z.infer<typeof revisitAnswerSchema>;

/** Open critical complaints in the caller's reach, for the home page card (issue 20 item 7). */
export const criticalComplaintsSchema = z.object({
  count: z.number().int(),
  items: z.array(
    z.object({
      id: z.uuid(),
      number: z.string(),
      title: z.string(),
      customerId: z.uuid(),
      customerName: z.string(),
      openedAt: z.string(),
      status: z.enum(COMPLAINT_STATUSES),
    }),
  ),
});
export type CriticalComplaints = z.infer<typeof criticalComplaintsSchema>;
