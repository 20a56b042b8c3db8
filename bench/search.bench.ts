// npm run bench:search — the header's global search (GET /api/v1/search?q=) on the pipeline bench data
// (100,000 customers, 300,000 opportunities, 100,000 contracts, 250,000 orders), on this machine.
// Prints figures; asserts nothing.
//
//   1. first start of the real server; bench data straight into its embedded PostgreSQL
//   2. per role (rep, supervisor, manager, director, finance): one user typing, i.e. requests one
//      after another, over a mix of queries — 2 and 3 Chinese characters cut from real customer and
//      opportunity names, a contract number's tail, a phone's last digits
//   3. floors: GET /api/health (one `select 1`) the same way, and the very SQL the route sends
//      (searchStatement, one UNION ALL over every type) sent directly over one connection
//
// Target (issue 16): p95 ≤ 50 ms per role. Env: N (requests per role, default 200), KEEP=1 keeps DATA_DIR.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PgDialect } from 'drizzle-orm/pg-core';
import { createDatabase } from '../packages/server/src/platform/db/client.js';
import { makeCtx } from '../packages/server/src/platform/context.js';
import { registerSearchables, searchStatement } from '../packages/server/src/platform/search/index.js';
// The searchables as the app registers them (module order), without loading every module's routes.
import { userSearchable } from '../packages/server/src/modules/org/org.search.js';
import { contactSearchable, customerSearchable } from '../packages/server/src/modules/customers/customers.search.js';
import { productSearchable } from '../packages/server/src/modules/products/products.search.js';
import { opportunitySearchable } from '../packages/server/src/modules/opportunities/opportunities.search.js';
import { quoteSearchable } from '../packages/server/src/modules/quotes/quotes.search.js';
import { contractSearchable } from '../packages/server/src/modules/contracts/contracts.search.js';
import { orderSearchable } from '../packages/server/src/modules/orders/orders.search.js';
import { buildBenchData } from '../packages/server/src/seed/bench-data.js';
import { buildPipelineBenchData } from '../packages/server/src/seed/bench-pipeline-data.js';
import { actorByUsername, freePort, login, ms, percentile, stop, waitFor, SERVER_NODE_ARGS } from './lib.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.env.N ?? 200);
const ROLES = ['rep', 'supervisor', 'manager', 'director', 'finance'];

/** p50/p95/p99 of `n` runs of `run`, one after another (what one person typing sees). */
async function timed(n: number, run: (i: number) => Promise<void>) {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await run(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99) };
}
const line = (label: string, f: { p50: number; p95: number; p99: number }) =>
  console.log(`${label.padEnd(48)} p50 ${ms(f.p50)}  p95 ${ms(f.p95)}  p99 ${ms(f.p99)}`);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xg-bench-search-'));
fs.chmodSync(dataDir, 0o755);
const [port, pgPort] = [await freePort(), await freePort()];
const app = spawn(process.execPath, [...SERVER_NODE_ARGS, 'packages/server/src/server.ts'], {
  cwd: root,
  env: {
    ...process.env,
    LOG_LEVEL: 'warn',
    DATABASE_URL: '',
    WEB_DIST: '',
    PORT: String(port),
    PG_PORT: String(pgPort),
    DATA_DIR: dataDir,
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
try {
  await waitFor(`http://127.0.0.1:${port}/api/health`, app);
  // No statement timeout: the bench data is built in a few long statements.
  const db = createDatabase(`postgres://xiaoguan:xiaoguan@127.0.0.1:${pgPort}/xiaoguan`, 2, { limits: null });
  const now = new Date();
  const customers = await buildBenchData(db, { now, customers: 100_000, interactions: 100_000, orders: 100_000 });
  const pipeline = await buildPipelineBenchData(db);
  await db.$client.query('analyze');
  const counts = await db.$client.query<{ t: string; n: number }>(`
    select 'customers' t, count(*)::int n from customers union all select 'contacts', count(*)::int from customer_contacts
    union all select 'opportunities', count(*)::int from opportunities union all select 'quotes', count(*)::int from quotes
    union all select 'contracts', count(*)::int from contracts union all select 'orders', count(*)::int from orders
    union all select 'products', count(*)::int from products union all select 'users', count(*)::int from users`);
  console.log(`bench data in ${((customers.ms + pipeline.ms) / 1000).toFixed(1)} s: ${counts.rows.map((r) => `${r.n} ${r.t}`).join(', ')}`);

  // Queries as people type them: pieces of real names, a contract number's tail, a phone's last digits.
  const pick = async (text: string) => (await db.$client.query<{ q: string }>(text)).rows.map((r) => r.q);
  const queries = [
    ...(await pick(`select substr(name, 3, 2) q from customers where kind = 'organization' order by md5(id::text) limit 6`)),
    ...(await pick(`select substr(name, 3, 3) q from customers where kind = 'organization' order by md5(id::text) limit 6`)),
    ...(await pick(`select substr(name, 1, 2) q from opportunities order by md5(id::text) limit 4`)),
    ...(await pick(`select right(number, 5) q from contracts order by md5(id::text) limit 4`)),
    ...(await pick(`select right(phone, 6) q from customers where phone is not null order by md5(id::text) limit 4`)),
  ];
  console.log(`queries: ${queries.join(' ')}`);

  const base = `http://127.0.0.1:${port}`;
  const get = async (url: string, cookie?: string) => {
    const response = await fetch(url, { headers: cookie ? { cookie } : {} });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
  };
  await timed(50, () => get(`${base}/api/health`));
  line('floor: GET /api/health (select 1), one user', await timed(N, () => get(`${base}/api/health`)));

  registerSearchables([
    userSearchable,
    customerSearchable,
    contactSearchable,
    productSearchable,
    opportunitySearchable,
    quoteSearchable,
    contractSearchable,
    orderSearchable,
  ]);
  const dialect = new PgDialect();
  const client = await db.$client.connect();
  try {
    for (const username of ROLES) {
      const cookie = await login(port, username);
      const urls = queries.map((q) => `${base}/api/v1/search?q=${encodeURIComponent(q)}`);
      await timed(queries.length * 2, (i) => get(urls[i % urls.length]!, cookie)); // warm-up
      line(`GET /api/v1/search as ${username}, one user`, await timed(N, (i) => get(urls[i % urls.length]!, cookie)));

      // The same statements, straight to PostgreSQL (the actor resolved as the session does).
      const actor = await actorByUsername((text, values) => client.query(text, values), username);
      const ctx = makeCtx(db, actor);
      const statements = queries.map((q) => searchStatement(ctx, q, 5)).map((s) => (s ? dialect.sqlToQuery(s) : null));
      const direct = (i: number) => {
        const statement = statements[i % statements.length];
        return statement ? client.query(statement.sql, statement.params).then(() => undefined) : Promise.resolve();
      };
      await timed(queries.length * 2, direct);
      line(`  the same SQL sent directly`, await timed(N, direct));
    }
  } finally {
    client.release();
  }
  await db.$client.end();
} finally {
  await stop(app);
  if (!process.env.KEEP) fs.rmSync(dataDir, { recursive: true, force: true });
}
