// The bench datasets, by scale: what `npm run bench:data -- --scale=…` builds and what the benches
// that read sales data (cockpit, reports) build when not given a kept one (BENCH_DATA_DIR).
import { sql } from 'drizzle-orm';
import type { Database } from '../packages/server/src/platform/db/client.js';
import { buildBenchData } from '../packages/server/src/seed/bench-data.js';
import { buildPipelineBenchData } from '../packages/server/src/seed/bench-pipeline-data.js';
import { seedDemoTargets } from '../packages/server/src/seed/demo-targets.js';

export const SCALES = ['default', 'large'] as const;
export type Scale = (typeof SCALES)[number];

/**
 * default: the pipeline benches' data (100,000 customers, 300,000 opportunities, 100,000 contracts
 * over two years, 250,000 orders). large (issue 18 item 7): 500 reps, 100,000 customers, 300,000
 * opportunities, 200,000 contracts with 600,000 installments and their receipts, 1,000,000 orders
 * (2,000,000 order lines) over three years, and this year's targets for every person.
 */
export const PRESETS = {
  default: {
    customers: { customers: 100_000, interactions: 100_000, orders: 100_000, reps: 500 },
    pipeline: { opportunities: 300_000, contracts: 100_000, orders: 250_000, linesPerOrder: 4, days: 720, receipts: false },
    targets: false,
  },
  large: {
    customers: { customers: 100_000, interactions: 100_000, orders: 100_000, reps: 500 },
    pipeline: { opportunities: 300_000, contracts: 200_000, orders: 1_000_000, linesPerOrder: 2, days: 3 * 365, receipts: true },
    targets: true,
  },
} as const;

export function parseScale(argv: string[], env = process.env.SCALE): Scale {
  const arg = argv.find((a) => a.startsWith('--scale='))?.slice('--scale='.length) ?? env ?? 'default';
  if (!(SCALES as readonly string[]).includes(arg)) throw new Error(`--scale must be one of ${SCALES.join(', ')} (got ${arg})`);
  return arg as Scale;
}

/** Builds a scale's dataset on a fresh demo company; step → ms. Deterministic but for `now`. */
export async function buildDataset(db: Database, scale: Scale, log: (message: string) => void = () => undefined) {
  const preset = PRESETS[scale];
  const now = new Date();
  const timings: Record<string, number> = {};
  let t0 = Date.now();
  const customers = await buildBenchData(db, { now, ...preset.customers, log });
  timings.customers = Date.now() - t0;
  t0 = Date.now();
  const pipeline = await buildPipelineBenchData(db, { ...preset.pipeline, log });
  timings.pipeline = Date.now() - t0;
  if (preset.targets) {
    // This year's targets again, now for every person (the demo's were set before the bench reps
    // existed): each person's figure from their last twelve months, units the sum of their children.
    t0 = Date.now();
    await db.transaction(async (tx) => {
      const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(now));
      await tx.execute(sql`delete from target_acknowledgements where year = ${year}`);
      await tx.execute(sql`delete from target_plans where year = ${year}`);
      await seedDemoTargets(tx, { now });
    });
    timings.targets = Date.now() - t0;
    log(`targets: ${timings.targets} ms`);
  }
  await db.execute(sql.raw('analyze'));
  const counts = (
    await db.execute<Record<string, number>>(
      sql.raw(`select (select count(*)::int from users where 'rep' = any(roles) and not disabled) as reps,
                      (select count(*)::int from customers) as customers,
                      (select count(*)::int from opportunities) as opportunities,
                      (select count(*)::int from contracts) as contracts,
                      (select count(*)::int from payment_installments) as installments,
                      (select count(*)::int from receipts) as receipts,
                      (select count(*)::int from orders) as orders,
                      (select count(*)::int from order_lines) as order_lines,
                      (select count(*)::int from target_values) as target_values`),
    )
  ).rows[0]!;
  return { scale, counts, timings, customers, pipeline };
}
