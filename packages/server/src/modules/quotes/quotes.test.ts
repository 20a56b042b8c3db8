import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';
import { getQuoteForContract } from './index.js';
import { expireQuotes } from './quotes.service.js';

let t: TestApp;
let ops: Client;
let rep: Client;
let manager: Client;
let director: Client;
/** 10,000 CNY a unit, floor 6,000: 100 units = 1,000,000 CNY. */
let machine: { id: string };
/** 500 CNY a unit, floor 300. */
let part: { id: string };
let buyer: { id: string; name: string };

beforeAll(async () => {
  t = await buildTestApp();
  [ops, rep, manager, director] = await Promise.all([t.loginAs('ops'), t.loginAs('rep'), t.loginAs('manager'), t.loginAs('director')]);
  machine = (
    await ops.post('/api/v1/products', {
      code: 'Q-MACH',
      name: '精密加工中心',
      nameEn: 'Precision machining centre',
      unit: '台',
      listPriceCents: 1_000_000,
      floorPriceCents: 600_000,
    })
  ).json();
  part = (
    await ops.post('/api/v1/products', { code: 'Q-PART', name: '备件包', unit: '套', listPriceCents: 50_000, floorPriceCents: 30_000 })
  ).json();
  buyer = (await rep.post('/api/v1/customers', { kind: 'organization', name: '报价测试客户有限公司', ignoreDuplicates: true })).json();
});
afterAll(() => t.close());

