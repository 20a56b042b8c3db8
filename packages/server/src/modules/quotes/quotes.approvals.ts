import type { Ctx } from '../../platform/context.js';
import type { ApprovalSubjectHandler } from '../../platform/approvals/approvals.engine.js';
import { DISCOUNT_SUBJECT, FLOOR_SUBJECT } from './discount-authority.js';
import { onQuoteDecided } from './quotes.service.js';
import { seesFloor } from '../products/index.js';

/**
 * Issue 16: the floor prices stored on a request are for its approvers; a requester without the
 * `products.floor` field permission reads which lines are below the floor, not the floor itself.
 */
function presentDetails(ctx: Ctx, details: Record<string, unknown>, reader: { canDecide: boolean }): Record<string, unknown> {
  if (reader.canDecide || seesFloor(ctx.actor) || !Array.isArray(details.linesBelowFloor)) return details;
  return {
    ...details,
    linesBelowFloor: (details.linesBelowFloor as Record<string, unknown>[]).map((line) => ({ ...line, floorUnitCents: null })),
  };
}

const handler: ApprovalSubjectHandler = { onDecided: onQuoteDecided, link: (quoteId) => `/quotes/${quoteId}`, presentDetails };

/** R-QUO-1 subjects of the approval engine: a discount past the matrix thresholds, a line below its floor. */
export const quoteApprovalSubjects: Record<string, ApprovalSubjectHandler> = { [DISCOUNT_SUBJECT]: handler, [FLOOR_SUBJECT]: handler };
