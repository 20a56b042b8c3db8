// npm run bench:customers — the customers module at 100,000 customers (1,000,000 interactions and
// 1,000,000 orders), as one user meets it on this machine. Prints figures; asserts nothing.
//
//   1. first start of the real server on an empty DATA_DIR (initdb, migrate, demo company + 2,000 demo customers)
//   2. bench data loaded straight into the embedded PostgreSQL (packages/server/src/seed/bench-data.ts)
//   3. the customer list (GET /api/v1/customers?tier=B&sort=-updatedAt&pageSize=50) as a rep, a supervisor
//      and the director under 50 connections, against two floors: a constant route of a bare Fastify app
//      in its own process, and the app's GET /api/health (one `select 1`); then the same while customers
//      are written 100 times a second
//   4. Chinese substring search (q = 2 and 3 characters cut from real customer names) as the director,
//      a supervisor and a rep
//   5. a full RFM recompute (recomputeRfm on a DB connection) against the same SQL sent directly, and
//      against its read-only part (the scoring without the UPDATE); then as the next night's run and
//      a month later, when it rewrites the customers whose scores moved
//
// Latency percentiles are computed from every response time autocannon reports (its own summary
// has p97.5, not p95). The bar (issue 15): list and search p95 under 100 ms at 50 connections for
// every role; RFM recompute ≤ 2 s. Figures so far: bench/RESULTS.md.
// Env: DURATION (s per load run, default 10), CONNECTIONS (50), SCALE (1 = 100k customers), KEEP=1 keeps DATA_DIR,
// WORKERS (the app's HTTP worker processes, default 1; see README), BENCH_DATA_DIR (a DATA_DIR kept by an
// earlier KEEP=1 run: reused, its bench data not rebuilt, and kept), RFM=0 (skips part 5).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, load as loadWith, login, report as reportWith, stop, waitFor, SERVER_NODE_ARGS } from './lib.js';
import { createDatabase } from '../packages/server/src/platform/db/client.js';
import { buildBenchData, captureSql, verifyBenchData } from '../packages/server/src/seed/bench-data.js';
import { recomputeRfm } from '../packages/server/src/modules/customers/rfm.js';
import { getCustomerSettings } from '../packages/server/src/modules/customers/customers.settings.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DURATION = Number(process.env.DURATION ?? 10);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const SCALE = Number(process.env.SCALE ?? 1);
const WORKERS = process.env.WORKERS ?? '1';
const load = (base: string, paths: string[], cookie: string | undefined, duration = DURATION) =>
  loadWith(base, paths, cookie, { duration, connections: CONNECTIONS });
const report = (label: string, f: Parameters<typeof reportWith>[1], floor?: Parameters<typeof reportWith>[2]) =>
  reportWith(label, f, floor, CONNECTIONS);

