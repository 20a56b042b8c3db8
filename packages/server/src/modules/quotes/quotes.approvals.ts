import type { ApprovalSubjectHandler } from '../../platform/approvals/approvals.engine.js';
import { DISCOUNT_SUBJECT, FLOOR_SUBJECT } from './discount-authority.js';
import { onQuoteDecided } from './quotes.service.js';

const handler: ApprovalSubjectHandler = { onDecided: onQuoteDecided, link: (quoteId) => `/quotes/${quoteId}` };

/** R-QUO-1 subjects of the approval engine: a discount past the matrix thresholds, a line below its floor. */
export const quoteApprovalSubjects: Record<string, ApprovalSubjectHandler> = { [DISCOUNT_SUBJECT]: handler, [FLOOR_SUBJECT]: handler };
