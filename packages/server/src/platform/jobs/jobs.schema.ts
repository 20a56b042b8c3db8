import { boolean, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import type { Message } from '@xiaoguan/shared';
import { timestamptz } from '../db/columns.js';

/** Scheduled jobs: the schedule and last run live here, and a lease makes each run happen once across processes. */
export const scheduledJobs = pgTable('scheduled_jobs', {
  name: text('name').primaryKey(),
  cron: text('cron').notNull(),
  nextRunAt: timestamptz('next_run_at').notNull(),
  leaseUntil: timestamptz('lease_until'),
  leasedBy: text('leased_by'),
  lastStartedAt: timestamptz('last_started_at'),
  lastFinishedAt: timestamptz('last_finished_at'),
  lastStatus: text('last_status'),
  lastError: text('last_error'),
  /** What the last run did as i18n key + parameters (issue 16), shown in the reader's language. */
  lastResult: jsonb('last_result').$type<Message>(),
});

/**
 * Background jobs (imports, exports, recomputes): queued in the database, claimed with
 * FOR UPDATE SKIP LOCKED by any server process, with progress, heartbeat and cancellation.
 */
export const backgroundJobs = pgTable(
  'background_jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    status: text('status', { enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled'] })
      .notNull()
      .default('queued'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    processed: integer('processed').notNull().default(0),
    total: integer('total'),
    result: jsonb('result').$type<Record<string, unknown>>(),
    error: text('error'),
    cancelRequested: boolean('cancel_requested').notNull().default(false),
    createdById: uuid('created_by_id'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    startedAt: timestamptz('started_at'),
    finishedAt: timestamptz('finished_at'),
    heartbeatAt: timestamptz('heartbeat_at'),
    lockedBy: text('locked_by'),
  },
  (t) => [index('background_jobs_queue_idx').on(t.status, t.createdAt)],
);
