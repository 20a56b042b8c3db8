import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../test/harness.js';
import { buildBenchData } from '../../seed/bench-data.js';
import { buildPipelineBenchData } from '../../seed/bench-pipeline-data.js';
import { rebuildContractBookingsDaily } from '../contracts/index.js';
import { rebuildReceiptCollectionsDaily, rebuildReceivableInstallmentsDaily } from '../receivables/index.js';
import { rebuildCustomerNewHourly } from '../customers/index.js';

/**
 * Issue 18 item 6: the daily facts the cockpit and the reports read (migration 0056) are kept by row
 * triggers in every write. After a mixed sequence of writes — inserts, late edits, re-dating,
 * reassignments (also of installments alone), a contract back to draft, the pool, merges, deletes —
 * each trigger-kept table equals its rebuild from the raw rows (rows summing to zero aside).
 */
let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
  await buildBenchData(t.ownerDb, { customers: 400, interactions: 200, orders: 100, reps: 8 });
  await buildPipelineBenchData(t.ownerDb, {
    opportunities: 200,
    contracts: 400,
    orders: 100,
    linesPerOrder: 1,
    days: 3 * 365,
    receipts: true,
  });
}, 240_000);
afterAll(() => t.close());

const ROLLUPS = {
  contract_bookings_daily: { rebuild: rebuildContractBookingsDaily, nonZero: 'deals <> 0 or amount_cents <> 0' },
  receipt_collections_daily: { rebuild: rebuildReceiptCollectionsDaily, nonZero: 'receipts <> 0 or amount_cents <> 0' },
  customer_new_hourly: { rebuild: rebuildCustomerNewHourly, nonZero: 'customers <> 0' },
  receivable_installments_daily: {
    rebuild: rebuildReceivableInstallmentsDaily,
    nonZero: 'billed_cents <> 0 or open_installments <> 0 or outstanding_cents <> 0',
  },
  // The month grain (migration 0062), kept by triggers on the daily tables; each is rebuilt with its daily table.
  contract_bookings_monthly: { rebuild: rebuildContractBookingsDaily, nonZero: 'deals <> 0 or amount_cents <> 0' },
  receipt_collections_monthly: { rebuild: rebuildReceiptCollectionsDaily, nonZero: 'receipts <> 0 or amount_cents <> 0' },
  receivable_installments_monthly: {
    rebuild: rebuildReceivableInstallmentsDaily,
    nonZero: 'billed_cents <> 0 or open_installments <> 0 or outstanding_cents <> 0',
  },
} as const;

async function rowsOf(table: keyof typeof ROLLUPS): Promise<string[]> {
  const result = await t.db.execute<{ row: string }>(
    sql.raw(`select to_jsonb(d)::text as row from ${table} d where ${ROLLUPS[table].nonZero} order by 1`),
  );
  return result.rows.map((row) => row.row);
}

