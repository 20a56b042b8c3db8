/**
 * What a failed database call means, whatever wrapped it: Drizzle throws its own error (`Failed
 * query: …`) with pg's error as `cause`, pg-pool throws plain Errors for a pool that gave no
 * connection, and a dropped socket is a Node system error.
 */
export interface PgErrorFields {
  code?: string;
  constraint?: string;
  detail?: string;
  message?: string;
}

/** The first error in the `cause` chain that carries a PostgreSQL SQLSTATE (5 characters) or a Node errno code. */
export function databaseErrorOf(error: unknown): PgErrorFields | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const candidate = current as PgErrorFields & { cause?: unknown };
    if (typeof candidate.code === 'string' && (/^[0-9A-Z]{5}$/.test(candidate.code) || candidate.code.startsWith('E'))) return candidate;
    current = candidate.cause;
  }
  return null;
}

/** The message pg-pool rejects with when no connection was free within `connectionTimeoutMillis`. */
export const POOL_TIMEOUT_MESSAGE = 'timeout exceeded when trying to connect';

function messages(error: unknown): string[] {
  const found: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    found.push(current.message);
    current = current.cause;
  }
  return found;
}

/** 40001 serialization failure, 40P01 deadlock: the transaction may be run again as it is. */
export function isRetryableTransactionError(error: unknown): boolean {
  const code = databaseErrorOf(error)?.code;
  return code === '40001' || code === '40P01';
}

export type Unavailable = 'database_down' | 'pool_exhausted' | 'statement_timeout' | 'lock_timeout';

/**
 * Errors that say the database cannot serve right now (not that the request was wrong): it is
 * down or restarting, the connection dropped, no pooled connection came free in time, or a
 * statement or lock wait ran over its timeout. Null for any other error.
 */
export function unavailableReason(error: unknown): Unavailable | null {
  const code = databaseErrorOf(error)?.code;
  if (code === '57014') return 'statement_timeout';
  if (code === '55P03') return 'lock_timeout';
  if (code) {
    // 57P01-03 admin/crash shutdown, cannot connect now; 08xxx connection exceptions; 53300 too many
    // connections; 25P03 idle-in-transaction timeout ended the session.
    if (/^(57P0[1-3]|08...|53300|25P03)$/.test(code)) return 'database_down';
    if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code))
      return 'database_down';
  }
  for (const message of messages(error)) {
    if (message === POOL_TIMEOUT_MESSAGE) return 'pool_exhausted';
    if (
      message.includes('Connection terminated') ||
      message.includes('Client has encountered a connection error and is not queryable') ||
      message.includes('Client was closed and is not queryable') ||
      message === 'Cannot use a pool after calling end on the pool'
    ) {
      return 'database_down';
    }
  }
  return null;
}

export const UNAVAILABLE_MESSAGES: Record<Unavailable, string> = {
  database_down: 'database unavailable; try again in a moment',
  pool_exhausted: 'the server is busy (no free database connection); try again in a moment',
  statement_timeout: 'the database took too long to answer; try again in a moment',
  lock_timeout: 'the record is busy (locked by another change); try again in a moment',
};
