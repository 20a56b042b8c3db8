import { jobOutcome, type ScheduledJob } from '../../platform/jobs/scheduler.js';
import { runReconfirmations } from './reconfirmation.service.js';

/** The events module's scheduled work: the day-before reconfirmation, checked hourly (its hour is a setting). */
export const eventsJobs: ScheduledJob[] = [
  {
    name: 'events.reconfirm',
    cron: '5 * * * *',
    run: async (db, now) => {
      const result = await runReconfirmations(db, now);
      return jobOutcome(
        'reconfirmations',
        { reconfirmations: result.reconfirmations, events: result.events, messages: result.messages },
        `${result.reconfirmations} reconfirmations for ${result.events} events, ${result.messages} reminders`,
      );
    },
  },
];
