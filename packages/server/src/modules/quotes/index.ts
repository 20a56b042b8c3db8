/** Quotes module (M2): quotes with lines and discounts, R-QUO-1 discount authority, printable PDF. Other modules import only this file. */
import { discountClusterRule } from './quotes.alerts.js';
import { defineModule } from '../../platform/manifest/index.js';
import { quotesAccess } from './quotes.access.js';
import { quotesRoutes } from './quotes.routes.js';
import { quotesJobs } from './quotes.jobs.js';
import { quoteApprovalSubjects } from './quotes.approvals.js';
import { quoteSearchable } from './quotes.search.js';

export { quotes, quoteLines, quoteRevisions, QUOTE_STATUSES } from './quotes.schema.js';
export { quotesAccess } from './quotes.access.js';
export { quotesRoutes } from './quotes.routes.js';
export { quotesJobs } from './quotes.jobs.js';
export { getQuoteForContract, type QuoteForContract } from './quotes.service.js';
export { discountAuthority, quoteFingerprint, DISCOUNT_SUBJECT, FLOOR_SUBJECT } from './discount-authority.js';
export { justUnderLimit } from './quotes.alerts.js';

import { activityFeed } from '../../platform/feed/index.js';
import { quotesFeedSource } from './quotes.feed.js';

export const quotesModule = defineModule({
  name: 'quotes',
  dependsOn: ['org', 'customers', 'products', 'opportunities'],
  routes: [quotesRoutes],
  access: [quotesAccess],
  jobs: quotesJobs,
  approvalSubjects: quoteApprovalSubjects,
  settings: ['quotes'],
  contributes: [activityFeed.with(quotesFeedSource)],
  searchables: [quoteSearchable],
  // R-RSK-1 risk alert rules (platform/alerts); the targets module's sweep runs them.
  alertRules: [discountClusterRule],
});
