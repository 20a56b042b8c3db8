import crypto from 'node:crypto';
import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import { fillPlaceholders, sql, type SQL } from 'drizzle-orm';
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

// text[] (tags): PostgreSQL writes an element bare unless it holds a comma, quote, backslash, brace or
// white space, is empty, or is NULL (bare NULL is a null element). An array of bare elements is split
// as it is; anything else goes to pg's parser, which builds every element character by character
// (22 KB of garbage for a page of 50 customers' tags).
const TEXT_ARRAY = 1009 as Parameters<typeof pg.types.getTypeParser>[0]; // text[]'s oid: pg-types names only scalar types
const parseAnyTextArray = pg.types.getTypeParser(TEXT_ARRAY) as (value: string) => (string | null)[];
const BARE_ELEMENTS = /^\{[^"\\{}\s]*\}$/;
export function parseTextArray(value: string): (string | null)[] {
  if (value === '{}') return [];
  if (BARE_ELEMENTS.test(value)) {
    const elements = value.slice(1, -1).split(',');
    if (!elements.includes('NULL')) return elements;
  }
  return parseAnyTextArray(value);
}
pg.types.setTypeParser(TEXT_ARRAY, parseTextArray);

const DML = /^\s*(select|insert|update|delete|with)\b/i;
const statementNames = new Map<string, string>();
const MAX_STATEMENTS = 5000;

/** A stable name per distinct parameterised statement text, so each connection prepares it once. */
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
 * and pgx do by default). Measured here: planning a join costs PostgreSQL ~200 µs per execution, a
 * prepared one is planned once — a simple join goes from ~376 µs to ~171 µs (bench/db.bench.ts).
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
    } else if (config && typeof config === 'object' && typeof config.text === 'string' && !config.name && typeof config.submit !== 'function') {
      const params = Array.isArray(values) ? values : config.values;
      const name = Array.isArray(params) && params.length > 0 ? statementName(config.text) : null;
      if (name) return super.query({ ...config, name, values: params }, typeof values === 'function' ? values : callback);
    }
    return super.query(config, values, callback);
  }
}

// date columns stay 'YYYY-MM-DD' strings (a birthday has no time zone).
pg.types.setTypeParser(1082, (value) => value);

export function createDatabase(url: string, max = 20, { planCacheMode, limits = DEFAULT_LIMITS }: { planCacheMode?: 'force_generic_plan'; limits?: DatabaseLimits | null } = {}): Database {
  const options = planCacheMode ? `-c TimeZone=UTC -c plan_cache_mode=${planCacheMode}` : '-c TimeZone=UTC';
  const pool = new pg.Pool({
    Client: PreparingClient,
    connectionString: url,
    max,
    application_name: 'xiaoguan',
    options: `${options}${sessionTimeouts(limits)}`,
    connectionTimeoutMillis: limits?.acquireTimeoutMs ?? 0,
  });
  superviseConnections(pool);
  const db = drizzle(pool) as Database;
  bindTransactions(db);
  origins.set(db, { url, max });
  return db;
}

const origins = new WeakMap<Executor, { url: string; max: number }>();
const genericPlanned = new WeakMap<Executor, Database>();

/**
 * The same database through connections that always run a prepared statement's generic plan
 * (`plan_cache_mode = force_generic_plan`), for a hot statement whose plan does not depend on its
 * parameters but which PostgreSQL would otherwise plan again on every execution (a rare parameter
 * value makes its own plan look cheaper than the generic one, so `auto` never settles). Opened on
 * first use with a quarter of the pool's connections and closed with the pool; inside a transaction
 * the transaction itself is returned (it must see its own writes).
 */
export function withGenericPlans(db: Executor): Executor {
  const known = genericPlanned.get(db);
  if (known) return known;
  const origin = origins.get(db);
  if (!origin) return db;
  const sibling = createDatabase(origin.url, Math.max(2, Math.ceil(origin.max / 4)), { planCacheMode: 'force_generic_plan' });
  const pool = (db as Database).$client;
  const end = pool.end.bind(pool);
  pool.end = (async () => {
    await sibling.$client.end();
    return end();
  }) as typeof pool.end;
  genericPlanned.set(db, sibling);
  genericPlanned.set(sibling, sibling);
  return sibling;
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

const dialect = new PgDialect();
/**
 * A constant SQL fragment rendered to text once: Drizzle walks a fragment's chunks on every query that
 * embeds it, which for a hot query's 20-column select list costs more than the rest of its assembly.
 */
export function prerendered(fragment: SQL): SQL {
  const query = dialect.sqlToQuery(fragment);
  if (query.params.length) throw new Error('prerendered: the fragment has parameters');
  return sql.raw(query.sql);
}

const PARAM_MARK = /\$\d+/;
/**
 * Hot statements rendered to text once per shape. Drizzle walks a statement's fragments on every
 * execution to write its text: for a customer search that was 50 KB of garbage a request and ~5 % of
 * its Node profile, 1.5 % with the text reused (a director's 2-character search, listCustomersBody
 * called alternately with and without in one process: 606–611 against 625–648 µs a call in two
 * runs; a third measured 709 against 678, within this machine's noise). A statement is built
 * with its request values as `sql.placeholder(name)` and kept under a key naming everything else
 * that shapes it; each execution fills in the values.
 */
export class RenderedStatements {
  private readonly texts = new Map<string, { strings: string[]; params: unknown[] }>();
  constructor(private readonly max = 2_000) {}

  statement(key: string, build: () => SQL, values: Record<string, unknown>): SQL {
    let rendered = this.texts.get(key);
    if (!rendered) {
      const query = dialect.sqlToQuery(build());
      const strings = query.sql.split(PARAM_MARK);
      if (strings.length !== query.params.length + 1) throw new Error('RenderedStatements: the text holds a "$" that is not a parameter');
      rendered = { strings, params: query.params };
      if (this.texts.size >= this.max) this.texts.clear();
      this.texts.set(key, rendered);
    }
    const params = fillPlaceholders(rendered.params, values).map((value) => sql.param(value));
    return sql(Object.assign([...rendered.strings], { raw: rendered.strings }) as unknown as TemplateStringsArray, ...params);
  }
}