/** A mixed sequence of writes through the app's database role (the triggers fire as in the app). */
async function mixedWrites() {
  const db = t.db;
  const rep = await t.loginAs('rep');
  for (let i = 0; i < 3; i++) {
    const created = await rep.post('/api/v1/customers', { kind: 'organization', name: `汇总校验客户${i}号有限公司` });
    expect(created.statusCode, created.body).toBe(201);
  }
  const copy = (table: string, changes: string, where: string) =>
    db.execute(
      sql.raw(
        `insert into ${table} select (jsonb_populate_record(null::${table}, to_jsonb(x) || ${changes})).* from ${table} x where ${where}`,
      ),
    );
  await copy(
    'contracts',
    `jsonb_build_object('id', gen_random_uuid(), 'number', x.number || '-C')`,
    `x.id in (select id from contracts where signed_on is not null order by id limit 5)`,
  );
  await copy(
    'receipts',
    `jsonb_build_object('id', gen_random_uuid(), 'idempotency_key', 'copy-' || x.id)`,
    `x.id in (select id from receipts order by id limit 7)`,
  );
  await db.execute(
    sql`update contracts set amount_cents = amount_cents + 999 where id in (select id from contracts order by id desc limit 20)`,
  );
  await db.execute(
    sql`update contracts set signed_on = signed_on - 400 where id in (select id from contracts where signed_on is not null order by number limit 15)`,
  );
  await db.execute(
    sql`update contracts set status = 'draft', signed_on = null where id in (select id from contracts where signed_on is not null order by id limit 4)`,
  );
  await db.execute(
    sql`update receipts set received_on = received_on + 3, amount_cents = amount_cents + 1 where id in (select id from receipts order by id desc limit 25)`,
  );
  await db.execute(sql`delete from receipts where id in (select id from receipts order by amount_cents limit 10)`);
  await db.execute(
    sql`update customers set created_at = created_at - interval '3 days 5 hours' where id in (select id from customers order by id limit 30)`,
  );
  // Reassignments: customers with their contracts and installments, then installments alone.
  const [a, b] = (
    await db.execute<{ id: string; unit: string }>(
      sql`select id, org_unit_id as unit from users where 'rep' = any(roles) and not disabled order by username limit 2`,
    )
  ).rows;
  const ids = (await db.execute<{ id: string }>(sql`select id from customers where owner_id = ${a!.id} order by id limit 10`)).rows.map(
    (row) => row.id,
  );
  await db.execute(sql`update customers set owner_id = ${b!.id}, team_id = ${b!.unit} where id = any(${sql.param(ids)}::uuid[])`);
  await db.execute(sql`update contracts set owner_id = ${b!.id}, team_id = ${b!.unit} where customer_id = any(${sql.param(ids)}::uuid[])`);
  await db.execute(sql`update payment_installments set owner_id = ${b!.id} where customer_id = any(${sql.param(ids)}::uuid[])`);
  await db.execute(sql`update payment_installments set owner_id = ${a!.id} where id in (
    select installment_id from receipts where installment_id is not null order by id desc limit 12)`);
  // Installments paid, settled, re-planned; contracts terminated, one signed again, one back in approval.
  await db.execute(sql`update payment_installments set received_cents = amount_cents, settled_on = due_on + 2 where id in (
    select id from payment_installments where settled_on is null order by id limit 15)`);
  await db.execute(sql`update payment_installments set due_on = due_on + 45, amount_cents = amount_cents + 500 where id in (
    select id from payment_installments where settled_on is null order by id desc limit 15)`);
  await db.execute(
    sql`update contracts set status = 'terminated' where id in (select id from contracts where status = 'executing' order by id limit 6)`,
  );
  await db.execute(
    sql`update contracts set status = 'executing' where id in (select id from contracts where status = 'terminated' order by id limit 2)`,
  );
  await db.execute(
    sql`update contracts set status = 'in_approval' where id in (select id from contracts where status = 'signed' order by id limit 2)`,
  );
  // The pool, merges and deletes.
  await db.execute(
    sql`update customers set owner_id = null, team_id = null where id in (select id from customers where owner_id is not null order by id desc limit 8)`,
  );
  await db.execute(sql`
    update customers c set merged_into_id = m.into_id from (
      select id, lead(id) over (order by id) as into_id from customers where owner_id is not null order by name limit 12) m
     where c.id = m.id and m.into_id is not null`);
  await db.execute(sql`delete from contracts where id in (
    select k.id from contracts k where not exists (select 1 from receipts r where r.contract_id = k.id)
       and not exists (select 1 from orders o where o.contract_id = k.id) order by k.id limit 3)`);
}

describe('issue 18 item 6: trigger-kept daily facts equal their rebuild from the raw rows', () => {
  it('after a mixed sequence of writes: the daily facts (bookings, collections, new customers, receivables) and their monthly sums', async () => {
    const tables = Object.keys(ROLLUPS) as (keyof typeof ROLLUPS)[];
    for (const table of tables) expect((await rowsOf(table)).length, table).toBeGreaterThan(0);
    await mixedWrites();
    // Every kept table read before any rebuild (a daily table's rebuild rebuilds its monthly one too).
    const kept = new Map<string, string[]>();
    for (const table of tables) kept.set(table, await rowsOf(table));
    for (const rebuild of new Set(Object.values(ROLLUPS).map((rollup) => rollup.rebuild))) await rebuild(t.ownerDb);
    for (const table of tables) expect(kept.get(table), table).toEqual(await rowsOf(table));
  }, 120_000);
});
