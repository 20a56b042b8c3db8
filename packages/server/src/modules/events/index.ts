import { defineModule } from '../../platform/manifest/index.js';
import { eventsAccess } from './events.access.js';
import { eventsRoutes } from './events.routes.js';
import { eventsOnsiteRoutes } from './events-onsite.routes.js';
import { pricingEventEligibility } from '../products/index.js';
import { eventOfferEligibility } from './event-deals.service.js';
import { eventOpsRoutes } from './event-ops.routes.js';
import { eventsJobs } from './events.jobs.js';
import { onBudgetDecided, onOverBudgetDecided } from './event-budget.service.js';

/** Events module (M3, 会议营销): events, invitations (R-EVT-1), check-in, metrics (R-EVT-2). Other modules import only this file. */
export { events, eventInvitations, eventStatusHistory } from './events.schema.js';
export { eventsAccess } from './events.access.js';
export { eventsRoutes } from './events.routes.js';
export { computeEventMetrics } from './event-metrics.js';
export { qrSvg } from './invitation-qr.js';
export { checkInTime } from './check-in-rules.js';
export { eventCostsByEvent, type EventCostTotals } from './event-costs.js';
export { eventBudgets, eventBudgetLines, eventCosts, eventPrepTasks, eventReconfirmations, eventFollowUps } from './event-ops.schema.js';
export { eventLineCommitments, type LineCommitments } from './event-budget.service.js';
export { invitationSuccessByCaller, type InvitationSuccess } from './invitation-success.js';

export const eventsModule = defineModule({
  name: 'events',
  dependsOn: ['org', 'customers', 'products', 'orders', 'opportunities', 'quotes', 'contracts'],
  routes: [eventsRoutes, eventsOnsiteRoutes, eventOpsRoutes],
  access: [eventsAccess],
  settings: ['events', 'event-ops'],
  jobs: eventsJobs,
  approvalSubjects: {
    'event.budget': { onDecided: onBudgetDecided, link: (eventId) => `/events/${eventId}?tab=budget` },
    'event.overbudget': { onDecided: onOverBudgetDecided },
  },
  contributes: [pricingEventEligibility.with((db, customerId) => eventOfferEligibility(db, customerId))],
});
