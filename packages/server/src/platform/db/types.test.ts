import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../test/harness.js';
import { withGenericPlans } from './client.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('text[] read back from PostgreSQL', () => {
  it('arrives as the array that was written, whatever its elements hold', async () => {
    const arrays: (string | null)[][] = [
      [],
      ['有预算', '重点客户', 'vip'],
      ['a,b', 'x y', '', 'NULL', 'null', null, '引号"', 'back\\slash', '{brace}', ' lead', 'tab\there', '有预算'],
    ];
    for (const db of [t.db, withGenericPlans(t.db)]) {
      for (const value of arrays) {
        const { rows } = await db.execute<{ v: (string | null)[] }>(sql`select ${sql.param(value)}::text[] as v`);
        expect(rows[0]!.v).toEqual(value);
      }
    }
  });
});
