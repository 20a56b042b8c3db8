/** Contracts module (M2): contracts, payment plans, templates, the ledger, renewal reminders. Other modules import only this file. */
export { contracts, contractTemplates, contractAttachments } from './contracts.schema.js';
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
export { bookingsAndRevenue, type MetricsQuery } from './contracts.metrics.js';
