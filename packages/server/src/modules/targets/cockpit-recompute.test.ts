import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Cockpit, SalesReport } from '@xiaoguan/shared';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';
import { buildBenchData } from '../../seed/bench-data.js';
import { buildPipelineBenchData } from '../../seed/bench-pipeline-data.js';
import { makeCtx } from '../../platform/context.js';
import { SYSTEM_ACTOR } from '../../platform/access/actor.js';
import { signedContractsByOwner } from '../contracts/index.js';
import { collectedByOwner } from '../receivables/index.js';

/**
 * Issue 18 item 6: a dashboard number equals the number computed from the raw rows. On generated
 * data (the bench generators, small: 3 years of contracts, installments, receipts, orders) and again
 * after late edits, reassigned owners, cancelled orders and deletes, every figure of the director's,
 * a manager's and a rep's cockpit (this year, the previous period, the same period last year,
 * deals, pipeline by stage, overdue receivables, overdue cadence), the monthly report's totals and
 * the contract metrics (bookings, deals, direct orders by month) are recomputed here with plain SQL
 * over the tables and compared. Whatever the dashboards read from — the tables today, a rollup
 * tomorrow — a number that drifts from its rows fails here.
 */
let t: TestApp;
const c: Record<string, Client> = {};
const WHO = ['director', 'manager', 'rep'] as const;
let today: string;
let year: number;

beforeAll(async () => {
  t = await buildTestApp();
  // The schema owner's pool: the generators drop and rebuild indexes and load without per-row FK checks.
  await buildBenchData(t.ownerDb, { customers: 3_000, interactions: 3_000, orders: 1_000, reps: 24 });
  await buildPipelineBenchData(t.ownerDb, {
    opportunities: 4_000,
    contracts: 3_000,
    orders: 2_000,
    linesPerOrder: 1,
    days: 3 * 365,
    receipts: true,
  });
  for (const who of WHO) c[who] = await t.loginAs(who);
  today = (await t.db.execute<{ d: string }>(sql`select to_char((now() at time zone 'Asia/Shanghai')::date, 'YYYY-MM-DD') as d`)).rows[0]!
    .d;
  year = Number(today.slice(0, 4));
}, 240_000);
afterAll(() => t.close());

/** The owners a user's cockpit covers (record access: all, their unit's subtree, themself). */
async function ownersOf(who: (typeof WHO)[number]): Promise<string[] | null> {
  if (who === 'director') return null;
  if (who === 'rep') return [t.ids.rep!];
  const rows = await t.db.execute<{ id: string }>(sql`
    select su.id from users su join org_units so on so.id = su.org_unit_id
     where so.path like (select ou.path || '%' from users u join org_units ou on ou.id = u.org_unit_id where u.id = ${t.ids[who]})`);
  return rows.rows.map((row) => row.id);
}

const only = (owners: string[] | null, column: string) =>
  owners ? sql`and ${sql.raw(column)} = any(${sql.param(owners)}::uuid[])` : sql``;
const num = async (query: ReturnType<typeof sql>) => Number((await t.db.execute<{ n: string }>(query)).rows[0]!.n);

/** The three target metrics of `from`..`to` (company-zone days) straight from the rows. */
async function rawMetrics(owners: string[] | null, from: string, to: string) {
  return {
    bookings: await num(
      sql`select coalesce(sum(amount_cents), 0) as n from contracts where signed_on between ${from} and ${to} ${only(owners, 'owner_id')}`,
    ),
    collections: await num(sql`
      select coalesce(sum(r.amount_cents), 0) as n from receipts r join payment_installments i on i.id = r.installment_id
       where r.received_on between ${from} and ${to} ${only(owners, 'i.owner_id')}`),
    newCustomers: await num(sql`
      select count(*) as n from customers
       where merged_into_id is null and owner_id is not null
         and created_at >= (${from}::date::timestamp at time zone 'Asia/Shanghai')
         and created_at < ((${to}::date + 1)::timestamp at time zone 'Asia/Shanghai') ${only(owners, 'owner_id')}`),
  };
}

