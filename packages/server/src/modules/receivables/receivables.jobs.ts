import type { ScheduledJob } from '../../platform/jobs/scheduler.js';
import { sendOverdueWarnings } from './overdue-warnings.js';

/** The receivables module's scheduled work (times in the company zone). */
export const receivablesJobs: ScheduledJob[] = [
  { name: 'receivables.overdue-warnings', cron: '0 8 * * *', run: (db, now) => sendOverdueWarnings(db, now) },
];
