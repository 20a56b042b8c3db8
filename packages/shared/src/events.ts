import { z } from 'zod';
import { abilitiesSchema, centsSchema, pageOf, pageQuerySchema, versionSchema } from './common.js';
import { dateSchema, dateTimeSchema, nameTextSchema, textSchema } from './input.js';
import { CUSTOMER_STATUSES, SEGMENTS, TIERS } from './customers.js';

/** M3 Conference marketing (会议营销): enums written once, in lifecycle order. */
export const EVENT_STATUSES = ['draft', 'inviting', 'ready', 'running', 'closed', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];
export const INVITATION_STATUSES = ['pending', 'accepted', 'confirmed', 'attended', 'no_show', 'declined', 'cancelled'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];
export const INVITATION_CHANNELS = ['phone', 'sms', 'email', 'wechat'] as const;
export type InvitationChannel = (typeof INVITATION_CHANNELS)[number];
export const INVITATION_SOURCES = ['plan', 'single', 'walk_in'] as const;
export type InvitationSource = (typeof INVITATION_SOURCES)[number];
/** What a call (or message) came to (R-EVT-1). */
export const CALL_OUTCOMES = ['accepted', 'declined', 'no_answer', 'questions'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

const text = (max: number) => textSchema.max(max).transform((value) => value.trim());
const line = (max: number) => nameTextSchema.max(max);

export const agendaItemSchema = z.object({
  /** Wall-clock `HH:MM` in the company time zone. */
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM'),
  title: line(200).min(1),
  speaker: line(100).nullable().optional(),
});
export type AgendaItem = z.infer<typeof agendaItemSchema>;

export const speakerSchema = z.object({
  /** An internal speaker's user id; null for a guest expert. */
  userId: z.uuid().nullable().optional(),
  name: line(100).min(1),
  bio: text(1000).nullable().optional(),
});
export type Speaker = z.infer<typeof speakerSchema>;

export const eventStatusEntrySchema = z.object({
  fromStatus: z.enum(EVENT_STATUSES).nullable(),
  toStatus: z.enum(EVENT_STATUSES),
  note: z.string().nullable(),
  at: z.string(),
  actorName: z.string().nullable(),
});

export const eventCountsSchema = z.object({
  invitations: z.number().int(),
  accepted: z.number().int(),
  confirmed: z.number().int(),
  attended: z.number().int(),
  walkIns: z.number().int(),
});

export const eventRowSchema = z.object({
  id: z.uuid(),
  type: z.string(),
  theme: z.string(),
  venue: z.string().nullable(),
  capacity: z.number().int().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  organiserId: z.uuid(),
  organiserName: z.string().nullable(),
  orgUnitId: z.uuid().nullable(),
  orgUnitName: z.string().nullable(),
  status: z.enum(EVENT_STATUSES),
  statusAt: z.string(),
  counts: eventCountsSchema,
  version: versionSchema,
  abilities: abilitiesSchema,
});
export type EventRow = z.infer<typeof eventRowSchema>;
export const eventPageSchema = pageOf(eventRowSchema);

export const eventSchema = eventRowSchema.extend({
  description: z.string().nullable(),
  targetProfile: z.string().nullable(),
  address: z.string().nullable(),
  agenda: z.array(agendaItemSchema),
  speakers: z.array(speakerSchema),
  copiedFromId: z.uuid().nullable(),
  /** The statuses the event may move to next (the service enforces them). */
  nextStatuses: z.array(z.enum(EVENT_STATUSES)),
  /** The fields that may still change in the current status. */
  editableFields: z.array(z.string()),
  history: z.array(eventStatusEntrySchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type EventDetail = z.infer<typeof eventSchema>;

const eventFields = {
  type: line(50).min(1),
  theme: line(200).min(1),
  description: text(5000).nullable().optional(),
  targetProfile: text(1000).nullable().optional(),
  agenda: z.array(agendaItemSchema).max(50).optional(),
  speakers: z.array(speakerSchema).max(20).optional(),
  venue: line(200).nullable().optional(),
  address: line(300).nullable().optional(),
  capacity: z.number().int().min(1).max(100_000).nullable().optional(),
  startsAt: dateTimeSchema,
  endsAt: dateTimeSchema,
  organiserId: z.uuid().optional(),
  orgUnitId: z.uuid().nullable().optional(),
};
export const eventCreateSchema = z.object(eventFields);
export type EventCreate = z.infer<typeof eventCreateSchema>;
export const eventUpdateSchema = z.object(eventFields).partial().extend({ version: versionSchema });
export type EventUpdate = z.infer<typeof eventUpdateSchema>;
export const EVENT_EDITABLE_FIELDS = Object.keys(eventFields) as (keyof typeof eventFields)[];
export type EventField = (typeof EVENT_EDITABLE_FIELDS)[number];

export const eventStatusChangeSchema = z.object({
  status: z.enum(EVENT_STATUSES),
  version: versionSchema,
  note: text(500).nullable().optional(),
});
export const eventCopySchema = z.object({ startsAt: dateTimeSchema, endsAt: dateTimeSchema, theme: line(200).min(1).optional() });

export const eventListQuerySchema = pageQuerySchema.extend({
  status: z.enum(EVENT_STATUSES).optional(),
  type: z.string().trim().max(50).optional(),
  q: z.string().trim().max(100).optional(),
  /** `upcoming`: not yet ended; `past`: ended. */
  when: z.enum(['upcoming', 'past']).optional(),
});
export type EventListQuery = z.infer<typeof eventListQuerySchema>;

export const invitationSchema = z.object({
  id: z.uuid(),
  eventId: z.uuid(),
  customerId: z.uuid(),
  customerName: z.string(),
  /** R-SEC-1: masked outside the owner's reporting line. */
  phone: z.string().nullable(),
  ownerName: z.string().nullable(),
  callerId: z.uuid(),
  callerName: z.string().nullable(),
  channel: z.enum(INVITATION_CHANNELS),
  source: z.enum(INVITATION_SOURCES),
  status: z.enum(INVITATION_STATUSES),
  statusAt: z.string(),
  lastOutcome: z.enum(CALL_OUTCOMES).nullable(),
  attempts: z.number().int(),
  retryAt: z.string().nullable(),
  declineReason: z.string().nullable(),
  declineNote: z.string().nullable(),
  questions: z.string().nullable(),
  checkedInAt: z.string().nullable(),
  checkedInByName: z.string().nullable(),
  seat: z.string().nullable(),
  version: versionSchema,
  abilities: abilitiesSchema,
});
export type Invitation = z.infer<typeof invitationSchema>;
export const invitationPageSchema = pageOf(invitationSchema);

/** Age bands the invitation list filters by (from the customer's birthday, company time zone). */
export const AGE_BANDS = ['under30', '30to39', '40to49', '50to59', '60to69', '70plus'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** Profile filters of the invitation and call lists (customers without the field never match). */
function invitationProfileFilters() {
  return {
    ageBand: z.enum(AGE_BANDS).optional(),
    gender: z.enum(['male', 'female', 'other']).optional(),
    occupation: z.string().trim().min(1).max(50).optional(),
    interest: z.string().trim().min(1).max(50).optional(),
  };
}
export const invitationProfileFilterSchema = z.object(invitationProfileFilters());
export type InvitationProfileFilter = z.infer<typeof invitationProfileFilterSchema>;

export const invitationListQuerySchema = pageQuerySchema.extend({
  status: z.enum(INVITATION_STATUSES).optional(),
  callerId: z.uuid().optional(),
  ...invitationProfileFilters(),
});

/** Filters that pick customers for an invitation plan (001 邀约流程.1); always within the caller's record access. */
/** The caller's call list: organisers may open another caller's; the profile filters narrow it. */
export const callListQuerySchema = z.object({ callerId: z.uuid().optional(), ...invitationProfileFilters() });
export type CallListQuery = z.infer<typeof callListQuerySchema>;

export const invitationPlanFilterSchema = z.object({
  tier: z.array(z.enum(TIERS)).max(3).optional(),
  segment: z.array(z.enum(SEGMENTS)).max(5).optional(),
  lifecycle: z.array(z.enum(CUSTOMER_STATUSES)).max(6).optional(),
  teamId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
  /** Attended at least one earlier event. */
  attendedBefore: z.boolean().optional(),
  /** Exclude customers who were no-shows at an earlier event. */
  excludeNoShows: z.boolean().optional(),
  /** Exclude customers invited to another event in the last N days. */
  notInvitedDays: z.number().int().min(1).max(3650).optional(),
  /** Profile: age band, gender, occupation (contains), interest — customers without the field never match. */
  ...invitationProfileFilters(),
  limit: z.number().int().min(1).max(5000).default(500),
});
export type InvitationPlanFilter = z.infer<typeof invitationPlanFilterSchema>;
export const invitationPlanSchema = invitationPlanFilterSchema.extend({
  channel: z.enum(INVITATION_CHANNELS).default('phone'),
  /** Preview only: count and a sample, nothing written. */
  dryRun: z.boolean().default(false),
});
export const invitationPlanResultSchema = z.object({
  matched: z.number().int(),
  created: z.number().int(),
  /** Already invited to this event. */
  skipped: z.number().int(),
  sample: z.array(z.object({ customerId: z.uuid(), customerName: z.string(), ownerName: z.string().nullable() })),
});
export type InvitationPlanResult = z.infer<typeof invitationPlanResultSchema>;

export const invitationCreateSchema = z.object({
  customerId: z.uuid(),
  callerId: z.uuid().optional(),
  channel: z.enum(INVITATION_CHANNELS).default('phone'),
});
export const invitationReassignSchema = z.object({
  invitationIds: z.array(z.uuid()).min(1).max(5000),
  callerId: z.uuid(),
});
export const invitationTransitionSchema = z.object({
  status: z.enum(INVITATION_STATUSES),
  version: versionSchema,
  reason: line(100).nullable().optional(),
  note: text(1000).nullable().optional(),
});
export const callOutcomeSchema = z.object({
  outcome: z.enum(CALL_OUTCOMES),
  version: versionSchema,
  /** declined: a reason from the settings list. */
  reason: line(100).nullable().optional(),
  /** declined: free text; questions: what the customer asked. */
  note: text(1000).nullable().optional(),
  /** no_answer: when to try again (default: two hours later). */
  retryAt: dateTimeSchema.nullable().optional(),
  /** questions: an answer is owed → a follow-up task for the caller. */
  followUp: z.boolean().optional(),
});
export type CallOutcomeInput = z.infer<typeof callOutcomeSchema>;

export const callListItemSchema = invitationSchema.extend({
  /** tel: link target (digits), or null when the number is masked or missing. */
  tel: z.string().nullable(),
  script: z.string(),
  needs: z.string().nullable(),
  lastInteractions: z.array(z.object({ type: z.string(), occurredAt: z.string(), outcome: z.string().nullable() })),
});
export const callListSchema = z.object({
  event: z.object({ id: z.uuid(), theme: z.string(), startsAt: z.string(), venue: z.string().nullable(), status: z.enum(EVENT_STATUSES) }),
  items: z.array(callListItemSchema),
  declineReasons: z.array(z.string()),
});
export type CallList = z.infer<typeof callListSchema>;

/** What check-in staff see: no contact details beyond the masked phone (R-SEC-1, issue 17 item 6). */
export const checkInCardSchema = z.object({
  invitationId: z.uuid(),
  name: z.string(),
  company: z.string().nullable(),
  phone: z.string().nullable(),
  seat: z.string().nullable(),
  status: z.enum(INVITATION_STATUSES),
  source: z.enum(INVITATION_SOURCES),
  checkedInAt: z.string().nullable(),
  checkedInByName: z.string().nullable(),
});
export type CheckInCard = z.infer<typeof checkInCardSchema>;
export const checkInSearchQuerySchema = z.object({ q: z.string().trim().min(1).max(50) });
export const checkInSchema = z
  .object({
    token: z.string().trim().min(8).max(64).optional(),
    invitationId: z.uuid().optional(),
    seat: line(30).nullable().optional(),
    /** When the scan happened on the phone (offline queue); the server keeps it if plausible. */
    clientAt: dateTimeSchema.optional(),
  })
  .refine((value) => value.token || value.invitationId, { message: 'token or invitationId is required', path: ['token'] });
export const checkInResultSchema = z.object({
  /** false: someone checked this person in before (the card says when and who). */
  checkedIn: z.boolean(),
  alreadyCheckedIn: z.boolean(),
  message: z.string(),
  card: checkInCardSchema,
});
export type CheckInResult = z.infer<typeof checkInResultSchema>;
export const walkInSchema = z.object({
  name: line(100).min(1),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+\-\s()]{5,30}$/, 'not a phone number'),
  gender: z.enum(['male', 'female', 'other']).nullable().optional(),
  /** Register as this existing customer (chosen from the duplicates offered). */
  customerId: z.uuid().optional(),
  seat: line(30).nullable().optional(),
});
/** A phone's queued offline scans sent at once (oldest first); each scan as `checkInSchema`. */
export const checkInBatchSchema = z.object({ scans: z.array(checkInSchema).min(1).max(200) });
export type CheckInBatch = z.infer<typeof checkInBatchSchema>;
/** One result per scan, in order: the check-in's result, or why it was refused. */
export const checkInBatchResultSchema = z.object({
  results: z.array(
    z.object({
      ok: z.boolean(),
      result: checkInResultSchema.nullable(),
      error: z.object({ status: z.number().int(), message: z.string(), field: z.string().nullable() }).nullable(),
    }),
  ),
});
export type CheckInBatchResult = z.infer<typeof checkInBatchResultSchema>;
export const checkInBoardSchema = z.object({
  invited: z.number().int(),
  confirmed: z.number().int(),
  arrived: z.number().int(),
  walkIns: z.number().int(),
  capacity: z.number().int().nullable(),
  seatsLeft: z.number().int().nullable(),
});
export type CheckInBoard = z.infer<typeof checkInBoardSchema>;

/** R-EVT-2 figures of one event (definitions in the events module README). Rates are 0..1, null when undefined. */
export const eventMetricsSchema = z.object({
  invitations: z.number().int(),
  accepted: z.number().int(),
  confirmed: z.number().int(),
  attendedOfAccepted: z.number().int(),
  noShows: z.number().int(),
  walkIns: z.number().int(),
  attendees: z.number().int(),
  deals: z.number().int(),
  acceptanceRate: z.number().nullable(),
  confirmationRate: z.number().nullable(),
  attendanceRate: z.number().nullable(),
  noShowRate: z.number().nullable(),
  conversionRate: z.number().nullable(),
  bookedCents: centsSchema,
  collectedCents: centsSchema,
  invitationCostCents: centsSchema,
  eventCostCents: centsSchema,
  totalCostCents: centsSchema,
  costPerAttendeeCents: centsSchema.nullable(),
  costPerDealCents: centsSchema.nullable(),
  roiBooked: z.number().nullable(),
  roiCollected: z.number().nullable(),
});
export type EventMetrics = z.infer<typeof eventMetricsSchema>;

export const eventSettingsSchema = z.object({
  eventTypes: z.array(line(50).min(1)).min(1).max(50),
  declineReasons: z.array(line(100).min(1)).min(1).max(50),
  /** The invitation script (001 邀约话术) with merge fields {称呼} {公司} {销售} {公司名称} {主题} {时间} {地点}. */
  invitationScript: text(2000).pipe(z.string().min(1)),
  /** no_answer: default retry after this many minutes. */
  retryMinutes: z
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60),
  /** Deals at the event: an attendee's order up to this many days after the event is the event's (default 7). */
  attributionDays: z.number().int().min(0).max(365).optional(),
});
export type EventSettings = z.infer<typeof eventSettingsSchema>;

// ——— QR badges, deals at the event, event offers, reports, calendar (issue 17 items 1–5) ———

/** A printable / sendable invitation with its check-in QR code. */
export const invitationBadgeSchema = z.object({
  invitationId: z.uuid(),
  eventId: z.uuid(),
  eventTheme: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  venue: z.string().nullable(),
  address: z.string().nullable(),
  customerName: z.string(),
  callerName: z.string().nullable(),
  seat: z.string().nullable(),
  status: z.enum(INVITATION_STATUSES),
  /** The code in the QR: unguessable, one per invitation. */
  token: z.string(),
  /** The QR code as an SVG document. */
  qrSvg: z.string(),
});
export type InvitationBadge = z.infer<typeof invitationBadgeSchema>;

export const eventDealSchema = z.object({
  orderId: z.uuid(),
  orderNumber: z.string(),
  customerId: z.uuid(),
  customerName: z.string(),
  ownerName: z.string().nullable(),
  orderedAt: z.string(),
  status: z.string(),
  amountCents: centsSchema,
  /** auto: an attendee's order during the event or within the attribution days after; manual: attributed by hand. */
  attribution: z.enum(['auto', 'manual']),
});
export type EventDeal = z.infer<typeof eventDealSchema>;
/** An opportunity, quote or contract of an attendee opened during the event or within the attribution days after (issue 17 item 7). */
export const eventPipelineItemSchema = z.object({
  kind: z.enum(['opportunity', 'quote', 'contract']),
  id: z.uuid(),
  label: z.string(),
  customerId: z.uuid(),
  customerName: z.string(),
  ownerName: z.string().nullable(),
  createdAt: z.string(),
  status: z.string(),
  amountCents: centsSchema,
  /** auto: opened by an attendee in the window; manual: attributed by hand (itself or the opportunity / quote it came from). */
  attribution: z.enum(['auto', 'manual']),
});
export type EventPipelineItem = z.infer<typeof eventPipelineItemSchema>;
export const eventDealsSchema = z.object({
  items: z.array(eventDealSchema),
  /** The event's opportunities, quotes and contracts (same window and attendees as orders), newest first. */
  pipeline: z.array(eventPipelineItemSchema),
  attributionDays: z.number().int(),
  bookedCents: centsSchema,
  collectedCents: centsSchema,
  canAttribute: z.boolean(),
});
export type EventDeals = z.infer<typeof eventDealsSchema>;
export const eventDealAttributeSchema = z.object({ orderId: z.uuid() });
/** The pipeline records an event's deals can be attributed by hand (issue 17 item 7), next to orders. */
export const EVENT_PIPELINE_KINDS = ['opportunity', 'quote', 'contract'] as const;
export type EventPipelineKind = (typeof EVENT_PIPELINE_KINDS)[number];
export const eventPipelineAttributeSchema = z.object({ kind: z.enum(EVENT_PIPELINE_KINDS), recordId: z.uuid() });
export type EventPipelineAttribute = z.infer<typeof eventPipelineAttributeSchema>;
export const eventPipelineLinkSchema = z.object({
  eventId: z.uuid(),
  kind: z.enum(EVENT_PIPELINE_KINDS),
  recordId: z.uuid(),
  /** Whether the record is now attributed to the event by hand. */
  attributed: z.boolean(),
});
export type EventPipelineLink = z.infer<typeof eventPipelineLinkSchema>;
/** A record the caller may attribute to the event by hand: open, editable by them, its customer on the event's list. */
export const eventPipelineCandidateSchema = z.object({
  kind: z.enum(EVENT_PIPELINE_KINDS),
  id: z.uuid(),
  label: z.string(),
  customerName: z.string(),
  amountCents: centsSchema,
  attributedHere: z.boolean(),
  attributedElsewhere: z.boolean(),
});
export type EventPipelineCandidate = z.infer<typeof eventPipelineCandidateSchema>;

/** An event offer: a promotion (R-PRC-1, kind `event`) for the event's attendees during its dates. */
export const eventOfferSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  productIds: z.array(z.uuid()),
  percentOffBp: z.number().int().nullable(),
  amountOffCents: centsSchema.nullable(),
  stackable: z.boolean(),
  active: z.boolean(),
});
export type EventOffer = z.infer<typeof eventOfferSchema>;
export const eventOfferCreateSchema = z
  .object({
    name: line(100).min(1),
    productIds: z.array(z.uuid()).max(200).default([]),
    percentOffBp: z.number().int().min(1).max(10_000).nullable().optional(),
    amountOffCents: centsSchema.min(1).nullable().optional(),
    stackable: z.boolean().default(false),
  })
  .refine((value) => (value.percentOffBp == null) !== (value.amountOffCents == null), {
    message: 'give either a percent off or an amount off per unit',
    path: ['percentOffBp'],
  });
