import type { ScheduledJob } from '../../platform/jobs/scheduler.js';
import { sweepEscalations } from './escalations.service.js';

/** 分层级汇报: escalations past their level's SLA move up the line, every 15 minutes. */
export const teamworkJobs: ScheduledJob[] = [
  { name: 'teamwork.escalations', cron: '*/15 * * * *', run: (db, now) => sweepEscalations(db, now) },
];
