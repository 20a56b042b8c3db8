import { z } from 'zod';
import { abilitiesSchema, versionSchema } from './common.js';
import { dateTimeSchema, nameTextSchema, textSchema } from './input.js';

/**
 * M11 Team work (团队协作, seed 000 04 团队协作规范; 002 内部沟通与反馈, 跨部门协作机制): meetings with
 * minutes, decisions and action items (which become follow-up tasks), escalation up the reporting
 * line with an SLA per level (分层级汇报), and cross-department handovers with acceptance.
 */
export const MEETING_KINDS = ['weekly', 'monthly_review', 'one_to_one'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const ACTION_ITEM_STATES = ['open', 'overdue', 'done', 'dropped'] as const;
export type ActionItemState = (typeof ACTION_ITEM_STATES)[number];
export const ESCALATION_CATEGORIES = ['customer_risk', 'pricing', 'delivery', 'internal'] as const;
export const ESCALATION_STATUSES = ['open', 'resolved'] as const;
export const HANDOVER_KINDS = ['lead', 'customer', 'issue'] as const;
export type HandoverKind = (typeof HANDOVER_KINDS)[number];
export const HANDOVER_STATUSES = ['pending', 'accepted', 'declined'] as const;

const line = (max: number) => nameTextSchema.max(max);
const text = (max: number) => textSchema.max(max).transform((value) => value.trim());

/** The template agenda of each meeting kind (000 04: weekly sales meeting, monthly review, one-to-one). */
export const MEETING_TEMPLATES: Record<MeetingKind, readonly string[]> = {
  weekly: ['review_actions', 'pipeline', 'wins_losses', 'customer_issues', 'next_week'],
  monthly_review: ['review_actions', 'targets', 'pipeline', 'market', 'improvements'],
  one_to_one: ['review_actions', 'accounts', 'development', 'support_needed'],
};

export const meetingAgendaItemSchema = z.object({ key: z.string().max(60).nullable(), title: line(200) });
export const decisionSchema = z.object({ text: line(500).min(1) });

export const meetingInputSchema = z.object({
  kind: z.enum(MEETING_KINDS),
  title: line(120).min(1),
  startsAt: dateTimeSchema,
  /** People attending besides the organiser; a one-to-one has exactly one. */
  attendeeIds: z.array(z.uuid()).max(100).default([]),
  /** Omitted: the kind's template agenda. */
  agenda: z.array(meetingAgendaItemSchema).max(30).optional(),
});
export const meetingMinutesSchema = z.object({
  minutes: text(50_000).optional(),
  decisions: z.array(decisionSchema).max(50).optional(),
  agenda: z.array(meetingAgendaItemSchema).max(30).optional(),
  held: z.boolean().optional(),
  version: versionSchema,
});
export const meetingListQuerySchema = z.object({
  q: z.string().max(100).optional(),
  kind: z.enum(MEETING_KINDS).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const actionItemInputSchema = z.object({
  title: line(200).min(1),
  ownerId: z.uuid(),
  dueAt: dateTimeSchema,
  customerId: z.uuid().nullable().optional(),
});
/** At review (the next meeting of the series): note, drop or reopen; done comes from the task. */
export const actionItemReviewSchema = z.object({
  meetingId: z.uuid(),
  note: text(1000).default(''),
  drop: z.boolean().default(false),
  version: versionSchema,
});

export const actionItemSchema = z.object({
  id: z.uuid(),
  meetingId: z.uuid(),
  meetingTitle: z.string(),
  title: z.string(),
  ownerId: z.uuid(),
  ownerName: z.string(),
  dueAt: z.string(),
  customerId: z.uuid().nullable(),
  taskId: z.uuid().nullable(),
  state: z.enum(ACTION_ITEM_STATES),
  doneAt: z.string().nullable(),
  reviewNote: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewedInMeetingId: z.uuid().nullable(),
  version: versionSchema,
});
export type ActionItem = z.infer<typeof actionItemSchema>;

export const meetingRowSchema = z.object({
  id: z.uuid(),
  kind: z.enum(MEETING_KINDS),
  title: z.string(),
  startsAt: z.string(),
  unitName: z.string().nullable(),
  organiserId: z.uuid(),
  organiserName: z.string(),
  heldAt: z.string().nullable(),
  actionItems: z.number().int(),
  openActionItems: z.number().int(),
  /** Where the search matched in the minutes, when searching. */
  snippet: z.string().nullable(),
});
export type MeetingRow = z.infer<typeof meetingRowSchema>;

export const meetingSchema = z.object({
  id: z.uuid(),
  kind: z.enum(MEETING_KINDS),
  title: z.string(),
  startsAt: z.string(),
  unitId: z.uuid().nullable(),
  unitName: z.string().nullable(),
  organiserId: z.uuid(),
  organiserName: z.string(),
  attendees: z.array(z.object({ id: z.uuid(), name: z.string() })),
  agenda: z.array(meetingAgendaItemSchema),
  minutes: z.string(),
  decisions: z.array(decisionSchema),
  heldAt: z.string().nullable(),
  previousMeetingId: z.uuid().nullable(),
  actionItems: z.array(actionItemSchema),
  /** The previous meeting's items of the same series, to review in this one. */
  toReview: z.array(actionItemSchema),
  version: versionSchema,
  abilities: abilitiesSchema,
});
export type Meeting = z.infer<typeof meetingSchema>;

export const escalationInputSchema = z.object({
  category: z.enum(ESCALATION_CATEGORIES),
  title: line(200).min(1),
  details: text(4000).default(''),
  customerId: z.uuid().nullable().optional(),
});
export const escalationResolveSchema = z.object({ resolution: text(4000).pipe(z.string().min(1)), version: versionSchema });
export const escalationListQuerySchema = z.object({
  status: z.enum(ESCALATION_STATUSES).optional(),
  mine: z.enum(['raised', 'assigned']).optional(),
});
export const escalationSchema = z.object({
  id: z.uuid(),
  category: z.enum(ESCALATION_CATEGORIES),
  title: z.string(),
  details: z.string(),
  customerId: z.uuid().nullable(),
  customerName: z.string().nullable(),
  raisedById: z.uuid(),
  raisedByName: z.string(),
  level: z.number().int(),
  assigneeId: z.uuid().nullable(),
  assigneeName: z.string().nullable(),
  /** When the current level's SLA runs out (null once resolved). */
  dueAt: z.string().nullable(),
  status: z.enum(ESCALATION_STATUSES),
  resolution: z.string().nullable(),
  createdAt: z.string(),
  events: z.array(
    z.object({ kind: z.string(), at: z.string(), actorName: z.string().nullable(), level: z.number().int(), note: z.string().nullable() }),
  ),
  version: versionSchema,
  abilities: abilitiesSchema,
});
export type Escalation = z.infer<typeof escalationSchema>;

export const handoverInputSchema = z
  .object({
    kind: z.enum(HANDOVER_KINDS),
    title: line(200).min(1),
    context: text(4000).pipe(z.string().min(1)),
    customerId: z.uuid().nullable().optional(),
    escalationId: z.uuid().nullable().optional(),
    toUserId: z.uuid(),
  })
  .refine((value) => value.kind === 'issue' || Boolean(value.customerId), {
    path: ['customerId'],
    message: 'a lead or customer handover names the customer',
  });
export const handoverDecisionSchema = z.object({ accept: z.boolean(), note: text(1000).default(''), version: versionSchema });
export const handoverSchema = z.object({
  id: z.uuid(),
  kind: z.enum(HANDOVER_KINDS),
  title: z.string(),
  context: z.string(),
  customerId: z.uuid().nullable(),
  customerName: z.string().nullable(),
  escalationId: z.uuid().nullable(),
  fromId: z.uuid(),
  fromName: z.string(),
  fromUnitName: z.string().nullable(),
  toUserId: z.uuid(),
  toName: z.string(),
  toUnitName: z.string().nullable(),
  status: z.enum(HANDOVER_STATUSES),
  responseNote: z.string().nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
  version: versionSchema,
  abilities: abilitiesSchema,
});
export type Handover = z.infer<typeof handoverSchema>;

/** Who may receive a handover, across departments (the server decides; the web picker lists them). */
export const handoverTargetQuerySchema = z.object({
  kind: z.enum(HANDOVER_KINDS).default('issue'),
  q: z.string().trim().max(100).optional(),
});
export const handoverTargetSchema = z.object({
  id: z.uuid(),
  displayName: z.string(),
  username: z.string(),
  unitName: z.string().nullable(),
});
export type HandoverTarget = z.infer<typeof handoverTargetSchema>;

export const teamworkSettingsSchema = z.object({
  /** SLA hours per level up the line: [supervisor, manager, director …]; the last applies above. */
  escalationSlaHours: z.array(z.number().int().min(1).max(720)).min(1).max(6),
});
export type TeamworkSettings = z.infer<typeof teamworkSettingsSchema>;

/**
 * 分层级汇报: an open escalation at `level` (1 = the raiser's direct manager), taken up at
 * `levelStartedAt`, is due after that level's SLA; once due it moves to the next person up the line,
 * if there is one (`lineLength` people above the raiser). Exactly at the deadline it is not yet late.
 */
export function escalationDue(
  level: number,
  levelStartedAt: Date,
  now: Date,
  slaHours: readonly number[],
  lineLength: number,
): { dueAt: Date; escalate: boolean } {
  const hours = slaHours[Math.min(level, slaHours.length) - 1] ?? slaHours[slaHours.length - 1] ?? 24;
  const dueAt = new Date(levelStartedAt.getTime() + hours * 3_600_000);
  return { dueAt, escalate: now.getTime() > dueAt.getTime() && level < lineLength };
}
