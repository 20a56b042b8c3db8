import type { ApprovalRequest } from '@xiaoguan/shared';

/**
 * The inbox's money columns (issue 16). The request's own amount is what the approval matrix
 * matched on — for a quote that is the discount — so "amount" shows the deal size the subject
 * reports in its details (`totalCents`) when it has one, and the matched amount moves to
 * "discount" for discount subjects.
 */
export function approvalFigures(request: Pick<ApprovalRequest, 'subjectType' | 'amountCents' | 'details'>): {
  amountCents: number | null;
  discountCents: number | null;
} {
  const total = request.details.totalCents;
  const isDiscount = request.subjectType.startsWith('quote.');
  return {
    amountCents: typeof total === 'number' ? total : isDiscount ? null : request.amountCents,
    discountCents: isDiscount ? request.amountCents : null,
  };
}
