import { describe, expect, it } from 'vitest';
import { buildPricingCatalog, priceLine, type CatalogPromotion } from '../products/index.js';

const A = '00000000-0000-4000-8000-00000000000a';
const EVENT = '00000000-0000-4000-8000-0000000000e1';
const OTHER_EVENT = '00000000-0000-4000-8000-0000000000e2';

const offer = (over: Partial<CatalogPromotion> = {}): CatalogPromotion => ({
  id: '00000000-0000-4000-8000-100000000001',
  name: '会场价',
  kind: 'event',
  eventId: EVENT,
  startsOn: '2026-06-10',
  endsOn: '2026-06-12',
  productIds: [],
  memberLevels: [],
  percentOffBp: 2_000,
  amountOffCents: null,
  stackable: false,
  active: true,
  ...over,
});
const catalog = (promotions: CatalogPromotion[]) =>
  buildPricingCatalog({
    priceListId: null,
    products: [{ id: A, code: 'A', name: 'A', active: true, listPriceCents: 10_000, floorPriceCents: 6_000 }],
    promotions,
  });
const price = (promotions: CatalogPromotion[], on: string, eventIds?: ReadonlySet<string>) =>
  priceLine(catalog(promotions), { productId: A, quantity: 1 }, { on, memberLevel: null, productIdsOnQuote: new Set([A]), eventIds });

describe('R-PRC-1 event offers (issue 17 item 3)', () => {
  it('R-PRC-1 an event offer applies to an attendee of its event within its dates', () => {
    const line = price([offer()], '2026-06-11', new Set([EVENT]));
    expect(line.unitPriceCents).toBe(8_000);
    expect(line.promotions).toEqual([expect.objectContaining({ kind: 'event', discountCents: 2_000 })]);
  });
  it('R-PRC-1 an event offer does not apply to others, to another event’s attendees or outside its dates', () => {
    expect(price([offer()], '2026-06-11').unitPriceCents).toBe(10_000);
    expect(price([offer()], '2026-06-11', new Set([OTHER_EVENT])).unitPriceCents).toBe(10_000);
    expect(price([offer()], '2026-06-13', new Set([EVENT])).unitPriceCents).toBe(10_000);
  });
  it('R-PRC-1 a non-stackable event offer competes with the other promotions: the best one wins', () => {
    const seasonal = offer({ id: '00000000-0000-4000-8000-100000000002', kind: 'seasonal', eventId: null, percentOffBp: 1_000 });
    expect(price([offer(), seasonal], '2026-06-11', new Set([EVENT])).unitPriceCents).toBe(8_000);
    expect(price([offer(), seasonal], '2026-06-11').unitPriceCents).toBe(9_000);
  });
});
