import { jobOutcome, type ScheduledJob } from '../../platform/jobs/scheduler.js';
import { recomputeRfm } from './rfm.js';
import { getCustomerSettings } from './customers.settings.js';
import { returnNeglectedToPool } from './customer-pool.js';
import { archiveOldInteractions, sendTaskReminders } from './interactions.service.js';
import { generateTierProposals } from './tier-proposals.service.js';

/** The customers module's scheduled work (times in the company zone). */
export const customersJobs: ScheduledJob[] = [
  {
    name: 'customers.rfm',
    cron: '0 2 * * *',
    run: async (db, now) => {
      const scored = await recomputeRfm(db, now, await getCustomerSettings(db, { fresh: true }));
      return jobOutcome('customersScored', { count: scored }, `${scored} customers scored`);
    },
  },
  { name: 'customers.pool-return', cron: '15 2 * * *', run: (db, now) => returnNeglectedToPool(db, now) },
  { name: 'customers.task-reminders', cron: '*/5 * * * *', run: (db, now) => sendTaskReminders(db, now) },
  { name: 'customers.archive-interactions', cron: '45 3 * * *', run: (db, now) => archiveOldInteractions(db, now) },
  {
    name: 'customers.tier-proposals',
    cron: '0 4 1 1,4,7,10 *',
    run: async (db, now) => {
      const proposals = await generateTierProposals(db, now);
      return jobOutcome('tierProposals', { count: proposals }, `${proposals} proposals`);
    },
  },
];
