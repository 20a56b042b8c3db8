import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../test/harness.js';
import { insertDeal } from '../modules/incentives/test-fixtures.js';
import { seedDemoIncentives } from './demo-incentives.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('demo incentives (M6)', () => {
  it(
    "seeds the tiered plan, last month's statements (some approved) and last quarter's confirmed honours",
    { timeout: 120_000 },
    async () => {
      const now = new Date(Date.UTC(2033, 4, 15));
      await insertDeal(t, 'rep', {
        amountCents: 8_000_000,
        signedOn: '2033-04-02',
        receipts: [{ amountCents: 8_000_000, receivedOn: '2033-04-10' }],
      });
      await insertDeal(t, 'rep2', {
        amountCents: 3_000_000,
        signedOn: '2033-01-02',
        receipts: [{ amountCents: 3_000_000, receivedOn: '2033-02-10' }],
      });
      await seedDemoIncentives(t.ownerDb, { now });
      const statements = await t.db.execute<{ status: string; n: number }>(
        sql`select status, count(*)::int as n from commission_statements where period = '2033-04' group by status order by status`,
      );
      expect(statements.rows.map((r) => r.status)).toEqual(['approved', 'draft']);
      const rep = await t.db.execute<{ base_cents: string }>(
        sql`select base_cents from commission_statements where period = '2033-04' and user_id = ${t.ids.rep}`,
      );
      expect(Number(rep.rows[0]!.base_cents)).toBe(8_000_000);
      const honours = await t.db.execute<{ award: string; user_id: string; status: string }>(
        sql`select award, user_id, status from honours where period = '2033-Q1'`,
      );
      expect(honours.rows).toContainEqual({ award: 'salesChampion', user_id: t.ids.rep2, status: 'confirmed' });
      // Statements and honours read back through the API.
      const rep2 = await t.loginAs('rep2');
      expect((await rep2.get('/api/v1/honours?period=2033-Q1')).json().length).toBeGreaterThan(0);
    },
  );
});
