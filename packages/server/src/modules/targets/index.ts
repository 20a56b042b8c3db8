import { defineModule } from '../../platform/manifest/index.js';
import { targetsAccess } from './targets.access.js';
import { targetsRoutes } from './targets.routes.js';
import { alertsAccess } from './alerts.access.js';
import { alertsRoutes } from './alerts.routes.js';
import { alertJobs } from './alerts.jobs.js';
import { targetAtRiskRule } from './alerts.rules.js';

/** Targets module (M4) and the role cockpit (M5): decomposed targets (R-TGT-1), letters, attainment. Other modules import only this file. */
export { targetPlans, targetValues, targetAcknowledgements } from './targets.schema.js';
export { targetsAccess } from './targets.access.js';
export { targetsRoutes } from './targets.routes.js';
export { cockpit } from './cockpit.service.js';
export { periodTargets } from './targets.period.js';
export { alertsAccess } from './alerts.access.js';
export { sweepAlerts } from './alerts.service.js';

export const targetsModule = defineModule({
  name: 'targets',
  dependsOn: ['org', 'customers', 'opportunities', 'contracts', 'receivables', 'products'],
  routes: [targetsRoutes, alertsRoutes],
  access: [targetsAccess, alertsAccess],
  jobs: alertJobs,
  alertRules: [targetAtRiskRule],
});
