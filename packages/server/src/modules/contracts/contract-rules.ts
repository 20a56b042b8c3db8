import type { ContractStatus, CustomerStatus, Fulfilment } from '@xiaoguan/shared';
import { AppError, ruleViolation } from '../../platform/errors.js';

/**
 * CON-PLAN: a contract's payment plan (回款计划) adds up to the contract amount exactly, so every
 * yuan signed is scheduled to be received, and nothing more.
 */
export function assertPlanMatches(amountCents: number, installments: { amountCents: number }[]): void {
  const planCents = installments.reduce((sum, installment) => sum + installment.amountCents, 0);
  if (!installments.length)
    throw new AppError('rule', 'the contract has no payment plan yet', {
      rule: 'CON-PLAN',
      field: 'body.installments',
      data: { amountCents, planCents: 0, differenceCents: amountCents },
    });
  if (planCents !== amountCents) {
    throw new AppError('rule', `the payment plan adds up to ${planCents} cents, the contract amount is ${amountCents}`, {
      rule: 'CON-PLAN',
      field: 'body.installments',
      data: { amountCents, planCents, differenceCents: amountCents - planCents },
    });
  }
}

/**
 * CON-STATUS: draft → in_approval → signed → executing → completed, or terminated (with a reason)
 * from a draft, a signed or an executing contract. A rejection or a withdrawal sends it back to draft;
 * completion by hand is allowed from signed (a contract without deliveries) and executing.
 */
const TRANSITIONS: Record<ContractStatus, readonly ContractStatus[]> = {
  draft: ['in_approval', 'terminated'],
  in_approval: ['signed', 'draft'],
  signed: ['executing', 'completed', 'terminated'],
  executing: ['completed', 'terminated'],
  completed: [],
  terminated: [],
};

export function canMoveContract(from: ContractStatus, to: ContractStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertContractMove(from: ContractStatus, to: ContractStatus): void {
  if (!canMoveContract(from, to)) throw ruleViolation('CON-STATUS', `a ${from} contract cannot become ${to}`);
}

/**
 * Customer lifecycle after a deal (a signed contract or a direct order): the first deal makes the
 * customer `signed` (签约); a customer who bought before — or is already signed — becomes `repeat` (复购).
 */
export function lifecycleAfterDeal(current: CustomerStatus, hadEarlierDeals: boolean): CustomerStatus {
  return hadEarlierDeals || current === 'signed' || current === 'repeat' ? 'repeat' : 'signed';
}

const percent = (part: number, whole: number) => (whole <= 0 ? 0 : Math.max(0, Math.min(100, Math.floor((part * 100) / whole))));

/** Fulfilment of a contract: order amounts by delivery status and the plan received, as parts of the amount. */
export function fulfilmentOf(
  amountCents: number,
  orders: { status: string; amountCents: number }[],
  installments: { receivedCents: number; writtenOffCents: number }[],
): Fulfilment {
  const live = orders.filter((order) => order.status !== 'cancelled');
  const sum = (list: { amountCents: number }[]) => list.reduce((total, order) => total + order.amountCents, 0);
  const orderedCents = sum(live);
  const deliveredCents = sum(live.filter((order) => order.status === 'delivered' || order.status === 'accepted'));
  const acceptedCents = sum(live.filter((order) => order.status === 'accepted'));
  const receivedCents = installments.reduce((total, i) => total + i.receivedCents, 0);
  const writtenOffCents = installments.reduce((total, i) => total + i.writtenOffCents, 0);
  return {
    orderedCents,
    deliveredCents,
    acceptedCents,
    receivedCents,
    writtenOffCents,
    orderedPercent: percent(orderedCents, amountCents),
    deliveredPercent: percent(deliveredCents, amountCents),
    acceptedPercent: percent(acceptedCents, amountCents),
    receivedPercent: percent(receivedCents + writtenOffCents, amountCents),
    orderableCents: Math.max(0, amountCents - orderedCents),
  };
}

/**
 * CON-DONE: a contract is fulfilled when it has orders, every live (not cancelled) order is
 * accepted, and the payment plan is settled (received + written off = amount).
 */
export function isFulfilled(
  amountCents: number,
  orders: { status: string; amountCents: number }[],
  installments: { receivedCents: number; writtenOffCents: number }[],
): boolean {
  const live = orders.filter((order) => order.status !== 'cancelled');
  const f = fulfilmentOf(amountCents, orders, installments);
  return live.length > 0 && live.every((order) => order.status === 'accepted') && f.receivedCents + f.writtenOffCents >= amountCents;
}

/**
 * The unit price a contract's order pays for a product of its quote: the quote's line total per
 * unit, with a discount on the quote total spread over the lines (rounded down, so ordering every
 * line never exceeds the contract amount).
 */
export function contractUnitPrices(
  amountCents: number,
  lines: { productId: string; quantity: number; lineTotalCents: number }[],
): Map<string, number> {
  const linesTotal = lines.reduce((sum, line) => sum + line.lineTotalCents, 0);
  const prices = new Map<string, number>();
  for (const line of lines) {
    if (line.quantity <= 0 || prices.has(line.productId)) continue;
    const scaled = linesTotal > 0 && linesTotal !== amountCents ? (line.lineTotalCents * amountCents) / linesTotal : line.lineTotalCents;
    prices.set(line.productId, Math.floor(scaled / line.quantity));
  }
  return prices;
}
