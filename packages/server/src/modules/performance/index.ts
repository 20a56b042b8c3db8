import { defineModule } from '../../platform/manifest/index.js';
import { performanceAccess } from './performance.access.js';
import { performanceRoutes } from './performance.routes.js';

/**
 * Performance module (M6, issue 19 items 1–3): KPI templates (R-KPI-1), review cycles with computed
 * figures from the other modules' metrics, raters, feedback and improvement plans, appeals. Other
 * modules import only this file.
 */
export { performanceAccess } from './performance.access.js';

export const performanceModule = defineModule({
  name: 'performance',
  dependsOn: ['customers', 'contracts', 'receivables', 'targets', 'service', 'training', 'events'],
  routes: [performanceRoutes],
  access: [performanceAccess],
  settings: ['performance'],
});
