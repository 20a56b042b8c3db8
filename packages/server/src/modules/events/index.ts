import { defineModule } from '../../platform/manifest/index.js';
import { eventsAccess } from './events.access.js';
import { eventsRoutes } from './events.routes.js';

/** Events module (M3, 会议营销): events, invitations (R-EVT-1), check-in, metrics (R-EVT-2). Other modules import only this file. */
export { events, eventInvitations, eventStatusHistory } from './events.schema.js';
export { eventsAccess } from './events.access.js';
export { eventsRoutes } from './events.routes.js';
export { computeEventMetrics } from './event-metrics.js';

export const eventsModule = defineModule({
  name: 'events',
  dependsOn: ['org', 'customers'],
  routes: [eventsRoutes],
  access: [eventsAccess],
  settings: ['events'],
});
