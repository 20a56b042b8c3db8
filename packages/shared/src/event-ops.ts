import { z } from 'zod';
import { versionSchema } from './common.js';
import { dateTimeSchema, nameTextSchema, textSchema } from './input.js';
import { budgetUsage, checkBudget } from './budget.js';

/**
 * M3 event operations (issue 17 items 2, 5, 8): an event's budget and actual costs, its
 * preparation checklist, the day-before reconfirmation and the follow-ups at close.
 */

/** Budget cost lines (001 费用预算): venue, catering, gifts, materials, speaker fees, invitation costs (calls/SMS), travel, other. */
export const EVENT_COST_CATEGORIES = ['venue', 'catering', 'gifts', 'materials', 'speakers', 'invitation', 'travel', 'other'] as const;
export type EventCostCategory = (typeof EVENT_COST_CATEGORIES)[number];
export const EVENT_BUDGET_STATUSES = ['draft', 'pending', 'approved', 'rejected'] as const;
export type EventBudgetStatus = (typeof EVENT_BUDGET_STATUSES)[number];
export const EVENT_COST_STATUSES = ['recorded', 'pending_approval', 'rejected'] as const;
export type EventCostStatus = (typeof EVENT_COST_STATUSES)[number];

const line = (max: number) => nameTextSchema.max(max);
const text = (max: number) => textSchema.max(max).transform((value) => value.trim());
/** Up to 100 million yuan a line, in cents. */
const amountSchema = z.number().int().min(0).max(10_000_000_000);

/** The share of a budget line used at which the page warns (001 费用控制: warn at 90 %). */
export const BUDGET_WARN_SHARE = 0.9;

export const budgetLineInputSchema = z.object({
  category: z.enum(EVENT_COST_CATEGORIES),
  description: line(200).nullable().optional(),
  amountCents: amountSchema,
});
export const budgetSaveSchema = z.object({
  lines: z.array(budgetLineInputSchema).min(1).max(50),
  /** The budget row's version; absent for the first save. */
  version: versionSchema.optional(),
});
export type BudgetSave = z.infer<typeof budgetSaveSchema>;
export const eventBudgetSubmitSchema = z.object({ version: versionSchema });

export const costInputSchema = z.object({
  lineId: z.uuid(),
  amountCents: amountSchema.min(1),
  description: line(200),
  incurredOn: z.iso.date(),
  /** Going over the line's budget: ask for an over-budget approval instead of being refused (R-EXP-2). */
  requestOverBudget: z.boolean().optional(),
  reason: text(500).nullable().optional(),
});
export type CostInput = z.infer<typeof costInputSchema>;

export const budgetLineSchema = z.object({
  id: z.uuid(),
  category: z.enum(EVENT_COST_CATEGORIES),
  description: z.string().nullable(),
  amountCents: z.number().int(),
  spentCents: z.number().int(),
  /** Over-budget costs waiting for approval (not yet counted as spent). */
  pendingCents: z.number().int(),
  remainingCents: z.number().int(),
  usage: z.number(),
  /** Usage at or above 90 %: the page warns. */
  warning: z.boolean(),
});
export const eventCostSchema = z.object({
  id: z.uuid(),
  lineId: z.uuid(),
  category: z.enum(EVENT_COST_CATEGORIES),
  amountCents: z.number().int(),
  description: z.string(),
  incurredOn: z.string(),
  status: z.enum(EVENT_COST_STATUSES),
  overBudget: z.boolean(),
  approvalRequestId: z.uuid().nullable(),
  recordedByName: z.string().nullable(),
  createdAt: z.string(),
});
export type EventCost = z.infer<typeof eventCostSchema>;
// ——— Budget versions and revisions (issue 17 item 2: revising an approved budget) ———

export const BUDGET_VERSION_KINDS = ['initial', 'revision'] as const;
export type BudgetVersionKind = (typeof BUDGET_VERSION_KINDS)[number];
/** withdrawn: the requester took the approval request back. */
export const BUDGET_VERSION_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type BudgetVersionStatus = (typeof BUDGET_VERSION_STATUSES)[number];

/** A line as a version asked for it: `lineId` is the budget line it keeps (null for a line the revision adds). */
export interface BudgetVersionLine {
  lineId: string | null;
  category: EventCostCategory;
  description: string | null;
  amountCents: number;
}

/** A revision of an approved budget: the whole new set of lines (existing ones by id) and why. */
export const budgetRevisionInputSchema = z.object({
  version: versionSchema,
  reason: line(500).min(1),
  lines: z
    .array(budgetLineInputSchema.extend({ id: z.uuid().optional() }))
    .min(1)
    .max(50),
});
export type BudgetRevisionInput = z.infer<typeof budgetRevisionInputSchema>;

