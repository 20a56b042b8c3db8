import { defineModule } from '../../platform/manifest/index.js';
import { activityFeed } from '../../platform/feed/index.js';
import { complaintsAccess, surveysAccess } from './service.access.js';
import { serviceRoutes } from './service.routes.js';
import { serviceJobs } from './service.jobs.js';
import { serviceFeedSource } from './service.feed.js';
import { satisfactionDropRule } from './service.alerts.js';

/**
 * Service quality module (M9): complaints as tickets with the R-SVC-1 first-response clock and its
 * sweep, satisfaction surveys (R-SVC-2) with a public answer page. Other modules import only this file;
 * the KPI side reads `service.metrics.ts` through it.
 */
export { complaints, surveyLinks, surveyTemplates } from './service.schema.js';
export { complaintsAccess, surveysAccess } from './service.access.js';
export {
  complaintRate,
  complaintRateByOwner,
  satisfactionScore,
  satisfactionScoreByOwner,
  firstResponseOnTime,
  type ServiceMetricsScope,
  type ServiceMetricsByOwnerScope,
} from './service.metrics.js';
export { slaClock, type BusinessCalendar } from './sla-clock.js';
export { scoreSurveys, isDetractor } from './survey-score.js';
export { satisfactionByCustomerGroup } from './customer-satisfaction.js';

export const serviceModule = defineModule({
  name: 'service',
  dependsOn: ['customers'],
  routes: [serviceRoutes],
  access: [complaintsAccess, surveysAccess],
  jobs: serviceJobs,
  settings: ['service'],
  contributes: [activityFeed.with(serviceFeedSource)],
  alertRules: [satisfactionDropRule],
});
