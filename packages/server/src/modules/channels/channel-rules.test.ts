import { describe, expect, it } from 'vitest';
import { channelConflicts, isProtected, protectionEnd, type RegistrationFact, type TerritoryFact } from './conflict.js';
import { computeRebate, previousQuarter, quarterOf, quarterRange, tierFor } from './rebates.js';

const customer = 'c0000000-0000-4000-8000-000000000001';
const east = 'e0000000-0000-4000-8000-000000000001';
const registration = (extra: Partial<RegistrationFact> = {}): RegistrationFact => ({
  id: 'r1',
  partnerId: 'p1',
  partnerName: '华东代理',
  customerId: customer,
  status: 'approved',
  protectedFrom: '2026-04-01',
  protectedUntil: '2026-06-29',
  ...extra,
});
const territory: TerritoryFact = { partnerId: 'p1', partnerName: '华东代理', regionIds: [east], exclusive: true };
const check = (
  day: string,
  worker: Parameters<typeof channelConflicts>[0]['worker'],
  registrations = [registration()],
  territories = [territory],
) => channelConflicts({ worker, customerId: customer, customerRegionId: east, day, registrations, territories });

describe('R-CHN-1 channel conflict', () => {
  it('R-CHN-1 protects from the approval day through the last protected day, and not a day outside', () => {
    expect(isProtected(registration(), '2026-03-31')).toBe(false);
    expect(isProtected(registration(), '2026-04-01')).toBe(true);
    expect(isProtected(registration(), '2026-06-29')).toBe(true);
    expect(isProtected(registration(), '2026-06-30')).toBe(false);
  });

  it('R-CHN-1 a pending, rejected or expired registration protects nothing', () => {
    for (const status of ['pending', 'rejected', 'expired'] as const)
      expect(check('2026-05-01', { kind: 'direct' }, [registration({ status })]), status).toEqual([]);
    expect(
      check('2026-05-01', { kind: 'direct' }, [registration({ status: 'pending', protectedFrom: null, protectedUntil: null })]),
    ).toEqual([]);
  });

  it('R-CHN-1 warns a direct rep working a protected customer on the last protected day, not the day after', () => {
    expect(check('2026-06-29', { kind: 'direct' })).toEqual([
      { kind: 'registered', registrationId: 'r1', partnerId: 'p1', partnerName: '华东代理', protectedUntil: '2026-06-29' },
    ]);
    expect(check('2026-06-30', { kind: 'direct' })).toEqual([]);
  });

  it('R-CHN-1 a direct rep is not warned about an exclusive territory; a second partner is', () => {
    expect(check('2026-07-15', { kind: 'direct' })).toEqual([]);
    expect(check('2026-07-15', { kind: 'partner', partnerId: 'p2' })).toEqual([
      { kind: 'territory', partnerId: 'p1', partnerName: '华东代理', regionId: east },
    ]);
    expect(check('2026-07-15', { kind: 'partner', partnerId: 'p2' }, [], [{ ...territory, exclusive: false }])).toEqual([]);
  });

  it('R-CHN-1 a second partner on a protected customer gets both warnings; the registered partner none', () => {
    expect(check('2026-05-01', { kind: 'partner', partnerId: 'p2' }).map((c) => c.kind)).toEqual(['registered', 'territory']);
    expect(check('2026-05-01', { kind: 'partner', partnerId: 'p1' })).toEqual([]);
  });

  it('R-CHN-1 counts the approval day as the first of the protection days', () => {
    expect(protectionEnd('2026-04-01', 90)).toBe('2026-06-29');
    expect(protectionEnd('2026-12-31', 1)).toBe('2026-12-31');
  });
});

describe('R-CHN-2 rebates', () => {
  // Gold: from ¥1,000,000 2 %, from ¥3,000,000 3 %, from ¥5,000,000 4.5 %.
  const gold = [
    { fromCents: 100_000_000, rateBp: 200 },
    { fromCents: 300_000_000, rateBp: 300 },
    { fromCents: 500_000_000, rateBp: 450 },
  ];

  it('R-CHN-2 below the first threshold there is no rebate', () => {
    expect(computeRebate(99_999_999, 80_000_000, gold)).toEqual({ thresholdCents: null, rateBp: 0, rebateCents: 0 });
  });

  it('R-CHN-2 at each threshold its rate applies to the collections (threshold inclusive)', () => {
    // ¥1,000,000 ordered, ¥800,000 collected: 2 % of 800,000 = ¥16,000.
    expect(computeRebate(100_000_000, 80_000_000, gold)).toEqual({ thresholdCents: 100_000_000, rateBp: 200, rebateCents: 1_600_000 });
    // One cent under ¥3,000,000 stays at 2 %: 2 % of ¥2,500,000 = ¥50,000.
    expect(computeRebate(299_999_999, 250_000_000, gold)).toEqual({ thresholdCents: 100_000_000, rateBp: 200, rebateCents: 5_000_000 });
    // ¥3,000,000: 3 % of ¥2,500,000 = ¥75,000.
    expect(computeRebate(300_000_000, 250_000_000, gold)).toEqual({ thresholdCents: 300_000_000, rateBp: 300, rebateCents: 7_500_000 });
    // ¥5,000,000: 4.5 % of ¥4,000,000.01 = ¥180,000.0004 → 18,000,000 cents (rounded down).
    expect(computeRebate(500_000_000, 400_000_001, gold)).toEqual({ thresholdCents: 500_000_000, rateBp: 450, rebateCents: 18_000_000 });
  });

  it('R-CHN-2 rounds a fraction of a cent down and pays nothing on no collections', () => {
    // 2 % of 149 cents = 2.98 → 2.
    expect(computeRebate(100_000_000, 149, gold).rebateCents).toBe(2);
    expect(computeRebate(400_000_000, 0, gold)).toEqual({ thresholdCents: 300_000_000, rateBp: 300, rebateCents: 0 });
  });

  it('R-CHN-2 stays exact past 2^53 in the product', () => {
    expect(computeRebate(10_000_000_000_000, 10_000_000_000_000, [{ fromCents: 0, rateBp: 4_999 }]).rebateCents).toBe(4_999_000_000_000);
  });

  it('R-CHN-2 tiers by contribution: gold and silver from their amounts up', () => {
    expect(tierFor(200_000_000)).toBe('gold');
    expect(tierFor(199_999_999)).toBe('silver');
    expect(tierFor(50_000_000)).toBe('silver');
    expect(tierFor(49_999_999)).toBe('bronze');
  });

  it('quarters as day ranges', () => {
    expect(quarterRange('2026-Q1')).toEqual({ from: '2026-01-01', to: '2026-04-01' });
    expect(quarterRange('2026-Q4')).toEqual({ from: '2026-10-01', to: '2027-01-01' });
    expect(quarterOf('2026-09-30')).toBe('2026-Q3');
    expect(previousQuarter('2026-Q1')).toBe('2025-Q4');
  });
});
