import { describe, expect, it } from 'vitest';
import { assertPlanMatches, canMoveContract, contractUnitPrices, fulfilmentOf, isFulfilled, lifecycleAfterDeal } from './contract-rules.js';

describe('CON-PLAN the payment plan adds up to the contract amount', () => {
  it('an exact plan passes', () => {
    expect(() => assertPlanMatches(100_000, [{ amountCents: 30_000 }, { amountCents: 70_000 }])).not.toThrow();
  });
  it('a plan one cent short or over is refused with the difference; no plan at all too', () => {
    expect(() => assertPlanMatches(100_000, [{ amountCents: 30_000 }, { amountCents: 69_999 }])).toThrow(
      expect.objectContaining({
        details: expect.objectContaining({ rule: 'CON-PLAN', data: { amountCents: 100_000, planCents: 99_999, differenceCents: 1 } }),
      }),
    );
    expect(() => assertPlanMatches(100_000, [{ amountCents: 100_001 }])).toThrow(expect.objectContaining({ status: 422 }));
    expect(() => assertPlanMatches(100_000, [])).toThrow(/no payment plan/);
  });
});

describe('CON-STATUS contract lifecycle', () => {
  it('draft → in_approval → signed → executing → completed; rejection back to draft', () => {
    expect(canMoveContract('draft', 'in_approval')).toBe(true);
    expect(canMoveContract('in_approval', 'signed')).toBe(true);
    expect(canMoveContract('in_approval', 'draft')).toBe(true);
    expect(canMoveContract('signed', 'executing')).toBe(true);
    expect(canMoveContract('executing', 'completed')).toBe(true);
    expect(canMoveContract('signed', 'completed')).toBe(true);
  });
  it('no skipping approval, no way back from completed or terminated', () => {
    expect(canMoveContract('draft', 'signed')).toBe(false);
    expect(canMoveContract('draft', 'executing')).toBe(false);
    expect(canMoveContract('in_approval', 'terminated')).toBe(false);
    expect(canMoveContract('completed', 'terminated')).toBe(false);
    expect(canMoveContract('terminated', 'draft')).toBe(false);
    expect(canMoveContract('executing', 'signed')).toBe(false);
  });
});

describe('customer lifecycle after a deal (003 三.1)', () => {
  it('the first deal makes a lead or intent customer signed; later deals make it repeat', () => {
    expect(lifecycleAfterDeal('lead', false)).toBe('signed');
    expect(lifecycleAfterDeal('intent', false)).toBe('signed');
    expect(lifecycleAfterDeal('intent', true)).toBe('repeat');
    expect(lifecycleAfterDeal('signed', false)).toBe('repeat');
    expect(lifecycleAfterDeal('repeat', false)).toBe('repeat');
    expect(lifecycleAfterDeal('dormant', true)).toBe('repeat');
    expect(lifecycleAfterDeal('lost', false)).toBe('signed');
  });
});

describe('CON-DONE fulfilment', () => {
  const plan = (received: number) => [{ receivedCents: received, writtenOffCents: 0 }];
  it('shares of the amount ordered, delivered, accepted and received; cancelled orders do not count', () => {
    const f = fulfilmentOf(
      100_000,
      [
        { status: 'accepted', amountCents: 40_000 },
        { status: 'delivered', amountCents: 20_000 },
        { status: 'shipped', amountCents: 10_000 },
        { status: 'cancelled', amountCents: 30_000 },
      ],
      plan(25_000),
    );
    expect(f).toMatchObject({
      orderedCents: 70_000,
      deliveredCents: 60_000,
      acceptedCents: 40_000,
      receivedCents: 25_000,
      orderedPercent: 70,
      deliveredPercent: 60,
      acceptedPercent: 40,
      receivedPercent: 25,
      orderableCents: 30_000,
    });
  });
  it('fulfilled only when every live order is accepted and the plan is settled', () => {
    const orders = [
      { status: 'accepted', amountCents: 60_000 },
      { status: 'cancelled', amountCents: 10_000 },
    ];
    expect(isFulfilled(60_000, orders, plan(60_000))).toBe(true);
    expect(isFulfilled(60_000, orders, plan(59_999))).toBe(false);
    expect(isFulfilled(60_000, [...orders, { status: 'delivered', amountCents: 1 }], plan(60_000))).toBe(false);
    expect(isFulfilled(60_000, [], plan(60_000))).toBe(false);
    expect(isFulfilled(60_000, orders, [{ receivedCents: 50_000, writtenOffCents: 10_000 }])).toBe(true);
  });
});

describe('CON-LINES order prices from the contract’s quote lines', () => {
  it('keeps the quote’s unit prices when the lines add up to the amount', () => {
    const prices = contractUnitPrices(50_000, [
      { productId: 'a', quantity: 10, lineTotalCents: 30_000 },
      { productId: 'b', quantity: 4, lineTotalCents: 20_000 },
    ]);
    expect(prices.get('a')).toBe(3_000);
    expect(prices.get('b')).toBe(5_000);
  });
  it('spreads a total discount over the lines, rounding down so ordering everything never exceeds the amount', () => {
    const lines = [
      { productId: 'a', quantity: 3, lineTotalCents: 10_000 },
      { productId: 'b', quantity: 7, lineTotalCents: 10_000 },
    ];
    const prices = contractUnitPrices(19_000, lines);
    expect(prices.get('a')).toBe(3_166);
    expect(prices.get('b')).toBe(1_357);
    expect(3 * prices.get('a')! + 7 * prices.get('b')!).toBeLessThanOrEqual(19_000);
  });
});