export type EventOfferCreate = z.infer<typeof eventOfferCreateSchema>;

/** R-EVT-2 figures of a group of invitations (one rep, one event type, one event) with one ROI number. */
export const eventReportRowSchema = z.object({
  key: z.string(),
  label: z.string(),
  events: z.number().int(),
  invitations: z.number().int(),
  accepted: z.number().int(),
  attendees: z.number().int(),
  deals: z.number().int(),
  /** Invitation success = accepted / invitations. */
  acceptanceRate: z.number().nullable(),
  attendanceRate: z.number().nullable(),
  conversionRate: z.number().nullable(),
  bookedCents: centsSchema,
  collectedCents: centsSchema,
  totalCostCents: centsSchema,
  costPerAttendeeCents: centsSchema.nullable(),
  costPerDealCents: centsSchema.nullable(),
  roiBooked: z.number().nullable(),
  /** When the row is one event. */
  startsAt: z.string().nullable(),
});
export type EventReportRow = z.infer<typeof eventReportRowSchema>;
export const eventReportQuerySchema = z.object({
  from: dateSchema.optional(),
  to: dateSchema.optional(),
  type: z.string().trim().min(1).max(50).optional(),
});
export const eventReportSchema = z.object({
  byRep: z.array(eventReportRowSchema),
  byType: z.array(eventReportRowSchema),
  byEvent: z.array(eventReportRowSchema),
});
export type EventReport = z.infer<typeof eventReportSchema>;

export const eventCalendarQuerySchema = z
  .object({ from: dateSchema, to: dateSchema })
  .refine((value) => value.from <= value.to, { message: 'from is after to', path: ['to'] });
export const eventCalendarItemSchema = z.object({
  id: z.uuid(),
  theme: z.string(),
  type: z.string(),
  status: z.enum(EVENT_STATUSES),
  startsAt: z.string(),
  endsAt: z.string(),
  venue: z.string().nullable(),
});
export type EventCalendarItem = z.infer<typeof eventCalendarItemSchema>;
