import { bigint, boolean, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import {
  BUDGET_VERSION_KINDS,
  BUDGET_VERSION_STATUSES,
  type BudgetVersionLine,
  EVENT_BUDGET_STATUSES,
  EVENT_COST_CATEGORIES,
  EVENT_COST_STATUSES,
  FOLLOW_UP_KINDS,
  PREP_DEPARTMENTS,
  RECONFIRM_OUTCOMES,
} from '@xiaoguan/shared';
import { users } from '../../platform/identity/index.js';
import { outboundMessages } from '../../platform/notifications/senders/index.js';
import { createdAt, id, timestamptz, updatedAt, version } from '../../platform/db/columns.js';
import { eventInvitations, events } from './events.schema.js';

/** An event's budget (issue 17 item 2): one row per event, approved as the `event.budget` subject. Costs lock it (R-EXP-2). */
export const eventBudgets = pgTable('event_budgets', {
  eventId: uuid('event_id')
    .primaryKey()
    .references(() => events.id, { onDelete: 'cascade' }),
  status: text('status', { enum: EVENT_BUDGET_STATUSES }).notNull().default('draft'),
  approvalRequestId: uuid('approval_request_id'),
  submittedAt: timestamptz('submitted_at'),
  decidedAt: timestamptz('decided_at'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  version: version(),
});

/** The budget's cost lines by category (001 费用预算). Expense claims may later attach to a line by its id. */
export const eventBudgetLines = pgTable(
  'event_budget_lines',
  {
    id: id(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => eventBudgets.eventId, { onDelete: 'cascade' }),
    category: text('category', { enum: EVENT_COST_CATEGORIES }).notNull(),
    description: text('description'),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    position: integer('position').notNull().default(0),
  },
  (t) => [index('event_budget_lines_event_idx').on(t.eventId, t.position)],
);

/** Actual costs against a line; over budget only with an approval (R-EXP-2). */
export const eventCosts = pgTable(
  'event_costs',
  {
    id: id(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    lineId: uuid('line_id')
      .notNull()
      .references(() => eventBudgetLines.id),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    description: text('description').notNull(),
    incurredOn: date('incurred_on', { mode: 'string' }).notNull(),
    status: text('status', { enum: EVENT_COST_STATUSES }).notNull().default('recorded'),
    overBudget: boolean('over_budget').notNull().default(false),
    reason: text('reason'),
    approvalRequestId: uuid('approval_request_id'),
    recordedById: uuid('recorded_by_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('event_costs_event_idx').on(t.eventId, t.createdAt), index('event_costs_line_idx').on(t.lineId)],
);

/** The preparation checklist (001 会议筹备): tasks by department with owner and due date. */
export const eventPrepTasks = pgTable(
  'event_prep_tasks',
  {
    id: id(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    department: text('department', { enum: PREP_DEPARTMENTS }).notNull(),
    title: text('title').notNull(),
    ownerId: uuid('owner_id').references(() => users.id),
    dueAt: timestamptz('due_at').notNull(),
    doneAt: timestamptz('done_at'),
    doneById: uuid('done_by_id').references(() => users.id),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [index('event_prep_tasks_event_idx').on(t.eventId, t.dueAt), index('event_prep_tasks_owner_idx').on(t.ownerId, t.dueAt)],
);

/** The day-before reconfirmation of one accepted invitation: its reminder message, the caller's task and the outcome. */
export const eventReconfirmations = pgTable(
  'event_reconfirmations',
  {
    id: id(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    invitationId: uuid('invitation_id')
      .notNull()
      .references(() => eventInvitations.id, { onDelete: 'cascade' }),
    callerId: uuid('caller_id')
      .notNull()
      .references(() => users.id),
    messageId: uuid('message_id').references(() => outboundMessages.id, { onDelete: 'set null' }),
    taskId: uuid('task_id'),
    outcome: text('outcome', { enum: RECONFIRM_OUTCOMES }),
    outcomeAt: timestamptz('outcome_at'),
    createdAt: createdAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('event_reconfirmations_invitation_idx').on(t.invitationId),
    index('event_reconfirmations_caller_idx').on(t.callerId, t.eventId),
  ],
);

/** Follow-up tasks generated when an event closes (001 客户跟进), one per invitation: idempotent. */
export const eventFollowUps = pgTable(
  'event_follow_ups',
  {
    id: id(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    invitationId: uuid('invitation_id')
      .notNull()
      .references(() => eventInvitations.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: FOLLOW_UP_KINDS }).notNull(),
    taskId: uuid('task_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('event_follow_ups_invitation_idx').on(t.invitationId), index('event_follow_ups_event_idx').on(t.eventId)],
);

/** Each submission of an event's budget — the first and every revision — with its approval (migration 0044). */
export const eventBudgetVersions = pgTable(
  'event_budget_versions',
  {
    id: id(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => eventBudgets.eventId, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    kind: text('kind', { enum: BUDGET_VERSION_KINDS }).notNull(),
    status: text('status', { enum: BUDGET_VERSION_STATUSES }).notNull().default('pending'),
    lines: jsonb('lines').$type<BudgetVersionLine[]>().notNull(),
    totalCents: bigint('total_cents', { mode: 'number' }).notNull(),
    reason: text('reason'),
    approvalRequestId: uuid('approval_request_id'),
    requestedById: uuid('requested_by_id').references(() => users.id),
    requestedAt: timestamptz('requested_at').notNull(),
    decidedAt: timestamptz('decided_at'),
  },
  (t) => [uniqueIndex('event_budget_versions_number_idx').on(t.eventId, t.number)],
);
