import { describe, expect, it } from 'vitest';
import {
  discountAuthority,
  linesBelowFloor,
  quoteFingerprint,
  quoteTotals,
  type AuthorityLine,
  type AuthorityPolicy,
} from './discount-authority.js';

// The demo matrix (seed/demo-company.ts DEFAULT_APPROVAL_POLICIES).
const manager = { role: 'manager' as const, mode: 'line' as const };
const director = { role: 'director' as const, mode: 'line' as const };
const DISCOUNT: AuthorityPolicy[] = [
  { id: 'd1', name: '≥ 50,000: manager', minAmountCents: 5_000_000, minPercent: null, steps: [manager] },
  { id: 'd2', name: '≥ 500,000: manager → director', minAmountCents: 50_000_000, minPercent: null, steps: [manager, director] },
  { id: 'd3', name: '≥ 50,000 and ≥ 20 %: manager → director', minAmountCents: 5_000_000, minPercent: 20, steps: [manager, director] },
];
const FLOOR: AuthorityPolicy[] = [
  { id: 'f1', name: 'below floor: director', minAmountCents: 0, minPercent: null, steps: [director] },
  {
    id: 'f2',
    name: 'below floor and ≥ 50,000: manager → director',
    minAmountCents: 5_000_000,
    minPercent: null,
    steps: [manager, director],
  },
];
const policies = { discount: DISCOUNT, floor: FLOOR };

/** One line of 100 units at 10,000 CNY (floor 6,000): a priced subtotal of 1,000,000 CNY. */
const line = (over: Partial<AuthorityLine> = {}): AuthorityLine => ({
  lineNo: 1,
  productCode: 'P-1',
  quantity: 100,
  unitPriceCents: 1_000_000,
  floorUnitCents: 600_000,
  lineDiscountCents: 0,
  ...over,
});
const verdict = (lines: AuthorityLine[], totalDiscountCents = 0) => discountAuthority({ lines, totalDiscountCents, policies });

