import { describe, expect, it } from 'vitest';
import { buildPricingCatalog, priceLine, type CatalogPromotion, type CatalogTier, type PricingCatalogInput } from './pricing.js';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';
const LIST = '00000000-0000-4000-8000-0000000000f1';
const OTHER_LIST = '00000000-0000-4000-8000-0000000000f2';

const product = (id: string, listPriceCents: number, floorPriceCents: number) => ({
  id,
  code: id.slice(-4),
  name: `P${id.slice(-1)}`,
  active: true,
  listPriceCents,
  floorPriceCents,
});
const tier = (productId: string, minQuantity: number, unitPriceCents: number, priceListId: string | null = null): CatalogTier => ({
  productId,
  priceListId,
  minQuantity,
  unitPriceCents,
});
let promoSeq = 0;
const promo = (over: Partial<CatalogPromotion>): CatalogPromotion => ({
  id: `00000000-0000-4000-8000-1000000000${String(++promoSeq).padStart(2, '0')}`,
  name: `promo ${promoSeq}`,
  kind: 'seasonal',
  startsOn: '2026-06-01',
  endsOn: '2026-06-30',
  productIds: [],
  memberLevels: [],
  percentOffBp: null,
  amountOffCents: null,
  stackable: false,
  active: true,
  ...over,
});

const baseInput: PricingCatalogInput = {
  priceListId: null,
  products: [product(A, 10_000, 6_000), product(B, 5_000, 3_000), product(C, 101, 50)],
  tiers: [tier(A, 10, 9_000), tier(A, 50, 8_000), tier(A, 100, 7_000)],
};
const ctx = (over: Partial<{ on: string; memberLevel: string | null; productIdsOnQuote: ReadonlySet<string> }> = {}) => ({
  on: '2026-06-15',
  memberLevel: null,
  productIdsOnQuote: new Set([A]),
  ...over,
});
const unit = (input: PricingCatalogInput, productId: string, quantity: number, context = ctx()) =>
  priceLine(buildPricingCatalog(input), { productId, quantity }, context);

describe('R-PRC-1 ladder tiers', () => {
  const cases: [number, number, number | null][] = [
    [1, 10_000, null],
    [9, 10_000, null],
    [10, 9_000, 10],
    [11, 9_000, 10],
    [49, 9_000, 10],
    [50, 8_000, 50],
    [51, 8_000, 50],
    [99, 8_000, 50],
    [100, 7_000, 100],
    [101, 7_000, 100],
    [100_000, 7_000, 100],
  ];
  for (const [quantity, price, min] of cases) {
    it(`R-PRC-1 quantity ${quantity} → unit ${price} (tier ${min ?? 'none'})`, () => {
      const line = unit(baseInput, A, quantity);
      expect(line.unitPriceCents).toBe(price);
      expect(line.tierMinQuantity).toBe(min);
      expect(line.listUnitCents).toBe(10_000);
      expect(line.lineTotalCents).toBe(price * quantity);
      expect(line.promotions).toEqual([]);
    });
  }
  it('R-PRC-1 tiers given out of order are still matched by the highest min ≤ quantity', () => {
    const line = unit({ ...baseInput, tiers: [tier(A, 100, 7_000), tier(A, 10, 9_000), tier(A, 50, 8_000)] }, A, 60);
    expect(line.unitPriceCents).toBe(8_000);
    expect(line.tierMinQuantity).toBe(50);
  });
  it('R-PRC-1 a product without tiers keeps its list price at any quantity', () => {
    expect(unit(baseInput, B, 1_000).unitPriceCents).toBe(5_000);
  });
});

