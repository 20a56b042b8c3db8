// npm run bench:cockpit — the role cockpit (M5, issue 18) on a sales dataset (bench/dataset.ts: the
// kept one in BENCH_DATA_DIR, else SCALE / --scale=large built fresh), on this machine. Prints
// figures; asserts nothing.
//
//   1. the server on the dataset (startDatasetServer)
//   2. GET /api/v1/cockpit?period=year as director (company, every card), manager and rep, one user
//      at a time, and the director under 20 connections
//   3. the floor: the same cards' SQL (grouped sums over the same predicates — bookings, collections and
//      new customers over their daily facts, as the app reads them — for the period and the two it is
//      compared with) run straight on PostgreSQL over one connection, one after another
//
//   4. where the director's time goes (before the 20-connection run): each read of the cockpit (the modules' metrics functions)
//      called from this process as the director, one after another, 10 times each (median; N if fewer)
//
// Targets from the issue: director cockpit p95 ≤ 200 ms and ≤ 3× the raw-SQL floor; rep ≤ 50 ms;
// 20 concurrent users ≥ 100 loads/s. Env: DURATION (s per load run, default 10), N (timed loads per
// user, default 50), FLOOR_N (floor runs, default 30).
import { makeCtx } from '../packages/server/src/platform/context.js';
import type { Actor } from '../packages/server/src/platform/access/actor.js';
import { actualsByOwner } from '../packages/server/src/modules/targets/targets.actuals.js';
import { loadTargetTree } from '../packages/server/src/modules/targets/targets.tree.js';
import { currentPlan } from '../packages/server/src/modules/targets/targets.service.js';
import { receivablesSummary } from '../packages/server/src/modules/receivables/receivables.metrics.js';
import { pipelineByStage } from '../packages/server/src/modules/opportunities/opportunities.metrics.js';
import { overdueCadenceCount } from '../packages/server/src/modules/customers/customers.metrics.js';
import { signedContractsByOwner } from '../packages/server/src/modules/contracts/contracts.metrics.js';
import { figure, load, loadAverage, login, percentile, report, startDatasetServer, timed } from './lib.js';

const DURATION = Number(process.env.DURATION ?? 10);
const N = Number(process.env.N ?? 50);
const FLOOR_N = Number(process.env.FLOOR_N ?? 30);

