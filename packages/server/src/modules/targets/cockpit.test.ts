import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { spreadEvenly, type Cockpit, type CockpitLink, type TargetGrid } from '@xiaoguan/shared';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';

/**
 * The role cockpit (M5) on generated data: every number equals the list behind its link (count and
 * sum), and equals the figure recomputed from the raw rows — also after a late edit, a reassigned
 * owner and a contract that never got signed. March 2030 is the period; nothing else uses it.
 */
let t: TestApp;
const c: Record<string, Client> = {};
const ROLES = ['director', 'manager', 'supervisor', 'rep', 'rep2', 'finance', 'admin', 'auditor'];
const QUERY = 'period=month&date=2030-03-10';
const contractIds: string[] = [];

/** Rows written directly (tests may; the module itself reads only the metrics functions). */
async function insertCustomer(ownerId: string, name: string): Promise<{ id: string }> {
  const result = await t.db.execute<{ id: string }>(sql`
    insert into customers (kind, name, name_key, owner_id, team_id, assigned_at, status)
    select 'organization', ${name}, ${name.toLowerCase()}, u.id, u.org_unit_id, now(), 'signed' from users u where u.id = ${ownerId}
    returning id`);
  return result.rows[0]!;
}

async function insertContract(customerId: string, ownerId: string, installments: { dueOn: string; amountCents: number }[]) {
  const number = `HT-T-${crypto.randomBytes(5).toString('hex').toUpperCase()}`;
  const amount = installments.reduce((sum, i) => sum + i.amountCents, 0);
  const contract = await t.db.execute<{ id: string }>(sql`
    insert into contracts (number, title, customer_id, owner_id, team_id, amount_cents, status, signed_on)
    select ${number}, ${number}, ${customerId}, u.id, u.org_unit_id, ${amount}, 'signed', current_date from users u where u.id = ${ownerId}
    returning id`);
  const id = contract.rows[0]!.id;
  const installmentIds: string[] = [];
  for (const [index, installment] of installments.entries()) {
    const row = await t.db.execute<{ id: string }>(sql`
      insert into payment_installments (contract_id, customer_id, owner_id, seq, due_on, amount_cents, received_cents, written_off_cents)
      values (${id}, ${customerId}, ${ownerId}, ${index + 1}, ${installment.dueOn}, ${installment.amountCents}, 0, 0)
      returning id`);
    installmentIds.push(row.rows[0]!.id);
  }
  return { id, installmentIds };
}

async function seedSales() {
  // Two reps of every team (rep and rep2 among them).
  const reps = await t.db.execute<{ id: string }>(sql`
    select id from (select u.id, u.username, row_number() over (partition by u.org_unit_id order by u.username) as k
                      from users u where 'rep' = any(u.roles) and not u.disabled) r
     where r.k <= 2 or r.username in ('rep', 'rep2') order by r.username`);
  let n = 0;
  for (const { id: ownerId } of reps.rows) {
    for (let k = 0; k < 3; k++) {
      n++;
      const customer = await insertCustomer(ownerId, `驾驶舱客户${n}`);
      // New customers: created in March 2030 (company zone), one in February.
      await t.db.execute(
        sql`update customers set created_at = ${k === 2 ? '2030-02-27T10:00:00+08:00' : `2030-03-0${k + 1}T00:30:00+08:00`} where id = ${customer.id}`,
      );
      const amount = 1000_00 * n + 37;
      const contract = await insertContract(customer.id, ownerId, [
        { dueOn: '2030-03-20', amountCents: amount - 500_00 },
        { dueOn: '2026-09-01', amountCents: 500_00 },
      ]);
      contractIds.push(contract.id);
      // Signed on the last day of March, the first day, and the previous month.
      const signedOn = k === 0 ? '2030-03-31' : k === 1 ? '2030-03-01' : '2030-02-28';
      await t.db.execute(sql`update contracts set signed_on = ${signedOn} where id = ${contract.id}`);
      await t.db.execute(sql`
        insert into receipts (contract_id, installment_id, customer_id, amount_cents, received_on, method, idempotency_key, recorded_by_id)
        values (${contract.id}, ${contract.installmentIds[0]}, ${customer.id}, ${300_00 + k}, ${k === 2 ? '2030-04-01' : '2030-03-15'}, 'bank_transfer',
                ${crypto.randomUUID()}, ${t.ids.finance})`);
    }
  }
}

beforeAll(async () => {
  t = await buildTestApp();
  for (const who of ROLES) c[who] = await t.loginAs(who);
  await seedSales();
});
afterAll(() => t.close());

