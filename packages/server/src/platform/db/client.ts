import crypto from 'node:crypto';
import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { DEFAULT_LIMITS, sessionTimeouts, superviseConnections, type DatabaseLimits } from './limits.js';
import { bindTransactions } from './transactions.js';

export type Database = NodePgDatabase & { $client: pg.Pool };
/** A transaction handle: what services pass to each other inside one unit of work. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Either the pool-backed database or an open transaction. */
export type Executor = Database | Tx;

// int8 (count(*), sums in cents) as numbers while they are safe integers.
pg.types.setTypeParser(20, (value) => {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
});

const DML = /^\s*(select|insert|update|delete|with)\b/i;
const statementNames = new Map<string, string>();
const MAX_STATEMENTS = 5000;

// A stable name per distinct parameterised statement text, so each connection prepares it once. A
// statement whose best plan depends on its values (a report over one owner or over everyone) holds
// the SQL comment `/* no-prepare */` and is sent unnamed: planned afresh on each execution.
export function statementName(text: string): string | null {
  let name = statementNames.get(text);
  if (name) return name;
  if (statementNames.size >= MAX_STATEMENTS || !DML.test(text) || text.includes('/* no-prepare */')) return null;
  name = `xg_${crypto.createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
  statementNames.set(text, name);
  return name;
}

/**
 * Every parameterised query becomes a named prepared statement on its connection (what postgres.js
 * and pgx do by default): PostgreSQL parses it once per connection rather than on every execution,
 * and may keep its plan (statementName).
 */
class PreparingClient extends pg.Client {
  /** The last promise-style query sent on this connection (see `query`). */
  private last: Promise<unknown> = Promise.resolve();

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(config: any, values?: any, callback?: any): any {
    const callbackGiven = typeof values === 'function' || typeof callback === 'function';
    // A stream or cursor (submittable) and a callback-style call (pg-pool's own) go straight through.
    if (callbackGiven || (config && typeof config.submit === 'function')) return this.send(config, values, callback);
    // Promise-style calls on one connection — a transaction's, when a service sends several queries
    // at once — run one after another: pg queued them itself, but that is deprecated (pg 9 refuses
    // a query on a busy connection).
    const run = () => this.send(config, values, callback);
    const result = this.last.then(run, run);
    this.last = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private send(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0) {
      const name = statementName(config);
      if (name) return super.query({ name, text: config, values }, callback);
    } else if (
      config &&
      typeof config === 'object' &&
      typeof config.text === 'string' &&
      !config.name &&
      typeof config.submit !== 'function'
    ) {
      const params = Array.isArray(values) ? values : config.values;
      const name = Array.isArray(params) && params.length > 0 ? statementName(config.text) : null;
      if (name) return super.query({ ...config, name, values: params }, typeof values === 'function' ? values : callback);
    }
    return super.query(config, values, callback);
  }
}

// date columns stay 'YYYY-MM-DD' strings (a birthday has no time zone).
pg.types.setTypeParser(1082, (value) => value);

/**
 * A connection string's own startup `options` (e.g. `-c role=xiaoguan_app`, app-role.ts), taken out
 * of it: pg lets a connection string's options replace the pool's, which would drop TimeZone=UTC.
 */
export function splitStartupOptions(url: string): { url: string; options: string } {
  if (!url.includes('options=')) return { url, options: '' };
  const parsed = new URL(url);
  const options = parsed.searchParams.get('options') ?? '';
  parsed.searchParams.delete('options');
  return { url: parsed.toString(), options };
}

export function createDatabase(url: string, max = 20, { limits = DEFAULT_LIMITS }: { limits?: DatabaseLimits | null } = {}): Database {
  const startup = splitStartupOptions(url);
  const pool = new pg.Pool({
    Client: PreparingClient,
    connectionString: startup.url,
    max,
    application_name: 'xiaoguan',
    options: `${startup.options} -c TimeZone=UTC${sessionTimeouts(limits)}`.trim(),
    connectionTimeoutMillis: limits?.acquireTimeoutMs ?? 0,
  });
  superviseConnections(pool);
  const db = drizzle(pool) as Database;
  bindTransactions(db);
  return db;
}

/** PostgreSQL's text form of a timestamptz (`2026-11-23 01:00:00.123+00`) → Date. */
export function parsePgTimestamp(value: string): Date {
  return new Date(value.includes('T') ? value : value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
}

/** `YYYY-MM-DD HH:MM:SS[.f…]+00`: a timestamptz as PostgreSQL writes it in our sessions (TimeZone=UTC). */
const UTC_TEXT = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?\+00$/;

/**
 * timestamptz → ISO 8601 as `Date#toISOString` writes it, whatever shape the driver handed back.
 * PostgreSQL's UTC text is rearranged as a string (no Date in between): lists convert hundreds of
 * these per request.
 */
export function iso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (UTC_TEXT.test(value)) {
    const fraction = value.length > 22 ? `${value.slice(19, -3)}00`.slice(0, 4) : '.000';
    return `${value.slice(0, 10)}T${value.slice(11, 19)}${fraction}Z`;
  }
  return parsePgTimestamp(value).toISOString();
}