async function createQuote(client: Client, body: Record<string, unknown> = {}) {
  const response = await client.post('/api/v1/quotes', {
    customerId: buyer.id,
    lines: [{ productId: machine.id, quantity: 100 }],
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}
const submit = (client: Client, quote: { id: string; version: number }) =>
  client.post(`/api/v1/quotes/${quote.id}/submit`, { version: quote.version });
async function decide(client: Client, quote: { approval: { requestId: string } | null }, decision: 'approve' | 'reject') {
  const request = (await client.get(`/api/v1/approvals/${quote.approval!.requestId}`)).json();
  const response = await client.post(`/api/v1/approvals/${request.id}/decision`, {
    decision,
    version: request.version,
    comment: decision === 'reject' ? '折扣过大' : '同意',
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}
const reload = async (client: Client, id: string) => (await client.get(`/api/v1/quotes/${id}`)).json();

describe('quotes: create, price, number, revise', () => {
  it('a rep creates a draft: gap-free number BJ-YYYY-000001, priced lines, totals, default validity and terms, revision 1', async () => {
    const quote = await createQuote(rep, {
      lines: [
        { productId: machine.id, quantity: 2, lineDiscountCents: 10_000, description: '含安装调试' },
        { productId: part.id, quantity: 4 },
      ],
      totalDiscountCents: 5_000,
    });
    expect(quote.number).toMatch(/^BJ-\d{4}-\d{6}$/);
    expect(quote).toMatchObject({
      status: 'draft',
      revision: 1,
      title: buyer.name,
      customerName: buyer.name,
      ownerId: t.ids.rep,
      listTotalCents: 2_200_000,
      subtotalCents: 2_190_000,
      totalDiscountCents: 5_000,
      totalCents: 2_185_000,
      discountCents: 15_000,
      needsApproval: false,
      approvedContent: true,
      abilities: { update: true, submit: true, send: false, contract: false },
    });
    expect(quote.lines[0]).toMatchObject({
      lineNo: 1,
      productCode: 'Q-MACH',
      unit: '台',
      quantity: 2,
      unitPriceCents: 1_000_000,
      lineDiscountCents: 10_000,
      lineTotalCents: 1_990_000,
      description: '含安装调试',
      belowFloor: false,
    });
    expect(quote.validUntil).not.toBeNull();
    expect(quote.terms).toContain('增值税');
    const next = await createQuote(rep);
    expect(Number(next.number.slice(-6))).toBe(Number(quote.number.slice(-6)) + 1);
  });

  it('400 names the field: a line discount over the line total, a product that does not exist, a customer out of scope; 409 on a stale version', async () => {
    const over = await rep.post('/api/v1/quotes', {
      customerId: buyer.id,
      lines: [{ productId: part.id, quantity: 1, lineDiscountCents: 50_001 }],
    });
    expect(over.json().error.field).toBe('body.lines.0.lineDiscountCents');
    const unknown = await rep.post('/api/v1/quotes', {
      customerId: buyer.id,
      lines: [
        { productId: part.id, quantity: 1 },
        { productId: '00000000-0000-4000-8000-000000000000', quantity: 1 },
      ],
    });
    expect(unknown.json().error.field).toBe('body.lines.1.productId');
    const rep2 = await t.loginAs('rep2');
    const before = await t.snapshot();
    const foreign = await rep2.post('/api/v1/quotes', { customerId: buyer.id, lines: [{ productId: part.id, quantity: 1 }] });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.field).toBe('body.customerId');
    expect(await t.snapshot()).toBe(before);
    const quote = await createQuote(rep);
    expect((await rep.patch(`/api/v1/quotes/${quote.id}`, { version: quote.version, notes: 'a' })).statusCode).toBe(200);
    expect((await rep.patch(`/api/v1/quotes/${quote.id}`, { version: quote.version, notes: 'b' })).statusCode).toBe(409);
  });

  it('changing lines or discounts makes a new revision with a snapshot; notes alone do not', async () => {
    const quote = await createQuote(rep);
    const notes = (await rep.patch(`/api/v1/quotes/${quote.id}`, { version: quote.version, notes: '客户要求加急' })).json();
    expect(notes.revision).toBe(1);
    const changed = (
      await rep.patch(`/api/v1/quotes/${quote.id}`, { version: notes.version, lines: [{ productId: machine.id, quantity: 120 }] })
    ).json();
    expect(changed.revision).toBe(2);
    const revisions = (await rep.get(`/api/v1/quotes/${quote.id}/revisions`)).json();
    expect(revisions.map((r: { revision: number }) => r.revision)).toEqual([2, 1]);
    expect(revisions[0].lines[0]).toMatchObject({ productCode: 'Q-MACH', quantity: 120 });
    expect(revisions[1].lines[0].quantity).toBe(100);
  });
});

describe('R-QUO-1 discount authority through the approval engine', () => {
  it('R-QUO-1 a discount under 50,000 CNY is approved on submit without a request, then sent and accepted', async () => {
    const quote = await createQuote(rep, { totalDiscountCents: 4_999_900 });
    expect(quote.authority).toMatchObject({ needsApproval: false, reasons: [] });
    const submitted = (await submit(rep, quote)).json();
    expect(submitted).toMatchObject({ status: 'approved', approval: null, abilities: { send: true } });
    const sent = (await rep.post(`/api/v1/quotes/${quote.id}/send`, { version: submitted.version })).json();
    expect(sent.status).toBe('sent');
    expect(sent.sentAt).not.toBeNull();
    const accepted = await rep.post(`/api/v1/quotes/${quote.id}/accept`, { version: sent.version });
    expect(accepted.json().status).toBe('accepted');
    expect((await rep.patch(`/api/v1/quotes/${quote.id}`, { version: accepted.json().version, notes: 'x' })).statusCode).toBe(409);
  });

  it('R-QUO-1 at 50,000 CNY the rep’s manager must approve: the request carries the figures, the decision approves the quote', async () => {
    const quote = await createQuote(rep, {
      lines: [{ productId: machine.id, quantity: 100, lineDiscountCents: 3_000_000 }],
      totalDiscountCents: 2_000_000,
    });
    expect(quote.authority).toMatchObject({
      needsApproval: true,
      subjectType: 'quote.discount',
      steps: [{ role: 'manager', mode: 'line' }],
      discountCents: 5_000_000,
      discountBp: 500,
    });
    expect(quote.authority.reasons).toEqual([{ code: 'discount_amount', discountCents: 5_000_000, thresholdCents: 5_000_000 }]);
    const pending = (await submit(rep, quote)).json();
    expect(pending).toMatchObject({
      status: 'pending_approval',
      approval: { status: 'pending', currentStep: 1 },
      abilities: { send: false, update: false, withdraw: true },
    });
    const request = (await manager.get(`/api/v1/approvals/${pending.approval.requestId}`)).json();
    expect(request).toMatchObject({
      subjectType: 'quote.discount',
      subjectId: quote.id,
      amountCents: 5_000_000,
      percent: 5,
      steps: [{ role: 'manager', approverId: t.ids.manager }],
    });
    expect(request.title).toContain(quote.number);
    expect(request.details).toMatchObject({
      customerName: buyer.name,
      quoteNumber: quote.number,
      discountCents: 5_000_000,
      discountBp: 500,
      totalCents: 95_000_000,
    });
    await decide(manager, pending, 'approve');
    const approved = await reload(rep, quote.id);
    expect(approved).toMatchObject({
      status: 'approved',
      approvedContent: true,
      approval: { status: 'approved' },
      abilities: { send: true, contract: true },
    });
    const trail = await t.db.execute<{ action: string }>(
      sql`select action from audit_log where entity = 'quotes' and entity_id = ${quote.id} order by at, id`,
    );
    expect(trail.rows.map((r) => r.action)).toEqual(['create', 'update', 'approve']);
  });

  it('issue 16: the approval and its notification carry the title as a key + parameters, for each reader’s language', async () => {
    const quote = await createQuote(rep, {
      lines: [{ productId: machine.id, quantity: 100, lineDiscountCents: 3_000_000 }],
      totalDiscountCents: 2_000_000,
    });
    const pending = (await submit(rep, quote)).json();
    const request = (await manager.get(`/api/v1/approvals/${pending.approval.requestId}`)).json();
    expect(request.titleMessage).toEqual({
      key: 'quotes.messages.discountApproval',
      params: { number: quote.number, customer: buyer.name, amount: '¥50,000', percent: '5.00%' },
    });
    const inbox = (await manager.get('/api/v1/notifications')).json();
    const note = inbox.items.find((item: { link: string | null }) => item.link === `/approvals/${pending.approval.requestId}`);
    expect(note).toMatchObject({ kind: 'approval.pending', titleMessage: request.titleMessage });
  });

  it('R-QUO-1 send is refused while the approval is pending (422) and nothing changes; a rejected quote can be revised and resubmitted', async () => {
    const quote = await createQuote(rep, { totalDiscountCents: 6_000_000 });
    const pending = (await submit(rep, quote)).json();
    const before = await t.snapshot();
    const send = await rep.post(`/api/v1/quotes/${quote.id}/send`, { version: pending.version });
    expect(send.statusCode).toBe(422);
    expect(send.json().error.rule).toBe('R-QUO-1');
    const accept = await rep.post(`/api/v1/quotes/${quote.id}/accept`, { version: pending.version });
    expect(accept.statusCode).toBe(422);
    expect((await rep.patch(`/api/v1/quotes/${quote.id}`, { version: pending.version, totalDiscountCents: 1 })).statusCode).toBe(409);
    expect(await t.snapshot()).toBe(before);
    await decide(manager, pending, 'reject');
    const rejected = await reload(rep, quote.id);
    expect(rejected).toMatchObject({ status: 'rejected', approvedContent: false, abilities: { send: false, submit: true } });
    expect((await rep.post(`/api/v1/quotes/${quote.id}/send`, { version: rejected.version })).statusCode).toBe(422);
    const revised = (await rep.patch(`/api/v1/quotes/${quote.id}`, { version: rejected.version, totalDiscountCents: 1_000_000 })).json();
    expect(revised).toMatchObject({ status: 'draft', revision: 2 });
    expect((await submit(rep, revised)).json().status).toBe('approved');
  });

  it('R-QUO-1 below the floor always needs the director, even for a small discount', async () => {
    // one machine at 10,000 with a 4,500 line discount: 5,500 < floor 6,000
    const quote = await createQuote(rep, { lines: [{ productId: machine.id, quantity: 1, lineDiscountCents: 450_000 }] });
    expect(quote.belowFloor).toBe(true);
    expect(quote.lines[0].belowFloor).toBe(true);
    expect(quote.authority).toMatchObject({ needsApproval: true, subjectType: 'quote.floor', steps: [{ role: 'director', mode: 'line' }] });
    // Issue 16: the rep is told the line is below the floor, without the floor price itself.
    expect(quote.authority.reasons[0]).toEqual({
      code: 'below_floor',
      lines: [{ lineNo: 1, productCode: 'Q-MACH', netUnitCents: 550_000, floorUnitCents: null }],
    });
    const pending = (await submit(rep, quote)).json();
    const request = (await director.get(`/api/v1/approvals/${pending.approval.requestId}`)).json();
    expect(request).toMatchObject({ subjectType: 'quote.floor', steps: [{ role: 'director', approverId: t.ids.director }] });
    expect(request.details.linesBelowFloor).toEqual([{ lineNo: 1, productCode: 'Q-MACH', netUnitCents: 550_000, floorUnitCents: 600_000 }]);
    // Issue 16: the rep's own request names the line below the floor, but only the approver reads the floor price.
    const own = (await rep.get(`/api/v1/approvals/${pending.approval.requestId}`)).json();
    expect(own.details.linesBelowFloor).toEqual([{ lineNo: 1, productCode: 'Q-MACH', netUnitCents: 550_000, floorUnitCents: null }]);
    const listed = (await rep.get('/api/v1/approvals?box=mine')).json().items.find((i: { id: string }) => i.id === own.id);
    expect(listed.details.linesBelowFloor[0].floorUnitCents).toBeNull();
    // the manager cannot decide it
    expect(
      (await manager.get('/api/v1/approvals?box=inbox')).json().items.some((i: { subjectId: string }) => i.subjectId === quote.id),
    ).toBe(false);
    await decide(director, pending, 'approve');
    expect((await reload(rep, quote.id)).status).toBe('approved');
  });

  it('R-QUO-1 save-below-the-limit-then-raise trick: raising an approved small discount puts the quote back to approval', async () => {
    const quote = await createQuote(rep, { totalDiscountCents: 4_000_000 });
    const approved = (await submit(rep, quote)).json();
    expect(approved.status).toBe('approved');
    const sent = (await rep.post(`/api/v1/quotes/${quote.id}/send`, { version: approved.version })).json();
    const raised = (await rep.patch(`/api/v1/quotes/${quote.id}`, { version: sent.version, totalDiscountCents: 8_000_000 })).json();
    expect(raised).toMatchObject({
      status: 'draft',
      sentAt: null,
      approvedContent: false,
      revision: 2,
      abilities: { send: false, contract: false },
    });
    expect((await rep.post(`/api/v1/quotes/${quote.id}/send`, { version: raised.version })).statusCode).toBe(422);
    const pending = (await submit(rep, raised)).json();
    expect(pending.status).toBe('pending_approval');
    // the discount change is in the audit trail with both amounts
    const trail = await t.db.execute<{ changes: Record<string, [unknown, unknown]> }>(
      sql`select changes from audit_log where entity = 'quotes' and entity_id = ${quote.id} and changes ? 'totalDiscountCents' order by at desc limit 1`,
    );
    expect(trail.rows[0]!.changes.totalDiscountCents).toEqual([4_000_000, 8_000_000]);
  });

  it('R-QUO-1 approved content stays approved: changing it and changing it back needs no new approval', async () => {
    const quote = await createQuote(rep, { totalDiscountCents: 7_000_000 });
    const pending = (await submit(rep, quote)).json();
    await decide(manager, pending, 'approve');
    const approved = await reload(rep, quote.id);
    const raised = (await rep.patch(`/api/v1/quotes/${quote.id}`, { version: approved.version, totalDiscountCents: 9_000_000 })).json();
    expect(raised.status).toBe('draft');
    const back = (await rep.patch(`/api/v1/quotes/${quote.id}`, { version: raised.version, totalDiscountCents: 7_000_000 })).json();
    expect(back.approvedContent).toBe(true);
    const resubmitted = (await submit(rep, back)).json();
    expect(resubmitted).toMatchObject({ status: 'approved', approval: { requestId: pending.approval.requestId } });
  });

  it('R-QUO-1 copy-to-skip-approval trick: a copy of an approved quote is a new draft whose approval is not inherited', async () => {
    const quote = await createQuote(rep, { totalDiscountCents: 6_000_000 });
    const pending = (await submit(rep, quote)).json();
    await decide(manager, pending, 'approve');
    const copyResponse = await rep.post(`/api/v1/quotes/${quote.id}/copy`);
    expect(copyResponse.statusCode).toBe(201);
    const copy = copyResponse.json();
    expect(copy).toMatchObject({
      status: 'draft',
      revision: 1,
      copiedFromId: quote.id,
      copiedFromNumber: quote.number,
      approval: null,
      approvedContent: false,
      totalDiscountCents: 6_000_000,
    });
    expect(copy.number).not.toBe(quote.number);
    expect((await rep.post(`/api/v1/quotes/${copy.id}/send`, { version: copy.version })).statusCode).toBe(422);
    expect((await submit(rep, copy)).json().status).toBe('pending_approval');
  });

  it('R-QUO-1 withdrawing a pending quote cancels its request in the engine and returns it to draft', async () => {
    const quote = await createQuote(rep, { totalDiscountCents: 5_500_000 });
    const pending = (await submit(rep, quote)).json();
    const withdrawn = (await rep.post(`/api/v1/quotes/${quote.id}/withdraw`, { version: pending.version })).json();
    expect(withdrawn).toMatchObject({ status: 'draft', approval: { status: 'cancelled' }, abilities: { update: true } });
    const request = (await manager.get(`/api/v1/approvals/${pending.approval.requestId}`)).json();
    expect(request.status).toBe('cancelled');
  });

  it('R-QUO-1 the builder preview gives the same verdict before saving', async () => {
    const preview = await rep.post('/api/v1/quotes/authority-preview', {
      customerId: buyer.id,
      lines: [{ productId: machine.id, quantity: 100, lineDiscountCents: 5_000_000 }],
    });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({
      totalCents: 95_000_000,
      authority: { needsApproval: true, subjectType: 'quote.discount' },
      approvedContent: false,
    });
    const small = (
      await rep.post('/api/v1/quotes/authority-preview', { customerId: buyer.id, lines: [{ productId: part.id, quantity: 1 }] })
    ).json();
    expect(small).toMatchObject({
      authority: { needsApproval: false },
      approvedContent: true,
      lines: [{ unitPriceCents: 50_000, lineTotalCents: 50_000 }],
    });
  });
});

describe('quotes for other modules, jobs and prints', () => {
  it('getQuoteForContract: only approved content, per-unit prices after the line discount', async () => {
    const ctx = await t.ctxAs('rep');
    const draft = await createQuote(rep, { lines: [{ productId: part.id, quantity: 3, lineDiscountCents: 100 }] });
    await expect(getQuoteForContract(t.db, ctx, draft.id)).rejects.toMatchObject({ code: 'rule', details: { rule: 'R-QUO-1' } });
    const approved = (await submit(rep, draft)).json();
    const forContract = await getQuoteForContract(t.db, ctx, approved.id);
    expect(forContract).toMatchObject({
      number: draft.number,
      customerId: buyer.id,
      ownerId: t.ids.rep,
      totalCents: 149_900,
      status: 'approved',
      lines: [{ productId: part.id, quantity: 3, unitPriceCents: 49_967, lineTotalCents: 149_900 }],
    });
    await expect(getQuoteForContract(t.db, await t.ctxAs('rep2'), draft.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('the daily job expires approved and sent quotes past their validity', async () => {
    const quote = await createQuote(rep);
    const approved = (await submit(rep, quote)).json();
    await t.db.execute(sql`update quotes set valid_until = '2020-01-01' where id = ${quote.id}`);
    expect((await rep.post(`/api/v1/quotes/${quote.id}/send`, { version: approved.version })).statusCode).toBe(409);
    const ctx = await t.ctxAs('director');
    expect(await expireQuotes(ctx)).toBeGreaterThanOrEqual(1);
    expect((await reload(rep, quote.id)).status).toBe('expired');
  });

  it('the PDF prints in Chinese and English, and each print is logged', async () => {
    const quote = await createQuote(rep, {
      lines: [
        { productId: machine.id, quantity: 3, lineDiscountCents: 1_000 },
        { productId: part.id, quantity: 10 },
      ],
    });
    for (const lang of ['zh-CN', 'en-US']) {
      const response = await rep.get(`/api/v1/quotes/${quote.id}/pdf?lang=${lang}`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      expect(response.rawPayload.length).toBeGreaterThan(2_000);
    }
    const logged = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from audit_log where entity = 'quotes' and entity_id = ${quote.id} and action = 'export'`,
    );
    expect(logged.rows[0]!.n).toBe(2);
    const rep2 = await t.loginAs('rep2');
    expect((await rep2.get(`/api/v1/quotes/${quote.id}/pdf`)).statusCode).toBe(404);
  });

  it('lists filter by status and customer inside the caller’s scope', async () => {
    const list = (await rep.get(`/api/v1/quotes?customerId=${buyer.id}&status=draft&pageSize=100`)).json();
    expect(list.total).toBeGreaterThan(0);
    expect(list.items.every((q: { status: string; customerId: string }) => q.status === 'draft' && q.customerId === buyer.id)).toBe(true);
    const rep2 = await t.loginAs('rep2');
    expect((await rep2.get(`/api/v1/quotes?customerId=${buyer.id}`)).json().total).toBe(0);
    // the rep's manager sees the same quotes (their region); the other region's manager none
    const all = (await rep.get(`/api/v1/quotes?customerId=${buyer.id}&pageSize=1`)).json().total;
    expect((await manager.get(`/api/v1/quotes?customerId=${buyer.id}&pageSize=1`)).json().total).toBe(all);
    expect((await (await t.loginAs('manager2')).get(`/api/v1/quotes?customerId=${buyer.id}`)).json().total).toBe(0);
  });
});
