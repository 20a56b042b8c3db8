import type { OrderStatus } from '@xiaoguan/shared';
import { AppError, ruleViolation } from '../../platform/errors.js';

/** The delivery steps, in order (status synced with supply chain, 003 二.(四).1). */
export const DELIVERY_FLOW = ['pending', 'in_production', 'shipped', 'delivered', 'accepted'] as const satisfies readonly OrderStatus[];

/** The next delivery step, or null when the order is accepted or cancelled. */
export function nextOrderStatus(status: OrderStatus): OrderStatus | null {
  const index = (DELIVERY_FLOW as readonly OrderStatus[]).indexOf(status);
  return index >= 0 && index < DELIVERY_FLOW.length - 1 ? DELIVERY_FLOW[index + 1]! : null;
}

/** ORD-STATUS: forward one step at a time; cancel only before the goods leave (pending, in production). */
export function canMoveOrder(from: OrderStatus, to: OrderStatus): boolean {
  if (to === 'cancelled') return from === 'pending' || from === 'in_production';
  return nextOrderStatus(from) === to;
}

export function assertOrderMove(from: OrderStatus, to: OrderStatus): void {
  if (!canMoveOrder(from, to)) throw ruleViolation('ORD-STATUS', `an order that is ${from} cannot become ${to}`);
}

/** ORD-OVER: a contract's orders never add up to more than the contract amount. */
export function assertWithinContract(input: { contractAmountCents: number; orderedCents: number; orderCents: number }): void {
  const availableCents = input.contractAmountCents - input.orderedCents;
  if (input.orderCents > availableCents) {
    throw new AppError('rule', `the order (${input.orderCents} cents) exceeds what is left of the contract (${availableCents} cents)`, {
      rule: 'ORD-OVER',
      field: 'body.lines',
      data: { ...input, availableCents },
    });
  }
}

/** ORD-DIRECT-MAX: a direct order (no contract) is for small deals, up to the setting's ceiling. */
export function assertDirectOrderMax(orderCents: number, maxCents: number): void {
  if (orderCents > maxCents) {
    throw new AppError('rule', `a direct order is limited to ${maxCents} cents; make a contract for this deal`, {
      rule: 'ORD-DIRECT-MAX',
      field: 'body.lines',
      data: { orderCents, maxCents },
    });
  }
}