export const BUDGET_LINE_CHANGES = ['added', 'removed', 'changed'] as const;
export const budgetLineChangeSchema = z.object({
  change: z.enum(BUDGET_LINE_CHANGES),
  category: z.enum(EVENT_COST_CATEGORIES),
  description: z.string().nullable(),
  fromCents: z.number().int().nullable(),
  toCents: z.number().int().nullable(),
});
export type BudgetLineChange = z.infer<typeof budgetLineChangeSchema>;

export const budgetVersionSchema = z.object({
  id: z.uuid(),
  number: z.number().int(),
  kind: z.enum(BUDGET_VERSION_KINDS),
  status: z.enum(BUDGET_VERSION_STATUSES),
  totalCents: z.number().int(),
  /** The total of the budget in force when this version was asked for (null for a first budget). */
  previousTotalCents: z.number().int().nullable(),
  reason: z.string().nullable(),
  requestedByName: z.string().nullable(),
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
  decidedByName: z.string().nullable(),
  approvalRequestId: z.uuid().nullable(),
  changes: z.array(budgetLineChangeSchema),
});
export type BudgetVersion = z.infer<typeof budgetVersionSchema>;

/**
 * What a budget version changes against the budget in force before it: lines matched by their line
 * id — a kept line whose amount, category or description differs is "changed", a line only in the
 * new version "added", one only in the old "removed". With no budget before, every line is added.
 */
export function budgetLineChanges(before: readonly BudgetVersionLine[], after: readonly BudgetVersionLine[]): BudgetLineChange[] {
  const old = new Map(before.filter((l) => l.lineId).map((l) => [l.lineId!, l]));
  const changes: BudgetLineChange[] = [];
  const kept = new Set<string>();
  for (const line of after) {
    const previous = line.lineId ? old.get(line.lineId) : undefined;
    if (!previous) {
      changes.push({ change: 'added', category: line.category, description: line.description, fromCents: null, toCents: line.amountCents });
      continue;
    }
    kept.add(previous.lineId!);
    if (previous.amountCents !== line.amountCents || previous.category !== line.category || previous.description !== line.description) {
      changes.push({
        change: 'changed',
        category: line.category,
        description: line.description,
        fromCents: previous.amountCents,
        toCents: line.amountCents,
      });
    }
  }
  for (const line of before) {
    if (!line.lineId || !kept.has(line.lineId)) {
      changes.push({
        change: 'removed',
        category: line.category,
        description: line.description,
        fromCents: line.amountCents,
        toCents: null,
      });
    }
  }
  return changes;
}

export const eventBudgetSchema = z.object({
  eventId: z.uuid(),
  status: z.enum(EVENT_BUDGET_STATUSES).nullable(),
  version: z.number().int().nullable(),
  approvalRequestId: z.uuid().nullable(),
  totalCents: z.number().int(),
  spentCents: z.number().int(),
  lines: z.array(budgetLineSchema),
  costs: z.array(eventCostSchema),
  attendees: z.number().int(),
  deals: z.number().int(),
  /** (Invitation + event) actual costs per attendee / per deal; null with none (R-EVT-2). */
  costPerAttendeeCents: z.number().int().nullable(),
  costPerDealCents: z.number().int().nullable(),
  abilities: z.object({ edit: z.boolean(), submit: z.boolean(), recordCost: z.boolean(), revise: z.boolean() }),
  /** Every submission of the budget, newest first: the first one and each revision, with what changed and the approval. */
  versions: z.array(budgetVersionSchema),
  /** A revision waiting for approval; the approved lines above stay in force until it is approved. */
  pendingRevision: budgetVersionSchema.nullable(),
});
export type EventBudget = z.infer<typeof eventBudgetSchema>;
export type BudgetLine = z.infer<typeof budgetLineSchema>;

/** A budget line's figures for the page: R-EXP-2's remaining amount and the 90 % warning. */
export function budgetLineFigures(amountCents: number, spentCents: number) {
  const figures = { budgetCents: amountCents, committedCents: 0, spentCents };
  const usage = budgetUsage(figures);
  return { remainingCents: checkBudget(figures, 0).remainingCents, usage, warning: usage >= BUDGET_WARN_SHARE };
}

// ——— Preparation checklist (001 会议筹备) ———

export const PREP_DEPARTMENTS = ['sales', 'marketing', 'admin'] as const;
export type PrepDepartment = (typeof PREP_DEPARTMENTS)[number];

