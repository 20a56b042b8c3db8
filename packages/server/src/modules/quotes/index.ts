/** Quotes module (M2): quotes with lines and discounts, R-QUO-1 discount authority, printable PDF. Other modules import only this file. */
import { registerQuoteApprovals } from './quotes.approvals.js';

registerQuoteApprovals();

export { quotes, quoteLines, quoteRevisions, QUOTE_STATUSES } from './quotes.schema.js';
export { quotesAccess } from './quotes.access.js';
export { quotesRoutes } from './quotes.routes.js';
export { quotesJobs } from './quotes.jobs.js';
export { getQuoteForContract, type QuoteForContract } from './quotes.service.js';
export { discountAuthority, quoteFingerprint, DISCOUNT_SUBJECT, FLOOR_SUBJECT } from './discount-authority.js';
