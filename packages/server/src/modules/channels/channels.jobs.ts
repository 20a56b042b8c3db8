import { jobOutcome, type ScheduledJob } from '../../platform/jobs/scheduler.js';
import { expireRegistrations } from './registrations.service.js';

/** R-CHN-1: registrations past their protection expire, daily at 01:10 (company time). */
export const channelsJobs: ScheduledJob[] = [
  {
    name: 'channels.expireRegistrations',
    cron: '10 1 * * *',
    run: async (db, now) => {
      const expired = await expireRegistrations(db, now);
      return jobOutcome('channelRegistrationsExpired', { expired }, `${expired} deal registrations expired`);
    },
  },
];
