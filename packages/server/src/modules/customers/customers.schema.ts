import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { orgUnits, users } from '../../platform/identity/index.js';
import { createdAt, id, timestamptz, updatedAt, version } from '../../platform/db/columns.js';
import type { Message } from '@xiaoguan/shared';

/** Customers (M1). `owner_id` null = in the shared pool (R-CUS-3). */
export const customers = pgTable(
  'customers',
  {
    id: id(),
    kind: text('kind', { enum: ['organization', 'person'] }).notNull(),
    name: text('name').notNull(),
    tier: text('tier', { enum: ['A', 'B', 'C'] })
      .notNull()
      .default('C'),
    status: text('status', { enum: ['lead', 'intent', 'signed', 'repeat', 'dormant', 'lost'] })
      .notNull()
      .default('lead'),
    statusChangedAt: timestamptz('status_changed_at').notNull().defaultNow(),
    source: text('source').notNull().default('other'),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    phone: text('phone'),
    email: text('email'),
    wechat: text('wechat'),
    address: text('address'),
    needs: text('needs'),
    painPoints: text('pain_points'),
    industry: text('industry'),
    size: text('size'),
    annualPurchaseCents: bigint('annual_purchase_cents', { mode: 'number' }),
    taxId: text('tax_id'),
    decisionChain: text('decision_chain'),
    gender: text('gender', { enum: ['male', 'female', 'other'] }),
    birthday: date('birthday', { mode: 'string' }),
    occupation: text('occupation'),
    interests: text('interests')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Free notes (备注), e.g. brought in by an import (issue 22 item 4). */
    notes: text('notes'),
    /** Normalised keys for duplicate detection (full/half width, spaces, case, phone digits). */
    nameKey: text('name_key').notNull(),
    phoneKey: text('phone_key'),
    taxIdKey: text('tax_id_key'),
    ownerId: uuid('owner_id').references(() => users.id),
    teamId: uuid('team_id').references(() => orgUnits.id),
    assignedAt: timestamptz('assigned_at'),
    pooledAt: timestamptz('pooled_at'),
    poolReason: text('pool_reason'),
    poolWarnedAt: timestamptz('pool_warned_at'),
    lastContactAt: timestamptz('last_contact_at'),
    /** Last contact of a type that counts for the customer's tier (R-CUS-1). */
    lastQualifyingContactAt: timestamptz('last_qualifying_contact_at'),
    /** When the next qualifying contact is due (R-CUS-1); null in the pool. */
    cadenceDueAt: timestamptz('cadence_due_at'),
    pointsBalance: integer('points_balance').notNull().default(0),
    /** R-AR-2 credit limit in cents; null = no limit set. */
    creditLimitCents: bigint('credit_limit_cents', { mode: 'number' }),
    mergedIntoId: uuid('merged_into_id'),
    createdById: uuid('created_by_id').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    index('customers_owner_idx').on(t.ownerId, t.updatedAt),
    index('customers_owner_tier_idx')
      .on(t.ownerId, t.tier)
      .where(sql`${t.mergedIntoId} is null`),
    index('customers_tier_owner_idx')
      .on(t.tier, t.ownerId)
      .where(sql`${t.mergedIntoId} is null`),
    index('customers_tier_updated_idx')
      .on(t.tier, t.updatedAt)
      .where(sql`${t.mergedIntoId} is null`),
    index('customers_team_idx').on(t.teamId),
    index('customers_pool_idx')
      .on(t.pooledAt)
      .where(sql`${t.ownerId} is null and ${t.mergedIntoId} is null`),
    index('customers_due_idx').on(t.ownerId, t.cadenceDueAt),
    index('customers_updated_idx').on(t.updatedAt),
    index('customers_name_key_idx').on(t.nameKey),
    index('customers_phone_key_idx').on(t.phoneKey),
    index('customers_tax_id_key_idx').on(t.taxIdKey),
    index('customers_tags_idx').using('gin', t.tags),
    index('customers_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
    index('customers_phone_trgm_idx').using('gin', sql`${t.phone} gin_trgm_ops`),
  ],
);

/**
 * R-CUS-2 values of a customer, rewritten by the RFM recompute (rfm.ts) and by nothing else: the
 * trailing 12 months' last order, order count and amount, their 1–5 scores, the segment and the
 * loyalty level. A narrow table of its own so that a recompute that moves tens of thousands of
 * scores rewrites rows of ~100 bytes in two indexes, not whole customer rows in all 16 of theirs
 * (migration 0016). A customer the recompute has not yet seen has no row: no orders, no segment.
 */
export const customerRfm = pgTable(
  'customer_rfm',
  {
    customerId: uuid('customer_id')
      .primaryKey()
      .references(() => customers.id, { onDelete: 'cascade' }),
    /** Last order in the RFM window; recency (days) is derived from it when shown, so it never goes stale. */
    lastOrderAt: timestamptz('last_order_at'),
    frequency: integer('frequency').notNull().default(0),
    monetaryCents: bigint('monetary_cents', { mode: 'number' }).notNull().default(0),
    r: integer('r'),
    f: integer('f'),
    m: integer('m'),
    segment: text('segment', { enum: ['vip', 'potential', 'stable', 'low_value', 'dormant'] }),
    loyaltyLevel: text('loyalty_level'),
  },
  (t) => [index('customer_rfm_segment_idx').on(t.segment, t.customerId)],
);

export const customerStatusHistory = pgTable(
  'customer_status_history',
  {
    id: id(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    at: createdAt(),
    actorId: uuid('actor_id'),
  },
  (t) => [index('customer_status_history_customer_idx').on(t.customerId, t.at)],
);

export const customerContacts = pgTable(
  'customer_contacts',
  {
    id: id(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    title: text('title'),
    decisionRole: text('decision_role', { enum: ['decision_maker', 'influencer', 'user', 'gatekeeper'] }),
    phone: text('phone'),
    email: text('email'),
    wechat: text('wechat'),
    isPrimary: boolean('is_primary').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [index('customer_contacts_customer_idx').on(t.customerId)],
);

export const interactions = pgTable(
  'interactions',
  {
    id: id(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id').references(() => customerContacts.id, { onDelete: 'set null' }),
    type: text('type', { enum: ['visit', 'call', 'sms', 'email', 'wechat', 'meeting'] }).notNull(),
    /** The deal it was logged against (migration 0023; the FK is in SQL: opportunities is a later module). */
    opportunityId: uuid('opportunity_id'),
    occurredAt: timestamptz('occurred_at').notNull(),
    outcome: text('outcome'),
    notes: text('notes'),
    nextStep: text('next_step'),
    nextFollowUpAt: timestamptz('next_follow_up_at'),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    /** Past the retention period records are archived (hidden from timelines), never silently deleted. */
    archivedAt: timestamptz('archived_at'),
    createdAt: createdAt(),
  },
  (t) => [index('interactions_customer_idx').on(t.customerId, t.occurredAt), index('interactions_occurred_idx').on(t.occurredAt)],
);

export const interactionAttachments = pgTable(
  'interaction_attachments',
  {
    id: id(),
    interactionId: uuid('interaction_id')
      .notNull()
      .references(() => interactions.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    mimeType: text('mime_type').notNull(),
    size: integer('size').notNull(),
    /** Path under DATA_DIR/files (content-addressed by sha256). */
    storageKey: text('storage_key').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('interaction_attachments_interaction_idx').on(t.interactionId)],
);

export const followUpTasks = pgTable(
  'follow_up_tasks',
  {
    id: id(),
    /** Null: a task about no customer (a meeting's action item, an audit rectification), `link` says whose. */
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'cascade' }),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    title: text('title').notNull(),
    link: text('link'),
    dueAt: timestamptz('due_at').notNull(),
    remindAt: timestamptz('remind_at'),
    remindedAt: timestamptz('reminded_at'),
    doneAt: timestamptz('done_at'),
    interactionId: uuid('interaction_id').references(() => interactions.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [index('follow_up_tasks_owner_idx').on(t.ownerId, t.dueAt), index('follow_up_tasks_customer_idx').on(t.customerId)],
);

/**
 * The RFM seam (R-CUS-2): one row per order. The pipeline-to-cash module writes its orders here
 * (source = 'pipeline'); until then generated and imported orders use it. RFM reads only this table.
 */
export const customerOrders = pgTable(
  'customer_orders',
  {
    id: id(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    orderedAt: timestamptz('ordered_at').notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    source: text('source').notNull(),
    sourceId: text('source_id'),
  },
  (t) => [
    index('customer_orders_customer_idx').on(t.customerId, t.orderedAt),
    index('customer_orders_at_idx').on(t.orderedAt),
    uniqueIndex('customer_orders_source_idx').on(t.source, t.sourceId),
  ],
);

/** Quarterly tier proposals from RFM segments (002 动态调整机制), accepted or rejected by a manager. */
export const tierProposals = pgTable(
  'tier_proposals',
  {
    id: id(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    period: text('period').notNull(),
    currentTier: text('current_tier').notNull(),
    proposedTier: text('proposed_tier').notNull(),
    segment: text('segment').notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: ['pending', 'accepted', 'rejected'] })
      .notNull()
      .default('pending'),
    decidedById: uuid('decided_by_id').references(() => users.id),
    decidedAt: timestamptz('decided_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('tier_proposals_customer_period_idx').on(t.customerId, t.period), index('tier_proposals_status_idx').on(t.status)],
);

export const pointsLedger = pgTable(
  'points_ledger',
  {
    id: id(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['earned', 'redeemed', 'expired', 'adjusted'] }).notNull(),
    points: integer('points').notNull(),
    reason: text('reason').notNull(),
    at: createdAt(),
    expiresAt: timestamptz('expires_at'),
    actorId: uuid('actor_id'),
    orderId: uuid('order_id'),
  },
  (t) => [index('points_ledger_customer_idx').on(t.customerId, t.at)],
);

/** Per-user remembered column mappings for imports. */
export const importMappings = pgTable('import_mappings', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  mapping: jsonb('mapping').$type<Record<string, string>>().notNull(),
  /** field → file value → our value (issue 22 item 5). */
  valueMapping: jsonb('value_mapping').$type<Record<string, Record<string, string>>>().notNull().default({}),
  /** Header rows the user picked by hand, newest first: a file with one of them finds it again (issue 22 item 2). */
  headers: jsonb('headers').$type<string[][]>().notNull().default([]),
  updatedAt: updatedAt(),
});

/** An import of customers from .csv/.xlsx: upload → mapping → validation → import (background jobs). */
export const customerImports = pgTable(
  'customer_imports',
  {
    id: id(),
    createdById: uuid('created_by_id')
      .notNull()
      .references(() => users.id),
    fileName: text('file_name').notNull(),
    format: text('format', { enum: ['csv', 'xlsx'] }).notNull(),
    encoding: text('encoding'),
    /** Path of the uploaded file under DATA_DIR/imports. */
    storageKey: text('storage_key').notNull(),
    columns: jsonb('columns').$type<string[]>().notNull(),
    sampleRows: jsonb('sample_rows').$type<string[][]>().notNull(),
    /** The spreadsheet row number of the header (detected, or picked by the user). */
    headerRow: integer('header_row'),
    /** The first rows of the file, for the user to pick the header among them. */
    headerCandidates: jsonb('header_candidates').$type<{ row: number; cells: string[] }[]>().notNull().default([]),
    valueMapping: jsonb('value_mapping').$type<Record<string, Record<string, string>>>(),
    suggestedMapping: jsonb('suggested_mapping').$type<Record<string, string>>().notNull(),
    mapping: jsonb('mapping').$type<Record<string, string>>(),
    mode: text('mode', { enum: ['all_or_nothing', 'valid_only'] }),
    status: text('status', { enum: ['uploaded', 'validating', 'validated', 'importing', 'completed', 'failed', 'cancelled'] })
      .notNull()
      .default('uploaded'),
    validation: jsonb('validation').$type<Record<string, unknown>>(),
    result: jsonb('result').$type<Record<string, unknown>>(),
    error: text('error'),
    /** Why the job stopped as an i18n key and parameters (migration 0042, issue 22 item 8). */
    errorMessage: jsonb('error_message').$type<Message>(),
    jobId: uuid('job_id'),
    createdAt: createdAt(),
    finishedAt: timestamptz('finished_at'),
  },
  (t) => [index('customer_imports_creator_idx').on(t.createdById, t.createdAt)],
);
