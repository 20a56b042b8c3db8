import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';

let t: TestApp;
let rep: Client;
let support: Client;
let productA: string;
let productB: string;

beforeAll(async () => {
  t = await buildTestApp();
  rep = await t.loginAs('rep');
  support = await t.loginAs('support');
  productA = await product('订单测试产品甲', 100_000);
  productB = await product('订单测试产品乙', 250_000);
});
afterAll(() => t.close());

async function product(name: string, listPriceCents: number): Promise<string> {
  const code = `T-${crypto.randomBytes(4).toString('hex')}`;
  const [row] = (
    await t.db.execute<{ id: string }>(
      sql`insert into products (code, name, list_price_cents, floor_price_cents) values (${code}, ${name}, ${listPriceCents}, ${Math.floor(listPriceCents / 2)}) returning id`,
    )
  ).rows;
  return row!.id;
}

let counter = 0;
async function customer(client: Client = rep) {
  counter++;
  const response = await client.post('/api/v1/customers', {
    kind: 'organization',
    name: `订单测试客户${counter}号有限公司`,
    ignoreDuplicates: true,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string };
}

/** A signed contract (the approval steps decided by their approvers), optionally with quote lines. */
async function signedContract(
  amountCents: number,
  lines: { productId: string; quantity: number; unitPriceCents: number; lineTotalCents: number }[] = [],
) {
  const c = await customer();
  let contract = (await rep.post('/api/v1/contracts', { customerId: c.id, title: '订单测试合同', amountCents })).json();
  if (lines.length) await t.db.execute(sql`update contracts set lines = ${JSON.stringify(lines)}::jsonb where id = ${contract.id}`);
  contract = (
    await rep.put(`/api/v1/contracts/${contract.id}/plan`, {
      version: contract.version,
      installments: [{ dueOn: '2026-12-31', amountCents }],
    })
  ).json();
  await rep.post(`/api/v1/contracts/${contract.id}/submit`, { version: contract.version });
  const [request] = (
    await t.db.execute<{ id: string; version: number }>(
      sql`select id, version from approval_requests where subject_id = ${contract.id} and status = 'pending'`,
    )
  ).rows;
  const supervisor = await t.loginAs('supervisor');
  const decided = await supervisor.post(`/api/v1/approvals/${request!.id}/decision`, { decision: 'approve', version: request!.version });
  expect(decided.statusCode, decided.body).toBe(200);
  return { ...(await rep.get(`/api/v1/contracts/${contract.id}`)).json(), customerId: c.id };
}

async function advance(client: Client, order: { id: string; version: number }, status: string, extra: Record<string, unknown> = {}) {
  const response = await client.post(`/api/v1/orders/${order.id}/status`, { version: order.version, status, ...extra });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

describe('orders from a contract', () => {
  it('lines default to the quote’s lines at the contract’s prices; then nothing is left to order', async () => {
    const contract = await signedContract(700_000, [
      { productId: productA, quantity: 2, unitPriceCents: 100_000, lineTotalCents: 200_000 },
      { productId: productB, quantity: 2, unitPriceCents: 250_000, lineTotalCents: 500_000 },
    ]);
    expect(contract.lines.map((l: { productName: string; orderedQuantity: number }) => [l.productName, l.orderedQuantity])).toEqual([
      ['订单测试产品甲', 0],
      ['订单测试产品乙', 0],
    ]);
    const created = await rep.post('/api/v1/orders', { contractId: contract.id });
    expect(created.statusCode, created.body).toBe(201);
    const order = created.json();
    expect(order).toMatchObject({
      status: 'pending',
      amountCents: 700_000,
      contractNumber: contract.number,
      ownerId: t.ids.rep,
      nextStatus: 'in_production',
      abilities: { advance: true, cancel: true },
    });
    expect(order.number).toMatch(/^DD-\d{4}-\d{6}$/);
    expect(
      order.lines.map((l: { productName: string; quantity: number; unitPriceCents: number }) => [
        l.productName,
        l.quantity,
        l.unitPriceCents,
      ]),
    ).toEqual([
      ['订单测试产品甲', 2, 100_000],
      ['订单测试产品乙', 2, 250_000],
    ]);
    expect(order.history).toMatchObject([{ fromStatus: null, toStatus: 'pending' }]);
    const again = await rep.post('/api/v1/orders', { contractId: contract.id });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.field).toBe('body.lines');
    const after = (await rep.get(`/api/v1/contracts/${contract.id}`)).json();
    expect(after.fulfilment).toMatchObject({ orderedCents: 700_000, orderedPercent: 100, orderableCents: 0 });
    expect(after.abilities.takeOrders).toBe(false);
    // A contract order is not a second deal: the customer's orders hold the contract once.
    expect((await rep.get(`/api/v1/customers/${contract.customerId}/orders`)).json()).toHaveLength(1);
  });

  it('ORD-OVER: the orders of a contract never exceed its amount — also when two are placed at once', async () => {
    const contract = await signedContract(300_000);
    const over = await rep.post('/api/v1/orders', { contractId: contract.id, lines: [{ productId: productB, quantity: 2 }] });
    expect(over.statusCode).toBe(422);
    expect(over.json().error).toMatchObject({
      rule: 'ORD-OVER',
      data: { contractAmountCents: 300_000, orderedCents: 0, orderCents: 500_000, availableCents: 300_000 },
    });
    const both = await Promise.all([
      rep.post('/api/v1/orders', { contractId: contract.id, lines: [{ productId: productA, quantity: 2 }] }),
      rep.post('/api/v1/orders', { contractId: contract.id, lines: [{ productId: productA, quantity: 2 }] }),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 422]);
  });

  it('a draft contract takes no orders; a contract outside the caller’s scope is a 400 on the field', async () => {
    const c = await customer();
    const draft = (await rep.post('/api/v1/contracts', { customerId: c.id, title: '草稿', amountCents: 100_000 })).json();
    const response = await rep.post('/api/v1/orders', { contractId: draft.id, lines: [{ productId: productA, quantity: 1 }] });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.rule).toBe('CON-STATUS');
    const rep2 = await t.loginAs('rep2');
    expect(
      (await rep2.post('/api/v1/orders', { contractId: draft.id, lines: [{ productId: productA, quantity: 1 }] })).json().error.field,
    ).toBe('body.contractId');
  });

  it('the first shipment starts the contract; acceptance of every order with the plan paid completes it', async () => {
    const contract = await signedContract(200_000);
    let order = (await rep.post('/api/v1/orders', { contractId: contract.id, lines: [{ productId: productA, quantity: 2 }] })).json();
    order = await advance(rep, order, 'in_production');
    order = await advance(rep, order, 'shipped', { note: '顺丰 SF1234567890' });
    expect((await rep.get(`/api/v1/contracts/${contract.id}`)).json().status).toBe('executing');
    order = await advance(rep, order, 'delivered');
    order = await advance(rep, order, 'accepted', { note: '客户签收验收' });
    expect((await rep.get(`/api/v1/contracts/${contract.id}`)).json().status).toBe('executing');
    // The plan is paid (receipts are the receivables module's); the next check completes the contract.
    await t.db.execute(sql`update payment_installments set received_cents = amount_cents where contract_id = ${contract.id}`);
    const { completeFulfilledContracts } = await import('../contracts/contracts.jobs.js');
    expect((await completeFulfilledContracts(t.db, new Date())).text).toMatch(/^[1-9]\d* contracts completed/);
    const done = (await rep.get(`/api/v1/contracts/${contract.id}`)).json();
    expect(done).toMatchObject({ status: 'completed', fulfilment: { acceptedPercent: 100, receivedPercent: 100 } });
    expect(order.history.map((h: { toStatus: string; note: string | null }) => [h.toStatus, h.note])).toEqual([
      ['pending', null],
      ['in_production', null],
      ['shipped', '顺丰 SF1234567890'],
      ['delivered', null],
      ['accepted', '客户签收验收'],
    ]);
  });
});

