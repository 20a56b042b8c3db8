import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';
import { companyToday } from './aging.js';
import { insertContract, insertCustomer } from './test-fixtures.js';
import { sendOverdueWarnings } from './overdue-warnings.js';
import { dso } from './receivables.metrics.js';

let t: TestApp;
let finance: Client;
let rep: Client;
let rep2: Client;
let director: Client;
let today: string;

beforeAll(async () => {
  t = await buildTestApp();
  [finance, rep, rep2, director] = await Promise.all([t.loginAs('finance'), t.loginAs('rep'), t.loginAs('rep2'), t.loginAs('director')]);
  today = companyToday(new Date(), 'Asia/Shanghai');
});
afterAll(() => t.close());

const daysAgo = (n: number, from = today) => new Date(Date.parse(`${from}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
const key = () => `rk-${crypto.randomUUID()}`;

async function contractFor(
  owner: string,
  installments: { dueOn: string; amountCents: number; receivedCents?: number }[],
  status: 'signed' | 'draft' | 'executing' = 'signed',
) {
  const customer = await insertCustomer(t.db, { ownerId: t.ids[owner]! });
  const contract = await insertContract(t.db, { customerId: customer.id, ownerId: t.ids[owner]!, status, installments });
  return { customer, ...contract };
}

async function installment(id: string) {
  return (
    await t.db.execute<{
      received_cents: number;
      written_off_cents: number;
      invoiced_cents: number;
      settled_on: string | null;
      warned_days: number;
    }>(sql`select received_cents, written_off_cents, invoiced_cents, settled_on, warned_days from payment_installments where id = ${id}`)
  ).rows[0]!;
}

describe('receipts (回款)', () => {
  it('finance records a receipt: received grows, the installment settles when paid in full, the receipt is audited', async () => {
    const c = await contractFor('rep', [{ dueOn: daysAgo(-10), amountCents: 10_000 }]);
    const first = await finance.post('/api/v1/receipts', {
      installmentId: c.installmentIds[0],
      amountCents: 4_000,
      receivedOn: today,
      method: 'bank_transfer',
      reference: 'HX-001',
      idempotencyKey: key(),
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      amountCents: 4_000,
      contractNumber: c.number,
      installmentSeq: 1,
      customerName: c.customer.name,
      method: 'bank_transfer',
      reference: 'HX-001',
    });
    expect(await installment(c.installmentIds[0]!)).toMatchObject({ received_cents: 4_000, settled_on: null });
    const second = await finance.post('/api/v1/receipts', {
      installmentId: c.installmentIds[0],
      amountCents: 6_000,
      receivedOn: today,
      method: 'cash',
      idempotencyKey: key(),
    });
    expect(second.statusCode).toBe(201);
    expect(await installment(c.installmentIds[0]!)).toMatchObject({ received_cents: 10_000, settled_on: today });
    const audit = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from audit_log where entity = 'receipts' and entity_id in (${first.json().id}, ${second.json().id})`,
    );
    expect(audit.rows[0]!.n).toBe(2);
  });

  it('AR-OVERPAY: more than the outstanding amount is refused naming the field, and nothing is written', async () => {
    const c = await contractFor('rep', [{ dueOn: today, amountCents: 5_000, receivedCents: 3_000 }]);
    const before = await t.snapshot();
    const response = await finance.post('/api/v1/receipts', {
      installmentId: c.installmentIds[0],
      amountCents: 2_001,
      receivedOn: today,
      method: 'cash',
      idempotencyKey: key(),
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ rule: 'AR-OVERPAY', field: 'body.amountCents', data: { outstandingCents: 2_000 } });
    expect(await t.snapshot()).toBe(before);
  });

  it('a draft contract takes no receipts; bad input names the field', async () => {
    const c = await contractFor('rep', [{ dueOn: today, amountCents: 5_000 }], 'draft');
    const response = await finance.post('/api/v1/receipts', {
      installmentId: c.installmentIds[0],
      amountCents: 100,
      receivedOn: today,
      method: 'cash',
      idempotencyKey: key(),
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.field).toBe('body.installmentId');
    const bad = await finance.post('/api/v1/receipts', {
      installmentId: c.installmentIds[0],
      amountCents: 0,
      receivedOn: today,
      method: 'cash',
      idempotencyKey: key(),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('body.amountCents');
    const badDate = await finance.post('/api/v1/receipts', {
      installmentId: c.installmentIds[0],
      amountCents: 1,
      receivedOn: '2026-13-01',
      method: 'cash',
      idempotencyKey: key(),
    });
    expect(badDate.json().error.field).toBe('body.receivedOn');
  });

  it('idempotency: the same key and body returns the first receipt (200, same body, one row); a different body under the key is 409', async () => {
    const c = await contractFor('rep', [{ dueOn: today, amountCents: 50_000 }]);
    const body = {
      installmentId: c.installmentIds[0],
      amountCents: 1_000,
      receivedOn: today,
      method: 'bank_transfer',
      reference: 'R-1',
      idempotencyKey: key(),
    };
    const first = await finance.post('/api/v1/receipts', body);
    expect(first.statusCode).toBe(201);
    const again = await finance.post('/api/v1/receipts', body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    const before = await t.snapshot();
    const changed = await finance.post('/api/v1/receipts', { ...body, amountCents: 2_000 });
    expect(changed.statusCode).toBe(409);
    expect(changed.json().error.field).toBe('body.idempotencyKey');
    expect(await t.snapshot()).toBe(before);
    expect(await installment(c.installmentIds[0]!)).toMatchObject({ received_cents: 1_000 });
  });

  it('concurrency: 60 receipts at once on one contract plus 20 resubmissions lose nothing and record nothing twice', async () => {
    const c = await contractFor('rep', [
      { dueOn: daysAgo(5), amountCents: 2_500 },
      { dueOn: today, amountCents: 1_000_000 },
    ]);
    const keys = Array.from({ length: 60 }, () => key());
    const bodies = keys.map((k, index) => ({
      installmentId: c.installmentIds[index % 2],
      amountCents: 100,
      receivedOn: today,
      method: 'bank_transfer',
      idempotencyKey: k,
    }));
    // 20 duplicates of the first 20 keys, interleaved.
    const requests = [...bodies, ...bodies.slice(0, 20)].sort(() => Math.random() - 0.5);
    const responses = await Promise.all(requests.map((body) => finance.post('/api/v1/receipts', body)));
    const statuses = responses.map((r) => r.statusCode);
    // Installment 1 holds 2,500: 25 of its 30 receipts fit, 5 are refused as overpayment.
    expect(statuses.filter((s) => ![200, 201, 422].includes(s))).toEqual([]);
    const receipts = await t.db.execute<{ installment_id: string; n: number; total: number; keys: number }>(sql`
      select installment_id, count(*)::int as n, sum(amount_cents)::bigint as total, count(distinct idempotency_key)::int as keys
        from receipts where contract_id = ${c.id} group by installment_id`);
    const byInstallment = new Map(receipts.rows.map((row) => [row.installment_id, row]));
    const first = byInstallment.get(c.installmentIds[0]!)!;
    const second = byInstallment.get(c.installmentIds[1]!)!;
    expect(first.n).toBe(first.keys);
    expect(second.n).toBe(second.keys);
    expect(first.n).toBe(25);
    expect(second.n).toBe(30);
    expect(Number(first.total)).toBe((await installment(c.installmentIds[0]!)).received_cents);
    expect(Number(second.total)).toBe((await installment(c.installmentIds[1]!)).received_cents);
    expect((await installment(c.installmentIds[0]!)).settled_on).toBe(today);
    expect(statuses.filter((s) => s === 201)).toHaveLength(55);
    expect(statuses.filter((s) => s === 422)).toHaveLength(
      responses.filter((r) => r.statusCode === 422 && r.json().error.rule === 'AR-OVERPAY').length,
    );
    // Every resubmission of an accepted key answered with that key's receipt.
    for (const response of responses.filter((r) => r.statusCode === 200)) {
      const receipt = response.json();
      const stored = await t.db.execute<{ id: string }>(sql`select id from receipts where idempotency_key = ${receipt.idempotencyKey}`);
      expect(stored.rows.map((row) => row.id)).toEqual([receipt.id]);
    }
  });

  it('the receipts list filters by contract, customer and dates; reps see only their own; export is CSV with a BOM', async () => {
    const mine = await contractFor('rep', [{ dueOn: today, amountCents: 9_000 }]);
    const theirs = await contractFor('rep2', [{ dueOn: today, amountCents: 9_000 }]);
    await finance.post('/api/v1/receipts', {
      installmentId: mine.installmentIds[0],
      amountCents: 1_000,
      receivedOn: daysAgo(3),
      method: 'cash',
      idempotencyKey: key(),
    });
    await finance.post('/api/v1/receipts', {
      installmentId: theirs.installmentIds[0],
      amountCents: 2_000,
      receivedOn: today,
      method: 'check',
      reference: '=HYPERLINK("x")',
      idempotencyKey: key(),
    });
    const byContract = (await finance.get(`/api/v1/receipts?contractId=${mine.id}`)).json();
    expect(byContract.items).toHaveLength(1);
    expect((await finance.get(`/api/v1/receipts?q=${encodeURIComponent(theirs.customer.name)}`)).json().items).toHaveLength(1);
    expect((await finance.get(`/api/v1/receipts?contractId=${mine.id}&from=${daysAgo(1)}`)).json().items).toHaveLength(0);
    const repList = (await rep.get('/api/v1/receipts?pageSize=200')).json();
    expect(repList.items.every((r: { ownerId: string }) => r.ownerId === t.ids.rep)).toBe(true);
    expect(repList.items.some((r: { contractId: string }) => r.contractId === mine.id)).toBe(true);
    expect((await rep.get(`/api/v1/receipts?contractId=${theirs.id}`)).json().items).toHaveLength(0);
    const csv = await finance.get(`/api/v1/receipts/export?format=csv&contractId=${theirs.id}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body.startsWith('\uFEFF回款日期')).toBe(true);
    expect(csv.body).toContain('20.00');
    expect(csv.body).toContain(`"'=HYPERLINK(""x"")"`);
    const xlsx = await director.get(`/api/v1/receipts/export?format=xlsx&contractId=${theirs.id}`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('invoices (发票)', () => {
  it('finance records an invoice against an installment: invoiced grows, the number is unique, over-invoicing is refused', async () => {
    const c = await contractFor('rep', [
      { dueOn: today, amountCents: 10_000 },
      { dueOn: daysAgo(-30), amountCents: 5_000 },
    ]);
    const number = `FP-${crypto.randomBytes(4).toString('hex')}`;
    const created = await finance.post('/api/v1/invoices', {
      contractId: c.id,
      installmentId: c.installmentIds[0],
      number,
      issuedOn: today,
      amountCents: 6_000,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ number, installmentSeq: 1, amountCents: 6_000, contractNumber: c.number });
    expect((await installment(c.installmentIds[0]!)).invoiced_cents).toBe(6_000);
    const before = await t.snapshot();
    const duplicate = await finance.post('/api/v1/invoices', { contractId: c.id, number, issuedOn: today, amountCents: 100 });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.field).toBe('body.number');
    const over = await finance.post('/api/v1/invoices', {
      contractId: c.id,
      installmentId: c.installmentIds[0],
      number: `${number}-2`,
      issuedOn: today,
      amountCents: 4_001,
    });
    expect(over.statusCode).toBe(422);
    expect(over.json().error).toMatchObject({ rule: 'AR-OVERINVOICE', field: 'body.amountCents' });
    expect(await t.snapshot()).toBe(before);
    const list = (await rep.get(`/api/v1/contracts/${c.id}/invoices`)).json();
    expect(list.map((i: { number: string }) => i.number)).toEqual([number]);
  });

  it("a contract's invoices outside the caller's scope, or of no contract at all, are 404 like the contract itself", async () => {
    const c = await contractFor('rep', [{ dueOn: today, amountCents: 10_000 }]);
    expect((await rep.get(`/api/v1/contracts/${c.id}/invoices`)).statusCode).toBe(200);
    const outside = await rep2.get(`/api/v1/contracts/${c.id}/invoices`);
    expect(outside.statusCode).toBe(404);
    expect(outside.json().error.code).toBe('not_found');
    expect((await finance.get(`/api/v1/contracts/${crypto.randomUUID()}/invoices`)).statusCode).toBe(404);
  });
});

describe('R-AR-1 aging report and overdue list', () => {
  it('sums each bucket per customer, owner and team with a total row, and the rep sees only their own', async () => {
    const c = await contractFor('rep_hz_1', [
      { dueOn: daysAgo(-3), amountCents: 1_000 }, // current
      { dueOn: daysAgo(1), amountCents: 2_000 }, // 1–30
      { dueOn: daysAgo(30), amountCents: 3_000, receivedCents: 1_000 }, // 1–30, 2,000 left
      { dueOn: daysAgo(31), amountCents: 4_000 }, // 31–60
      { dueOn: daysAgo(61), amountCents: 5_000 }, // 61–90
      { dueOn: daysAgo(91), amountCents: 6_000 }, // > 90
      { dueOn: daysAgo(200), amountCents: 7_000, receivedCents: 7_000 }, // settled
    ]);
    // A draft contract's plan is not a receivable.
    await insertContract(t.db, {
      customerId: c.customer.id,
      ownerId: t.ids.rep_hz_1!,
      status: 'draft',
      installments: [{ dueOn: daysAgo(40), amountCents: 99_000 }],
    });
    const report = (await finance.get(`/api/v1/receivables/aging?groupBy=customer&customerId=${c.customer.id}`)).json();
    expect(report.rows).toHaveLength(1);
    expect(report.rows[0]).toMatchObject({
      key: c.customer.id,
      label: c.customer.name,
      current: 1_000,
      d1_30: 4_000,
      d31_60: 4_000,
      d61_90: 5_000,
      d90_plus: 6_000,
      overdueCents: 19_000,
      totalCents: 20_000,
      installments: 6,
    });
    expect(report.total).toMatchObject({ key: null, totalCents: 20_000 });
    const byOwner = (await finance.get(`/api/v1/receivables/aging?groupBy=owner&ownerId=${t.ids.rep_hz_1}`)).json();
    expect(byOwner.rows[0]).toMatchObject({ key: t.ids.rep_hz_1, d90_plus: 6_000 });
    const byTeam = (await director.get('/api/v1/receivables/aging?groupBy=team&limit=500')).json();
    const teamTotal = byTeam.rows.reduce((sum: number, row: { totalCents: number }) => sum + row.totalCents, 0);
    expect(teamTotal).toBe(byTeam.total.totalCents);
    // rep is in another team: the customer's receivables are invisible.
    const repView = (await rep.get(`/api/v1/receivables/aging?groupBy=customer&customerId=${c.customer.id}`)).json();
    expect(repView.rows).toHaveLength(0);
    expect(repView.total.totalCents).toBe(0);
    // The overdue list: most overdue first, days and buckets computed the same way.
    const overdue = (await finance.get(`/api/v1/receivables/overdue?customerId=${c.customer.id}`)).json();
    expect(
      overdue.items.map((i: { daysOverdue: number; bucket: string; outstandingCents: number }) => [
        i.daysOverdue,
        i.bucket,
        i.outstandingCents,
      ]),
    ).toEqual([
      [91, 'd90_plus', 6_000],
      [61, 'd61_90', 5_000],
      [31, 'd31_60', 4_000],
      [30, 'd1_30', 2_000],
      [1, 'd1_30', 2_000],
    ]);
    const only61 = (await finance.get(`/api/v1/receivables/overdue?customerId=${c.customer.id}&bucket=d61_90`)).json();
    expect(only61.items.map((i: { daysOverdue: number }) => i.daysOverdue)).toEqual([61]);
    const only1 = (await finance.get(`/api/v1/receivables/overdue?customerId=${c.customer.id}&bucket=d1_30`)).json();
    expect(only1.items.map((i: { daysOverdue: number }) => i.daysOverdue)).toEqual([30, 1]);
    expect((await rep.get(`/api/v1/receivables/overdue?customerId=${c.customer.id}`)).json().items).toHaveLength(0);
  });
});

describe('overdue warnings job', () => {
  it('warns owner and manager once per threshold, in company-zone days, the highest threshold when several passed', async () => {
    const base = '2031-03-01';
    const c = await contractFor('rep', [
      { dueOn: base, amountCents: 10_000 },
      { dueOn: daysAgo(45, base), amountCents: 20_000 },
    ]);
    const count = async () =>
      (
        await t.db.execute<{ user_id: string; title: string }>(
          sql`select user_id, title from notifications where kind = 'receivable.overdue' and link = ${`/contracts/${c.id}`} order by created_at`,
        )
      ).rows;
    const at = (day: string, hourUtc = 1) => new Date(`${day}T${String(hourUtc).padStart(2, '0')}:00:00Z`);
    // On the due date nothing is overdue; the older installment is 45 days overdue → one warning at 30 (not 1 and 30).
    await sendOverdueWarnings(t.db, at(base));
    let notes = await count();
    expect(notes.map((n) => n.user_id).sort()).toEqual([t.ids.rep, t.ids.supervisor].sort());
    expect(notes[0]!.title).toContain('逾期 45 天');
    expect((await installment(c.installmentIds[1]!)).warned_days).toBe(30);
    // 23:30 in Shanghai on the due date is still the due date: nothing new.
    await sendOverdueWarnings(t.db, new Date(`${base}T15:30:00Z`));
    expect(await count()).toHaveLength(2);
    // 00:30 in Shanghai the next day (16:30 UTC): the first installment is 1 day overdue.
    await sendOverdueWarnings(t.db, new Date(`${base}T16:30:00Z`));
    notes = await count();
    expect(notes).toHaveLength(4);
    expect((await installment(c.installmentIds[0]!)).warned_days).toBe(1);
    // Running again the same day warns nobody twice.
    await sendOverdueWarnings(t.db, at(daysAgo(-1, base), 9));
    expect(await count()).toHaveLength(4);
    // 60 days after the older one's due date → its 60-day warning; a paid installment gets none.
    await t.db.execute(
      sql`update payment_installments set received_cents = amount_cents, settled_on = ${base} where id = ${c.installmentIds[0]}`,
    );
    await sendOverdueWarnings(t.db, at(daysAgo(-15, base)));
    notes = await count();
    expect(notes).toHaveLength(6);
    expect(notes[5]!.title).toContain('逾期 60 天');
    expect((await installment(c.installmentIds[0]!)).warned_days).toBe(1);
  });

  it('thresholds are a setting: finance sets them, a rep may not', async () => {
    expect((await finance.get('/api/v1/receivables/settings')).json()).toEqual({ overdueWarningDays: [1, 30, 60, 90] });
    const saved = await finance.put('/api/v1/receivables/settings', { overdueWarningDays: [90, 7] });
    expect(saved.json()).toEqual({ overdueWarningDays: [7, 90] });
    const before = await t.snapshot();
    expect((await rep.put('/api/v1/receivables/settings', { overdueWarningDays: [3] })).statusCode).toBe(403);
    expect(await t.snapshot()).toBe(before);
    expect((await finance.put('/api/v1/receivables/settings', { overdueWarningDays: [5, 5] })).statusCode).toBe(400);
    await finance.put('/api/v1/receivables/settings', { overdueWarningDays: [1, 30, 60, 90] });
  });
});

describe('bad-debt write-offs', () => {
  async function approveAs(username: string, requestId: string, decision: 'approve' | 'reject') {
    const approver = await t.loginAs(username);
    const request = (await approver.get(`/api/v1/approvals/${requestId}`)).json();
    return approver.post(`/api/v1/approvals/${requestId}/decision`, {
      decision,
      version: request.version,
      comment: decision === 'reject' ? '证据不足' : undefined,
    });
  }

  it('finance requests, the director approves: written off grows and the installment settles', async () => {
    const c = await contractFor('rep', [{ dueOn: daysAgo(200), amountCents: 8_000, receivedCents: 3_000 }]);
    const requested = await finance.post('/api/v1/write-offs', { installmentId: c.installmentIds[0], reason: '客户破产清算' });
    expect(requested.statusCode, requested.body).toBe(201);
    expect(requested.json()).toMatchObject({ status: 'pending', amountCents: 5_000 });
    expect(await installment(c.installmentIds[0]!)).toMatchObject({ written_off_cents: 0, settled_on: null });
    // A second request for the same installment waits for the first.
    expect((await finance.post('/api/v1/write-offs', { installmentId: c.installmentIds[0], reason: 'again' })).statusCode).toBe(409);
    const decided = await approveAs('director', requested.json().approvalRequestId, 'approve');
    expect(decided.statusCode, decided.body).toBe(200);
    expect(await installment(c.installmentIds[0]!)).toMatchObject({ written_off_cents: 5_000, settled_on: today });
    const view = (await finance.get(`/api/v1/contracts/${c.id}/receivables`)).json();
    expect(view.writeOffs[0]).toMatchObject({ status: 'approved', amountCents: 5_000 });
    expect(view.installments[0]).toMatchObject({ outstandingCents: 0, writtenOffCents: 5_000, abilities: { writeOff: false } });
    const audit = await t.db.execute<{ action: string }>(
      sql`select action from audit_log where entity = 'write_offs' and entity_id = ${requested.json().id} order by at`,
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['create', 'approve']);
  });

  it('a rejected write-off changes nothing on the installment; reps cannot request one', async () => {
    const c = await contractFor('rep', [{ dueOn: daysAgo(120), amountCents: 8_000 }]);
    const requested = await finance.post('/api/v1/write-offs', {
      installmentId: c.installmentIds[0],
      amountCents: 2_000,
      reason: '部分无法收回',
    });
    expect(requested.statusCode).toBe(201);
    await approveAs('director', requested.json().approvalRequestId, 'reject');
    expect(await installment(c.installmentIds[0]!)).toMatchObject({ written_off_cents: 0, settled_on: null });
    expect((await finance.get(`/api/v1/write-offs?contractId=${c.id}`)).json().items[0]).toMatchObject({ status: 'rejected' });
    const before = await t.snapshot();
    expect((await rep.post('/api/v1/write-offs', { installmentId: c.installmentIds[0], reason: 'x' })).statusCode).toBe(403);
    expect(
      (await finance.post('/api/v1/write-offs', { installmentId: c.installmentIds[0], amountCents: 8_001, reason: 'x' })).statusCode,
    ).toBe(422);
    expect(await t.snapshot()).toBe(before);
  });
});

describe('R-AR-2 credit limits and overrides', () => {
  it('finance sets a limit (audited, stale version 409); the credit card shows limit, outstanding and what is left', async () => {
    const c = await contractFor('rep', [{ dueOn: today, amountCents: 30_000 }]);
    const credit = (await rep.get(`/api/v1/customers/${c.customer.id}/credit`)).json();
    expect(credit).toMatchObject({ creditLimitCents: null, outstandingCents: 30_000, availableCents: null, abilities: { edit: false } });
    const set = await finance.put(`/api/v1/customers/${c.customer.id}/credit-limit`, { creditLimitCents: 50_000, version: credit.version });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ creditLimitCents: 50_000, availableCents: 20_000, abilities: { edit: true } });
    const before = await t.snapshot();
    expect(
      (await finance.put(`/api/v1/customers/${c.customer.id}/credit-limit`, { creditLimitCents: 1, version: credit.version })).statusCode,
    ).toBe(409);
    expect((await rep.put(`/api/v1/customers/${c.customer.id}/credit-limit`, { creditLimitCents: 99_999_999 })).statusCode).toBe(403);
    expect(await t.snapshot()).toBe(before);
    const audit = await t.db.execute<{ changes: Record<string, unknown> }>(
      sql`select changes from audit_log where entity = 'customers' and entity_id = ${c.customer.id} order by at desc limit 1`,
    );
    expect(audit.rows[0]!.changes).toEqual({ creditLimitCents: [null, 50_000] });
    expect((await rep2.get(`/api/v1/customers/${c.customer.id}/credit`)).statusCode).toBe(404);
  });

  it('the rep requests an override; manager then finance approve; it is approved and the rep is told; an unneeded one is 400', async () => {
    const c = await contractFor('rep', [{ dueOn: today, amountCents: 30_000 }]);
    await t.db.execute(sql`update customers set credit_limit_cents = 40000 where id = ${c.customer.id}`);
    const unneeded = await rep.post('/api/v1/credit-overrides', { customerId: c.customer.id, amountCents: 10_000, reason: 'x' });
    expect(unneeded.statusCode).toBe(400);
    expect(unneeded.json().error.field).toBe('body.amountCents');
    const requested = await rep.post('/api/v1/credit-overrides', {
      customerId: c.customer.id,
      amountCents: 25_000,
      reason: '年底大单，客户付款记录良好',
    });
    expect(requested.statusCode, requested.body).toBe(201);
    expect(requested.json()).toMatchObject({
      status: 'pending',
      limitCents: 40_000,
      outstandingCents: 30_000,
      amountCents: 25_000,
      overByCents: 15_000,
    });
    const requestId = requested.json().approvalRequestId;
    const approval = (await rep.get(`/api/v1/approvals/${requestId}`)).json();
    expect(approval).toMatchObject({ subjectType: 'credit.override', amountCents: 15_000 });
    expect(approval.details).toMatchObject({
      limitCents: 40_000,
      outstandingCents: 30_000,
      requestedCents: 25_000,
      overByCents: 15_000,
      reason: '年底大单，客户付款记录良好',
    });
    for (const username of ['manager', 'finance']) {
      const approver = await t.loginAs(username);
      const current = (await approver.get(`/api/v1/approvals/${requestId}`)).json();
      const decided = await approver.post(`/api/v1/approvals/${requestId}/decision`, { decision: 'approve', version: current.version });
      expect(decided.statusCode, `${username}: ${decided.body}`).toBe(200);
    }
    const mine = (await rep.get('/api/v1/credit-overrides?mine=true')).json();
    expect(mine.items.find((o: { id: string }) => o.id === requested.json().id)).toMatchObject({ status: 'approved' });
    const forCustomer = (await finance.get(`/api/v1/credit-overrides?customerId=${c.customer.id}`)).json();
    expect(forCustomer.items).toHaveLength(1);
    expect((await rep2.get(`/api/v1/credit-overrides?customerId=${c.customer.id}`)).json().items).toHaveLength(0);
    const note = await t.db.execute<{ kind: string }>(
      sql`select kind from notifications where user_id = ${t.ids.rep} and kind = 'credit.override.approved' and link = ${`/customers/${c.customer.id}`}`,
    );
    expect(note.rows).toHaveLength(1);
    // Another rep cannot ask for someone else's customer.
    const before = await t.snapshot();
    expect((await rep2.post('/api/v1/credit-overrides', { customerId: c.customer.id, amountCents: 25_000, reason: 'x' })).statusCode).toBe(
      404,
    );
    expect(await t.snapshot()).toBe(before);
  });
});

describe('DSO, bad-debt rate and the summary', () => {
  it('DSO = receivables at period end ÷ billed × days', () => {
    expect(dso(50_000, 100_000, 90)).toBe(45);
    expect(dso(1, 3, 30)).toBe(10);
    expect(dso(100, 0, 90)).toBeNull();
  });

  it('the summary counts billed, collected, receivables at the end, written off — within the caller’s scope', async () => {
    const owner = 'rep_gz_1';
    const from = '2030-01-01';
    const to = '2030-01-30';
    const c = await contractFor(owner, [
      { dueOn: '2030-01-10', amountCents: 100_000 },
      { dueOn: '2030-01-20', amountCents: 50_000 },
      { dueOn: '2030-02-10', amountCents: 70_000 }, // billed after the period
    ]);
    const record = (installmentIndex: number, amountCents: number, receivedOn: string) =>
      finance.post('/api/v1/receipts', {
        installmentId: c.installmentIds[installmentIndex],
        amountCents,
        receivedOn,
        method: 'bank_transfer',
        idempotencyKey: key(),
      });
    expect((await record(0, 60_000, '2030-01-15')).statusCode).toBe(201);
    expect((await record(0, 40_000, '2030-02-05')).statusCode).toBe(201); // after the period: still receivable at its end
    const summary = (await finance.get(`/api/v1/receivables/summary?from=${from}&to=${to}&ownerId=${t.ids[owner]}`)).json();
    expect(summary).toMatchObject({
      from,
      to,
      billedCents: 150_000,
      collectedCents: 60_000,
      receivablesAtEndCents: 90_000,
      writtenOffCents: 0,
      badDebtRate: 0,
    });
    expect(summary.dsoDays).toBe(18); // 90,000 / 150,000 × 30
    expect(summary.outstandingCents).toBe(120_000);
    const repView = (await rep.get(`/api/v1/receivables/summary?from=${from}&to=${to}&ownerId=${t.ids[owner]}`)).json();
    expect(repView).toMatchObject({ billedCents: 0, collectedCents: 0, outstandingCents: 0, dsoDays: null });
    const months = (
      await finance.get(`/api/v1/receivables/collections?groupBy=month&from=2030-01-01&to=2030-02-28&ownerId=${t.ids[owner]}`)
    ).json();
    expect(months).toEqual([
      { key: '2030-01', label: '2030-01', amountCents: 60_000, receipts: 1 },
      { key: '2030-02', label: '2030-02', amountCents: 40_000, receipts: 1 },
    ]);
    expect((await finance.get('/api/v1/receivables/summary?from=2030-02-01&to=2030-01-01')).json().error.field).toBe('querystring.from');
  });
});

describe('the contract receivables tab', () => {
  it('shows installments with received/outstanding/invoiced, receipts and abilities by role', async () => {
    const c = await contractFor('rep', [
      { dueOn: daysAgo(3), amountCents: 10_000 },
      { dueOn: daysAgo(-27), amountCents: 20_000 },
    ]);
    await finance.post('/api/v1/receipts', {
      installmentId: c.installmentIds[0],
      amountCents: 4_000,
      receivedOn: today,
      method: 'cash',
      idempotencyKey: key(),
    });
    const view = (await finance.get(`/api/v1/contracts/${c.id}/receivables`)).json();
    expect(view.totals).toMatchObject({ amountCents: 30_000, receivedCents: 4_000, outstandingCents: 26_000, overdueCents: 6_000 });
    expect(view.installments[0]).toMatchObject({
      seq: 1,
      outstandingCents: 6_000,
      daysOverdue: 3,
      bucket: 'd1_30',
      abilities: { recordReceipt: true, writeOff: true },
    });
    expect(view.abilities).toEqual({ record: true, writeOff: true });
    const repView = (await rep.get(`/api/v1/contracts/${c.id}/receivables`)).json();
    expect(repView.abilities).toEqual({ record: false, writeOff: false });
    expect(repView.installments[0].abilities.recordReceipt).toBe(false);
    expect(repView.receipts).toHaveLength(1);
    expect((await rep2.get(`/api/v1/contracts/${c.id}/receivables`)).statusCode).toBe(404);
    const search = (await finance.get(`/api/v1/installments?q=${encodeURIComponent(c.number)}&open=true`)).json();
    expect(search.items.map((i: { seq: number }) => i.seq)).toEqual([1, 2]);
  });
});
