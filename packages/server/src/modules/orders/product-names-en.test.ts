import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';

// Issue 16: a product's English name reaches every place an en-US reader sees a product — the
// lines of opportunities and orders, price lists and global search — not only the catalogue and
// the quote.
let t: TestApp;
let rep: Client;
let product: { id: string; name: string; nameEn: string };
let customerId: string;
beforeAll(async () => {
  t = await buildTestApp();
  rep = await t.loginAs('rep');
  const ops = await t.loginAs('ops');
  const created = await ops.post('/api/v1/products', {
    code: 'EN-NAME-1',
    name: '英文名测试网关',
    nameEn: 'English-name test gateway',
    unit: '台',
    listPriceCents: 500_000,
    floorPriceCents: 300_000,
  });
  expect(created.statusCode, created.body).toBe(201);
  product = created.json();
  const customer = await rep.post('/api/v1/customers', { kind: 'organization', name: '英文产品名测试客户有限公司' });
  expect(customer.statusCode, customer.body).toBe(201);
  customerId = customer.json().id;
});
afterAll(() => t.close());

describe('English product names on every line', () => {
  it('an opportunity’s products carry the English name', async () => {
    const created = await rep.post('/api/v1/opportunities', {
      name: '英文产品名商机',
      customerId,
      amountCents: 500_000,
      products: [{ productId: product.id, quantity: 1, amountCents: 500_000 }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const detail = (await rep.get(`/api/v1/opportunities/${created.json().id}`)).json();
    expect(detail.products).toMatchObject([{ productName: product.name, productNameEn: product.nameEn }]);
  });

  it('an order’s lines carry the English name', async () => {
    const order = await rep.post('/api/v1/orders', { customerId, lines: [{ productId: product.id, quantity: 2 }] });
    expect(order.statusCode, order.body).toBe(201);
    const detail = (await rep.get(`/api/v1/orders/${order.json().id}`)).json();
    expect(detail.lines).toMatchObject([{ productName: product.name, productNameEn: product.nameEn }]);
  });

  it('a product found by global search carries its English name', async () => {
    const found = (await rep.get(`/api/v1/search?q=${encodeURIComponent('英文名测试')}`)).json();
    const products = found.groups.find((group: { type: string }) => group.type === 'product');
    expect(products.items[0]).toMatchObject({ title: product.name, titleEn: product.nameEn });
  });
});
