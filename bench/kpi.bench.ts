// npm run bench:kpi — issue 19's KPI target on this machine: a quarter's KPI scores for 500 reps on
// the large bench data. Prints figures; asserts nothing.
//
//   1. first start of the real server (demo company), then the large bench data (100,000 customers,
//      500 bench reps, the pipeline bench data: opportunities, contracts, installments, receipts)
//   2. ops creates the default rep template (seed 001 绩效考核指标 1–5) and opens last quarter's cycle
//      (a review per rep, figures computed, scored); then POST /review-cycles/:id/compute 3 times
//   3. the floor: the same metric queries (performance.figures' computeFigures — the statements the
//      compute issues to read the figures) run straight on PostgreSQL from this process over one
//      connection, without HTTP, the review writes and the rescoring — 3 times
//
// Target from the issue: ≤ 10 s and ≤ 2× the same SQL run directly.
import { DEFAULT_REP_TEMPLATE } from '@xiaoguan/shared';
import { buildBenchData } from '../packages/server/src/seed/bench-data.js';
import { buildPipelineBenchData } from '../packages/server/src/seed/bench-pipeline-data.js';
import { makeCtx } from '../packages/server/src/platform/context.js';
import { SYSTEM_ACTOR } from '../packages/server/src/platform/access/actor.js';
import { computeFigures } from '../packages/server/src/modules/performance/performance.figures.js';
import { apiSession, startBenchServer } from './lib.js';

const server = await startBenchServer('kpi');
try {
  const { db } = server;
  const now = new Date();
  await buildBenchData(db, { now, customers: 100_000, interactions: 100_000, orders: 100_000 });
  const pipeline = await buildPipelineBenchData(db);
  await db.$client.query('analyze');
  const reps = (await db.$client.query(`select id from users where 'rep' = any(roles) and not disabled`)).rows.map((r) => r.id as string);
  console.log(`bench data: ${pipeline.contracts} contracts, ${pipeline.installments} installments; ${reps.length} active reps`);

  // Last quarter, whole: the cycle a company closes now.
  const quarterStart = new Date(now.getFullYear(), Math.floor(now.getMonth() / 3) * 3 - 3, 1);
  const date = `${quarterStart.getFullYear()}-${String(quarterStart.getMonth() + 2).padStart(2, '0')}-15`;
  const ops = await apiSession(server.port, 'ops');
  const template = await ops('POST', '/kpi-templates', { ...DEFAULT_REP_TEMPLATE, name: '压测季度考核' });
  if (template.status !== 201) throw new Error(`template: ${template.status} ${JSON.stringify(template.json)}`);
  let t0 = performance.now();
  const opened = await ops('POST', '/review-cycles', { templateId: template.json!.id, date });
  const openMs = performance.now() - t0;
  if (opened.status !== 201) throw new Error(`cycle: ${opened.status} ${JSON.stringify(opened.json)}`);
  const cycle = opened.json as { id: string; periodFrom: string; periodTo: string; reviews: number };
  console.log(
    `open the ${cycle.periodFrom}..${cycle.periodTo} cycle (${cycle.reviews} reviews: create, compute, score): ${openMs.toFixed(0)} ms`,
  );
  const computeTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    t0 = performance.now();
    const computed = await ops('POST', `/review-cycles/${cycle.id}/compute`);
    computeTimes.push(performance.now() - t0);
    if (computed.status !== 200) throw new Error(`compute: ${computed.status} ${JSON.stringify(computed.json)}`);
  }
  console.log(
    `compute the quarter's KPI scores for ${cycle.reviews} reps, 3 runs: ${computeTimes.map((t) => `${t.toFixed(0)} ms`).join(', ')}`,
  );

  const people = (await db.$client.query(`select person_id from performance_reviews where cycle_id = $1`, [cycle.id])).rows.map(
    (r) => r.person_id as string,
  );
  const floorTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    t0 = performance.now();
    await computeFigures(makeCtx(db, SYSTEM_ACTOR), DEFAULT_REP_TEMPLATE.items, people, { from: cycle.periodFrom, to: cycle.periodTo });
    floorTimes.push(performance.now() - t0);
  }
  console.log(
    `  floor (the same metric queries straight on PostgreSQL, no HTTP or writes): ${floorTimes.map((t) => `${t.toFixed(0)} ms`).join(', ')}`,
  );
  const best = (times: number[]) => Math.min(...times);
  console.log(`  best compute ÷ best floor: ${(best(computeTimes) / best(floorTimes)).toFixed(2)}×`);
} finally {
  await server.close();
}
