import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../test/harness.js';
import { createDatabase, withGenericPlans, type Database } from './client.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const planMode = async (db: Pick<Database, 'execute'>) => (await db.execute<{ plan_cache_mode: string }>(sql`show plan_cache_mode`)).rows[0]!.plan_cache_mode;
const urlOf = (db: Database) => (db.$client as unknown as { options: { connectionString: string } }).options.connectionString;

describe('withGenericPlans', () => {
  it('runs statements on connections that always take the generic plan, and the pool’s own keep the default', async () => {
    const generic = withGenericPlans(t.db);
    expect(await planMode(generic)).toBe('force_generic_plan');
    expect(await planMode(t.db)).toBe('auto');
    expect(withGenericPlans(t.db)).toBe(generic);
    // their timestamps read the same as the pool's (the sessions run in UTC as well)
    expect((await generic.execute<{ tz: string }>(sql`select current_setting('TimeZone') as tz`)).rows[0]!.tz).toBe('UTC');
  });

  it('inside a transaction answers the transaction itself, which sees its own writes', async () => {
    await t.db.transaction(async (tx) => {
      expect(withGenericPlans(tx)).toBe(tx);
      await tx.execute(sql`create temporary table generic_plans_probe (n int) on commit drop`);
      await withGenericPlans(tx).execute(sql`insert into generic_plans_probe values (1)`);
      expect((await tx.execute(sql`select count(*)::int as n from generic_plans_probe`)).rows[0]).toEqual({ n: 1 });
    });
  });

  it('closes its connections when the pool is closed', async () => {
    const db = createDatabase(urlOf(t.db), 2);
    const generic = withGenericPlans(db) as Database;
    await generic.execute(sql`select 1`);
    expect(generic.$client.totalCount).toBe(1);
    await db.$client.end();
    expect(generic.$client.ended).toBe(true);
    expect(generic.$client.totalCount).toBe(0);
  });
});
