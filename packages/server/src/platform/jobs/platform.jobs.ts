import { sql } from 'drizzle-orm';
import { jobOutcome, type ScheduledJob } from './scheduler.js';
import { purgeExpiredSessions } from '../auth/sessions.js';
import { getSettings } from '../settings/settings.js';
import { deliverDueMessages } from '../notifications/senders/index.js';

/** The platform's own housekeeping jobs. */
export const platformJobs: ScheduledJob[] = [
  {
    name: 'sessions.purge',
    cron: '*/15 * * * *',
    run: async (db, now) => {
      const removed = await purgeExpiredSessions(db, now);
      return jobOutcome('sessionsRemoved', { count: removed }, `${removed} sessions removed`);
    },
  },
  {
    name: 'audit.retention',
    cron: '30 3 * * *',
    // The app's role may not delete audit rows: purge_audit_log() runs as the owner, removes the rows
    // past the retention period and refuses a period under 5 years (migration 0017).
    run: async (db) => {
      const { auditRetentionYears } = await getSettings(db, { fresh: true });
      const result = await db.execute<{ removed: number }>(sql`select purge_audit_log(${auditRetentionYears}) as removed`);
      const removed = result.rows[0]?.removed ?? 0;
      return jobOutcome(
        'auditRemoved',
        { count: removed, years: auditRetentionYears },
        `${removed} audit rows past ${auditRetentionYears} years removed`,
      );
    },
  },
  {
    name: 'messages.deliver',
    cron: '* * * * *',
    // The senders' outbox: due messages and retries after a failed send (backoff in outbox.ts).
    run: async (db, now) => {
      const result = await deliverDueMessages(db, now);
      return jobOutcome(
        'messagesDelivered',
        { sent: result.sent, retrying: result.retrying, failed: result.failed },
        `${result.sent} sent, ${result.retrying} to retry, ${result.failed} failed`,
      );
    },
  },
];
