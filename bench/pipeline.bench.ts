// npm run bench:pipeline — pipeline to cash at 100,000 customers, 300,000 opportunities and
// 1,000,000 order lines, on this machine. Prints figures; asserts nothing.
//
//   1. first start of the real server (demo company, demo customers and demo pipeline)
//   2. bench data straight into its embedded PostgreSQL: customers (bench-data.ts), then
//      opportunities, contracts, installments, orders and order lines (bench-pipeline-data.ts)
//   3. the kanban board for a manager (GET /api/v1/opportunities/board), one user at a time and
//      under 10 connections, against GET /api/health (one `select 1`) as the floor
//   4. pricing a 50-line quote: the R-PRC-1 function in process (catalogue loaded once) and the
//      API preview (POST /api/v1/pricing/preview)
//   5. receivables aging for the director (GET /api/v1/receivables/aging?groupBy=…)
//   6. 200 concurrent receipts on one contract, plus 50 resubmissions of the same idempotency keys:
//      what was recorded against what was sent
//
// Targets from the issue: kanban p95 ≤ 50 ms; 50-line quote price ≤ 5 ms; aging ≤ 100 ms for the
// director; 200 concurrent receipts lose nothing and double-record nothing.
// Env: DURATION (s per load run, default 10), KEEP=1 keeps DATA_DIR.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase } from '../packages/server/src/platform/db/client.js';
import { buildBenchData } from '../packages/server/src/seed/bench-data.js';
import { buildPipelineBenchData } from '../packages/server/src/seed/bench-pipeline-data.js';
import { loadPricingCatalog, priceLine } from '../packages/server/src/modules/products/pricing.js';
import { freePort, load, login, percentile, report, stop, waitFor, type Figures, SERVER_NODE_ARGS } from './lib.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DURATION = Number(process.env.DURATION ?? 10);

/** `n` requests one after another: the latency one user sees. */
async function sequential(url: string, cookie: string, n: number, init: RequestInit = {}): Promise<Figures> {
  const times: number[] = [];
  let errors = 0;
  const started = Date.now();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const response = await fetch(url, { ...init, headers: { cookie, ...(init.headers ?? {}) } });
    await response.arrayBuffer();
    times.push(performance.now() - t0);
    if (!response.ok) errors++;
  }
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    p97_5: percentile(times, 97.5),
    rps: Math.round((n * 1000) / (Date.now() - started)),
    requests: n,
    errors,
  };
}

