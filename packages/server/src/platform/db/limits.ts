import type pg from 'pg';

/**
 * Time limits on the database, so that nothing waits forever (issue 14, item 1): a request that
 * cannot get a pooled connection, a statement, a wait for a row lock, a transaction left open.
 * Each ends in a 503 with a clear message (platform/errors.ts) instead of a hung server.
 * Set from the environment (platform/config.ts): DB_ACQUIRE_TIMEOUT_MS, DB_STATEMENT_TIMEOUT_MS,
 * DB_LOCK_TIMEOUT_MS, DB_IDLE_IN_TRANSACTION_TIMEOUT_MS; 0 turns one off.
 */
export interface DatabaseLimits {
  /** Waiting for a free pooled connection (or a new one to connect). */
  acquireTimeoutMs: number;
  /** PostgreSQL's statement_timeout. */
  statementTimeoutMs: number;
  /** PostgreSQL's lock_timeout: one wait for a row or table lock. */
  lockTimeoutMs: number;
  /** PostgreSQL's idle_in_transaction_session_timeout: a transaction that stopped sending queries. */
  idleInTransactionTimeoutMs: number;
}

export const DEFAULT_LIMITS: DatabaseLimits = {
  acquireTimeoutMs: 10_000,
  // Scheduled jobs (RFM over every customer) and exports' cursor pages run under it too.
  statementTimeoutMs: 60_000,
  lockTimeoutMs: 10_000,
  // An export streams from one transaction while the download is read: a slow reader leaves it idle.
  idleInTransactionTimeoutMs: 120_000,
};

/** The `-c name=value` startup options that set the server-side limits on every pooled connection. */
export function sessionTimeouts(limits: DatabaseLimits | null): string {
  if (!limits) return '';
  return ` -c statement_timeout=${limits.statementTimeoutMs} -c lock_timeout=${limits.lockTimeoutMs} -c idle_in_transaction_session_timeout=${limits.idleInTransactionTimeoutMs}`;
}

export type DatabaseLog = (level: 'warn' | 'error', message: string, error: unknown) => void;

let log: DatabaseLog = (level, message, error) =>
  process.stderr.write(
    `${JSON.stringify({ level: level === 'error' ? 50 : 40, time: Date.now(), pid: process.pid, msg: message, err: error instanceof Error ? error.message : String(error) })}\n`,
  );

/** Where connection failures are reported (the server sets its logger). */
export function setDatabaseLog(next: DatabaseLog): void {
  log = next;
}

export function logDatabase(level: 'warn' | 'error', message: string, error: unknown): void {
  log(level, message, error);
}

/**
 * A connection that fails (PostgreSQL shut down or killed: 57P01, a dropped socket) emits 'error'.
 * pg-pool listens only while the connection is idle; one checked out by a request had no listener,
 * and Node ends the process on an unheard 'error' (issue 14, item 3). Every connection gets one for
 * its whole life: the failure is logged, the query in flight fails (→ 503), and pg-pool drops the
 * connection when it is released; new ones are made when the database is back.
 */
export function superviseConnections(pool: pg.Pool): void {
  pool.on('error', (error) => logDatabase('warn', 'an idle database connection failed', error));
  pool.on('connect', (client) => {
    client.on('error', (error) => logDatabase('warn', 'a database connection failed', error));
  });
}
