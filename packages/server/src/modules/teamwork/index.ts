import { defineModule } from '../../platform/manifest/index.js';
import { activityFeed } from '../../platform/feed/index.js';
import { teamworkAccess } from './teamwork.access.js';
import { teamworkRoutes } from './teamwork.routes.js';
import { teamworkJobs } from './teamwork.jobs.js';
import { teamworkFeedSource } from './teamwork.feed.js';

/**
 * Team work (M11, issue 21 items 6–7): meetings with minutes, decisions and action items that
 * become follow-up tasks and are reviewed at the next meeting of the series; escalation up the
 * reporting line with an SLA per level (分层级汇报); cross-department handovers with acceptance. Other
 * modules import only this file.
 */
export { teamworkAccess } from './teamwork.access.js';
export { lineAbove } from './escalations.service.js';

export const teamworkModule = defineModule({
  name: 'teamwork',
  dependsOn: ['customers'],
  routes: [teamworkRoutes],
  access: [teamworkAccess],
  jobs: teamworkJobs,
  settings: ['teamwork'],
  contributes: [activityFeed.with(teamworkFeedSource)],
});