const csrfOf = (cookie: string) => /xg_csrf=([^;]+)/.exec(cookie)?.[1] ?? '';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xg-bench-pipeline-'));
fs.chmodSync(dataDir, 0o755);
const [port, pgPort] = [await freePort(), await freePort()];
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
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
try {
  await waitFor(`http://127.0.0.1:${port}/api/health`, app);
  console.log(`first start (initdb + migrate + demo company, customers and pipeline + listen): ${Date.now() - started} ms`);

  // -------------------------------------------------------------- 2. bench data
  const db = createDatabase(`postgres://xiaoguan:xiaoguan@127.0.0.1:${pgPort}/xiaoguan`, 2, { limits: null }); // bulk loads outlast the app's statement timeout
  const now = new Date();
  const customers = await buildBenchData(db, { now, customers: 100_000, interactions: 100_000, orders: 100_000 });
  console.log(`bench customers: ${customers.customers} customers (${customers.reps} extra reps) in ${(customers.ms / 1000).toFixed(1)} s`);
  const pipeline = await buildPipelineBenchData(db);
  console.log(
    `bench pipeline: ${pipeline.opportunities} opportunities, ${pipeline.contracts} contracts, ${pipeline.installments} installments, ${pipeline.orders} orders, ${pipeline.orderLines} order lines in ${(pipeline.ms / 1000).toFixed(1)} s`,
  );
  console.log(
    `  ${Object.entries(pipeline.timings)
      .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
      .join(' · ')}`,
  );
  const scope = await db.$client.query<{ n: number }>(`
    select count(*)::int as n from opportunities o join users u on u.id = o.owner_id
     where u.line_path like (select line_path from users where username = 'manager') || '%'`);
  console.log(`  opportunities in the manager's region: ${scope.rows[0]!.n}`);

  const base = `http://127.0.0.1:${port}`;
  const cookies: Record<string, string> = {};
  for (const username of ['manager', 'director', 'finance', 'rep']) cookies[username] = await login(port, username);

  // -------------------------------------------------------------- 3. kanban
  const health = await load(base, ['/api/health'], undefined, { duration: DURATION, connections: 10 });
  report('floor: app GET /api/health, 10 connections', health, undefined, 10);
  const board = '/api/v1/opportunities/board';
  await sequential(`${base}${board}`, cookies.manager!, 20);
  report('kanban as manager, one user', await sequential(`${base}${board}`, cookies.manager!, 200));
  report(
    'kanban as manager, 10 connections',
    await load(base, [board], cookies.manager, { duration: DURATION, connections: 10 }),
    health,
    10,
  );
  report('kanban as director, one user', await sequential(`${base}${board}`, cookies.director!, 100));

  // -------------------------------------------------------------- 4. pricing a 50-line quote
  const productRows = (await db.$client.query<{ id: string }>(`select id from products order by code`)).rows;
  const customerId =
    (await db.$client.query<{ id: string }>(`select customer_id as id from customer_rfm where loyalty_level is not null limit 1`)).rows[0]
      ?.id ?? (await db.$client.query<{ id: string }>(`select id from customers limit 1`)).rows[0]!.id;
  const lines = Array.from({ length: 50 }, (_, i) => ({
    productId: productRows[i % productRows.length]!.id,
    quantity: 1 + ((i * 7) % 60),
  }));
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
  const catalog = await loadPricingCatalog(db, { productIds: [...new Set(lines.map((l) => l.productId))], priceListId: null, on: today });
  const onQuote = new Set(lines.map((l) => l.productId));
  const runs: number[] = [];
  for (let k = 0; k < 2000; k++) {
    const t0 = performance.now();
    for (const line of lines) priceLine(catalog, line, { on: today, memberLevel: 'gold', productIdsOnQuote: onQuote });
    runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  console.log(
    `price a 50-line quote (R-PRC-1 in process, 2,000 runs): p50 ${percentile(runs, 50).toFixed(3)} ms  p95 ${percentile(runs, 95).toFixed(3)} ms`,
  );
  const catalogRuns: number[] = [];
  for (let k = 0; k < 50; k++) {
    const t0 = performance.now();
    await loadPricingCatalog(db, { productIds: [...onQuote], priceListId: null, on: today });
    catalogRuns.push(performance.now() - t0);
  }
  catalogRuns.sort((a, b) => a - b);
  console.log(
    `  loading its catalogue from the database: p50 ${percentile(catalogRuns, 50).toFixed(2)} ms  p95 ${percentile(catalogRuns, 95).toFixed(2)} ms`,
  );
  const previewBody = JSON.stringify({ customerId, lines });
  const preview = {
    method: 'POST',
    body: previewBody,
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrfOf(cookies.rep!) },
  };
  const adminCustomer = (
    await db.$client.query<{ id: string }>(
      `select id from customers where owner_id = (select id from users where username = 'rep') limit 1`,
    )
  ).rows[0]!.id;
  const repPreview = { ...preview, body: JSON.stringify({ customerId: adminCustomer, lines }) };
  await sequential(`${base}/api/v1/pricing/preview`, cookies.rep!, 20, repPreview);
  report('POST /pricing/preview, 50 lines, one user', await sequential(`${base}/api/v1/pricing/preview`, cookies.rep!, 200, repPreview));

  // -------------------------------------------------------------- 5. aging
  for (const groupBy of ['owner', 'team', 'customer']) {
    const url = `${base}/api/v1/receivables/aging?groupBy=${groupBy}`;
    await sequential(url, cookies.director!, 10);
    report(`aging by ${groupBy} as director, one user`, await sequential(url, cookies.director!, 100));
  }
  const installments = await db.$client.query<{ n: number; overdue: number }>(`
    select count(*)::int as n, count(*) filter (where due_on < current_date and received_cents < amount_cents)::int as overdue from payment_installments`);
  console.log(`  over ${installments.rows[0]!.n} installments, ${installments.rows[0]!.overdue} overdue`);

  // -------------------------------------------------------------- 6. 200 concurrent receipts
  const target = (
    await db.$client.query<{ contract_id: string; id: string }>(`
      with k as (
        insert into contracts (number, title, customer_id, owner_id, team_id, amount_cents, status, signed_on)
        select 'HTB-RECEIPTS', '回款并发压测', c.id, c.owner_id, u.org_unit_id, 200 * 1000000, 'signed', current_date
          from customers c join users u on u.id = c.owner_id limit 1
        returning id, customer_id, owner_id)
      insert into payment_installments (contract_id, customer_id, owner_id, seq, due_on, amount_cents)
      select id, customer_id, owner_id, 1, current_date, 200 * 1000000 from k
      returning contract_id, id`)
  ).rows[0]!;
  const finance = { cookie: cookies.finance!, 'x-csrf-token': csrfOf(cookies.finance!), 'content-type': 'application/json' };
  const post = (key: string) =>
    fetch(`${base}/api/v1/receipts`, {
      method: 'POST',
      headers: finance,
      body: JSON.stringify({
        installmentId: target.id,
        amountCents: 1_000_000,
        receivedOn: today,
        method: 'bank_transfer',
        reference: key,
        idempotencyKey: key,
      }),
    }).then(async (r) => ({ status: r.status, body: await r.text() }));
  started = Date.now();
  const first = await Promise.all(Array.from({ length: 200 }, (_, i) => post(`bench-receipt-${i}`)));
  const firstMs = Date.now() - started;
  const again = await Promise.all(Array.from({ length: 50 }, (_, i) => post(`bench-receipt-${i * 4}`)));
  const counted = (
    await db.$client.query<{ receipts: number; distinct_keys: number; sum: number; received: number }>(
      `select count(*)::int as receipts, count(distinct idempotency_key)::int as distinct_keys, coalesce(sum(amount_cents), 0)::float8 as sum,
              (select received_cents::float8 from payment_installments where id = $1) as received
         from receipts where installment_id = $1`,
      [target.id],
    )
  ).rows[0]!;
  const statuses = (list: { status: number }[]) =>
    Object.entries(list.reduce<Record<number, number>>((m, r) => ((m[r.status] = (m[r.status] ?? 0) + 1), m), {}))
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
  console.log(
    `200 concurrent receipts on one installment: ${firstMs} ms, answers ${statuses(first)}; 50 resubmissions: ${statuses(again)}`,
  );
  console.log(
    `  recorded ${counted.receipts} receipts (${counted.distinct_keys} distinct keys), Σ ${counted.sum / 100} yuan; installment received ${counted.received / 100} yuan of 200 × 10,000 sent — ${counted.receipts === 200 && counted.sum === counted.received && counted.received === 200_000_000 ? 'nothing lost, nothing doubled' : 'MISMATCH'}`,
  );
  await db.$client.end();
} finally {
  await stop(app);
  if (!process.env.KEEP) fs.rmSync(dataDir, { recursive: true, force: true });
}
