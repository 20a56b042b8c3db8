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
    // Filtered by a product line, the ledger's sum for it is Σ of the contracts' lines in that line.
    return { count: page.totals.count, sum: link.query.productLineId ? page.totals.productLineAmountCents : page.totals.amountCents };
  }
  if (link.api === '/api/v1/opportunities' && link.query.productLineId) {
    // Filtered by a product line, the list's sum for it is Σ of the opportunities' products in that line.
    const page = (await c[who]!.get(`${link.api}?${params}&pageSize=1`)).json();
    return { count: page.total, sum: page.productLineAmountCents };
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

async function expectEveryCardAgrees(who: string, query = QUERY) {
  const cockpit = await cockpitOf(who, query);
  for (const card of cockpit.attainment) {
    const list = await openList(who, card.link);
    expect(card.metric === 'newCustomers' ? list.count : list.sum, `${who} ${card.metric}`).toBe(card.actual);
    // The previous period and the same period last year: each figure is its list too.
    for (const kind of ['previous', 'lastYear'] as const) {
      const comparison = card.comparisons[kind];
      const behind = await openList(who, comparison.link);
      expect(card.metric === 'newCustomers' ? behind.count : behind.sum, `${who} ${card.metric} ${kind}`).toBe(comparison.value);
    }
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

describe('M5 cockpit filters: a region or team within the caller’s scope', () => {
  it('the director filters by a region and a team, the manager by a team of their region: every card is that unit’s list', async () => {
    const director = await cockpitOf('director');
    const units = director.units ?? [];
    const regionOfManager = (await t.db.execute<{ id: string }>(sql`select org_unit_id as id from users where id = ${t.ids.manager}`))
      .rows[0]!.id;
    const teamOfRep = (await t.db.execute<{ id: string }>(sql`select org_unit_id as id from users where id = ${t.ids.rep}`)).rows[0]!.id;
    expect(units.map((unit) => unit.id)).toEqual(expect.arrayContaining([regionOfManager, teamOfRep]));
    const region = await expectEveryCardAgrees('director', `${QUERY}&unitId=${regionOfManager}`);
    expect(region.scope).toMatchObject({ kind: 'company', unitId: regionOfManager });
    // Within the company: less than the whole, more than one team of it.
    expect(figures(region).bookings!).toBeLessThan(figures(director).bookings!);
    const team = await expectEveryCardAgrees('manager', `${QUERY}&unitId=${teamOfRep}`);
    expect(team.scope.unitId).toBe(teamOfRep);
    expect(figures(team).bookings!).toBeLessThan(figures(region).bookings!);
  });

  it('a unit outside the caller’s scope, or any unit for a rep, is 400 naming unitId', async () => {
    const otherRegion = (await t.db.execute<{ id: string }>(sql`select org_unit_id as id from users where id = ${t.ids.rep2}`)).rows[0]!.id;
    for (const [who, unitId] of [
      ['manager', otherRegion],
      ['rep', otherRegion],
      ['director', t.ids.rep!],
    ] as const) {
      const response = await c[who]!.get(`/api/v1/cockpit?${QUERY}&unitId=${unitId}`);
      expect(response.statusCode, who).toBe(400);
      expect(response.json().error.field).toBe('querystring.unitId');
    }
    expect((await cockpitOf('rep')).units).toEqual([]);
  });

  it('both comparisons at once: the previous month and the same month last year, whatever `compare` says', async () => {
    const cockpit = await cockpitOf('director');
    const bookings = cockpit.attainment.find((card) => card.metric === 'bookings')!;
    expect(bookings.comparisons.previous).toMatchObject({ from: '2030-02-01', to: '2030-02-28', value: bookings.compare });
    expect(bookings.comparisons.lastYear).toMatchObject({ from: '2029-03-01', to: '2029-03-31' });
    const lastYear = (await cockpitOf('director', `${QUERY}&compare=lastYear`)).attainment.find((card) => card.metric === 'bookings')!;
    expect(lastYear.compare).toBe(bookings.comparisons.lastYear.value);
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

describe('product lines: targets per product line (R-TGT-1) and the cockpit filtered by one', () => {
  const lines: Record<'a' | 'b', { lineId: string; productId: string }> = {} as never;

  /** A signed contract with product lines (cents); what is beyond the lines is on no product line. */
  async function linedContract(ownerId: string, signedOn: string, amountCents: number, parts: [keyof typeof lines, number][]) {
    const customer = await insertCustomer(ownerId, `产品线客户${crypto.randomBytes(3).toString('hex')}`);
    const { id } = await insertContract(customer.id, ownerId, [{ dueOn: '2030-06-30', amountCents }]);
    const json = parts.map(([line, cents]) => ({
      productId: lines[line].productId,
      quantity: 1,
      unitPriceCents: cents,
      lineTotalCents: cents,
    }));
    await t.db.execute(sql`update contracts set signed_on = ${signedOn}, lines = ${JSON.stringify(json)}::jsonb where id = ${id}`);
  }

  beforeAll(async () => {
    for (const key of ['a', 'b'] as const) {
      const row = await t.db.execute<{ line: string; product: string }>(sql`
        with l as (insert into product_lines (code, name) values (${`PL-${key}`}, ${`产品线${key}`}) returning id),
             c as (insert into product_categories (line_id, name) select id, ${`品类${key}`} from l returning id, line_id)
        insert into products (code, name, category_id, list_price_cents, floor_price_cents)
        select ${`PL-${key}-1`}, ${`产品${key}`}, id, 10000, 5000 from c returning id as product, (select id from l) as line`);
      lines[key] = { lineId: row.rows[0]!.line, productId: row.rows[0]!.product };
    }
    // March 2030, hand-computed: line a = 6,000 (rep) + 2,500 + 2,500 (rep2) = 11,000 yuan in 2 contracts;
    // line b = 3,000 (rep); 1,000 of the rep's contract is on no line. February: line a 700 (rep).
    await linedContract(t.ids.rep!, '2030-03-12', 10_000_00, [
      ['a', 6_000_00],
      ['b', 3_000_00],
    ]);
    await linedContract(t.ids.rep2!, '2030-03-20', 5_000_00, [
      ['a', 2_500_00],
      ['a', 2_500_00],
    ]);
    await linedContract(t.ids.rep!, '2030-02-10', 900_00, [['a', 700_00]]);
    // Open deals with products, hand-computed: line a = 12,000 (rep, negotiation 60 %) + 3,000 (rep2,
    // negotiation 60 %); line b = 8,000 (the rep's same deal) + 5,000 (rep, solution 40 %). A deal whose
    // line-a product is worth 0 and a won deal are in no line's pipeline.
    await linedOpportunity(t.ids.rep!, 'negotiation', 60, [
      ['a', 12_000_00],
      ['b', 8_000_00],
    ]);
    await linedOpportunity(t.ids.rep2!, 'negotiation', 60, [['a', 3_000_00]]);
    await linedOpportunity(t.ids.rep!, 'solution', 40, [['b', 5_000_00]]);
    await linedOpportunity(t.ids.rep!, 'lead', 10, [['a', 0]]);
    await linedOpportunity(t.ids.rep!, 'won', 100, [['a', 9_999_00]]);
  });

  /** An opportunity whose products are one per product line (cents); its amount is their sum plus 1,000 on no line. */
  async function linedOpportunity(ownerId: string, stage: string, probability: number, parts: [keyof typeof lines, number][]) {
    const customer = await insertCustomer(ownerId, `产品线商机客户${crypto.randomBytes(3).toString('hex')}`);
    const amount = parts.reduce((sum, [, cents]) => sum + cents, 1_000_00);
    const row = await t.db.execute<{ id: string }>(sql`
      insert into opportunities (name, customer_id, owner_id, team_id, stage, amount_cents, probability, closed_at)
      select ${`产品线商机${crypto.randomBytes(3).toString('hex')}`}, ${customer.id}, u.id, u.org_unit_id, ${stage}, ${amount}, ${probability},
             ${stage === 'won' ? sql`now()` : sql`null`}
        from users u where u.id = ${ownerId}
      returning id`);
    for (const [line, cents] of parts)
      await t.db.execute(sql`
        insert into opportunity_products (opportunity_id, product_id, quantity, amount_cents)
        values (${row.rows[0]!.id}, ${lines[line].productId}, 1, ${cents})`);
  }

  it('the cockpit filtered by a product line: bookings, average order, ranking and the pipeline count its lines, each card equals its list', async () => {
    const query = `${QUERY}&productLineId=${lines.a.lineId}`;
    for (const who of ['director', 'manager', 'supervisor', 'rep', 'rep2']) await expectEveryCardAgrees(who, query);
    const director = await cockpitOf('director', query);
    expect(director.scope.productLineId).toBe(lines.a.lineId);
    expect(director.productLines?.map((line) => line.id)).toEqual(expect.arrayContaining([lines.a.lineId, lines.b.lineId]));
    const bookings = director.attainment.find((card) => card.metric === 'bookings')!;
    expect(bookings.actual).toBe(11_000_00);
    expect(bookings.comparisons.previous.value).toBe(700_00);
    expect(director.averageOrder).toMatchObject({ cents: 5_500_00, deals: 2 });
    // Every list behind a figure is filtered by the same product line (a card that ignored it would not be).
    const links = [
      bookings.link,
      bookings.comparisons.previous.link,
      director.averageOrder!.link,
      ...director.ranking.map((row) => row.link),
      ...(director.pipeline ?? []).map((row) => row.link),
    ];
    for (const link of links) expect(link.query.productLineId).toBe(lines.a.lineId);
    // The pipeline under the filter: the deals with products in the line, at those products' amounts.
    const stages = (cockpit: Cockpit) =>
      Object.fromEntries(
        (cockpit.pipeline ?? []).filter((row) => row.count > 0).map((row) => [row.stage, [row.count, row.amountCents, row.weightedCents]]),
      );
    expect(stages(director)).toEqual({ negotiation: [2, 15_000_00, 9_000_00] });
    expect(stages(await cockpitOf('rep', query))).toEqual({ negotiation: [1, 12_000_00, 7_200_00] });
    expect(stages(await cockpitOf('rep2', query))).toEqual({ negotiation: [1, 3_000_00, 1_800_00] });
    const lineB = await cockpitOf('director', `${QUERY}&productLineId=${lines.b.lineId}`);
    expect(stages(lineB)).toEqual({ solution: [1, 5_000_00, 2_000_00], negotiation: [1, 8_000_00, 4_800_00] });
    // Cards with no product line are left out rather than shown unfiltered.
    expect(director.attainment.map((card) => card.metric)).toEqual(['bookings']);
    expect([director.receivables, director.overdueCadence]).toEqual([null, null]);
    expect((await cockpitOf('rep', query)).attainment[0]!.actual).toBe(6_000_00);
    expect((await cockpitOf('rep2', query)).attainment[0]!.actual).toBe(5_000_00);
    expect((await cockpitOf('rep', `${QUERY}&productLineId=${lines.b.lineId}`)).attainment[0]!.actual).toBe(3_000_00);
    const unknown = await c.director!.get(`/api/v1/cockpit?${QUERY}&productLineId=${crypto.randomUUID()}`);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.field).toBe('querystring.productLineId');
  });

  it('R-TGT-1 a product line’s bookings target is decomposed and checked like the company’s, and its attainment counts its lines', async () => {
    const url = `/api/v1/targets?year=2030&metric=bookings&productLineId=${lines.a.lineId}`;
    const grid = (await c.director!.get(url)).json() as TargetGrid;
    expect(grid.productLineId).toBe(lines.a.lineId);
    expect(grid.version).toBe(0);
    const root = grid.nodes.find((n) => n.parentId === null)!;
    const values: Record<string, number[]> = { [root.id]: spreadEvenly(120_000_00) };
    for (const node of grid.nodes) if (node.kind === 'user') values[node.id] = spreadEvenly(12_000_00);
    const body = { year: 2030, metric: 'bookings', productLineId: lines.a.lineId, baseVersion: 0, values };
    // The units do not add up: refused with the differences, nothing written.
    const refused = await c.director!.put('/api/v1/targets', body);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.field).toBe('body.confirmations');
    expect(((await c.director!.get(url)).json() as TargetGrid).version).toBe(0);
    const confirmations = grid.nodes.filter((n) => n.kind === 'unit').map((n) => ({ nodeId: n.id, reason: '产品线只分解到人' }));
    const saved = await c.director!.put('/api/v1/targets', { ...body, confirmations });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((saved.json() as TargetGrid).version).toBe(1);
    // Its own versions: the all-lines plan of the year is untouched.
    const all = (await c.director!.get('/api/v1/targets?year=2030&metric=bookings')).json() as TargetGrid;
    expect(all.productLineId).toBeNull();
    expect(all.values[root.id]).not.toEqual(spreadEvenly(120_000_00));
    // Attainment of March against the product line's own target.
    const director = (await cockpitOf('director', `${QUERY}&productLineId=${lines.a.lineId}`)).attainment[0]!;
    expect(director.target).toBe(spreadEvenly(120_000_00)[2]);
    expect(director.attainment).toBe(Math.round((11_000_00 / director.target!) * 10_000) / 10_000);
    const rep = (await cockpitOf('rep', `${QUERY}&productLineId=${lines.a.lineId}`)).attainment[0]!;
    expect([rep.target, rep.attainment]).toEqual([1_000_00, 6]);
    // Next year's grid shows this year's product-line actuals per month (copy from last year, seasonality).
    const next = (await c.director!.get(`/api/v1/targets?year=2031&metric=bookings&productLineId=${lines.a.lineId}`)).json() as TargetGrid;
    expect(next.lastYear[root.id]!.slice(1, 3)).toEqual([700_00, 11_000_00]);
    expect(next.lastYear[t.ids.rep!]!.slice(1, 3)).toEqual([700_00, 6_000_00]);
  });

  it('a product line is only for the bookings target, and must be one of the catalogue', async () => {
    for (const [query, field] of [
      [`year=2030&metric=collections&productLineId=${lines.a.lineId}`, 'querystring.productLineId'],
      [`year=2030&metric=bookings&productLineId=${crypto.randomUUID()}`, 'querystring.productLineId'],
    ] as const) {
      const response = await c.director!.get(`/api/v1/targets?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.field).toBe(field);
    }
    const saved = await c.director!.put('/api/v1/targets', {
      year: 2030,
      metric: 'newCustomers',
      productLineId: lines.a.lineId,
      baseVersion: 0,
      values: {},
    });
    expect(saved.statusCode).toBe(400);
    expect(saved.json().error.field).toBe('body.productLineId');
  });
});