describe('R-PRC-1 price list vs product price', () => {
  it('R-PRC-1 the price list item price and floor replace the product list price and floor', () => {
    const line = unit({ ...baseInput, priceListId: LIST, items: [{ productId: B, unitPriceCents: 4_500, floorPriceCents: 2_500 }] }, B, 1);
    expect(line).toMatchObject({ listUnitCents: 4_500, unitPriceCents: 4_500, floorUnitCents: 2_500 });
  });
  it('R-PRC-1 a price list item without a floor keeps the product floor', () => {
    const line = unit({ ...baseInput, priceListId: LIST, items: [{ productId: B, unitPriceCents: 4_500, floorPriceCents: null }] }, B, 1);
    expect(line.floorUnitCents).toBe(3_000);
  });
  it('R-PRC-1 a product not on the price list uses its own list price and floor', () => {
    const line = unit({ ...baseInput, priceListId: LIST, items: [{ productId: A, unitPriceCents: 9_500, floorPriceCents: null }] }, B, 1);
    expect(line).toMatchObject({ listUnitCents: 5_000, unitPriceCents: 5_000, floorUnitCents: 3_000 });
  });
  it('R-PRC-1 price-list tiers win over general tiers; general tiers apply when the list has none', () => {
    const input: PricingCatalogInput = {
      ...baseInput,
      priceListId: LIST,
      items: [{ productId: A, unitPriceCents: 9_800, floorPriceCents: null }],
      tiers: [...baseInput.tiers!, tier(A, 20, 8_500, LIST), tier(B, 10, 4_000), tier(B, 10, 3_900, OTHER_LIST)],
    };
    // A: list-specific ladder only (the general min-10 tier no longer applies).
    expect(unit(input, A, 15)).toMatchObject({ unitPriceCents: 9_800, tierMinQuantity: null, listUnitCents: 9_800 });
    expect(unit(input, A, 20)).toMatchObject({ unitPriceCents: 8_500, tierMinQuantity: 20 });
    expect(unit(input, A, 500)).toMatchObject({ unitPriceCents: 8_500, tierMinQuantity: 20 });
    // B: no LIST tiers → the general one; another list's tier never applies.
    expect(unit(input, B, 10)).toMatchObject({ unitPriceCents: 4_000, tierMinQuantity: 10 });
  });
  it('R-PRC-1 with no price list, tiers of a price list do not apply', () => {
    expect(unit({ ...baseInput, tiers: [tier(B, 10, 3_900, LIST)] }, B, 10).unitPriceCents).toBe(5_000);
  });
});

