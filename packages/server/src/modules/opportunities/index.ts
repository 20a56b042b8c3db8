import { defineModule } from '../../platform/manifest/index.js';
import { opportunitiesAccess } from './opportunities.access.js';
import { opportunitiesRoutes } from './opportunities.routes.js';
import { opportunitySearchable } from './opportunities.search.js';
import { stalledOpportunityRule } from './opportunities.alerts.js';

/** Opportunities module (M2 商机): stages with gates, kanban, history, funnel and forecast. Other modules import only this file. */
export { opportunities, opportunityProducts, opportunityStageHistory, OPPORTUNITY_STAGES } from './opportunities.schema.js';
export { opportunitiesAccess } from './opportunities.access.js';
export { opportunitiesRoutes } from './opportunities.routes.js';
export { getOpportunity, opportunityReadScope } from './opportunities.service.js';
export { checkStageGate } from './stage-gates.js';
export * as opportunityMetrics from './opportunities.metrics.js';
export { rebuildOpportunityStageTotals } from './stage-totals.js';

import { activityFeed } from '../../platform/feed/index.js';
import { opportunitiesFeedSource, opportunityFeedRoutes } from './opportunities.feed.js';

export const opportunitiesModule = defineModule({
  name: 'opportunities',
  dependsOn: ['org', 'customers', 'products'],
  routes: [opportunitiesRoutes, opportunityFeedRoutes],
  access: [opportunitiesAccess],
  settings: ['opportunities'],
  contributes: [activityFeed.with(opportunitiesFeedSource)],
  searchables: [opportunitySearchable],
  alertRules: [stalledOpportunityRule],
});
