import { registerApprovalSubject } from '../../platform/approvals/approvals.engine.js';
import { DISCOUNT_SUBJECT, FLOOR_SUBJECT } from './discount-authority.js';
import { onQuoteDecided } from './quotes.service.js';

/** R-QUO-1 subjects of the approval engine: a discount past the matrix thresholds, a line below its floor. */
export function registerQuoteApprovals(): void {
  for (const subject of [DISCOUNT_SUBJECT, FLOOR_SUBJECT]) {
    registerApprovalSubject(subject, { onDecided: onQuoteDecided, link: (quoteId) => `/quotes/${quoteId}` });
  }
}
