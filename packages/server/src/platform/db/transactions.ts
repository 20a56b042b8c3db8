import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { Database, Tx } from './client.js';
import { isRetryableTransactionError } from './db-errors.js';

/**
 * One transaction, one connection — by construction. Inside `db.transaction(…)`, every query sent
 * through the pool (`ctx.db`, `getSettings(ctx.db)`, a presenter's lookup, `db.$client.query`) runs
 * on the transaction's own connection, and a nested `db.transaction` is a savepoint of it.
 *
 * Why: a transaction holding a row lock that asked the pool for a second connection could wait
 * forever, when every other connection belonged to requests queued behind that lock (issue 14,
 * item 1: 20 claims of one pool customer hung the whole server). Services need not pass `tx` to
 * every helper for this to hold; passing it stays the clearer style.
 *
 * The scope follows the async work started by the callback (AsyncLocalStorage) and closes when the
 * transaction ends: work it left running falls back to the pool. Background work the callback only
 * wakes (the scheduler), and a write that must commit on its own whatever the transaction does (an
 * export's audit row, written before the first byte while the rows stream from a read-only
 * snapshot), go through `outsideTransaction` — the one explicit way to a second connection.
 */
interface Scope {
  pool: pg.Pool;
  client: pg.PoolClient;
  tx: Tx | null;
  open: boolean;
}

const scopes = new AsyncLocalStorage<Scope>();

/** Runs `fn` outside any transaction scope (for background work a request merely triggers). */
export function outsideTransaction<T>(fn: () => T): T {
  return scopes.exit(fn);
}

function openScope(pool: pg.Pool): Scope | null {
  const scope = scopes.getStore();
  return scope && scope.open && scope.pool === pool ? scope : null;
}

/** A transaction that fails with 40001/40P01 is run again this many times in all, then its error is answered (409). */
export const TRANSACTION_ATTEMPTS = 4;

type TransactionFn = Database['transaction'];

/** Makes `db`'s pool route queries made inside its transactions to their connection (see above), and retries 40001/40P01. */
export function bindTransactions(db: Database): void {
  const pool = db.$client;
  const poolQuery = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  const poolConnect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
  pool.query = ((...args: unknown[]) => {
    const scope = openScope(pool);
    if (scope) return (scope.client.query as (...a: unknown[]) => unknown)(...args);
    return poolQuery(...args);
  }) as typeof pool.query;
  pool.connect = ((...args: unknown[]) => {
    if (openScope(pool)) {
      const error = new Error('a second connection was asked for inside a transaction; use the transaction (tx) instead');
      const callback = args[0];
      if (typeof callback === 'function') {
        process.nextTick(() => (callback as (e: Error) => void)(error));
        return undefined;
      }
      return Promise.reject(error);
    }
    return poolConnect(...args);
  }) as typeof pool.connect;

  const transaction: TransactionFn = async (fn, config) => {
    const scope = openScope(pool);
    if (scope?.tx) return scope.tx.transaction(fn);
    for (let attempt = 1; ; attempt++) {
      try {
        return await runOnOwnConnection(pool, fn, config);
      } catch (error) {
        if (attempt >= TRANSACTION_ATTEMPTS || !isRetryableTransactionError(error)) throw error;
        // Two transactions that collided should not collide again at once.
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
      }
    }
  };
  db.transaction = transaction;
}

/** Drizzle over one pooled connection, kept with it: its `transaction` runs BEGIN … COMMIT on that connection. */
const onConnection = new WeakMap<pg.PoolClient, NodePgDatabase & { $client: pg.PoolClient }>();

async function runOnOwnConnection<T>(pool: pg.Pool, fn: (tx: Tx) => Promise<T>, config: Parameters<TransactionFn>[1]): Promise<T> {
  const client = await pool.connect();
  const scope: Scope = { pool, client, tx: null, open: true };
  let broken: Error | undefined;
  try {
    const onClient = onConnection.get(client) ?? drizzle(client);
    onConnection.set(client, onClient);
    return await scopes.run(scope, () =>
      onClient.transaction((tx) => {
        scope.tx = tx;
        return fn(tx);
      }, config),
    );
  } catch (error) {
    // A connection whose transaction could not even roll back is not given to anyone else.
    if (!(client as unknown as { _queryable?: boolean })._queryable) broken = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    scope.open = false;
    client.release(broken);
  }
}
