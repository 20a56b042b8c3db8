import { bigint, boolean, index, integer, jsonb, numeric, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import type { Message } from '@xiaoguan/shared';
import { users } from '../identity/index.js';
import { createdAt, id, timestamptz, updatedAt, version } from '../db/columns.js';

/** The decision-authority matrix (职责矩阵): which steps a subject needs from which amount/percent. */
export const approvalPolicies = pgTable('approval_policies', {
  id: id(),
  subjectType: text('subject_type').notNull(),
  name: text('name').notNull(),
  nameEn: text('name_en'),
  minAmountCents: bigint('min_amount_cents', { mode: 'number' }).notNull().default(0),
  minPercent: numeric('min_percent', { precision: 7, scale: 4, mode: 'number' }),
  steps: jsonb('steps').$type<{ role: string; mode: 'line' | 'any' }[]>().notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  version: version(),
});

export const approvalRequests = pgTable(
  'approval_requests',
  {
    id: id(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    title: text('title').notNull(),
    /** The title as i18n key + parameters (issue 16); `title` is the stored fallback text. */
    titleMessage: jsonb('title_message').$type<Message>(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    amountCents: bigint('amount_cents', { mode: 'number' }),
    percent: numeric('percent', { precision: 7, scale: 4, mode: 'number' }),
    status: text('status', { enum: ['pending', 'approved', 'rejected', 'cancelled'] }).notNull(),
    currentStep: integer('current_step'),
    requesterId: uuid('requester_id')
      .notNull()
      .references(() => users.id),
    /** Whose records these are: scopes who may see the request. */
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    policyId: uuid('policy_id'),
    createdAt: createdAt(),
    decidedAt: timestamptz('decided_at'),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [index('approval_requests_subject_idx').on(t.subjectType, t.subjectId), index('approval_requests_owner_idx').on(t.ownerId)],
);

export const approvalSteps = pgTable(
  'approval_steps',
  {
    id: id(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => approvalRequests.id, { onDelete: 'cascade' }),
    stepNo: integer('step_no').notNull(),
    role: text('role').notNull(),
    mode: text('mode', { enum: ['line', 'any'] }).notNull(),
    /** Resolved approver for `line` steps; null for `any` (every holder of the role may decide). */
    approverId: uuid('approver_id').references(() => users.id),
    status: text('status', { enum: ['waiting', 'pending', 'approved', 'rejected', 'skipped'] }).notNull(),
    decidedById: uuid('decided_by_id').references(() => users.id),
    decidedAt: timestamptz('decided_at'),
    comment: text('comment'),
  },
  (t) => [index('approval_steps_request_idx').on(t.requestId), index('approval_steps_pending_idx').on(t.status, t.approverId)],
);

export const approvalEvents = pgTable(
  'approval_events',
  {
    id: id(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => approvalRequests.id, { onDelete: 'cascade' }),
    at: createdAt(),
    actorId: uuid('actor_id').references(() => users.id),
    action: text('action').notNull(),
    stepNo: integer('step_no'),
    comment: text('comment'),
  },
  (t) => [index('approval_events_request_idx').on(t.requestId)],
);

/** Delegation while away: `toUser` decides in `fromUser`'s place between the two dates. */
export const approvalDelegations = pgTable('approval_delegations', {
  id: id(),
  fromUserId: uuid('from_user_id')
    .notNull()
    .references(() => users.id),
  toUserId: uuid('to_user_id')
    .notNull()
    .references(() => users.id),
  startsAt: timestamptz('starts_at').notNull(),
  endsAt: timestamptz('ends_at').notNull(),
  reason: text('reason'),
  createdAt: createdAt(),
});
