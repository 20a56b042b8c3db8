import { defineModule } from '../../platform/manifest/index.js';
import { contractsAccess } from './contracts.access.js';
import { contractsRoutes } from './contracts.routes.js';
import { contractsJobs } from './contracts.jobs.js';
import { onContractDecided } from './contracts.service.js';
import { contractSearchable } from './contracts.search.js';
import { bookingsDropRule } from './contracts.alerts.js';

/** Contracts module (M2): contracts, payment plans, templates, the ledger, renewal reminders. Other modules import only this file. */
export { contracts, contractTemplates, contractAttachments, paymentInstallments } from './contracts.schema.js';
export { contractSubmitChecks, type ContractSubmission } from './contracts.slots.js';
export { contractsAccess } from './contracts.access.js';
export { contractsRoutes } from './contracts.routes.js';
export { contractsJobs } from './contracts.jobs.js';
export {
  completeContractIfFulfilled,
  lockContractForOrder,
  markContractExecuting,
  recordDeal,
  removeDeal,
  zoneDate,
  type ContractForOrder,
} from './contracts.service.js';
export {
  bookingsAndRevenue,
  bookingsBreakdown,
  bookingsWhere,
  signedContractsByOwner,
  type BookingsPart,
  type MetricsQuery,
  type OwnerTotal,
} from './contracts.metrics.js';
export { rebuildContractBookingsDaily } from './bookings-daily.js';

import { activityFeed } from '../../platform/feed/index.js';
import { contractsFeedSource } from './contracts.feed.js';

export const contractsModule = defineModule({
  name: 'contracts',
  dependsOn: ['org', 'customers', 'opportunities', 'quotes'],
  routes: [contractsRoutes],
  access: [contractsAccess],
  jobs: contractsJobs,
  // The approval engine signs (or returns to draft) a contract when `contract.sign` is decided.
  approvalSubjects: { 'contract.sign': { onDecided: onContractDecided, link: (id) => `/contracts/${id}` } },
  settings: ['contracts'],
  contributes: [activityFeed.with(contractsFeedSource)],
  searchables: [contractSearchable],
  alertRules: [bookingsDropRule],
});
