import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';
import { multipartFile } from '../../test/multipart.js';
import { createContract } from './contracts.service.js';
import { sendRenewalReminders } from './contracts.jobs.js';
import { bookingsAndRevenue } from './contracts.metrics.js';

let t: TestApp;
let rep: Client;
let supervisor: Client;
let admin: Client;
let templateId: string;

const TEMPLATE =
  '甲方：{{customer.name}}\n地址：{{customer.address}}\n合同编号：{{contract.number}}\n金额：{{contract.amount}}\n签订日期：{{contract.signedOn}}\n乙方经办人：{{owner.name}}';

beforeAll(async () => {
  t = await buildTestApp();
  rep = await t.loginAs('rep');
  supervisor = await t.loginAs('supervisor');
  admin = await t.loginAs('admin');
  const template = await admin.post('/api/v1/contract-templates', { name: '标准销售合同', body: TEMPLATE });
  expect(template.statusCode, template.body).toBe(201);
  templateId = template.json().id;
});
afterAll(() => t.close());

let counter = 0;
async function customer(client: Client = rep, extra: Record<string, unknown> = {}) {
  counter++;
  const response = await client.post('/api/v1/customers', {
    kind: 'organization',
    name: `合同测试客户${counter}号有限公司`,
    address: '上海市浦东新区世纪大道 100 号',
    ignoreDuplicates: true,
    ...extra,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; status: string };
}

async function draft(client: Client, customerId: string, amountCents = 12_345_600, extra: Record<string, unknown> = {}) {
  const response = await client.post('/api/v1/contracts', { customerId, title: '年度采购合同', amountCents, templateId, ...extra });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function withPlan(client: Client, contract: { id: string; version: number; amountCents: number }) {
  const half = Math.floor(contract.amountCents / 2);
  const response = await client.put(`/api/v1/contracts/${contract.id}/plan`, {
    version: contract.version,
    installments: [
      { dueOn: '2026-06-30', amountCents: contract.amountCents - half, note: '尾款' },
      { dueOn: '2026-03-31', amountCents: half, note: '预付款' },
    ],
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function approveAll(contractId: string) {
  for (let step = 0; step < 5; step++) {
    const [{ id: requestId, status }] = (
      await t.db.execute<{ id: string; status: string }>(
        sql`select r.id, r.status from approval_requests r where r.subject_type = 'contract.sign' and r.subject_id = ${contractId} order by r.created_at desc limit 1`,
      )
    ).rows;
    if (status !== 'pending') return;
    const [{ username }] = (
      await t.db.execute<{ username: string }>(sql`
        select u.username from approval_steps s join users u on u.id = s.approver_id where s.request_id = ${requestId} and s.status = 'pending'`)
    ).rows;
    const approver = await t.loginAs(username);
    const request = (await approver.get(`/api/v1/approvals/${requestId}`)).json();
    const decided = await approver.post(`/api/v1/approvals/${requestId}/decision`, { decision: 'approve', version: request.version });
    expect(decided.statusCode, decided.body).toBe(200);
  }
}

async function signed(client: Client = rep, amountCents = 12_345_600, customerId?: string) {
  const c = customerId ?? (await customer(client)).id;
  const contract = await withPlan(client, await draft(client, c, amountCents));
  const submitted = await client.post(`/api/v1/contracts/${contract.id}/submit`, { version: contract.version });
  expect(submitted.statusCode, submitted.body).toBe(200);
  await approveAll(contract.id);
  return (await client.get(`/api/v1/contracts/${contract.id}`)).json();
}

describe('contracts: create from a template, edit the draft', () => {
  it('a rep creates a numbered draft for their customer; the merge fields fill from the customer, number, amount and owner', async () => {
    const c = await customer();
    const contract = await draft(rep, c.id);
    expect(contract).toMatchObject({
      status: 'draft',
      ownerId: t.ids.rep,
      teamName: '上海一组',
      amountCents: 12_345_600,
      templateId,
      abilities: { update: true, submit: true, takeOrders: false },
    });
    expect(contract.number).toMatch(/^HT-\d{4}-\d{6}$/);
    expect(contract.body).toBe(TEMPLATE);
    expect(contract.mergedBody).toContain(`甲方：合同测试客户${counter}号有限公司`);
    expect(contract.mergedBody).toContain('地址：上海市浦东新区世纪大道 100 号');
    expect(contract.mergedBody).toContain(`合同编号：${contract.number}`);
    expect(contract.mergedBody).toContain('金额：¥123,456.00（人民币壹拾贰万叁仟肆佰伍拾陆元整）');
    expect(contract.mergedBody).toContain('签订日期：____年__月__日');
  });

  it('400 names the field: unknown customer, end before start, unknown merge field; 409 on a stale version', async () => {
    const c = await customer();
    const bad = await rep.post('/api/v1/contracts', { customerId: c.id, title: 'x', amountCents: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('body.amountCents');
    const stranger = await customer(await t.loginAs('rep2'));
    expect((await rep.post('/api/v1/contracts', { customerId: stranger.id, title: 'x', amountCents: 100 })).json().error.field).toBe(
      'body.customerId',
    );
    expect(
      (
        await rep.post('/api/v1/contracts', {
          customerId: c.id,
          title: 'x',
          amountCents: 100,
          startsOn: '2026-05-01',
          endsOn: '2026-04-01',
        })
      ).json().error.field,
    ).toBe('body.endsOn');
    expect(
      (await rep.post('/api/v1/contracts', { customerId: c.id, title: 'x', amountCents: 100, body: '{{customer.phone}}' })).json().error
        .field,
    ).toBe('body.body');
    const contract = await draft(rep, c.id);
    const edited = await rep.patch(`/api/v1/contracts/${contract.id}`, {
      version: contract.version,
      title: '修订后的合同',
      amountCents: 20_000_000,
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ title: '修订后的合同', amountCents: 20_000_000, version: contract.version + 1 });
    expect((await rep.patch(`/api/v1/contracts/${contract.id}`, { version: contract.version, title: '旧版本' })).statusCode).toBe(409);
  });
});

describe('contracts from a quote', () => {
  it('an approved quote becomes a draft with its total, customer, owner, opportunity and lines; once only', async () => {
    const ops = await t.loginAs('ops');
    const machine = (
      await ops.post('/api/v1/products', {
        code: 'HT-MACH',
        name: '合同测试设备',
        nameEn: 'Contract test machine',
        unit: '台',
        listPriceCents: 1_000_000,
        floorPriceCents: 600_000,
      })
    ).json();
    const c = await customer();
    const draftQuote = (
      await rep.post('/api/v1/quotes', { customerId: c.id, lines: [{ productId: machine.id, quantity: 3 }], totalDiscountCents: 10_000 })
    ).json();
    const notYet = await rep.post(`/api/v1/contracts/from-quote/${draftQuote.id}`, {});
    expect(notYet.statusCode).toBe(422);
    expect(notYet.json().error.rule).toBe('R-QUO-1');
    const [opportunity] = (
      await t.db.execute<{ id: string }>(
        sql`insert into opportunities (name, customer_id, owner_id, stage) values ('报价商机', ${c.id}, ${t.ids.rep}, 'solution') returning id`,
      )
    ).rows;
    await t.db.execute(sql`update quotes set opportunity_id = ${opportunity!.id} where id = ${draftQuote.id}`);
    const quote = (await rep.post(`/api/v1/quotes/${draftQuote.id}/submit`, { version: draftQuote.version })).json();
    expect(quote.status).toBe('approved');
    const rep2 = await t.loginAs('rep2');
    expect((await rep2.post(`/api/v1/contracts/from-quote/${quote.id}`, {})).statusCode).toBe(404);
    const made = await rep.post(`/api/v1/contracts/from-quote/${quote.id}`, { templateId });
    expect(made.statusCode, made.body).toBe(201);
    const contract = made.json();
    expect(contract).toMatchObject({
      status: 'draft',
      quoteId: quote.id,
      quoteNumber: quote.number,
      opportunityId: opportunity!.id,
      customerId: c.id,
      ownerId: t.ids.rep,
      amountCents: 2_990_000,
      title: `${quote.number} 销售合同`,
    });
    expect(contract.lines).toEqual([
      {
        productId: machine.id,
        productName: '合同测试设备',
        productNameEn: 'Contract test machine',
        quantity: 3,
        orderedQuantity: 0,
        unitPriceCents: 996_666,
        lineTotalCents: 3_000_000,
      },
    ]);
    const twice = await rep.post(`/api/v1/contracts/from-quote/${quote.id}`, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.data).toMatchObject({ contractId: contract.id });
    const edit = await rep.patch(`/api/v1/contracts/${contract.id}`, { version: contract.version, amountCents: 1 });
    expect(edit.json().error.field).toBe('body.amountCents');
    const planned = await withPlan(rep, contract);
    await rep.post(`/api/v1/contracts/${contract.id}/submit`, { version: planned.version });
    await approveAll(contract.id);
    const [won] = (await t.db.execute<{ stage: string }>(sql`select stage from opportunities where id = ${opportunity!.id}`)).rows;
    expect(won!.stage).toBe('won');
    const order = await rep.post('/api/v1/orders', { contractId: contract.id });
    expect(order.statusCode, order.body).toBe(201);
    expect(order.json()).toMatchObject({ amountCents: 2_989_998, lines: [{ quantity: 3, unitPriceCents: 996_666 }] });
  });
});

describe('CON-PLAN payment plan', () => {
  it('the plan must add up to the amount; it is stored in due-date order', async () => {
    const contract = await draft(rep, (await customer()).id, 100_000);
    const short = await rep.put(`/api/v1/contracts/${contract.id}/plan`, {
      version: contract.version,
      installments: [{ dueOn: '2026-05-01', amountCents: 99_999 }],
    });
    expect(short.statusCode).toBe(422);
    expect(short.json().error).toMatchObject({ rule: 'CON-PLAN', data: { amountCents: 100_000, planCents: 99_999, differenceCents: 1 } });
    const badDate = await rep.put(`/api/v1/contracts/${contract.id}/plan`, {
      version: contract.version,
      installments: [{ dueOn: '2026-13-01', amountCents: 100_000 }],
    });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.field).toBe('body.installments.0.dueOn');
    const saved = await withPlan(rep, contract);
    expect(saved.installments.map((i: { seq: number; dueOn: string; amountCents: number }) => [i.seq, i.dueOn, i.amountCents])).toEqual([
      [1, '2026-03-31', 50_000],
      [2, '2026-06-30', 50_000],
    ]);
    expect(
      (
        await rep.put(`/api/v1/contracts/${contract.id}/plan`, {
          version: contract.version,
          installments: [{ dueOn: '2026-05-01', amountCents: 100_000 }],
        })
      ).statusCode,
    ).toBe(409);
  });

  it('submitting without a plan, or after the amount changed, is refused with CON-PLAN; nothing is written', async () => {
    const contract = await draft(rep, (await customer()).id, 100_000);
    const none = await rep.post(`/api/v1/contracts/${contract.id}/submit`, { version: contract.version });
    expect(none.statusCode).toBe(422);
    expect(none.json().error.rule).toBe('CON-PLAN');
    const planned = await withPlan(rep, contract);
    const raised = (await rep.patch(`/api/v1/contracts/${contract.id}`, { version: planned.version, amountCents: 150_000 })).json();
    const before = await t.snapshot();
    const mismatch = await rep.post(`/api/v1/contracts/${contract.id}/submit`, { version: raised.version });
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.json().error.data).toMatchObject({ amountCents: 150_000, planCents: 100_000 });
    expect(await t.snapshot()).toBe(before);
  });
});

describe('approval before signing (contract.sign)', () => {
  it('a small contract goes to the rep’s supervisor; approval signs it, feeds the customer’s orders and makes the customer signed', async () => {
    const c = await customer();
    const contract = await withPlan(rep, await draft(rep, c.id));
    const submitted = (await rep.post(`/api/v1/contracts/${contract.id}/submit`, { version: contract.version })).json();
    expect(submitted).toMatchObject({ status: 'in_approval', abilities: { update: false, withdraw: true } });
    const inbox = (await supervisor.get('/api/v1/approvals?box=inbox')).json();
    const request = inbox.items.find((i: { subjectId: string }) => i.subjectId === contract.id);
    expect(request.steps.map((s: { role: string }) => s.role)).toEqual(['supervisor']);
    expect(request.details).toMatchObject({
      contractNumber: contract.number,
      amountCents: 12_345_600,
      paymentPlan: [
        { seq: 1, dueOn: '2026-03-31', amountCents: 6_172_800 },
        { seq: 2, dueOn: '2026-06-30', amountCents: 6_172_800 },
      ],
    });
    await supervisor.post(`/api/v1/approvals/${request.id}/decision`, { decision: 'approve', version: request.version });
    const after = (await rep.get(`/api/v1/contracts/${contract.id}`)).json();
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    expect(after).toMatchObject({ status: 'signed', signedOn: today, abilities: { takeOrders: true, start: true, update: false } });
    const [year, month, dayOfMonth] = today.split('-').map(Number);
    expect(after.body).toContain(`签订日期：${year}年${month}月${dayOfMonth}日`);
    expect(after.body).not.toContain('{{');
    const orders = (await rep.get(`/api/v1/customers/${c.id}/orders`)).json();
    expect(orders).toMatchObject([{ amountCents: 12_345_600, source: 'pipeline' }]);
    expect((await rep.get(`/api/v1/customers/${c.id}`)).json().status).toBe('signed');
    const history = (await rep.get(`/api/v1/customers/${c.id}/status-history`)).json();
    expect(history.map((h: { toStatus: string }) => h.toStatus)).toEqual(['lead', 'signed']);
    const notes = await t.db.execute<{ kind: string }>(
      sql`select kind from notifications where user_id = ${t.ids.rep} and link = ${`/contracts/${contract.id}`}`,
    );
    expect(notes.rows.map((n) => n.kind)).toContain('contracts.signed');
  });

  it('the customer’s second signed contract makes it a repeat customer', async () => {
    const c = await customer();
    await signed(rep, 500_000, c.id);
    await signed(rep, 600_000, c.id);
    expect((await rep.get(`/api/v1/customers/${c.id}`)).json().status).toBe('repeat');
    expect((await rep.get(`/api/v1/customers/${c.id}/orders`)).json()).toHaveLength(2);
  });

  it('≥ 1,000,000 CNY needs the manager, then the director', async () => {
    const contract = await withPlan(rep, await draft(rep, (await customer()).id, 100_000_000));
    await rep.post(`/api/v1/contracts/${contract.id}/submit`, { version: contract.version });
    const [request] = (await t.db.execute<{ id: string }>(sql`select id from approval_requests where subject_id = ${contract.id}`)).rows;
    const steps = await t.db.execute<{ role: string }>(
      sql`select role from approval_steps where request_id = ${request!.id} order by step_no`,
    );
    expect(steps.rows.map((s) => s.role)).toEqual(['manager', 'director']);
    await approveAll(contract.id);
    expect((await rep.get(`/api/v1/contracts/${contract.id}`)).json().status).toBe('signed');
  });

  it('a rejection sends it back to draft; the owner can also withdraw it', async () => {
    const contract = await withPlan(rep, await draft(rep, (await customer()).id));
    await rep.post(`/api/v1/contracts/${contract.id}/submit`, { version: contract.version });
    const request = (await supervisor.get('/api/v1/approvals?box=inbox'))
      .json()
      .items.find((i: { subjectId: string }) => i.subjectId === contract.id);
    await supervisor.post(`/api/v1/approvals/${request.id}/decision`, {
      decision: 'reject',
      comment: '付款条件需要调整',
      version: request.version,
    });
    const rejected = (await rep.get(`/api/v1/contracts/${contract.id}`)).json();
    expect(rejected).toMatchObject({ status: 'draft', abilities: { update: true } });
    const again = (await rep.post(`/api/v1/contracts/${contract.id}/submit`, { version: rejected.version })).json();
    const withdrawn = await rep.post(`/api/v1/contracts/${contract.id}/withdraw`, { version: again.version });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json().status).toBe('draft');
    const [request2] = (
      await t.db.execute<{ status: string }>(sql`select status from approval_requests where id = ${again.approvalRequestId}`)
    ).rows;
    expect(request2!.status).toBe('cancelled');
  });

  it('R-AR-2: a contract over the customer’s credit limit is refused at submission, nothing written', async () => {
    const c = await customer();
    await t.db.execute(sql`update customers set credit_limit_cents = 10000000 where id = ${c.id}`);
    const contract = await withPlan(rep, await draft(rep, c.id, 12_000_000));
    const before = await t.snapshot();
    const response = await rep.post(`/api/v1/contracts/${contract.id}/submit`, { version: contract.version });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ rule: 'R-AR-2', data: { limitCents: 10_000_000, amountCents: 12_000_000 } });
    expect(await t.snapshot()).toBe(before);
  });

  it('signing a contract made for an opportunity moves the opportunity to won, with its stage history', async () => {
    const c = await customer();
    const [opportunity] = (
      await t.db.execute<{ id: string }>(
        sql`insert into opportunities (name, customer_id, owner_id, stage) values ('测试商机', ${c.id}, ${t.ids.rep}, 'negotiation') returning id`,
      )
    ).rows;
    const contract = await withPlan(rep, await draft(rep, c.id, 300_000));
    await t.db.execute(sql`update contracts set opportunity_id = ${opportunity!.id} where id = ${contract.id}`);
    await rep.post(`/api/v1/contracts/${contract.id}/submit`, { version: contract.version });
    await approveAll(contract.id);
    const [after] = (
      await t.db.execute<{ stage: string; probability: number }>(
        sql`select stage, probability from opportunities where id = ${opportunity!.id}`,
      )
    ).rows;
    expect(after).toEqual({ stage: 'won', probability: 100 });
    const history = await t.db.execute<{ from_stage: string; to_stage: string }>(
      sql`select from_stage, to_stage from opportunity_stage_history where opportunity_id = ${opportunity!.id}`,
    );
    expect(history.rows).toEqual([{ from_stage: 'negotiation', to_stage: 'won' }]);
  });
});

describe('CON-STATUS after signing', () => {
  it('signed → executing by hand → terminated needs a reason; no way back', async () => {
    const contract = await signed();
    const executing = await rep.post(`/api/v1/contracts/${contract.id}/status`, { version: contract.version, status: 'executing' });
    expect(executing.json().status).toBe('executing');
    const noReason = await rep.post(`/api/v1/contracts/${contract.id}/status`, { version: executing.json().version, status: 'terminated' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.field).toBe('body.reason');
    const terminated = await rep.post(`/api/v1/contracts/${contract.id}/status`, {
      version: executing.json().version,
      status: 'terminated',
      reason: '客户业务调整',
    });
    expect(terminated.json()).toMatchObject({ status: 'terminated', terminatedReason: '客户业务调整' });
    const back = await rep.post(`/api/v1/contracts/${contract.id}/status`, { version: terminated.json().version, status: 'executing' });
    expect(back.statusCode).toBe(422);
    expect(back.json().error.rule).toBe('CON-STATUS');
  });

  it('a draft cannot be completed by hand, and the plan of a signed contract cannot change', async () => {
    const contract = await draft(rep, (await customer()).id);
    expect(
      (await rep.post(`/api/v1/contracts/${contract.id}/status`, { version: contract.version, status: 'completed' })).json().error.rule,
    ).toBe('CON-STATUS');
    const done = await signed();
    const plan = await rep.put(`/api/v1/contracts/${done.id}/plan`, {
      version: done.version,
      installments: [{ dueOn: '2026-01-01', amountCents: done.amountCents }],
    });
    expect(plan.statusCode).toBe(422);
  });
});

describe('attachments (the signed scan)', () => {
  it('upload, list on the contract, download; access goes through the contract', async () => {
    const contract = await signed();
    const file = multipartFile('合同扫描件.pdf', '%PDF-1.4 signed scan');
    const uploaded = await rep.request({
      method: 'POST',
      url: `/api/v1/contracts/${contract.id}/attachments`,
      payload: file.payload,
      headers: file.headers,
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const detail = (await rep.get(`/api/v1/contracts/${contract.id}`)).json();
    expect(detail.attachments).toMatchObject([{ fileName: '合同扫描件.pdf', size: 20 }]);
    const download = await rep.get(`/api/v1/contract-attachments/${uploaded.json().id}`);
    expect(download.body).toBe('%PDF-1.4 signed scan');
    expect((await supervisor.get(`/api/v1/contract-attachments/${uploaded.json().id}`)).statusCode).toBe(200);
    const rep2 = await t.loginAs('rep2');
    expect((await rep2.get(`/api/v1/contract-attachments/${uploaded.json().id}`)).statusCode).toBe(404);
    expect((await rep.delete(`/api/v1/contract-attachments/${uploaded.json().id}`)).statusCode).toBe(200);
    expect((await rep.get(`/api/v1/contracts/${contract.id}`)).json().attachments).toEqual([]);
  });
});

describe('CON-NUM gap-free contract numbers', () => {
  it('30 contracts created at once get consecutive numbers, no gaps, no duplicates', async () => {
    const c = await customer();
    const ctx = await t.ctxAs('rep');
    const created = await Promise.all(
      Array.from({ length: 30 }, (_, i) => createContract(ctx, { customerId: c.id, title: `并发合同 ${i}`, amountCents: 1_000 + i })),
    );
    const seqs = created.map((contract) => Number(contract.number.slice(-6))).sort((a, b) => a - b);
    expect(new Set(seqs).size).toBe(30);
    expect(seqs[29]! - seqs[0]!).toBe(29);
  });

  it('a rolled-back create gives its number back', async () => {
    const c = await customer();
    const ctx = await t.ctxAs('rep');
    const first = await createContract(ctx, { customerId: c.id, title: '回滚前', amountCents: 100 });
    let taken = '';
    await expect(
      t.db.transaction(async (tx) => {
        taken = (
          await createContract({ ...ctx, db: tx as unknown as typeof ctx.db }, { customerId: c.id, title: '将被回滚', amountCents: 100 })
        ).number;
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    const next = await createContract(ctx, { customerId: c.id, title: '回滚后', amountCents: 100 });
    expect(Number(taken.slice(-6))).toBe(Number(first.number.slice(-6)) + 1);
    expect(next.number).toBe(taken);
  });

  it('the pattern is a setting: admin changes it; a pattern without {SEQ} is refused naming the field', async () => {
    const bad = await admin.put('/api/v1/contract-settings', { numberPattern: 'HT-{YYYY}', renewalReminderDays: 30 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('body.numberPattern');
    expect(
      (await admin.put('/api/v1/contract-settings', { numberPattern: 'SH{YY}{MM}-{SEQ:4}', renewalReminderDays: 45 })).statusCode,
    ).toBe(200);
    const contract = await draft(rep, (await customer()).id);
    expect(contract.number).toMatch(/^SH\d{4}-0001$/);
    await admin.put('/api/v1/contract-settings', { numberPattern: 'HT-{YYYY}-{SEQ:6}', renewalReminderDays: 30 });
  });
});

describe('contract ledger (合同台账): filters, totals, export', () => {
  let customerId: string;
  beforeAll(async () => {
    customerId = (await customer(rep, { name: '台账客户有限公司' })).id;
    const one = await signed(rep, 1_000_000, customerId);
    await signed(rep, 2_000_000, customerId);
    await draft(rep, customerId, 4_000_000, { title: '=HYPERLINK("http://evil")' });
    await t.db.execute(sql`update payment_installments set received_cents = 300000 where contract_id = ${one.id} and seq = 1`);
  });

  it('totals over every matching contract: amount, received, outstanding (signed ones only owe)', async () => {
    const ledger = (await rep.get(`/api/v1/contracts?customerId=${customerId}&pageSize=2`)).json();
    expect(ledger.items).toHaveLength(2);
    expect(ledger.total).toBe(3);
    expect(ledger.totals).toEqual({ count: 3, amountCents: 7_000_000, receivedCents: 300_000, outstandingCents: 2_700_000 });
    const signedOnly = (await rep.get(`/api/v1/contracts?customerId=${customerId}&status=signed`)).json();
    expect(signedOnly.totals).toMatchObject({ count: 2, amountCents: 3_000_000 });
    const byText = (await rep.get(`/api/v1/contracts?q=${encodeURIComponent('台账客户')}`)).json();
    expect(byText.total).toBe(3);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    expect((await rep.get(`/api/v1/contracts?customerId=${customerId}&signedFrom=${today}&signedTo=${today}`)).json().total).toBe(2);
    expect((await rep.get(`/api/v1/contracts?customerId=${customerId}&signedTo=2000-01-01`)).json().total).toBe(0);
  });

  it('expiring within N days: signed or executing contracts ending in the window', async () => {
    const contract = await signed(rep, 100_000, customerId);
    const soon = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await t.db.execute(sql`update contracts set ends_on = ${soon} where id = ${contract.id}`);
    const ledger = (await rep.get(`/api/v1/contracts?expiringWithinDays=15`)).json();
    expect(ledger.items.map((c: { id: string }) => c.id)).toEqual([contract.id]);
    expect((await rep.get(`/api/v1/contracts?expiringWithinDays=5`)).json().total).toBe(0);
  });

  it('CSV export: filtered, formula-escaped, with a totals row, and audited', async () => {
    const response = await supervisor.get(`/api/v1/contracts/export?format=csv&customerId=${customerId}&sort=amount`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const lines = response.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toContain('合同编号');
    expect(lines.some((line) => line.includes(`"'=HYPERLINK(""http://evil"")"`))).toBe(true);
    expect(lines.at(-1)).toContain('合计');
    expect(lines.at(-1)).toContain('71000.00');
    const audit = await t.db.execute<{ summary: string }>(
      sql`select summary from audit_log where action = 'export' and entity = 'contracts' order by at desc limit 1`,
    );
    expect(audit.rows[0]!.summary).toMatch(/^4 contracts exported as csv/);
  });

  it('Excel export opens as a workbook with the ledger sheet', async () => {
    const response = await supervisor.request({ method: 'GET', url: `/api/v1/contracts/export?format=xlsx&customerId=${customerId}` });
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('合同台账')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('合同编号');
    expect(sheet.rowCount).toBe(6);
    expect(sheet.getRow(6).getCell(7).value).toBe(71000);
  });

  it('a rep may not export; nothing is logged', async () => {
    const before = await t.snapshot();
    expect((await rep.get('/api/v1/contracts/export?format=csv')).statusCode).toBe(403);
    expect(await t.snapshot()).toBe(before);
  });
});

describe('templates', () => {
  it('unknown merge fields are refused; a used template cannot be deleted, only deactivated', async () => {
    const bad = await admin.post('/api/v1/contract-templates', { name: '坏模板', body: '{{customer.mobile}}' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('body.body');
    const used = await admin.delete(`/api/v1/contract-templates/${templateId}`);
    expect(used.statusCode).toBe(409);
    const spare = (await admin.post('/api/v1/contract-templates', { name: '备用模板', body: '{{today}}' })).json();
    const renamed = await admin.patch(`/api/v1/contract-templates/${spare.id}`, {
      version: spare.version,
      name: '备用模板二',
      active: false,
    });
    expect(renamed.json()).toMatchObject({ name: '备用模板二', active: false });
    expect((await rep.get('/api/v1/contract-templates')).json().map((x: { id: string }) => x.id)).not.toContain(spare.id);
    expect((await admin.delete(`/api/v1/contract-templates/${spare.id}`)).statusCode).toBe(200);
  });
});

describe('renewal reminders (续约提醒)', () => {
  it('a contract ending within the setting’s days notifies its owner and their manager, once', async () => {
    const contract = await signed();
    const soon = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    await t.db.execute(sql`update contracts set ends_on = ${soon} where id = ${contract.id}`);
    expect((await sendRenewalReminders(t.db, new Date())).text).toMatch(/^[1-9]\d* renewal reminders/);
    const recipients = await t.db.execute<{ user_id: string }>(
      sql`select user_id from notifications where kind = 'contracts.expiring' and link = ${`/contracts/${contract.id}`}`,
    );
    expect(recipients.rows.map((r) => r.user_id).sort()).toEqual([t.ids.rep, t.ids.manager].sort());
    expect((await sendRenewalReminders(t.db, new Date())).text).toBe('0 renewal reminders');
  });
});

describe('metrics: bookings, deals and the average deal (客单价)', () => {
  it('by month and by rep, inside the caller’s scope', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const repCtx = await t.ctxAs('rep');
    const mine = await bookingsAndRevenue(repCtx, { from: today, to: today, groupBy: 'owner' });
    expect(mine).toHaveLength(1);
    expect(mine[0]!.key).toBe(t.ids.rep);
    expect(mine[0]!.averageDealCents).toBe(Math.round(mine[0]!.bookingsCents / mine[0]!.deals));
    const rep2 = await t.loginAs('rep2');
    await signed(rep2, 777_700);
    const rep2Rows = (await rep2.get(`/api/v1/contracts/metrics?from=${today}&to=${today}&groupBy=month`)).json();
    expect(rep2Rows).toEqual([
      {
        key: today.slice(0, 7),
        label: today.slice(0, 7),
        bookingsCents: 777_700,
        deals: 1,
        contracts: 1,
        directOrders: 0,
        revenueCents: 0,
        averageDealCents: 777_700,
      },
    ]);
    const director = await bookingsAndRevenue(await t.ctxAs('director'), { from: today, to: today, groupBy: 'team' });
    expect(director.map((row) => row.label)).toEqual(expect.arrayContaining(['上海一组', '深圳组']));
  });
});