describe('direct orders (small deals)', () => {
  it('priced by the price list, fed to the customer’s orders and lifecycle; cancelling takes it out again', async () => {
    const c = await customer();
    const preview = await rep.post('/api/v1/orders/price', { customerId: c.id, lines: [{ productId: productA, quantity: 3 }] });
    expect(preview.json()).toMatchObject({
      totalCents: 300_000,
      directOrderMaxCents: 5_000_000,
      lines: [{ unitPriceCents: 100_000, lineTotalCents: 300_000 }],
    });
    const created = await rep.post('/api/v1/orders', { customerId: c.id, lines: [{ productId: productA, quantity: 3 }], notes: '急单' });
    expect(created.statusCode, created.body).toBe(201);
    const order = created.json();
    expect(order).toMatchObject({ contractId: null, amountCents: 300_000, notes: '急单' });
    expect((await rep.get(`/api/v1/customers/${c.id}/orders`)).json()).toMatchObject([{ amountCents: 300_000, source: 'pipeline' }]);
    expect((await rep.get(`/api/v1/customers/${c.id}`)).json().status).toBe('signed');
    await advance(rep, order, 'cancelled', { note: '客户取消' });
    expect((await rep.get(`/api/v1/customers/${c.id}/orders`)).json()).toEqual([]);
  });

  it('ORD-DIRECT-MAX: above the ceiling (a setting) a deal needs a contract', async () => {
    const c = await customer();
    const before = await t.snapshot();
    const response = await rep.post('/api/v1/orders', { customerId: c.id, lines: [{ productId: productB, quantity: 21 }] });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ rule: 'ORD-DIRECT-MAX', data: { orderCents: 5_250_000, maxCents: 5_000_000 } });
    expect(await t.snapshot()).toBe(before);
    const director = await t.loginAs('director');
    expect(
      (await director.put('/api/v1/order-settings', { numberPattern: 'DD-{YYYY}-{SEQ:6}', directOrderMaxCents: 6_000_000 })).statusCode,
    ).toBe(200);
    expect((await rep.post('/api/v1/orders', { customerId: c.id, lines: [{ productId: productB, quantity: 21 }] })).statusCode).toBe(201);
    await director.put('/api/v1/order-settings', { numberPattern: 'DD-{YYYY}-{SEQ:6}', directOrderMaxCents: 5_000_000 });
  });

  it('R-AR-2: over the credit limit only with an approved override, which is then used', async () => {
    const c = await customer();
    await t.db.execute(sql`update customers set credit_limit_cents = 200000 where id = ${c.id}`);
    const refused = await rep.post('/api/v1/orders', { customerId: c.id, lines: [{ productId: productA, quantity: 3 }] });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ rule: 'R-AR-2', data: { limitCents: 200_000, amountCents: 300_000 } });
    const [override] = (
      await t.db.execute<{ id: string }>(sql`
        insert into credit_overrides (customer_id, amount_cents, outstanding_cents, limit_cents, reason, status, requested_by_id)
        values (${c.id}, 300000, 0, 200000, '老客户', 'approved', ${t.ids.rep}) returning id`)
    ).rows;
    const created = await rep.post('/api/v1/orders', {
      customerId: c.id,
      lines: [{ productId: productA, quantity: 3 }],
      creditOverrideId: override!.id,
    });
    expect(created.statusCode, created.body).toBe(201);
    const [used] = (
      await t.db.execute<{ status: string; used_by: string }>(sql`select status, used_by from credit_overrides where id = ${override!.id}`)
    ).rows;
    expect(used).toEqual({ status: 'used', used_by: `order:${created.json().id}` });
  });

  it('400 names the field: unknown product, neither contract nor customer, bad quantity', async () => {
    const c = await customer();
    const unknown = await rep.post('/api/v1/orders', { customerId: c.id, lines: [{ productId: crypto.randomUUID(), quantity: 1 }] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.field).toBe('body.lines.0.productId');
    expect((await rep.post('/api/v1/orders', { lines: [{ productId: productA, quantity: 1 }] })).json().error.field).toBe(
      'body.contractId',
    );
    expect((await rep.post('/api/v1/orders', { customerId: c.id, lines: [{ productId: productA, quantity: 0 }] })).json().error.field).toBe(
      'body.lines.0.quantity',
    );
  });
});