/** Every number of a cockpit, recomputed from the rows. */
async function expectCockpitEqualsRows(who: (typeof WHO)[number]) {
  const response = await c[who]!.get(`/api/v1/cockpit?period=year&date=${today}`);
  expect(response.statusCode, response.body).toBe(200);
  const cockpit = response.json() as Cockpit;
  const owners = await ownersOf(who);
  for (const card of cockpit.attainment) {
    const metric = card.metric as 'bookings' | 'collections' | 'newCustomers';
    expect(card.actual, `${who} ${metric} this year`).toBe((await rawMetrics(owners, `${year}-01-01`, `${year}-12-31`))[metric]);
    const { previous, lastYear } = card.comparisons;
    expect(previous.value, `${who} ${metric} previous`).toBe((await rawMetrics(owners, previous.from, previous.to))[metric]);
    expect(lastYear.value, `${who} ${metric} last year`).toBe((await rawMetrics(owners, lastYear.from, lastYear.to))[metric]);
  }
  expect(cockpit.attainment.map((card) => card.metric).sort()).toEqual(['bookings', 'collections', 'newCustomers']);
  expect(cockpit.averageOrder?.deals, `${who} deals`).toBe(
    await num(
      sql`select count(*) as n from contracts where signed_on between ${`${year}-01-01`} and ${`${year}-12-31`} ${only(owners, 'owner_id')}`,
    ),
  );
  const stages = await t.db.execute<{ stage: string; count: string; amount: string; weighted: string }>(sql`
    select stage, count(*) as count, sum(amount_cents) as amount, round(sum(amount_cents::numeric * probability) / 100) as weighted
      from opportunities where stage not in ('won', 'lost') ${only(owners, 'owner_id')} group by stage`);
  const byStage = new Map(stages.rows.map((row) => [row.stage, [Number(row.count), Number(row.amount), Number(row.weighted)]]));
  for (const stage of cockpit.pipeline ?? [])
    expect([stage.count, stage.amountCents, stage.weightedCents], `${who} ${stage.stage}`).toEqual(byStage.get(stage.stage) ?? [0, 0, 0]);
  expect(cockpit.pipeline?.length).toBeGreaterThan(0);
  const overdue = await num(sql`
    select coalesce(sum(i.amount_cents - i.received_cents - i.written_off_cents), 0) as n
      from payment_installments i join contracts k on k.id = i.contract_id
     where i.settled_on is null and i.due_on < ${today}::date and k.status not in ('draft', 'in_approval', 'terminated') ${only(owners, 'i.owner_id')}`);
  expect(cockpit.receivables?.overdueCents, `${who} overdue`).toBe(overdue);
  expect(
    cockpit.receivables!.buckets.reduce((sum, bucket) => sum + bucket.cents, 0),
    `${who} aging buckets`,
  ).toBe(overdue);
  // Each bucket (R-AR-1: 1–30, 31–60, 61–90, over 90 days past due) from the rows, day by day.
  const buckets = await t.db.execute<Record<string, string>>(sql`
    select coalesce(sum(x.cents) filter (where x.days between 1 and 30), 0) as d1_30,
           coalesce(sum(x.cents) filter (where x.days between 31 and 60), 0) as d31_60,
           coalesce(sum(x.cents) filter (where x.days between 61 and 90), 0) as d61_90,
           coalesce(sum(x.cents) filter (where x.days > 90), 0) as d90_plus
      from (select ${today}::date - i.due_on as days, i.amount_cents - i.received_cents - i.written_off_cents as cents
              from payment_installments i join contracts k on k.id = i.contract_id
             where i.settled_on is null and i.due_on < ${today}::date and k.status not in ('draft', 'in_approval', 'terminated')
                   ${only(owners, 'i.owner_id')}) x`);
  expect(
    Object.fromEntries(cockpit.receivables!.buckets.map((bucket) => [bucket.bucket, bucket.cents])),
    `${who} each aging bucket`,
  ).toEqual(Object.fromEntries(Object.entries(buckets.rows[0]!).map(([bucket, cents]) => [bucket, Number(cents)])));
  expect(cockpit.overdueCadence?.count, `${who} cadence`).toBe(
    await num(sql`
      select count(*) as n from customers
       where cadence_due_at <= now() and owner_id is not null and merged_into_id is null ${only(owners, 'owner_id')}`),
  );
  return cockpit;
}

/** The monthly report's totals (last month, the month before, the same month last year) from the rows. */
async function expectReportEqualsRows(who: (typeof WHO)[number]) {
  const response = await c[who]!.get('/api/v1/reports/sales?period=monthly');
  expect(response.statusCode, response.body).toBe(200);
  const report = response.json() as SalesReport;
  const owners = await ownersOf(who);
  for (const total of report.totals) {
    const [current, previous, lastYear] = await Promise.all(
      [report.range, report.previous, report.lastYear].map(async (range) =>
        total.metric === 'contracts'
          ? num(sql`select count(*) as n from contracts where signed_on between ${range.from} and ${range.to} ${only(owners, 'owner_id')}`)
          : (await rawMetrics(owners, range.from, range.to))[total.metric as 'bookings' | 'collections' | 'newCustomers'],
      ),
    );
    expect([total.current, total.previous, total.lastYear], `${who} report ${total.metric}`).toEqual([current, previous, lastYear]);
  }
  expect(report.totals.length).toBe(4);
}

