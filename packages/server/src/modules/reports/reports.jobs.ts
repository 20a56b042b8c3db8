import { jobOutcome, type ScheduledJob } from '../../platform/jobs/scheduler.js';
import { deliverDueReports } from './reports.delivery.js';

/** Scheduled reports: every 15 minutes, deliver what is due (the scheduler's lease runs it once across processes). */
export const reportsJobs: ScheduledJob[] = [
  {
    name: 'reports.deliver',
    cron: '*/15 * * * *',
    run: async (db, now) => {
      const result = await deliverDueReports(db, now);
      return jobOutcome(
        'reportsDelivered',
        { count: result.delivered, failed: result.failed },
        `${result.delivered} reports delivered${result.failed ? `, ${result.failed} failed (retried next run)` : ''}`,
      );
    },
  },
];