const server = await startDatasetServer('cockpit');
try {
  const { db, port } = server;
  console.log(`load average at the start: ${loadAverage()}`);
  const base = `http://127.0.0.1:${port}`;
  const cookies: Record<string, string> = {};
  for (const username of ['director', 'manager', 'rep']) cookies[username] = await login(port, username);
  const get = (who: string, url: string) => async () => {
    const response = await fetch(`${base}${url}`, { headers: { cookie: cookies[who]! } });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
  };
  const cockpit = '/api/v1/cockpit?period=year';

  // The floor: the director's cards as plain SQL (same predicates, no app, no access layer), for
  // this year, last year (the same period a year before) and the year before that (the previous period).
  const year = new Date().getFullYear();
  const years = [year, year - 1];
  const floorSql = [
    ...years.flatMap((y) => [
      // Bookings, collections and new customers from the daily facts they are read from (migration 0056).
      `select owner_id, sum(deals), sum(amount_cents) from contract_bookings_daily where signed_on between '${y}-01-01' and '${y}-12-31' group by owner_id`,
      `select owner_id, sum(receipts), sum(amount_cents) from receipt_collections_daily where received_on between '${y}-01-01' and '${y}-12-31' group by owner_id`,
      `select owner_id, sum(customers) from customer_new_hourly where created_hour >= '${y}-01-01' and created_hour < '${y + 1}-01-01' group by owner_id`,
    ]),
    `select stage, count(*), sum(amount_cents), sum(amount_cents::numeric * probability) from opportunities where closed_at is null group by stage`,
    `select sum(amount_cents - received_cents - written_off_cents) from payment_installments where settled_on is null and due_on < current_date`,
    `select count(*) from customers where cadence_due_at <= now() and owner_id is not null and merged_into_id is null`,
  ];
  const floor = await timed(FLOOR_N, async () => {
    for (const statement of floorSql) await db.$client.query(statement);
  });
  report('floor: the cards as raw SQL, one connection', floor);
  const targets: Record<string, string> = { director: '≤ 200 ms and ≤ 3× floor', rep: '≤ 50 ms' };
  for (const who of ['director', 'manager', 'rep']) {
    await timed(Math.min(5, N), get(who, cockpit));
    const f = await timed(N, get(who, cockpit));
    report(`cockpit (year) as ${who}, one user`, f, who === 'director' ? floor : undefined, 1, targets[who]);
    if (who === 'director') console.log(`  director p95 ÷ floor p95: ${(f.p95 / floor.p95).toFixed(1)}×`);
  }
  // Where the director's time goes: the cockpit's reads one by one (median of 10), before the load run
  // (requests it times out are still being answered after it, which would inflate these).
  const row = (
    await db.$client.query(
      `select u.id, u.username, u.display_name, u.roles, u.org_unit_id, o.path, u.line_path
         from users u left join org_units o on o.id = u.org_unit_id where u.username = 'director'`,
    )
  ).rows[0] as {
    id: string;
    username: string;
    display_name: string;
    roles: Actor['roles'];
    org_unit_id: string | null;
    path: string | null;
    line_path: string;
  };
  const ctx = makeCtx(db, {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: row.roles,
    orgUnitId: row.org_unit_id,
    orgUnitPath: row.path,
    linePath: row.line_path,
  });
  const thisYear = { from: `${year}-01-01`, to: `${year}-12-31` };
  const reads: [string, () => Promise<unknown>][] = [
    ['target tree', () => loadTargetTree(db)],
    [
      'current plans (3 metrics)',
      () => Promise.all(['bookings', 'collections', 'newCustomers'].map((m) => currentPlan(db, year, m as 'bookings'))),
    ],
    ...(['bookings', 'collections', 'newCustomers'] as const).map(
      (metric) =>
        [`${metric} by owner, one period`, () => actualsByOwner(ctx, metric, thisYear, 'Asia/Shanghai')] as [
          string,
          () => Promise<unknown>,
        ],
    ),
    ['deals (signed contracts by owner)', () => signedContractsByOwner(ctx, thisYear)],
    ['pipeline by stage', () => pipelineByStage(ctx)],
    ['receivables summary (aging, DSO)', () => receivablesSummary(ctx, thisYear)],
    ['overdue cadence count', () => overdueCadenceCount(ctx)],
  ];
  for (const [name, read] of reads) {
    const times: number[] = [];
    for (let i = 0; i < Math.min(10, N); i++) {
      const t0 = performance.now();
      await read();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(`  director read: ${name.padEnd(36)} median ${percentile(times, 50).toFixed(1)} ms`);
    figure({ name: `director read: ${name} (median)`, value: Math.round(percentile(times, 50) * 10) / 10, unit: 'ms' });
  }
  const concurrent = await load(base, [cockpit], cookies.director, { duration: DURATION, connections: 20 });
  report('cockpit as director, 20 connections', concurrent, undefined, 20);
  figure({ name: 'cockpit as director, 20 connections', value: concurrent.rps, unit: 'loads/s', target: '≥ 100 loads/s' });
  // Most of a sales department's users are reps: the same 20 connections on a rep's cockpit.
  const reps = await load(base, [cockpit], cookies.rep, { duration: DURATION, connections: 20 });
  report('cockpit as rep, 20 connections', reps, undefined, 20);
  figure({ name: 'cockpit as rep, 20 connections', value: reps.rps, unit: 'loads/s', target: '≥ 100 loads/s' });

  console.log(`load average at the end: ${loadAverage()}`);
} finally {
  await server.close();
}
