import { defineModule } from '../../platform/manifest/index.js';
import { incentivesAccess } from './incentives.access.js';
import { incentivesRoutes } from './incentives.routes.js';
import { onStatementDecided } from './commission.service.js';

/** Incentives module (M6 items 4–5): commission plans (R-COM-1), monthly statements, honours. Other modules import only this file. */
export { incentivesAccess } from './incentives.access.js';
export { incentivesRoutes } from './incentives.routes.js';

export const incentivesModule = defineModule({
  name: 'incentives',
  dependsOn: ['customers', 'contracts', 'receivables', 'targets', 'service'],
  routes: [incentivesRoutes],
  access: [incentivesAccess],
  approvalSubjects: {
    'commission.statement': { onDecided: onStatementDecided, link: (id) => `/incentives/statements/${id}` },
  },
  settings: ['incentives'],
});
