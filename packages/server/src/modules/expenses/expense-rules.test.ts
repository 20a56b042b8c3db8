import { describe, expect, it } from 'vitest';
import { chargeableBudget, invoiceKey, periodOf, rollUpCheck, CLAIM_MOVES } from './expense-rules.js';

describe('budget periods', () => {
  it('month, quarter and year around a day, leap February included', () => {
    expect(periodOf('month', '2028-02-10')).toEqual({ start: '2028-02-01', end: '2028-02-29' });
    expect(periodOf('quarter', '2026-08-31')).toEqual({ start: '2026-07-01', end: '2026-09-30' });
    expect(periodOf('quarter', '2026-12-31')).toEqual({ start: '2026-10-01', end: '2026-12-31' });
    expect(periodOf('year', '2026-06-15')).toEqual({ start: '2026-01-01', end: '2026-12-31' });
  });
});

describe('R-EXP-1 invoice numbers', () => {
  it('compare without spaces, dashes and case; empty is none', () => {
    expect(invoiceKey('0441-2026 7788')).toBe(invoiceKey('044120267788'));
    expect(invoiceKey('ab-12')).toBe('AB12');
    expect(invoiceKey('  ')).toBeNull();
    expect(invoiceKey(null)).toBeNull();
  });
  it('a claim moves draft/returned → submitted → approved → paid; rejected and paid are final', () => {
    expect(CLAIM_MOVES.returned.submit).toBe(true);
    expect(CLAIM_MOVES.submitted.edit).toBe(false);
    expect(CLAIM_MOVES.approved.pay).toBe(true);
    expect(Object.values(CLAIM_MOVES.rejected).some(Boolean)).toBe(false);
  });
});

describe('R-EXP-2 which budget a line is charged to', () => {
  const budgets = [
    { id: 'region-year', category: '差旅', distance: 1, periodKind: 'year' as const, periodStart: '2026-01-01', periodEnd: '2026-12-31' },
    { id: 'team-year', category: '差旅', distance: 0, periodKind: 'year' as const, periodStart: '2026-01-01', periodEnd: '2026-12-31' },
    { id: 'team-march', category: '差旅', distance: 0, periodKind: 'month' as const, periodStart: '2026-03-01', periodEnd: '2026-03-31' },
    {
      id: 'team-promo',
      category: '市场推广',
      distance: 0,
      periodKind: 'month' as const,
      periodStart: '2026-03-01',
      periodEnd: '2026-03-31',
    },
  ];
  it("the nearest unit's budget, and there the shortest period holding the date", () => {
    expect(chargeableBudget(budgets, '差旅', '2026-03-31')?.id).toBe('team-march');
    expect(chargeableBudget(budgets, '差旅', '2026-04-01')?.id).toBe('team-year');
    expect(chargeableBudget(budgets.slice(0, 1), '差旅', '2026-04-01')?.id).toBe('region-year');
  });
  it('none of the category or period: no budget', () => {
    expect(chargeableBudget(budgets, '市场推广', '2026-04-01')).toBeNull();
    expect(chargeableBudget(budgets, '业务招待', '2026-03-05')).toBeNull();
  });
});

describe('budget roll-up (R-TGT-1 style)', () => {
  it('children up to the parent fit; one cent over is reported; no parent budget, nothing to exceed', () => {
    expect(rollUpCheck(1_000, 600, 400)).toEqual({ parentCents: 1_000, childrenCents: 1_000, overByCents: 0 });
    expect(rollUpCheck(1_000, 600, 401).overByCents).toBe(1);
    expect(rollUpCheck(null, 600, 401).overByCents).toBe(0);
  });
});
