import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../test/harness.js';
import { createDatabase } from './client.js';
import { TRANSACTION_ATTEMPTS } from './transactions.js';
import { DEFAULT_LIMITS } from './limits.js';
import { fromDatabase } from '../errors.js';

/** One transaction, one connection (issue 14, item 1), and the bounded retry of 40001/40P01 (item 9). */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t?.close();
});

/** What Drizzle throws for a failed query: its own error, with pg's as `cause`. */
function drizzleError(code: string): Error {
  return new Error('Failed query: update …', { cause: Object.assign(new Error(`pg error ${code}`), { code }) });
}

describe('transactions', () => {
  it('a query through the pool inside a transaction runs on the transaction (sees its writes; a pool of one does not hang)', async () => {
    const url = t.db.$client.options.connectionString!;
    const single = createDatabase(url, 1);
    try {
      const seen = await single.transaction(async (tx) => {
        await tx.execute(sql`create temporary table scratch (n int) on commit drop`);
        await tx.execute(sql`insert into scratch values (7)`);
        // The pool's only connection is this transaction's: before, this waited for a second one forever.
        const viaPool = await single.execute<{ n: number }>(sql`select n from scratch`);
        const viaClient = await single.$client.query<{ n: number }>('select n from scratch');
        return [viaPool.rows[0]?.n, viaClient.rows[0]?.n];
      });
      expect(seen).toEqual([7, 7]);
    } finally {
      await single.$client.end();
    }
  });

  it('a transaction begun inside a transaction is a savepoint of it: its failure undoes only its own writes', async () => {
    const rows = await t.db.transaction(async (tx) => {
      await tx.execute(sql`create temporary table scratch2 (n int) on commit drop`);
      await tx.execute(sql`insert into scratch2 values (1)`);
      await t.db
        .transaction(async (inner) => {
          await inner.execute(sql`insert into scratch2 values (2)`);
          throw new Error('inner fails');
        })
        .catch(() => undefined);
      await t.db.transaction((inner) => inner.execute(sql`insert into scratch2 values (3)`));
      return (await tx.execute<{ n: number }>(sql`select n from scratch2 order by n`)).rows.map((row) => row.n);
    });
    expect(rows).toEqual([1, 3]);
  });

  it('a serialization failure or deadlock is retried; one that persists becomes a 409', async () => {
    let attempts = 0;
    const result = await t.db.transaction(async () => {
      attempts++;
      if (attempts < 3) throw drizzleError(attempts === 1 ? '40001' : '40P01');
      return 'done';
    });
    expect([result, attempts]).toEqual(['done', 3]);

    attempts = 0;
    const failure = await t.db
      .transaction(async () => {
        attempts++;
        throw drizzleError('40001');
      })
      .catch((error: unknown) => error);
    expect(attempts).toBe(TRANSACTION_ATTEMPTS);
    expect(fromDatabase(failure)?.status).toBe(409);

    attempts = 0;
    await t.db
      .transaction(async () => {
        attempts++;
        throw drizzleError('23505');
      })
      .catch(() => undefined);
    expect(attempts).toBe(1); // other errors are not retried
  });

  it('no free connection within the acquire timeout: the caller gets a 503 "busy" instead of waiting forever; a lock wait ends at lock_timeout', async () => {
    const url = t.db.$client.options.connectionString!;
    const single = createDatabase(url, 1, { limits: { ...DEFAULT_LIMITS, acquireTimeoutMs: 300, lockTimeoutMs: 300 } });
    const other = createDatabase(url, 1, { limits: { ...DEFAULT_LIMITS, lockTimeoutMs: 300 } });
    try {
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      const holding = single.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(4242)`);
        await held;
      });
      await new Promise((r) => setTimeout(r, 100));
      const waited = await single.execute(sql`select 1`).catch((error: unknown) => error);
      expect(fromDatabase(waited)).toMatchObject({ status: 503, message: expect.stringMatching(/busy/) });
      const locked = await other.transaction((tx) => tx.execute(sql`select pg_advisory_xact_lock(4242)`)).catch((error: unknown) => error);
      expect(fromDatabase(locked)).toMatchObject({ status: 503, message: expect.stringMatching(/locked/) });
      release();
      await holding;
    } finally {
      await single.$client.end();
      await other.$client.end();
    }
  });

  it('maps database errors however wrapped: unique → 409, reference gone → 422, still referenced → 409, outage and timeouts → 503', () => {
    expect(fromDatabase(drizzleError('23505'))?.status).toBe(409);
    const missing = new Error('Failed query', {
      cause: Object.assign(new Error('fk'), { code: '23503', detail: 'Key (x)=(1) is not present in table "y".' }),
    });
    expect(fromDatabase(missing)?.status).toBe(422);
    const used = new Error('Failed query', {
      cause: Object.assign(new Error('fk'), { code: '23503', detail: 'Key (id)=(1) is still referenced from table "z".' }),
    });
    expect(fromDatabase(used)?.status).toBe(409);
    for (const code of ['57P01', '57P03', '08006', '57014', '55P03']) expect(fromDatabase(drizzleError(code))?.status, code).toBe(503);
    expect(fromDatabase(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))?.message).toBe(
      'database unavailable; try again in a moment',
    );
    expect(fromDatabase(new Error('Failed query', { cause: new Error('Connection terminated unexpectedly') }))?.status).toBe(503);
    expect(fromDatabase(new Error('timeout exceeded when trying to connect'))?.message).toMatch(/busy/);
    expect(fromDatabase(new Error('something else'))).toBeNull();
  });
});
