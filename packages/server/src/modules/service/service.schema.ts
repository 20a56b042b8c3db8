import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, smallint, text, uuid } from 'drizzle-orm/pg-core';
import type { SurveyQuestion, TierMonths } from '@xiaoguan/shared';
import { COMPLAINT_CHANNELS, COMPLAINT_PRIORITIES, COMPLAINT_STATUSES, SURVEY_TRIGGERS } from '@xiaoguan/shared';
import { orgUnits, users } from '../../platform/identity/index.js';
import { customers } from '../customers/index.js';
import { createdAt, id, timestamptz, updatedAt, version } from '../../platform/db/columns.js';

/** A region's service queue (客户管理组): its members see and work the tickets routed to it. */
export const serviceQueues = pgTable('service_queues', {
  id: id(),
  orgUnitId: uuid('org_unit_id')
    .notNull()
    .references(() => orgUnits.id),
  memberIds: uuid('member_ids')
    .array()
    .notNull()
    .default(sql`'{}'::uuid[]`),
  updatedAt: updatedAt(),
});

/**
 * Complaints as tickets (M9). `sla_level` is the highest R-SVC-1 level raised (0–3) and
 * `sla_next_at` when the next one falls due while the clock runs (null when answered or paused):
 * the sweep reads only rows whose `sla_next_at` has passed.
 */
export const complaints = pgTable(
  'complaints',
  {
    id: id(),
    number: text('number').notNull(),
    title: text('title').notNull(),
    category: text('category').notNull(),
    priority: text('priority', { enum: COMPLAINT_PRIORITIES }).notNull().default('normal'),
    channel: text('channel', { enum: COMPLAINT_CHANNELS }).notNull(),
    description: text('description').notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    orderId: uuid('order_id'),
    contractId: uuid('contract_id'),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    queueId: uuid('queue_id').references(() => serviceQueues.id),
    status: text('status', { enum: COMPLAINT_STATUSES }).notNull().default('open'),
    openedAt: timestamptz('opened_at').notNull(),
    firstResponseAt: timestamptz('first_response_at'),
    pausedSince: timestamptz('paused_since'),
    slaLevel: smallint('sla_level').notNull().default(0),
    slaNextAt: timestamptz('sla_next_at'),
    rootCause: text('root_cause'),
    correctiveAction: text('corrective_action'),
    resolution: text('resolution'),
    resolvedAt: timestamptz('resolved_at'),
    closedAt: timestamptz('closed_at'),
    reopenCount: integer('reopen_count').notNull().default(0),
    createdById: uuid('created_by_id').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [index('complaints_customer_idx').on(t.customerId, t.openedAt), index('complaints_owner_idx').on(t.ownerId, t.status)],
);

export const complaintPauses = pgTable('complaint_pauses', {
  id: id(),
  complaintId: uuid('complaint_id')
    .notNull()
    .references(() => complaints.id, { onDelete: 'cascade' }),
  fromAt: timestamptz('from_at').notNull(),
  toAt: timestamptz('to_at'),
});

export const complaintEvents = pgTable('complaint_events', {
  id: id(),
  complaintId: uuid('complaint_id')
    .notNull()
    .references(() => complaints.id, { onDelete: 'cascade' }),
  kind: text('kind').notNull(),
  note: text('note'),
  at: timestamptz('at').notNull().defaultNow(),
  actorId: uuid('actor_id').references(() => users.id),
});

export const complaintAttachments = pgTable('complaint_attachments', {
  id: id(),
  complaintId: uuid('complaint_id')
    .notNull()
    .references(() => complaints.id, { onDelete: 'cascade' }),
  fileName: text('file_name').notNull(),
  mimeType: text('mime_type').notNull(),
  size: integer('size').notNull(),
  storageKey: text('storage_key').notNull(),
  uploadedById: uuid('uploaded_by_id').references(() => users.id),
  createdAt: createdAt(),
});

export const surveyTemplates = pgTable('survey_templates', {
  id: id(),
  name: text('name').notNull(),
  trigger: text('trigger', { enum: SURVEY_TRIGGERS }).notNull(),
  csat: boolean('csat').notNull().default(true),
  nps: boolean('nps').notNull().default(true),
  questions: jsonb('questions')
    .$type<SurveyQuestion[]>()
    .notNull()
    .default(sql`'[]'::jsonb`),
  active: boolean('active').notNull().default(true),
  script: text('script').notNull().default(''),
  tierMonths: jsonb('tier_months')
    .$type<TierMonths>()
    .notNull()
    .default(sql`'{}'::jsonb`),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  version: version(),
});

/** One survey sent to a customer: its public token, expiry and — once — the answer. */
export const surveyLinks = pgTable('survey_links', {
  id: id(),
  templateId: uuid('template_id')
    .notNull()
    .references(() => surveyTemplates.id),
  token: text('token').notNull(),
  customerId: uuid('customer_id')
    .notNull()
    .references(() => customers.id),
  ownerId: uuid('owner_id')
    .notNull()
    .references(() => users.id),
  complaintId: uuid('complaint_id').references(() => complaints.id, { onDelete: 'set null' }),
  orderId: uuid('order_id'),
  sentAt: timestamptz('sent_at').notNull(),
  expiresAt: timestamptz('expires_at').notNull(),
  answeredAt: timestamptz('answered_at'),
  csat: smallint('csat'),
  nps: smallint('nps'),
  answers: jsonb('answers').$type<Record<string, string>>(),
  comment: text('comment'),
  followUpTaskId: uuid('follow_up_task_id'),
  /** Set when the answer was entered by a rep on a phone revisit (null: the customer answered the link). */
  answeredById: uuid('answered_by_id').references(() => users.id),
  /** A revisit that ended without an answer (declined, unreachable): the link stays unanswered, off the list. */
  revisitNote: text('revisit_note'),
});