export const prepTemplateItemSchema = z.object({
  department: z.enum(PREP_DEPARTMENTS),
  title: line(200).min(1),
  /** Due this many days before the event starts. */
  daysBefore: z.number().int().min(0).max(90),
});
export type PrepTemplateItem = z.infer<typeof prepTemplateItemSchema>;

export const prepTaskSchema = z.object({
  id: z.uuid(),
  eventId: z.uuid(),
  department: z.enum(PREP_DEPARTMENTS),
  title: z.string(),
  ownerId: z.uuid().nullable(),
  ownerName: z.string().nullable(),
  dueAt: z.string(),
  doneAt: z.string().nullable(),
  overdue: z.boolean(),
  version: z.number().int(),
});
export type PrepTask = z.infer<typeof prepTaskSchema>;
export const prepListSchema = z.object({
  items: z.array(prepTaskSchema),
  done: z.number().int(),
  overdue: z.number().int(),
  canEdit: z.boolean(),
});
export type PrepList = z.infer<typeof prepListSchema>;
export const prepTaskCreateSchema = z.object({
  department: z.enum(PREP_DEPARTMENTS),
  title: line(200).min(1),
  ownerId: z.uuid().nullable().optional(),
  dueAt: dateTimeSchema,
});
export const prepTaskUpdateSchema = z.object({
  version: versionSchema,
  title: line(200).min(1).optional(),
  ownerId: z.uuid().nullable().optional(),
  dueAt: dateTimeSchema.optional(),
  done: z.boolean().optional(),
});
export const prepDeleteSchema = z.object({ version: versionSchema });

// ——— Day-before reconfirmation and follow-ups (001 邀约流程.3, 客户跟进) ———

export const RECONFIRM_OUTCOMES = ['confirmed', 'cancelled', 'no_answer'] as const;
export type ReconfirmOutcome = (typeof RECONFIRM_OUTCOMES)[number];
export const MESSAGE_STATUSES = ['pending', 'sent', 'failed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const reconfirmationSchema = z.object({
  id: z.uuid(),
  invitationId: z.uuid(),
  customerName: z.string(),
  phone: z.string().nullable(),
  tel: z.string().nullable(),
  callerId: z.uuid(),
  callerName: z.string().nullable(),
  invitationStatus: z.string(),
  outcome: z.enum(RECONFIRM_OUTCOMES).nullable(),
  outcomeAt: z.string().nullable(),
  reminderStatus: z.enum(MESSAGE_STATUSES).nullable(),
  reminderChannel: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
});
export type Reconfirmation = z.infer<typeof reconfirmationSchema>;
export const reconfirmListSchema = z.object({ items: z.array(reconfirmationSchema), declineReasons: z.array(z.string()) });
export type ReconfirmList = z.infer<typeof reconfirmListSchema>;
export const reconfirmOutcomeSchema = z.object({
  outcome: z.enum(RECONFIRM_OUTCOMES),
  version: versionSchema,
  /** cancelled: a reason from the decline reasons (R-EVT-1). */
  reason: line(100).nullable().optional(),
  note: text(1000).nullable().optional(),
});
export const reconfirmRunResultSchema = z.object({
  events: z.number().int(),
  reconfirmations: z.number().int(),
  messages: z.number().int(),
});

/** attendee: attended, no deal yet; buyer: delivery and satisfaction call; no_show: re-invite; time_conflict: declined for a time conflict, invite to the next event of the type. */
export const FOLLOW_UP_KINDS = ['attendee', 'no_show', 'buyer', 'time_conflict'] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];
export const eventFollowUpSchema = z.object({
  id: z.uuid(),
  kind: z.enum(FOLLOW_UP_KINDS),
  customerName: z.string(),
  ownerName: z.string().nullable(),
  title: z.string(),
  dueAt: z.string(),
  doneAt: z.string().nullable(),
});
export const eventFollowUpListSchema = z.object({ items: z.array(eventFollowUpSchema) });

export const eventOpsSettingsSchema = z.object({
  /** The hour (company time zone) on the day before an event when reminders go out. */
  reconfirmHour: z.number().int().min(0).max(23),
  /** Attendees without a deal: follow up within this many days of the close. */
  followUpDays: z.number().int().min(1).max(60),
  /** No-shows: re-invite within this many days. */
  noShowFollowUpDays: z.number().int().min(1).max(60),
  /** The decline reason that means "time conflict": such decliners are invited to the next event of the type (default 时间冲突). */
  timeConflictReason: line(60).min(1).optional(),
  /** The preparation checklist per event type; `default` for types without their own. */
  prepTemplates: z.record(line(60).min(1), z.array(prepTemplateItemSchema).max(50)),
});
export type EventOpsSettings = z.infer<typeof eventOpsSettingsSchema>;
