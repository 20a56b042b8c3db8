import { jobOutcome, type ScheduledJob } from '../../platform/jobs/scheduler.js';
import { sendTrainingReminders } from './training-people.service.js';

/** Session reminders and certification renewal reminders, every 15 minutes. */
export const trainingJobs: ScheduledJob[] = [
  {
    name: 'training.reminders',
    cron: '*/15 * * * *',
    run: async (db, now) => {
      const r = await sendTrainingReminders(db, now);
      return jobOutcome('trainingReminders', r, `${r.sessions} session reminders, ${r.renewals} renewal reminders`);
    },
  },
];