describe('R-QUO-1 discount authority', () => {
  it('R-QUO-1 no discount needs no approval', () => {
    expect(verdict([line()])).toMatchObject({ needsApproval: false, subjectType: null, reasons: [], discountCents: 0, discountBp: 0 });
  });
  it('R-QUO-1 a discount under 50,000 CNY is the rep’s own call', () => {
    expect(verdict([line({ lineDiscountCents: 4_999_999 })]).needsApproval).toBe(false);
    expect(verdict([line()], 4_999_999).needsApproval).toBe(false);
    expect(
      verdict([line({ lineDiscountCents: 2_000_000 }), line({ lineNo: 2, lineDiscountCents: 2_000_000 })], 999_999).needsApproval,
    ).toBe(false);
  });
  it('R-QUO-1 at 50,000 CNY it needs the manager: line and total discounts add up', () => {
    const result = verdict([line({ lineDiscountCents: 3_000_000 })], 2_000_000);
    expect(result).toMatchObject({
      needsApproval: true,
      subjectType: 'quote.discount',
      steps: [manager],
      discountCents: 5_000_000,
      discountBp: 500,
    });
    expect(result.reasons).toEqual([{ code: 'discount_amount', discountCents: 5_000_000, thresholdCents: 5_000_000 }]);
  });
  it('R-QUO-1 at 500,000 CNY it needs the manager then the director', () => {
    const result = verdict([line({ quantity: 1_000 })], 50_000_000);
    expect(result).toMatchObject({
      subjectType: 'quote.discount',
      steps: [manager, director],
      policyName: '≥ 500,000: manager → director',
    });
  });
  it('R-QUO-1 percent thresholds come from min_percent: ≥ 50,000 at ≥ 20 % goes to the director too', () => {
    // priced subtotal 250,000 CNY, discount 50,000 = 20 %
    const result = verdict([line({ quantity: 25, lineDiscountCents: 5_000_000 })]);
    expect(result.discountBp).toBe(2_000);
    expect(result.steps).toEqual([manager, director]);
    expect(result.reasons).toEqual([
      { code: 'discount_amount', discountCents: 5_000_000, thresholdCents: 5_000_000 },
      { code: 'discount_percent', discountPercent: 20, thresholdPercent: 20 },
    ]);
    // the same 50,000 on 260,000 CNY is 19.23 %: the plain manager row
    expect(verdict([line({ quantity: 26, lineDiscountCents: 5_000_000 })]).steps).toEqual([manager]);
    // 20 % but under 50,000 CNY: the rep's own call
    expect(verdict([line({ quantity: 24 })], 4_800_000).needsApproval).toBe(false);
  });
  it('R-QUO-1 a matrix row from 0 without a percent names the policy as the reason', () => {
    const result = discountAuthority({
      lines: [line({ lineDiscountCents: 100 })],
      totalDiscountCents: 0,
      policies: { discount: [{ id: 'x', name: 'every discount', minAmountCents: 0, minPercent: null, steps: [manager] }], floor: FLOOR },
    });
    expect(result.reasons).toEqual([{ code: 'discount_policy', discountCents: 100, policyName: 'every discount' }]);
  });
  it('R-QUO-1 below the floor always needs the director, even for a small discount', () => {
    // one unit at 10,000 CNY, floor 6,000: a 4,000.01 CNY line discount sells it under the floor
    const result = verdict([line({ quantity: 1, lineDiscountCents: 400_001 })]);
    expect(result).toMatchObject({ needsApproval: true, subjectType: 'quote.floor', steps: [director] });
    expect(result.reasons).toEqual([
      { code: 'below_floor', lines: [{ lineNo: 1, productCode: 'P-1', netUnitCents: 599_999, floorUnitCents: 600_000 }] },
    ]);
    // exactly at the floor is fine
    expect(verdict([line({ quantity: 1, lineDiscountCents: 400_000 })]).needsApproval).toBe(false);
  });
  it('R-QUO-1 below the floor with a discount past 50,000 goes manager → director and lists both reasons', () => {
    const result = verdict([line({ lineDiscountCents: 45_000_000 })]);
    expect(result.subjectType).toBe('quote.floor');
    expect(result.steps).toEqual([manager, director]);
    expect(result.reasons.map((r) => r.code)).toEqual(['below_floor', 'discount_amount', 'discount_percent']);
  });
  it('R-QUO-1 the total discount is spread over the lines: moving a line discount onto the total does not dodge the floor', () => {
    const lines = [line({ quantity: 1 }), line({ lineNo: 2, productCode: 'P-2', quantity: 1, floorUnitCents: 100_000 })];
    // subtotal 20,000 CNY; a 7,000 CNY total discount leaves 65 % of each line: 6,500 ≥ 6,000 → fine
    expect(linesBelowFloor(lines, 700_000)).toEqual([]);
    // 9,000 off leaves 55 %: line 1 at 5,500 < 6,000
    expect(linesBelowFloor(lines, 900_000)).toEqual([{ lineNo: 1, productCode: 'P-1', netUnitCents: 550_000, floorUnitCents: 600_000 }]);
    expect(verdict(lines, 900_000).subjectType).toBe('quote.floor');
  });
  it('R-QUO-1 a promotion that prices a line under the floor still needs the director', () => {
    expect(verdict([line({ unitPriceCents: 500_000 })]).subjectType).toBe('quote.floor');
  });
  it('R-QUO-1 without an active quote.floor row the quote still needs approval and says no policy applies', () => {
    const result = discountAuthority({
      lines: [line({ quantity: 1, lineDiscountCents: 500_000 })],
      totalDiscountCents: 0,
      policies: { discount: DISCOUNT, floor: [] },
    });
    expect(result).toMatchObject({ needsApproval: true, subjectType: 'quote.floor', steps: [], policyName: null });
    expect(result.reasons.at(-1)).toEqual({ code: 'no_policy', subjectType: 'quote.floor' });
  });
  it('R-QUO-1 totals: list, priced and net totals in integer cents; percent rounded half up in basis points', () => {
    const totals = quoteTotals([{ ...line({ quantity: 3, unitPriceCents: 333, lineDiscountCents: 1 }), listUnitCents: 400 }], 0);
    expect(totals).toEqual({
      listTotalCents: 1_200,
      pricedSubtotalCents: 999,
      subtotalCents: 998,
      totalDiscountCents: 0,
      totalCents: 998,
      discountCents: 1,
      discountBp: 10,
    });
  });
  it('R-QUO-1 the fingerprint changes with any line or discount and not otherwise', () => {
    const base = {
      customerId: 'c',
      priceListId: null,
      totalDiscountCents: 0,
      lines: [{ productId: 'p', quantity: 1, unitPriceCents: 100, floorUnitCents: 50, lineDiscountCents: 0 }],
    };
    const same = quoteFingerprint({ ...base, lines: [{ ...base.lines[0]! }] });
    expect(quoteFingerprint(base)).toBe(same);
    expect(quoteFingerprint({ ...base, totalDiscountCents: 1 })).not.toBe(same);
    expect(quoteFingerprint({ ...base, lines: [{ ...base.lines[0]!, lineDiscountCents: 1 }] })).not.toBe(same);
    expect(quoteFingerprint({ ...base, lines: [{ ...base.lines[0]!, quantity: 2 }] })).not.toBe(same);
    expect(quoteFingerprint({ ...base, customerId: 'd' })).not.toBe(same);
  });
});
