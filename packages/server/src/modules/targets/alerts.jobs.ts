import { jobOutcome, type ScheduledJob } from '../../platform/jobs/scheduler.js';
import { sweepAlerts } from './alerts.service.js';

/** The R-RSK-1 sweep, hourly (the scheduler's lease runs it once across processes). */
export const alertJobs: ScheduledJob[] = [
  {
    name: 'alerts.sweep',
    cron: '20 * * * *',
    run: async (db, now) => {
      const result = await sweepAlerts(db, now);
      return jobOutcome(
        'alertsRaised',
        { count: result.raised, failed: result.failed.length },
        `${result.raised} alerts raised${result.failed.length ? `; rules failed: ${result.failed.join(', ')}` : ''}`,
      );
    },
  },
];
