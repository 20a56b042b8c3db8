// npm run bench:cockpit — the role cockpit (M5, issue 18) on the pipeline bench data (100,000
// customers, 300,000 opportunities, contracts, installments, receipts), on this machine. Prints
// figures; asserts nothing.
//
//   1. first start of the real server (demo company with this year's targets), then the bench data
//   2. GET /api/v1/cockpit?period=year as director (company, every card), manager and rep, one user
//      at a time, and the director under 20 connections
//   3. the floor: the same cards' SQL (grouped sums over the same predicates) run straight on
//      PostgreSQL over one connection, one after another
//
// Targets from the issue: director cockpit p95 ≤ 200 ms and ≤ 3× the raw-SQL floor; rep ≤ 50 ms;
// 20 concurrent users ≥ 100 loads/s. Env: DURATION (s per load run, default 10).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase } from '../packages/server/src/platform/db/client.js';
import { buildBenchData } from '../packages/server/src/seed/bench-data.js';
import { buildPipelineBenchData } from '../packages/server/src/seed/bench-pipeline-data.js';
import { freePort, load, login, percentile, report, stop, waitFor, type Figures, SERVER_NODE_ARGS } from './lib.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DURATION = Number(process.env.DURATION ?? 10);

async function timed(n: number, run: () => Promise<unknown>): Promise<Figures> {
  const times: number[] = [];
  const started = Date.now();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    p97_5: percentile(times, 97.5),
    rps: Math.round((n * 1000) / (Date.now() - started)),
    requests: n,
    errors: 0,
  };
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xg-bench-cockpit-'));
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
  const db = createDatabase(`postgres://xiaoguan:xiaoguan@127.0.0.1:${pgPort}/xiaoguan`, 2, { limits: null });
  const now = new Date();
  await buildBenchData(db, { now, customers: 100_000, interactions: 100_000, orders: 100_000 });
  const pipeline = await buildPipelineBenchData(db);
  console.log(
    `bench data: ${pipeline.opportunities} opportunities, ${pipeline.contracts} contracts, ${pipeline.installments} installments`,
  );
  await db.$client.query('analyze');

  const base = `http://127.0.0.1:${port}`;
  const cookies: Record<string, string> = {};
  for (const username of ['director', 'manager', 'rep']) cookies[username] = await login(port, username);
  const get = (who: string, url: string) => async () => {
    const response = await fetch(`${base}${url}`, { headers: { cookie: cookies[who]! } });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
  };
  const cockpit = '/api/v1/cockpit?period=year';

  // The floor: the director's cards as plain SQL (same predicates, no app, no access layer).
  const year = now.getFullYear();
  const [from, to] = [`${year}-01-01`, `${year}-12-31`];
  const floorSql = [
    `select owner_id, count(*), sum(amount_cents) from contracts where signed_on between '${from}' and '${to}' group by owner_id`,
    `select i.owner_id, count(*), sum(r.amount_cents) from receipts r join payment_installments i on i.id = r.installment_id where r.received_on between '${from}' and '${to}' group by i.owner_id`,
    `select owner_id, count(*) from customers where created_at >= '${from}' and created_at < '${year + 1}-01-01' and merged_into_id is null group by owner_id`,
    `select stage, count(*), sum(amount_cents), sum(amount_cents::numeric * probability) from opportunities where closed_at is null group by stage`,
    `select sum(amount_cents - received_cents - written_off_cents) from payment_installments where settled_on is null and due_on < current_date`,
    `select count(*) from customers where cadence_due_at <= now() and owner_id is not null and merged_into_id is null`,
  ];
  const floor = await timed(50, async () => {
    for (const statement of floorSql) await db.$client.query(statement);
  });
  report('floor: the cards as raw SQL, one connection', floor);
  for (const who of ['director', 'manager', 'rep']) {
    await timed(10, get(who, cockpit));
    const figures = await timed(100, get(who, cockpit));
    report(`cockpit (year) as ${who}, one user`, figures);
    if (who === 'director') console.log(`  director p95 ÷ floor p95: ${(figures.p95 / floor.p95).toFixed(1)}×`);
  }
  report(
    'cockpit as director, 20 connections',
    await load(base, [cockpit], cookies.director, { duration: DURATION, connections: 20 }),
    undefined,
    20,
  );
  await db.$client.end();
} finally {
  await stop(app);
  if (!process.env.KEEP) fs.rmSync(dataDir, { recursive: true, force: true });
}
