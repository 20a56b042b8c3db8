import { jobOutcome, type ScheduledJob } from '../../platform/jobs/scheduler.js';
import { systemCtx } from '../../platform/context.js';
import { expireQuotes } from './quotes.service.js';

/** The quotes module's scheduled work (times in the company zone). */
export const quotesJobs: ScheduledJob[] = [
  {
    name: 'quotes.expire',
    cron: '5 0 * * *',
    run: async (db, now) => {
      const expired = await expireQuotes({ ...systemCtx(db), now });
      return jobOutcome('quotesExpired', { count: expired }, `${expired} quotes expired`);
    },
  },
];
