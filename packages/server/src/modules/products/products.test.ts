import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';

let t: TestApp;
let ops: Client;
let rep: Client;
beforeAll(async () => {
  t = await buildTestApp();
  ops = await t.loginAs('ops');
  rep = await t.loginAs('rep');
});
afterAll(() => t.close());

let seq = 0;
async function product(body: Record<string, unknown> = {}) {
  seq++;
  const response = await ops.post('/api/v1/products', {
    code: `PT-${seq}`,
    name: `测试产品${seq}`,
    unit: '台',
    listPriceCents: 100_000,
    floorPriceCents: 60_000,
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}
async function customer(client: Client, body: Record<string, unknown> = {}) {
  seq++;
  const response = await client.post('/api/v1/customers', {
    kind: 'organization',
    name: `定价客户${seq}号`,
    ignoreDuplicates: true,
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

describe('products: catalogue administration', () => {
  it('lines, categories and products; search by Chinese substring and filter by line', async () => {
    const line = (await ops.post('/api/v1/product-lines', { code: 'PL-IND', name: '工业设备' })).json();
    const category = (await ops.post('/api/v1/product-categories', { lineId: line.id, name: '数控机床' })).json();
    const made = await product({ name: '五轴联动数控机床', nameEn: '5-axis CNC', categoryId: category.id });
    expect(made).toMatchObject({ categoryName: '数控机床', lineName: '工业设备', unit: '台', tiers: [], abilities: { update: true } });
    const found = (await rep.get(`/api/v1/products?q=${encodeURIComponent('联动')}`)).json();
    expect(found.items.map((p: { id: string }) => p.id)).toEqual([made.id]);
    expect(found.items[0].abilities.update).toBe(false);
    const byLine = (await rep.get(`/api/v1/products?lineId=${line.id}`)).json();
    expect(byLine.total).toBe(1);
    const lines = (await rep.get('/api/v1/product-lines')).json();
    expect(lines.find((l: { id: string }) => l.id === line.id).categories).toEqual([
      { id: category.id, name: '数控机床', sort: 0, productCount: 1 },
    ]);
    expect((await ops.delete(`/api/v1/product-categories/${category.id}`)).statusCode).toBe(409);
  });

  it('400 names the field: floor above list price, duplicate code is 409, stale version is 409', async () => {
    const bad = await ops.post('/api/v1/products', { code: 'PT-BAD', name: 'x', listPriceCents: 100, floorPriceCents: 200 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('body.floorPriceCents');
    const made = await product();
    const dup = await ops.post('/api/v1/products', { code: made.code.toLowerCase(), name: 'x', listPriceCents: 100, floorPriceCents: 50 });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.field).toBe('body.code');
    expect((await ops.patch(`/api/v1/products/${made.id}`, { version: made.version, listPriceCents: 120_000 })).statusCode).toBe(200);
    expect((await ops.patch(`/api/v1/products/${made.id}`, { version: made.version, listPriceCents: 130_000 })).statusCode).toBe(409);
  });

  it('R-PRC-1 ladder tiers are replaced as a whole, refuse duplicates and prices below the floor, and are audited', async () => {
    const made = await product();
    const dup = await ops.put(`/api/v1/products/${made.id}/tiers`, {
      version: made.version,
      tiers: [
        { minQuantity: 10, unitPriceCents: 90_000 },
        { minQuantity: 10, unitPriceCents: 80_000 },
      ],
    });
    expect(dup.json().error.field).toBe('body.tiers.1.minQuantity');
    const low = await ops.put(`/api/v1/products/${made.id}/tiers`, {
      version: made.version,
      tiers: [{ minQuantity: 10, unitPriceCents: 50_000 }],
    });
    expect(low.json().error.field).toBe('body.tiers.0.unitPriceCents');
    const saved = await ops.put(`/api/v1/products/${made.id}/tiers`, {
      version: made.version,
      tiers: [
        { minQuantity: 50, unitPriceCents: 80_000 },
        { minQuantity: 10, unitPriceCents: 90_000 },
      ],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().tiers.map((tier: { minQuantity: number }) => tier.minQuantity)).toEqual([10, 50]);
    const audit = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from audit_log where entity = 'products' and entity_id = ${made.id} and changes ? 'tiers'`,
    );
    expect(audit.rows[0]!.n).toBe(1);
  });

  it('a product used by nothing can be deleted; catalogue writes are refused to reps without a trace', async () => {
    const made = await product();
    const before = await t.snapshot();
    expect((await rep.patch(`/api/v1/products/${made.id}`, { version: made.version, name: 'x' })).statusCode).toBe(403);
    expect(
      (
        await rep.post('/api/v1/promotions', {
          name: 'x',
          kind: 'seasonal',
          startsOn: '2026-01-01',
          endsOn: '2026-01-31',
          percentOffBp: 100,
        })
      ).statusCode,
    ).toBe(403);
    expect(await t.snapshot()).toBe(before);
    expect((await ops.delete(`/api/v1/products/${made.id}?version=${made.version}`)).statusCode).toBe(200);
    expect((await rep.get(`/api/v1/products/${made.id}`)).statusCode).toBe(404);
  });

  it('promotions validate their shape per kind', async () => {
    const a = await product();
    const both = await ops.post('/api/v1/promotions', {
      name: 'x',
      kind: 'seasonal',
      startsOn: '2026-01-01',
      endsOn: '2026-01-31',
      percentOffBp: 100,
      amountOffCents: 100,
    });
    expect(both.json().error.field).toBe('body.percentOffBp');
    const backwards = await ops.post('/api/v1/promotions', {
      name: 'x',
      kind: 'seasonal',
      startsOn: '2026-02-01',
      endsOn: '2026-01-31',
      percentOffBp: 100,
    });
    expect(backwards.json().error.field).toBe('body.endsOn');
    const lonely = await ops.post('/api/v1/promotions', {
      name: 'x',
      kind: 'bundle',
      startsOn: '2026-01-01',
      endsOn: '2026-01-31',
      productIds: [a.id],
      percentOffBp: 100,
    });
    expect(lonely.json().error.field).toBe('body.productIds');
    const noLevels = await ops.post('/api/v1/promotions', {
      name: 'x',
      kind: 'member',
      startsOn: '2026-01-01',
      endsOn: '2026-01-31',
      percentOffBp: 100,
    });
    expect(noLevels.json().error.field).toBe('body.memberLevels');
  });
});

describe('R-PRC-1 pricing preview', () => {
  it('R-PRC-1 the default price list, its items and tiers, and the customer’s member level price the lines', async () => {
    const a = await product({ listPriceCents: 10_000, floorPriceCents: 5_000 });
    const b = await product({ listPriceCents: 20_000, floorPriceCents: 10_000 });
    const list = (await ops.post('/api/v1/price-lists', { code: `STD-${seq}`, name: '标准价目表', isDefault: true })).json();
    expect(
      (
        await ops.put(`/api/v1/price-lists/${list.id}/items`, {
          version: list.version,
          items: [{ productId: a.id, unitPriceCents: 9_500, floorPriceCents: 6_000 }],
        })
      ).statusCode,
    ).toBe(200);
    const tiered = await ops.put(`/api/v1/products/${a.id}/tiers`, {
      version: a.version,
      tiers: [
        { minQuantity: 10, unitPriceCents: 9_000 },
        { priceListId: list.id, minQuantity: 20, unitPriceCents: 8_500 },
      ],
    });
    expect(tiered.statusCode, tiered.body).toBe(200);
    const member = await ops.post('/api/v1/promotions', {
      name: '金卡会员价',
      kind: 'member',
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
      memberLevels: ['金卡会员'],
      percentOffBp: 1_000,
      stackable: true,
    });
    expect(member.statusCode, member.body).toBe(201);
    const buyer = await customer(rep);
    await t.db.execute(sql`insert into customer_rfm (customer_id, loyalty_level) values (${buyer.id}, '金卡会员')`);
    const preview = await rep.post('/api/v1/pricing/preview', {
      customerId: buyer.id,
      on: '2026-06-01',
      lines: [
        { productId: a.id, quantity: 15 },
        { productId: a.id, quantity: 20 },
        { productId: b.id, quantity: 1 },
      ],
    });
    expect(preview.statusCode, preview.body).toBe(200);
    const body = preview.json();
    expect(body.priceListId).toBe(list.id);
    // 15: list-specific tiers exist for A, so the general min-10 tier does not apply → 9,500 − 10 %
    // Issue 16: a rep prices lines without seeing their floor (the products.floor field permission).
    expect(body.lines[0]).toMatchObject({ listUnitCents: 9_500, unitPriceCents: 8_550, floorUnitCents: null, tierMinQuantity: null });
    expect(body.lines[1]).toMatchObject({ unitPriceCents: 7_650, tierMinQuantity: 20, lineTotalCents: 153_000 });
    expect(body.lines[2]).toMatchObject({ listUnitCents: 20_000, unitPriceCents: 18_000, floorUnitCents: null });
    expect(body.lines[2].promotions).toEqual([expect.objectContaining({ name: '金卡会员价', kind: 'member', discountCents: 2_000 })]);
    // outside the promotion's dates
    const later = (
      await rep.post('/api/v1/pricing/preview', { customerId: buyer.id, on: '2027-01-01', lines: [{ productId: b.id, quantity: 1 }] })
    ).json();
    expect(later.lines[0].unitPriceCents).toBe(20_000);
    await ops.patch(`/api/v1/price-lists/${list.id}`, { version: list.version + 1, isDefault: false });
  });

  it('R-PRC-1 an inactive product is a 400 naming the line; a customer outside the caller’s scope is refused', async () => {
    const off = await product({ active: false });
    const buyer = await customer(rep);
    const response = await rep.post('/api/v1/pricing/preview', {
      customerId: buyer.id,
      lines: [
        { productId: (await product()).id, quantity: 1 },
        { productId: off.id, quantity: 1 },
      ],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe('body.lines.1.productId');
    const rep2 = await t.loginAs('rep2');
    const foreign = await rep2.post('/api/v1/pricing/preview', { customerId: buyer.id, lines: [{ productId: off.id, quantity: 1 }] });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.field).toBe('body.customerId');
  });
});