/** Bookings, deals and direct orders by month over three years (/contracts/metrics), from the rows. */
async function expectContractMetricsEqualRows() {
  const from = `${year - 2}-01-01`;
  const response = await c.director!.get(`/api/v1/contracts/metrics?from=${from}&to=${today}&groupBy=month`);
  expect(response.statusCode, response.body).toBe(200);
  const rows = response.json() as { key: string; bookingsCents: number; deals: number; directOrders: number }[];
  const raw = await t.db.execute<{ key: string; bookings: string; deals: string; direct: string }>(sql`
    with d as (
      select to_char(signed_on, 'YYYY-MM') as key, amount_cents as booked, 1 as deal, 0 as direct from contracts
       where signed_on between ${from} and ${today}
      union all
      select to_char((ordered_at at time zone 'Asia/Shanghai')::date, 'YYYY-MM'), 0, 0, 1 from orders
       where contract_id is null and status <> 'cancelled'
         and ordered_at >= (${from}::date::timestamp at time zone 'Asia/Shanghai')
         and ordered_at < ((${today}::date + 1)::timestamp at time zone 'Asia/Shanghai'))
    select key, sum(booked) as bookings, sum(deal) as deals, sum(direct) as direct from d group by key order by key`);
  expect(
    rows.map((row) => [row.key, row.bookingsCents, row.deals, row.directOrders]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
  ).toEqual(raw.rows.map((row) => [row.key, Number(row.bookings), Number(row.deals), Number(row.direct)]));
  expect(rows.length).toBeGreaterThan(24);
}

/**
 * Ranges that start or end mid-month (a week, a custom range): whole months come from the monthly facts
 * and the days left over from the daily ones (migration 0062) — bookings, collections and the receivables
 * summary's billed figure equal the rows for each.
 */
async function expectPartialMonthRangesEqualRows() {
  // The director's read scope: every owner.
  const ctx = makeCtx(t.db, { ...SYSTEM_ACTOR, roles: ['director'] });
  const ranges = [
    [`${year - 2}-02-10`, `${year - 1}-03-20`],
    [`${year - 1}-12-15`, `${year - 1}-12-20`],
    [`${year - 1}-05-31`, `${year - 1}-06-01`],
    [`${year - 1}-05-01`, `${year - 1}-07-31`],
  ] as const;
  for (const [from, to] of ranges) {
    const raw = await rawMetrics(null, from, to);
    const bookings = (await signedContractsByOwner(ctx, { from, to })).reduce((sum, row) => sum + row.amountCents, 0);
    const collections = (await collectedByOwner(ctx, { from, to })).reduce((sum, row) => sum + row.amountCents, 0);
    expect([bookings, collections], `${from}..${to}`).toEqual([raw.bookings, raw.collections]);
    const summary = await c.director!.get(`/api/v1/receivables/summary?from=${from}&to=${to}`);
    expect(summary.statusCode, summary.body).toBe(200);
    const billed = await num(sql`
      select coalesce(sum(i.amount_cents), 0) as n from payment_installments i join contracts k on k.id = i.contract_id
       where i.due_on between ${from} and ${to} and k.status not in ('draft', 'in_approval', 'terminated')`);
    expect((summary.json() as { billedCents: number }).billedCents, `billed ${from}..${to}`).toBe(billed);
    // The long ranges hold bookings (a range of zeros would prove nothing).
    if (from.slice(0, 7) !== to.slice(0, 7) && to.slice(5, 7) !== '06') expect(bookings, `${from}..${to} has bookings`).toBeGreaterThan(0);
  }
}

async function expectEverythingEqualsRows() {
  await expectPartialMonthRangesEqualRows();
  for (const who of WHO) {
    const cockpit = await expectCockpitEqualsRows(who);
    if (who !== 'rep') expect(cockpit.attainment.find((card) => card.metric === 'bookings')!.actual, who).toBeGreaterThan(0);
    await expectReportEqualsRows(who);
  }
  await expectContractMetricsEqualRows();
}

describe('issue 18 item 6: dashboard numbers equal the numbers recomputed from the raw rows', () => {
  it('on generated data: three years of contracts, receipts, customers, opportunities and orders', async () => {
    await expectEverythingEqualsRows();
  }, 180_000);

  it('after late edits, reassigned owners, cancelled orders and deletes', async () => {
    const db = t.ownerDb;
    const lastYear = `${year - 1}`;
    // Late edits: amounts corrected after the fact; contracts signed last year re-dated into this
    // year (and the reverse); receipts re-dated across the year boundary; customers' creation dates.
    await db.execute(sql`update contracts set amount_cents = amount_cents + 12345 where id in (
      select id from contracts where signed_on >= ${`${year}-01-01`} order by id limit 40)`);
    await db.execute(sql`update contracts set signed_on = signed_on + 200 where id in (
      select id from contracts where to_char(signed_on, 'YYYY') = ${lastYear} order by id limit 30)`);
    await db.execute(sql`update contracts set signed_on = ${`${year - 1}-12-31`} where id in (
      select id from contracts where signed_on >= ${`${year}-01-01`} order by number limit 10)`);
    await db.execute(sql`update receipts set received_on = ${`${year - 1}-12-31`} where id in (
      select id from receipts where received_on >= ${`${year}-01-01`} order by id limit 25)`);
    await db.execute(sql`update customers set created_at = created_at + interval '180 days' where id in (
      select id from customers where created_at < now() - interval '200 days' order by id limit 60)`);
    // Reassigned owners: the rep's first 15 customers go to a rep of another team, with their
    // contracts, installments and opportunities (as a reassignment does); and 15 come to the rep.
    const other = (
      await db.execute<{ id: string; team: string }>(sql`
        select u.id, u.org_unit_id as team from users u
         where 'rep' = any(u.roles) and not u.disabled and u.org_unit_id <> (select org_unit_id from users where id = ${t.ids.rep})
         order by u.username limit 1`)
    ).rows[0]!;
    const moved = async (from: string, to: string, team: string) => {
      const ids = (await db.execute<{ id: string }>(sql`select id from customers where owner_id = ${from} order by id limit 15`)).rows.map(
        (row) => row.id,
      );
      await db.execute(sql`update customers set owner_id = ${to}, team_id = ${team} where id = any(${sql.param(ids)}::uuid[])`);
      await db.execute(sql`update contracts set owner_id = ${to}, team_id = ${team} where customer_id = any(${sql.param(ids)}::uuid[])`);
      await db.execute(sql`update payment_installments set owner_id = ${to} where customer_id = any(${sql.param(ids)}::uuid[])`);
      await db.execute(
        sql`update opportunities set owner_id = ${to}, team_id = ${team} where customer_id = any(${sql.param(ids)}::uuid[])`,
      );
    };
    const repTeam = (await db.execute<{ t: string }>(sql`select org_unit_id as t from users where id = ${t.ids.rep}`)).rows[0]!.t;
    await moved(t.ids.rep!, other.id, other.team);
    await moved(other.id, t.ids.rep!, repTeam);
    // Cancelled orders, and contracts terminated (their open installments stop being receivable).
    await db.execute(sql`update orders set status = 'cancelled' where id in (select id from orders order by number limit 300)`);
    await db.execute(sql`update contracts set status = 'terminated' where id in (
      select id from contracts where status = 'executing' order by number desc limit 20)`);
    // Deletes: receipts (their installments reopened by the amount), opportunities, orders, a
    // contract withdrawn before signing, and merged customers (the merged one leaves every count).
    await db.execute(sql`
      with gone as (delete from receipts where id in (select id from receipts where idempotency_key like 'bench-%' order by id desc limit 40) returning installment_id, amount_cents)
      update payment_installments i set received_cents = i.received_cents - g.amount_cents, settled_on = null
        from (select installment_id, sum(amount_cents) as amount_cents from gone group by 1) g where g.installment_id = i.id`);
    await db.execute(
      sql`delete from opportunities where id in (select id from opportunities where name like '压测商机%' and stage <> 'won' order by id limit 200)`,
    );
    await db.execute(sql`delete from orders where id in (select id from orders where number like 'DDB-%' order by number desc limit 100)`);
    await db.execute(sql`update contracts set status = 'draft', signed_on = null where id in (
      select id from contracts where number like 'HTB-%' and signed_on >= ${`${year}-01-01`} order by id desc limit 5)`);
    await db.execute(sql`
      update customers c set merged_into_id = m.into_id from (
        select id, lead(id) over (order by id) as into_id from customers where owner_id is not null order by id limit 20) m
       where c.id = m.id and m.into_id is not null`);
    await expectEverythingEqualsRows();
  }, 180_000);
});
