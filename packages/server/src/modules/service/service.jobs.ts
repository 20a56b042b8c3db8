import { jobOutcome, type ScheduledJob } from '../../platform/jobs/scheduler.js';
import { sweepSla } from './complaints.service.js';
import { sendSurveysForAcceptedOrders } from './surveys.service.js';
import { sendPeriodicSurveys } from './survey-revisits.service.js';

/** The service module's scheduled work: the R-SVC-1 sweep every minute, order surveys hourly, periodic surveys per tier daily. */
export const serviceJobs: ScheduledJob[] = [
  {
    name: 'service.sla-sweep',
    cron: '* * * * *',
    run: async (db, now) => {
      const r = await sweepSla(db, now);
      return jobOutcome('slaSweep', r, `${r.warnings} warnings, ${r.breaches} breaches, ${r.escalations} escalations`);
    },
  },
  {
    name: 'service.order-surveys',
    cron: '20 * * * *',
    run: async (db, now) => {
      const sent = await sendSurveysForAcceptedOrders(db, now);
      return jobOutcome('orderSurveys', { count: sent }, `${sent} surveys sent`);
    },
  },
  {
    name: 'service.periodic-surveys',
    cron: '40 7 * * *',
    run: async (db, now) => {
      const sent = await sendPeriodicSurveys(db, now);
      return jobOutcome('periodicSurveys', { count: sent }, `${sent} periodic surveys sent`);
    },
  },
];
