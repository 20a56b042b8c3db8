import { sql } from 'drizzle-orm';
import type { ScheduledJob } from './scheduler.js';
import { purgeExpiredSessions } from '../auth/sessions.js';
import { getSettings } from '../settings/settings.js';

/** The platform's own housekeeping jobs. */
export const platformJobs: ScheduledJob[] = [
  {
    name: 'sessions.purge',
    cron: '*/15 * * * *',
    run: async (db, now) => `${await purgeExpiredSessions(db, now)} sessions removed`,
  },
  {
    name: 'audit.retention',
    cron: '30 3 * * *',
    // The audit trigger allows DELETE only past the retention period; this removes exactly those rows.
    run: async (db) => {
      const { auditRetentionYears } = await getSettings(db, { fresh: true });
      const result = await db.execute(sql`delete from audit_log where at < now() - make_interval(years => ${auditRetentionYears})`);
      return `${result.rowCount ?? 0} audit rows past ${auditRetentionYears} years removed`;
    },
  },
];
