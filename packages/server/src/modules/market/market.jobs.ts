import { jobOutcome, type ScheduledJob } from '../../platform/jobs/scheduler.js';
import { generateWeeklyReports } from './market-reports.service.js';

/** R-MKT-1: every Monday at 06:00 (company time) the last week's report of every team, as a draft for its supervisor. */
export const marketJobs: ScheduledJob[] = [
  {
    name: 'market.weeklyReports',
    cron: '0 6 * * 1',
    run: async (db, now) => {
      const result = await db.transaction((tx) => generateWeeklyReports(tx, now));
      return jobOutcome('marketWeeklyReports', result, `${result.reports} weekly market reports for the week of ${result.weekStart}`);
    },
  },
];
