import { describe, expect, it } from 'vitest';
import { assertDirectOrderMax, assertWithinContract, canMoveOrder, nextOrderStatus } from './order-rules.js';

describe('ORD-STATUS delivery steps', () => {
  it('pending → in production → shipped → delivered → accepted, one step at a time', () => {
    expect(nextOrderStatus('pending')).toBe('in_production');
    expect(nextOrderStatus('delivered')).toBe('accepted');
    expect(nextOrderStatus('accepted')).toBeNull();
    expect(nextOrderStatus('cancelled')).toBeNull();
    expect(canMoveOrder('pending', 'in_production')).toBe(true);
    expect(canMoveOrder('pending', 'shipped')).toBe(false);
    expect(canMoveOrder('shipped', 'in_production')).toBe(false);
    expect(canMoveOrder('accepted', 'accepted')).toBe(false);
  });
  it('cancel only before the goods leave', () => {
    expect(canMoveOrder('pending', 'cancelled')).toBe(true);
    expect(canMoveOrder('in_production', 'cancelled')).toBe(true);
    expect(canMoveOrder('shipped', 'cancelled')).toBe(false);
    expect(canMoveOrder('cancelled', 'pending')).toBe(false);
  });
});

describe('ORD-OVER and ORD-DIRECT-MAX', () => {
  it('ORD-OVER: up to exactly what is left of the contract', () => {
    expect(() => assertWithinContract({ contractAmountCents: 100_000, orderedCents: 60_000, orderCents: 40_000 })).not.toThrow();
    expect(() => assertWithinContract({ contractAmountCents: 100_000, orderedCents: 60_000, orderCents: 40_001 })).toThrow(
      expect.objectContaining({
        details: expect.objectContaining({ rule: 'ORD-OVER', data: expect.objectContaining({ availableCents: 40_000 }) }),
      }),
    );
  });
  it('ORD-DIRECT-MAX: a direct order up to the ceiling, inclusive', () => {
    expect(() => assertDirectOrderMax(5_000_000, 5_000_000)).not.toThrow();
    expect(() => assertDirectOrderMax(5_000_001, 5_000_000)).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ rule: 'ORD-DIRECT-MAX' }) }),
    );
  });
});