describe('R-PRC-1 promotions', () => {
  it('R-PRC-1 seasonal on all products: percent off in basis points of the ladder price', () => {
    const line = unit({ ...baseInput, promotions: [promo({ percentOffBp: 1_000 })] }, A, 10);
    expect(line.unitPriceCents).toBe(8_100);
    expect(line.promotions).toEqual([expect.objectContaining({ kind: 'seasonal', discountCents: 900 })]);
    expect(line.lineTotalCents).toBe(81_000);
  });
  it('R-PRC-1 seasonal on listed products only', () => {
    const input = { ...baseInput, promotions: [promo({ productIds: [B], amountOffCents: 500 })] };
    expect(unit(input, A, 1).unitPriceCents).toBe(10_000);
    expect(unit(input, B, 1).unitPriceCents).toBe(4_500);
  });
  it('R-PRC-1 date boundaries are inclusive', () => {
    const input = { ...baseInput, promotions: [promo({ percentOffBp: 1_000 })] };
    expect(unit(input, A, 1, ctx({ on: '2026-05-31' })).unitPriceCents).toBe(10_000);
    expect(unit(input, A, 1, ctx({ on: '2026-06-01' })).unitPriceCents).toBe(9_000);
    expect(unit(input, A, 1, ctx({ on: '2026-06-30' })).unitPriceCents).toBe(9_000);
    expect(unit(input, A, 1, ctx({ on: '2026-07-01' })).unitPriceCents).toBe(10_000);
  });
  it('R-PRC-1 inactive promotions never apply', () => {
    expect(unit({ ...baseInput, promotions: [promo({ percentOffBp: 1_000, active: false })] }, A, 1).unitPriceCents).toBe(10_000);
  });
  it('R-PRC-1 bundle applies only when every bundled product is on the quote, and only to bundled lines', () => {
    const input = { ...baseInput, promotions: [promo({ kind: 'bundle', productIds: [A, B], amountOffCents: 1_000 })] };
    expect(unit(input, A, 1, ctx({ productIdsOnQuote: new Set([A]) })).unitPriceCents).toBe(10_000);
    expect(unit(input, A, 1, ctx({ productIdsOnQuote: new Set([A, B]) })).unitPriceCents).toBe(9_000);
    expect(unit(input, B, 1, ctx({ productIdsOnQuote: new Set([A, B, C]) })).unitPriceCents).toBe(4_000);
    expect(unit(input, C, 1, ctx({ productIdsOnQuote: new Set([A, B, C]) })).unitPriceCents).toBe(101);
  });
  it('R-PRC-1 member promotion applies only to the listed loyalty levels', () => {
    const input = { ...baseInput, promotions: [promo({ kind: 'member', memberLevels: ['gold', 'platinum'], percentOffBp: 500 })] };
    expect(unit(input, A, 1, ctx({ memberLevel: null })).unitPriceCents).toBe(10_000);
    expect(unit(input, A, 1, ctx({ memberLevel: 'silver' })).unitPriceCents).toBe(10_000);
    expect(unit(input, A, 1, ctx({ memberLevel: 'gold' })).unitPriceCents).toBe(9_500);
    expect(unit(input, A, 1, ctx({ memberLevel: 'gold' })).promotions[0]!.kind).toBe('member');
  });
  it('R-PRC-1 non-stackable promotions: only the single best one applies', () => {
    const input = {
      ...baseInput,
      promotions: [
        promo({ percentOffBp: 1_000, name: 'ten' }),
        promo({ amountOffCents: 1_500, name: 'fifteen-yuan' }),
        promo({ kind: 'member', memberLevels: ['gold'], percentOffBp: 1_200, name: 'gold' }),
      ],
    };
    const line = unit(input, A, 1, ctx({ memberLevel: 'gold' }));
    expect(line.unitPriceCents).toBe(8_500);
    expect(line.promotions.map((p) => p.name)).toEqual(['fifteen-yuan']);
  });
  it('R-PRC-1 stackable promotions add on top of the best non-stackable one, each measured on the ladder price', () => {
    const input = {
      ...baseInput,
      promotions: [
        promo({ percentOffBp: 1_000, name: 'season' }),
        promo({ percentOffBp: 500, name: 'small' }),
        promo({ kind: 'member', memberLevels: ['gold'], amountOffCents: 300, stackable: true, name: 'gold' }),
        promo({ amountOffCents: 200, stackable: true, name: 'extra' }),
      ],
    };
    const line = unit(input, A, 10, ctx({ memberLevel: 'gold' }));
    // ladder 9,000 − 10% (900) − 300 − 200
    expect(line.unitPriceCents).toBe(7_600);
    expect(line.promotions.map((p) => [p.name, p.discountCents])).toEqual([
      ['season', 900],
      ['gold', 300],
      ['extra', 200],
    ]);
  });
  it('R-PRC-1 stackable promotions alone apply without a non-stackable one', () => {
    const line = unit(
      { ...baseInput, promotions: [promo({ amountOffCents: 100, stackable: true }), promo({ percentOffBp: 100, stackable: true })] },
      B,
      1,
    );
    expect(line.unitPriceCents).toBe(5_000 - 100 - 50);
  });
  it('R-PRC-1 the price never goes below 0', () => {
    const input = {
      ...baseInput,
      promotions: [
        promo({ amountOffCents: 4_000 }),
        promo({ amountOffCents: 3_000, stackable: true }),
        promo({ percentOffBp: 2_000, stackable: true }),
      ],
    };
    const line = unit(input, B, 3);
    expect(line.unitPriceCents).toBe(0);
    expect(line.lineTotalCents).toBe(0);
    expect(line.promotions.reduce((sum, p) => sum + p.discountCents, 0)).toBe(5_000);
    expect(unit({ ...baseInput, promotions: [promo({ amountOffCents: 999_999 })] }, B, 1).unitPriceCents).toBe(0);
  });
  it('R-PRC-1 percent discounts are rounded half up to a cent per unit', () => {
    // 101 × 5% = 5.05 → 5; 101 × 50% = 50.5 → 51; 101 × 15% = 15.15 → 15
    expect(unit({ ...baseInput, promotions: [promo({ percentOffBp: 500 })] }, C, 7).unitPriceCents).toBe(96);
    expect(unit({ ...baseInput, promotions: [promo({ percentOffBp: 5_000 })] }, C, 7)).toMatchObject({
      unitPriceCents: 50,
      lineTotalCents: 350,
    });
    expect(unit({ ...baseInput, promotions: [promo({ percentOffBp: 1_500 })] }, C, 1).unitPriceCents).toBe(86);
  });
  it('R-PRC-1 combination: price list + its ladder + bundle + stackable member promotion', () => {
    const input: PricingCatalogInput = {
      priceListId: LIST,
      products: baseInput.products,
      items: [{ productId: A, unitPriceCents: 9_600, floorPriceCents: 5_500 }],
      tiers: [tier(A, 50, 8_000, LIST), tier(A, 10, 9_000)],
      promotions: [
        promo({ kind: 'bundle', productIds: [A, B], percentOffBp: 500 }),
        promo({ kind: 'seasonal', percentOffBp: 300 }),
        promo({ kind: 'member', memberLevels: ['gold'], amountOffCents: 100, stackable: true }),
        promo({ kind: 'seasonal', percentOffBp: 9_000, endsOn: '2026-06-14' }),
      ],
    };
    const line = unit(input, A, 50, ctx({ memberLevel: 'gold', productIdsOnQuote: new Set([A, B]) }));
    // 8,000 (list tier) − 5% bundle (400, beats 3% seasonal; the 90% one ended yesterday) − 100 member
    expect(line).toMatchObject({
      listUnitCents: 9_600,
      floorUnitCents: 5_500,
      tierMinQuantity: 50,
      unitPriceCents: 7_500,
      lineTotalCents: 375_000,
    });
    expect(line.promotions.map((p) => p.kind)).toEqual(['bundle', 'member']);
  });
  it('R-PRC-1 an unknown product is a 400 on productId', () => {
    expect(() => unit(baseInput, '00000000-0000-4000-8000-999999999999', 1)).toThrow(
      expect.objectContaining({ code: 'validation', details: { field: 'productId' } }),
    );
  });
});