describe('ORD-STATUS delivery status', () => {
  it('forward one step at a time, cancel only before shipping; 409 on a stale version; no future dates', async () => {
    const c = await customer();
    const order = (await rep.post('/api/v1/orders', { customerId: c.id, lines: [{ productId: productA, quantity: 1 }] })).json();
    const skip = await rep.post(`/api/v1/orders/${order.id}/status`, { version: order.version, status: 'shipped' });
    expect(skip.statusCode).toBe(422);
    expect(skip.json().error.rule).toBe('ORD-STATUS');
    const future = await rep.post(`/api/v1/orders/${order.id}/status`, {
      version: order.version,
      status: 'in_production',
      at: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(future.json().error.field).toBe('body.at');
    const producing = await advance(rep, order, 'in_production');
    expect((await rep.post(`/api/v1/orders/${order.id}/status`, { version: order.version, status: 'shipped' })).statusCode).toBe(409);
    const shipped = await advance(rep, producing, 'shipped');
    expect(shipped.abilities).toMatchObject({ advance: true, cancel: false });
    expect((await rep.post(`/api/v1/orders/${order.id}/status`, { version: shipped.version, status: 'cancelled' })).json().error.rule).toBe(
      'ORD-STATUS',
    );
  });

  it('support staff move the orders of the reps they support; the owner is told', async () => {
    const c = await customer();
    const order = (await rep.post('/api/v1/orders', { customerId: c.id, lines: [{ productId: productA, quantity: 1 }] })).json();
    const moved = await advance(support, order, 'in_production', { note: '已排产' });
    expect(moved.history.at(-1)).toMatchObject({ toStatus: 'in_production', note: '已排产', actorName: expect.any(String) });
    const notes = await t.db.execute<{ kind: string; body: string }>(
      sql`select kind, body from notifications where user_id = ${t.ids.rep} and link = ${`/orders/${order.id}`}`,
    );
    expect(notes.rows).toEqual([{ kind: 'orders.status', body: '已排产' }]);
    // Support may not create orders.
    expect((await support.post('/api/v1/orders', { customerId: c.id, lines: [{ productId: productA, quantity: 1 }] })).statusCode).toBe(
      403,
    );
  });
});

describe('lists', () => {
  it('"my orders" and by customer; support sees the orders of the reps they support', async () => {
    const c = await customer();
    const order = (await rep.post('/api/v1/orders', { customerId: c.id, lines: [{ productId: productA, quantity: 2 }] })).json();
    const mine = (await rep.get('/api/v1/orders?mine=true&pageSize=200')).json();
    expect(mine.items.every((o: { ownerId: string }) => o.ownerId === t.ids.rep)).toBe(true);
    expect((await rep.get(`/api/v1/orders?customerId=${c.id}`)).json().items.map((o: { id: string }) => o.id)).toEqual([order.id]);
    expect((await support.get(`/api/v1/orders?customerId=${c.id}`)).json().total).toBe(1);
    expect((await support.get('/api/v1/orders?mine=true')).json().total).toBe(0);
    const rep2 = await t.loginAs('rep2');
    expect((await rep2.get(`/api/v1/orders?customerId=${c.id}`)).json().total).toBe(0);
    expect((await rep2.get(`/api/v1/orders/${order.id}`)).statusCode).toBe(404);
    expect((await rep.get(`/api/v1/orders?q=${order.number}`)).json().items[0].id).toBe(order.id);
  });
});