/** Runs `during` while one customer after another is written `perSecond` times a second (a rep's edit). */
async function writing<T>(
  db: ReturnType<typeof createDatabase>,
  perSecond: number,
  during: () => Promise<T>,
): Promise<{ figures: T; count: number }> {
  const ids = (await db.$client.query<{ id: string }>(`select id from customers order by md5(id::text) limit 1000`)).rows.map((r) => r.id);
  let count = 0;
  let stopped = false;
  const writer = (async () => {
    const started = Date.now();
    while (!stopped) {
      await db.$client.query(`update customers set updated_at = updated_at where id = $1`, [ids[count % ids.length]]);
      count++;
      const wait = started + (count * 1000) / perSecond - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  })();
  try {
    return { figures: await during(), count };
  } finally {
    stopped = true;
    await writer;
  }
}

// ---------------------------------------------------------------- 1. first start
const reused = process.env.BENCH_DATA_DIR;
const dataDir = reused ?? fs.mkdtempSync(path.join(os.tmpdir(), 'xg-bench-customers-'));
if (!reused) fs.chmodSync(dataDir, 0o755);
const [port, pgPort, floorPort] = [await freePort(), await freePort(), await freePort()];
let started = Date.now();
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
    WORKERS,
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const floorServer = spawn(process.execPath, [...SERVER_NODE_ARGS, 'bench/floor-server.ts', String(floorPort)], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});
const cleanUp = async () => {
  await Promise.all([stop(app), stop(floorServer)]);
  if (!process.env.KEEP && !reused) fs.rmSync(dataDir, { recursive: true, force: true });
};
try {
  await waitFor(`http://127.0.0.1:${port}/api/health`, app);
  console.log(
    `${reused ? 'start on the kept DATA_DIR' : 'first start'} (initdb + migrate + demo company + 2,000 demo customers + listen, WORKERS=${WORKERS}): ${Date.now() - started} ms`,
  );
  await waitFor(`http://127.0.0.1:${floorPort}/constant`, floorServer);

  // -------------------------------------------------------------- 2. bench data
  const db = createDatabase(`postgres://xiaoguan:xiaoguan@127.0.0.1:${pgPort}/xiaoguan`, 2, { limits: null }); // bulk loads outlast the app's statement timeout
  const now = new Date();
  const existing = await db.$client.query<{ n: number }>(`select count(*)::int as n from customers`);
  if (reused && existing.rows[0]!.n >= 100_000 * SCALE) {
    console.log(`bench data: reused, ${existing.rows[0]!.n} customers`);
  } else {
    const built = await buildBenchData(db, { now, customers: 100_000 * SCALE, interactions: 1_000_000 * SCALE, orders: 1_000_000 * SCALE });
    console.log(
      `bench data: ${built.reps} reps, ${built.customers} customers, ${built.interactions} interactions, ${built.orders} orders in ${(built.ms / 1000).toFixed(1)} s`,
    );
    console.log(
      `  ${Object.entries(built.timings)
        .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
        .join(' · ')}`,
    );
    const check = await verifyBenchData(db, now);
    console.log(
      `  check: ${JSON.stringify(check.counts)}; orphans ${check.orphans}; keys ≠ normalize.ts ${check.keyMismatches}; cadence ≠ contact-cadence.ts ${check.cadenceMismatches}; overdue ${check.overduePercent} %`,
    );
  }
  const scopes = await db.$client.query<{ username: string; n: number }>(`
    select u.username, (select count(*)::int from customers c where c.owner_id in (select su.id from users su join org_units so on so.id = su.org_unit_id where so.path like o.path || '%')) as n
      from users u join org_units o on o.id = u.org_unit_id where u.username = 'supervisor'
    union all select 'rep', count(*)::int from customers where owner_id = (select id from users where username = 'rep')
    union all select 'director', count(*)::int from customers`);
  console.log(`  customers in scope: ${scopes.rows.map((r) => `${r.username} ${r.n}`).join(', ')}`);

  // -------------------------------------------------------------- 3. list under load
  const base = `http://127.0.0.1:${port}`;
  const floorBase = `http://127.0.0.1:${floorPort}`;
  await load(floorBase, ['/constant'], undefined, 2);
  const floor = await load(floorBase, ['/constant'], undefined);
  report('floor: bare Fastify constant route', floor);
  const health = await load(base, ['/api/health'], undefined);
  report('app GET /api/health (select 1)', health, floor);
  const cookies: Record<string, string> = {};
  for (const username of ['rep', 'supervisor', 'director']) cookies[username] = await login(port, username);
  const probe = await fetch(`${base}/api/v1/customers?pageSize=1`, { headers: { cookie: cookies.director! } });
  if (probe.status !== 200) {
    console.log(`GET /api/v1/customers answers ${probe.status}: the customers routes are not live yet — list and search skipped`);
  } else {
    const list = '/api/v1/customers?tier=B&sort=-updatedAt&pageSize=50';
    for (const username of ['rep', 'supervisor', 'director']) {
      await load(base, [list], cookies[username], 2); // warm-up: JIT, prepared statements
      report(`list tier=B as ${username}`, await load(base, [list], cookies[username]), floor);
    }
    // A busy department: customers written 100 times a second meanwhile.
    for (const username of ['rep', 'supervisor', 'director']) {
      const writes = await writing(db, 100, () => load(base, [list], cookies[username]));
      report(`list as ${username}, 100 writes/s meanwhile`, writes.figures, floor);
      console.log(`  customers written meanwhile: ${writes.count} statements`);
    }

    // ------------------------------------------------------------ 4. Chinese substring search
    const names = await db.$client.query<{ two: string; three: string }>(`
      select substr(name, 3, 2) as two, substr(name, 3, 3) as three from customers
       where kind = 'organization' order by md5(id::text) limit 8`);
    const people = await db.$client.query<{ two: string; three: string }>(`
      select substr(name, 2, 2) as two, name as three from customers where kind = 'person' and length(name) = 3 order by md5(id::text) limit 4`);
    const terms = { 2: [...names.rows, ...people.rows].map((r) => r.two), 3: [...names.rows, ...people.rows].map((r) => r.three) };
    console.log(`search terms: ${terms[2].join(' ')} | ${terms[3].join(' ')}`);
    for (const username of ['director', 'supervisor', 'rep']) {
      for (const size of [2, 3] as const) {
        const paths = terms[size].map((q) => `/api/v1/customers?q=${encodeURIComponent(q)}&pageSize=50`);
        await load(base, paths, cookies[username], 2);
        report(`search q=${size} chars as ${username}`, await load(base, paths, cookies[username]), floor);
      }
    }
  }

  // -------------------------------------------------------------- 5. RFM recompute
  if (process.env.RFM === '0') {
    await db.$client.end();
  } else {
    const settings = await getCustomerSettings(db, { fresh: true });
    for (const run of [1, 2]) {
      started = Date.now();
      const n = await recomputeRfm(db, now, settings);
      console.log(`recomputeRfm (run ${run}): ${Date.now() - started} ms, ${n} customers' values rewritten`);
    }
    // What recomputeRfm sends, in one transaction: its settings (work_mem), when it ran, and last the
    // scoring statement.
    const statements = await captureSql((executor) => recomputeRfm(executor, now, settings));
    const statement = statements.at(-1);
    const client = await db.$client.connect();
    try {
      started = Date.now();
      await client.query('begin');
      for (const each of statements) await client.query(each.sql, each.params);
      await client.query('commit');
      console.log(`  the same SQL sent directly: ${Date.now() - started} ms`);
      const scoring = statement!.sql.replace(/,\s*computed as \([\s\S]*$/, '');
      const used = Math.max(0, ...[...scoring.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
      const select = `${scoring} select count(*) from customers c2 left join scored s on s.customer_id = c2.id`;
      started = Date.now();
      await client.query('begin');
      await client.query(statements[0]!.sql); // the same work_mem
      await client.query(select, statement!.params.slice(0, used));
      await client.query('commit');
      console.log(`  its read-only part (window aggregate + ntile scoring, no UPDATE): ${Date.now() - started} ms`);
    } finally {
      client.release();
    }
    // The runs above find every score as the data build left it and rewrite no customer. A nightly run
    // rewrites those whose scores moved in a day; a run after a month, many more. Each rewritten
    // customer_rfm row is a new row version of ~100 bytes (migration 0016).
    for (const [label, days] of [
      ['the next night', 1],
      ['a month later', 30],
    ] as const) {
      started = Date.now();
      const n = await recomputeRfm(db, new Date(now.getTime() + days * 86_400_000), settings);
      console.log(`recomputeRfm ${label} (now + ${days} d): ${Date.now() - started} ms, ${n} customers' values rewritten`);
    }
    await db.$client.end();
  }
} finally {
  await cleanUp();
}
