import { describe, expect, it } from 'vitest';
import { computeCommission, creditedCents, honourWinner, tierProblems, type CommissionPlanRule } from './incentives.js';

/** R-COM-1 on hand-computed cases: target ¥100,000 (10,000,000 cents); tiers 0–80 % → 2 %, 80–100 % → 4 %, > 100 % → 6 %. */
const TARGET = 10_000_000;
const attainment = (method: 'marginal' | 'whole', extra: Partial<CommissionPlanRule> = {}): CommissionPlanRule => ({
  tierBasis: 'attainment',
  method,
  tiers: [
    { from: 0, rateBp: 200 },
    { from: 80, rateBp: 400 },
    { from: 100, rateBp: 600 },
  ],
  capCents: null,
  clawbackRateBp: 0,
  ...extra,
});
const all = (amountCents: number) => [{ amountCents, shareBp: 10_000 }];
const run = (plan: CommissionPlanRule, base: number, targetCents: number | null = TARGET) =>
  computeCommission(plan, { targetCents, deals: all(base), writeOffs: [] });

describe('R-COM-1 whole-amount on attainment: the whole base at the reached tier’s rate', () => {
  it.each([
    ['nothing collected', 0, 0],
    ['79.99 %: 7,999,000 × 2 %', 7_999_000, 159_980],
    ['exactly 80 %: still the 0–80 % tier, 8,000,000 × 2 %', 8_000_000, 160_000],
    ['one cent over 80 %: 8,000,001 × 4 % = 320,000.04', 8_000_001, 320_000],
    ['exactly 100 %: the 80–100 % tier, 10,000,000 × 4 %', 10_000_000, 400_000],
    ['one cent over 100 %: 10,000,001 × 6 % = 600,000.06', 10_000_001, 600_000],
    ['120 %: 12,000,000 × 6 %', 12_000_000, 720_000],
  ])('R-COM-1 %s', (_name, base, expected) => {
    expect(run(attainment('whole'), base).totalCents).toBe(expected);
  });

  it('R-COM-1 attainment is reported in basis points of percent', () => {
    expect(run(attainment('whole'), 8_000_000).attainmentBp).toBe(8_000);
    expect(run(attainment('whole'), 12_345_678).attainmentBp).toBe(12_346);
  });
});

describe('R-COM-1 marginal on attainment: each slice at its own tier’s rate', () => {
  it.each([
    ['exactly 80 %: 8,000,000 × 2 %', 8_000_000, 160_000],
    ['one cent over 80 %: 160,000 + 1 × 4 % (0.04 → 0)', 8_000_001, 160_000],
    ['90 %: 160,000 + 1,000,000 × 4 %', 9_000_000, 200_000],
    ['exactly 100 %: 160,000 + 2,000,000 × 4 %', 10_000_000, 240_000],
    ['120 %: 240,000 + 2,000,000 × 6 %', 12_000_000, 360_000],
  ])('R-COM-1 %s', (_name, base, expected) => {
    expect(run(attainment('marginal'), base).totalCents).toBe(expected);
  });

  it('R-COM-1 the slices show the base and commission per tier', () => {
    expect(run(attainment('marginal'), 12_000_000).slices).toEqual([
      { tier: 0, rateBp: 200, baseCents: 8_000_000, commissionCents: 160_000 },
      { tier: 1, rateBp: 400, baseCents: 2_000_000, commissionCents: 80_000 },
      { tier: 2, rateBp: 600, baseCents: 2_000_000, commissionCents: 120_000 },
    ]);
  });

  it('R-COM-1 without a target, attainment tiers pay the first tier’s rate on the whole base', () => {
    expect(run(attainment('marginal'), 12_000_000, null)).toMatchObject({ attainmentBp: null, totalCents: 240_000 });
    expect(run(attainment('whole'), 12_000_000, 0)).toMatchObject({ attainmentBp: null, totalCents: 240_000 });
  });
});

describe('R-COM-1 tiers on the amount: 0–¥50,000 → 1 %, above → 3 %', () => {
  const amount = (method: 'marginal' | 'whole'): CommissionPlanRule => ({
    tierBasis: 'amount',
    method,
    tiers: [
      { from: 0, rateBp: 100 },
      { from: 5_000_000, rateBp: 300 },
    ],
    capCents: null,
    clawbackRateBp: 0,
  });
  it.each([
    ['whole', 5_000_000, 50_000],
    ['whole', 5_000_001, 150_000],
    ['marginal', 5_000_000, 50_000],
    ['marginal', 6_000_000, 80_000],
  ] as const)('R-COM-1 %s at %i cents', (method, base, expected) => {
    expect(run(amount(method), base, null).totalCents).toBe(expected);
  });
});

describe('R-COM-1 split credit, cap and clawback', () => {
  it('R-COM-1 a deal split three ways credits each share, rounded per deal', () => {
    expect(creditedCents({ amountCents: 1_000_001, shareBp: 3_334 })).toBe(333_400);
    expect(creditedCents({ amountCents: 1_000_001, shareBp: 3_333 })).toBe(333_300);
    const split = computeCommission(attainment('whole'), {
      targetCents: TARGET,
      deals: [
        { amountCents: 16_000_000, shareBp: 5_000 },
        { amountCents: 1_000_000, shareBp: 10_000 },
      ],
      writeOffs: [],
    });
    // 8,000,000 + 1,000,000 = 9,000,000 → 90 % → 4 %
    expect(split).toMatchObject({ baseCents: 9_000_000, attainmentBp: 9_000, totalCents: 360_000 });
  });

  it('R-COM-1 the cap limits the commission; clawback on a written-off receivable is taken after the cap', () => {
    const capped = computeCommission(attainment('marginal', { capCents: 300_000, clawbackRateBp: 600 }), {
      targetCents: TARGET,
      deals: all(12_000_000),
      writeOffs: [{ amountCents: 1_000_000, shareBp: 5_000 }],
    });
    expect(capped).toMatchObject({
      grossCents: 360_000,
      cappedCents: 300_000,
      writtenOffCents: 500_000,
      clawbackCents: 30_000,
      totalCents: 270_000,
    });
  });

  it('R-COM-1 a clawback larger than the month’s commission is a deduction', () => {
    const result = computeCommission(attainment('whole', { clawbackRateBp: 600 }), {
      targetCents: TARGET,
      deals: [],
      writeOffs: all(1_000_000),
    });
    expect(result.totalCents).toBe(-60_000);
  });

  it('R-COM-1 tiers must ascend from 0', () => {
    expect(
      tierProblems([
        { from: 0, rateBp: 1 },
        { from: 80, rateBp: 2 },
      ]),
    ).toEqual([]);
    expect(tierProblems([{ from: 10, rateBp: 1 }])).toContain('the first tier starts at 0');
    expect(
      tierProblems([
        { from: 0, rateBp: 1 },
        { from: 0, rateBp: 2 },
      ]),
    ).toContain('tiers ascend');
  });
});

describe('honours: the highest figure at or above the minimum wins', () => {
  const rule = { award: 'salesChampion' as const, metric: 'collections' as const, minimum: 100, enabled: true };
  it('below the minimum nobody wins; ties go to the lower id', () => {
    expect(honourWinner(rule, [{ userId: 'a', value: 99 }])).toBeNull();
    expect(
      honourWinner(rule, [
        { userId: 'b', value: 200 },
        { userId: 'a', value: 200 },
        { userId: 'c', value: 150 },
      ])?.userId,
    ).toBe('a');
  });
});
