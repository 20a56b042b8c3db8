/** Receivables module (M2): payment plans, receipts, invoices, aging (R-AR-1), credit limits (R-AR-2). Other modules import only this file. */
export { paymentInstallments, receipts, invoices, writeOffs, creditOverrides } from './receivables.schema.js';
export { creditCheck, outstandingBalanceCents, assertCreditAvailable } from './credit.js';
export { receivablesAccess } from './receivables.access.js';
export { receivablesRoutes } from './receivables.routes.js';
export { receivablesJobs } from './receivables.jobs.js';
export { agingBucket, daysOverdue } from './aging.js';
export { agingReport, overdueList, receivablesSummary, collections } from './receivables.metrics.js';
