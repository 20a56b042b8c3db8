import { overdueReceivableRule } from './receivables.alerts.js';
import { creditRiskRule } from './credit.alerts.js';
import { defineModule } from '../../platform/manifest/index.js';
import { contractSubmitChecks } from '../contracts/index.js';
import { receivablesAccess } from './receivables.access.js';
import { receivablesRoutes } from './receivables.routes.js';
import { receivablesJobs } from './receivables.jobs.js';
import { assertCreditAvailable } from './credit.js';
import { onCreditOverrideDecided } from './credit.service.js';
import { applyWriteOffDecision } from './write-offs.service.js';

/** Receivables module (M2): payment plans, receipts, invoices, aging (R-AR-1), credit limits (R-AR-2). Other modules import only this file. */
export { receipts, invoices, writeOffs, creditOverrides } from './receivables.schema.js';
export { creditCheck, outstandingBalanceCents, assertCreditAvailable } from './credit.js';
export { receivablesAccess } from './receivables.access.js';
export { receivablesRoutes } from './receivables.routes.js';
export { receivablesJobs } from './receivables.jobs.js';
export { agingBucket, daysOverdue } from './aging.js';
export {
  agingReport,
  overdueList,
  receivablesSummary,
  receivablesSummaryByOwner,
  collections,
  collectedByOwner,
  type OwnerReceivablesFigures,
} from './receivables.metrics.js';
export { rebuildReceiptCollectionsDaily } from './collections-daily.js';
export { rebuildReceivableInstallmentsDaily } from './receivables-daily.js';

import { activityFeed } from '../../platform/feed/index.js';
import { receivablesFeedSource } from './receivables.feed.js';

export const receivablesModule = defineModule({
  name: 'receivables',
  dependsOn: ['org', 'customers', 'contracts'],
  routes: [receivablesRoutes],
  access: [receivablesAccess],
  jobs: receivablesJobs,
  approvalSubjects: {
    'credit.override': { onDecided: onCreditOverrideDecided },
    'receivable.writeoff': { onDecided: applyWriteOffDecision },
  },
  settings: ['receivables'],
  contributes: [
    activityFeed.with(receivablesFeedSource),
    // R-AR-2: a contract may not push the customer over the credit limit (unless an approved override covers it).
    contractSubmitChecks.with((tx, ctx, contract) =>
      assertCreditAvailable(tx, ctx, {
        customerId: contract.customerId,
        amountCents: contract.amountCents,
        creditOverrideId: contract.creditOverrideId,
        usedBy: `contract:${contract.contractId}`,
      }),
    ),
  ],
  // R-RSK-1 risk alert rules (platform/alerts); the targets module's sweep runs them.
  alertRules: [overdueReceivableRule, creditRiskRule],
});
