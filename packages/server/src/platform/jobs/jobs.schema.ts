import { pgTable, text } from 'drizzle-orm/pg-core';
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
});
