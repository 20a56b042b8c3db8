import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../test/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('a connection runs one query at a time', () => {
  it('queries a transaction sends at once run one after another, in order, without pg’s warning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      const answers = await t.db.transaction(async (tx) => {
        await tx.execute(sql`create temporary table one_at_a_time (n int) on commit drop`);
        // each insert sees the rows of those sent before it
        return Promise.all(
          [1, 2, 3, 4].map((n) =>
            tx.execute<{ seen: number }>(
              sql`with added as (insert into one_at_a_time values (${n}) returning n) select (select count(*)::int from one_at_a_time) as seen from added`,
            ),
          ),
        );
      });
      expect(answers.map((answer) => answer.rows[0]!.seen)).toEqual([0, 1, 2, 3]);
      // a failing query does not stop the ones after it
      const settled = await t.db.transaction(async (tx) =>
        Promise.allSettled([tx.execute(sql`select 1 as ok`), tx.execute(sql`select * from no_such_table`)]),
      );
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected']);
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((message) => message.includes('already executing a query'))).toEqual([]);
  });
});