const cockpitOf = async (who: string, query = QUERY) => {
  const response = await c[who]!.get(`/api/v1/cockpit?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Cockpit;
};

/** Opens the list behind a number, every page: its count and the sum of the figure it stands for. */
async function openList(who: string, link: CockpitLink): Promise<{ count: number; sum: number }> {
  const params = new URLSearchParams(link.query);
  if (link.api === '/api/v1/contracts') {
    const page = (await c[who]!.get(`${link.api}?${params}&pageSize=1`)).json();
    return { count: page.totals.count, sum: page.totals.amountCents };
  }
  let count = 0;
  let sum = 0;
  for (let page = 1; ; page++) {
    const url = `${link.api}?${params}&pageSize=200&page=${page}`;
    const response = await c[who]!.get(url);
    expect(response.statusCode, `${url} ${response.body}`).toBe(200);
    const body = response.json() as { items: Record<string, number>[]; total: number; capped?: boolean };
    expect(body.capped ?? false).toBe(false);
    count = body.total;
    for (const item of body.items) sum += item.outstandingCents ?? item.amountCents ?? 0;
    if (body.items.length < 200) break;
  }
  return { count, sum };
}

async function expectEveryCardAgrees(who: string) {
  const cockpit = await cockpitOf(who);
  for (const card of cockpit.attainment) {
    const list = await openList(who, card.link);
    expect(card.metric === 'newCustomers' ? list.count : list.sum, `${who} ${card.metric}`).toBe(card.actual);
  }
  if (cockpit.averageOrder) {
    const list = await openList(who, cockpit.averageOrder.link);
    expect(cockpit.averageOrder.deals, `${who} deals`).toBe(list.count);
    expect(cockpit.averageOrder.cents).toBe(list.count ? Math.round(list.sum / list.count) : 0);
  }
  for (const stage of cockpit.pipeline ?? []) {
    const list = await openList(who, stage.link);
    expect([list.count, list.sum], `${who} ${stage.stage}`).toEqual([stage.count, stage.amountCents]);
  }
  for (const bucket of cockpit.receivables?.buckets ?? []) {
    expect((await openList(who, bucket.link)).sum, `${who} ${bucket.bucket}`).toBe(bucket.cents);
  }
  if (cockpit.overdueCadence)
    expect((await openList(who, cockpit.overdueCadence.link)).count, `${who} cadence`).toBe(cockpit.overdueCadence.count);
  expect((await openList(who, cockpit.approvalsWaiting.link)).count, `${who} approvals`).toBe(cockpit.approvalsWaiting.count);
  if (cockpit.alerts) expect((await openList(who, cockpit.alerts.link)).count, `${who} alerts`).toBe(cockpit.alerts.count);
  for (const row of cockpit.ranking) expect((await openList(who, row.link)).sum, `${who} rank ${row.name}`).toBe(row.actual);
  return cockpit;
}

/** Bookings, collections and new customers of March 2030 straight from the rows, for some owners (all when null). */
async function recompute(owners: string[] | null) {
  const only = (column: string) => (owners ? sql`and ${sql.raw(column)} = any(${sql.param(owners)}::uuid[])` : sql``);
  const [bookings, collections, customers] = await Promise.all([
    t.db.execute<{ s: string }>(
      sql`select coalesce(sum(amount_cents), 0)::bigint as s from contracts where signed_on between '2030-03-01' and '2030-03-31' ${only('owner_id')}`,
    ),
    t.db.execute<{ s: string }>(
      sql`select coalesce(sum(r.amount_cents), 0)::bigint as s from receipts r join payment_installments i on i.id = r.installment_id where r.received_on between '2030-03-01' and '2030-03-31' ${only('i.owner_id')}`,
    ),
    t.db.execute<{ s: string }>(
      sql`select count(*)::bigint as s from customers where merged_into_id is null and owner_id is not null and created_at >= '2030-03-01T00:00:00+08:00' and created_at < '2030-04-01T00:00:00+08:00' ${only('owner_id')}`,
    ),
  ]);
  return { bookings: Number(bookings.rows[0]!.s), collections: Number(collections.rows[0]!.s), newCustomers: Number(customers.rows[0]!.s) };
}

const figures = (cockpit: Cockpit) => Object.fromEntries(cockpit.attainment.map((card) => [card.metric, card.actual]));

describe('M5 role cockpit: every number is the list behind it', () => {
  it('director, manager, supervisor, rep and finance: each card equals its list’s count and sum', async () => {
    for (const who of ['director', 'manager', 'supervisor', 'rep', 'finance']) await expectEveryCardAgrees(who);
  });

  it('scoped by record access: the director sees the company, a manager the region, a rep only themself', async () => {
    const director = await cockpitOf('director');
    const manager = await cockpitOf('manager');
    const rep = await cockpitOf('rep');
    expect(director.scope.kind).toBe('company');
    expect(manager.scope.kind).toBe('unit');
    expect(rep.scope).toEqual({ kind: 'self', name: expect.any(String) });
    expect(figures(director)).toEqual(await recompute(null));
    expect(figures(rep)).toEqual(await recompute([t.ids.rep!]));
    expect(figures(director).bookings!).toBeGreaterThan(figures(manager).bookings!);
    expect(figures(manager).bookings!).toBeGreaterThan(figures(rep).bookings!);
    expect(rep.ranking).toEqual([]);
    expect(manager.ranking.length).toBeGreaterThan(1);
    expect(manager.ranking.map((row) => row.rank)).toEqual(manager.ranking.map((_, i) => i + 1));
  });

  it('finance gets the collections view; admin and auditor a short operational home', async () => {
    const finance = await cockpitOf('finance');
    expect(finance.view).toBe('finance');
    expect(finance.attainment.map((card) => card.metric)).toEqual(['collections']);
    expect(finance.receivables).not.toBeNull();
    for (const who of ['admin', 'auditor']) {
      const home = await cockpitOf(who);
      expect(home.view, who).toBe('operations');
      expect(home.attainment).toEqual([]);
    }
  });

  it('compares with the previous month and the same month last year', async () => {
    const previous = await cockpitOf('director');
    expect([previous.period.compareFrom, previous.period.compareTo]).toEqual(['2030-02-01', '2030-02-28']);
    const bookingsFeb = await t.db.execute<{ s: string }>(
      sql`select coalesce(sum(amount_cents), 0)::bigint as s from contracts where signed_on between '2030-02-01' and '2030-02-28'`,
    );
    expect(previous.attainment.find((card) => card.metric === 'bookings')!.compare).toBe(Number(bookingsFeb.rows[0]!.s));
    const lastYear = await cockpitOf('director', `${QUERY}&compare=lastYear`);
    expect([lastYear.period.compareFrom, lastYear.period.compareTo]).toEqual(['2029-03-01', '2029-03-31']);
    const quarter = await cockpitOf('director', 'period=quarter&date=2030-03-10');
    expect([quarter.period.from, quarter.period.to, quarter.period.compareFrom]).toEqual(['2030-01-01', '2030-03-31', '2029-10-01']);
  });

  it('after a late edit, a reassigned owner and an unsigned contract the numbers still equal the raw rows', async () => {
    // A late edit: an amount corrected after the fact; a contract moved into the period.
    await t.db.execute(sql`update contracts set amount_cents = amount_cents + 12345 where id = ${contractIds[0]}`);
    await t.db.execute(sql`update contracts set signed_on = '2030-03-15' where id = ${contractIds[2]}`);
    // A reassigned owner: the rep's March contract now belongs to rep2 (with its installments).
    const repContract = await t.db.execute<{ id: string }>(
      sql`select id from contracts where owner_id = ${t.ids.rep} and signed_on between '2030-03-01' and '2030-03-31' limit 1`,
    );
    await t.db.execute(sql`update contracts set owner_id = ${t.ids.rep2} where id = ${repContract.rows[0]!.id}`);
    await t.db.execute(sql`update payment_installments set owner_id = ${t.ids.rep2} where contract_id = ${repContract.rows[0]!.id}`);
    // A contract that was withdrawn before signing: no signing date, no bookings.
    await t.db.execute(sql`update contracts set status = 'draft', signed_on = null where id = ${contractIds[3]}`);
    for (const who of ['director', 'manager', 'rep', 'rep2']) await expectEveryCardAgrees(who);
    expect(figures(await cockpitOf('director'))).toEqual(await recompute(null));
    expect(figures(await cockpitOf('rep'))).toEqual(await recompute([t.ids.rep!]));
    expect(figures(await cockpitOf('rep2'))).toEqual(await recompute([t.ids.rep2!]));
  });
});

describe('M4 attainment against the decomposed target', () => {
  it('target, attainment, gap and run rate for the director (company) and a rep (own row)', async () => {
    const grid = (await c.director!.get('/api/v1/targets?year=2030&metric=bookings')).json() as TargetGrid;
    const values: Record<string, number[]> = {};
    for (const node of grid.nodes) if (node.kind === 'user') values[node.id] = spreadEvenly(24_000_00);
    const root = grid.nodes.find((n) => n.parentId === null)!;
    values[root.id] = spreadEvenly(1_000_000_00);
    const confirmations = grid.nodes.filter((n) => n.kind === 'unit').map((n) => ({ nodeId: n.id, reason: '只分解到人' }));
    const saved = await c.director!.put('/api/v1/targets', { year: 2030, metric: 'bookings', baseVersion: 0, values, confirmations });
    expect(saved.statusCode, saved.body).toBe(200);
    const director = (await cockpitOf('director')).attainment.find((card) => card.metric === 'bookings')!;
    expect(director.target).toBe(spreadEvenly(1_000_000_00)[2]);
    expect(director.attainment).toBe(Math.round((director.actual / director.target!) * 10_000) / 10_000);
    expect(director.gap).toBe(Math.max(0, director.target! - director.actual));
    expect(director.stretch).toBe(Math.round(director.target! * 1.1));
    // March 2030 is in the future of the test clock: the run rate is the actual itself.
    expect(director.projection).toBe(director.actual);
    const rep = (await cockpitOf('rep')).attainment.find((card) => card.metric === 'bookings')!;
    expect(rep.target).toBe(spreadEvenly(24_000_00)[2]);
    const year = (await cockpitOf('rep', 'period=year&date=2030-03-10')).attainment.find((card) => card.metric === 'bookings')!;
    expect(year.target).toBe(24_000_00);
  });
});
