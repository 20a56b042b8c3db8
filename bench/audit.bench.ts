// npm run bench:audit — issue 21's internal-audit target on this machine. Prints figures; asserts nothing.
//
//   1. first start of the real server (demo company), then 1,000,000 sent quotes by SQL over the last
//      year, their discounts spread so that about 1 in 50 sits within 5 % under an approval limit
//   2. the auditor's sample "quotes clustered under the limit" (POST /internal-audit/plans/:id/samples,
//      rule quotes_near_limit, 20 records, company-wide, the whole year) 3 times, and the random sample,
//      against the same candidate query run straight on PostgreSQL (the floor)
//
// Target from the issue: audit sampling over 1,000,000 quotes ≤ 2 s.
import { apiSession, loadAverage, startBenchServer } from './lib.js';

// AUDIT_DATA_DIR=<dir> keeps the loaded database there and reuses it on the next run (no reload).
const kept = process.env.AUDIT_DATA_DIR;
const server = await startBenchServer('audit', kept ? { dataDir: kept } : {});
try {
  const { db } = server;
  const q = (text: string, values: unknown[] = []) => db.$client.query(text, values);
  const limits = await q(`select min_amount_cents, min_percent from approval_policies where subject_type = 'quote.discount' and active`);
  const amountLimits = [...new Set(limits.rows.map((r) => Number(r.min_amount_cents)).filter((n) => n > 0))];
  const percentLimits = [...new Set(limits.rows.filter((r) => r.min_percent !== null).map((r) => Math.round(Number(r.min_percent) * 100)))];
  console.log(`discount limits: amounts ${JSON.stringify(amountLimits)} cents, percents ${JSON.stringify(percentLimits)} bp`);
  const limit = amountLimits[0] ?? 500_000;

  // Set-based: the search indexes on quotes (trigram, bigram) are built once after the insert, as a
  // bulk load would, instead of row by row.
  const loaded = Number((await q(`select count(*)::int as n from quotes where number like 'QB-%'`)).rows[0].n) >= 1_000_000;
  if (!loaded) {
    const gin = await q(`select indexname, indexdef from pg_indexes where tablename = 'quotes' and indexdef ilike '%using gin%'`);
    for (const index of gin.rows) await q(`drop index ${index.indexname}`);
    let t0 = performance.now();
    await q(
      `
    with c as (
      select array_agg(id order by id) as ids, array_agg(owner_id order by id) as owners
        from (select id, owner_id from customers where owner_id is not null order by id limit 500) x)
    insert into quotes (number, title, customer_id, owner_id, status, total_cents, list_total_cents, subtotal_cents,
                        discount_cents, discount_bp, created_at, updated_at)
    select 'QB-' || lpad(g::text, 7, '0'), '压测报价', c.ids[1 + g % 500], c.owners[1 + g % 500],
           case when g % 10 = 0 then 'accepted' else 'sent' end,
           20000000, 20000000, 20000000,
           -- every 50th quote 1–4 % under the limit, the rest well under or over it
           case when g % 50 = 0 then $1::bigint * (96 + g % 4) / 100 when g % 3 = 0 then $1::bigint * 2 else (g % 200) * 100 end,
           (g % 2000),
           now() - (g % 360) * interval '1 day' - (g % 1440) * interval '1 minute', now()
      from generate_series(1, 1000000) g, c`,
      [limit],
    );
    console.log(`insert 1,000,000 quotes: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    t0 = performance.now();
    for (const index of gin.rows) await q(index.indexdef);
    await q('analyze quotes');
    console.log(`search indexes rebuilt and analysed: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const count = await q(`select count(*)::int as n from quotes`);
  console.log(`quotes: ${count.rows[0].n}`);

  const auditor = await apiSession(server.port, 'auditor');
  const today = new Date();
  const yearAgo = new Date(today.getTime() - 365 * 86_400_000);
  const plan = await auditor('POST', '/internal-audit/plans', {
    title: '折扣审计（压测）',
    process: 'discounts',
    periodFrom: yearAgo.toISOString().slice(0, 10),
    periodTo: today.toISOString().slice(0, 10),
  });
  if (plan.status !== 201) throw new Error(`plan: ${plan.status} ${JSON.stringify(plan.json)}`);
  const planId = String(plan.json!['id']);

  // The floors: the candidate queries the two rules send, straight to PostgreSQL — the near-limit ranges
  // (indexes of migration 0060) and the page-sampled random draw — and, for comparison, the full
  // `order by random()` over the period the random draw used before.
  const near = [
    ...amountLimits.map((l) => `(q.discount_cents >= ${Math.floor((l * 95) / 100)} and q.discount_cents < ${l})`),
    ...percentLimits.map((l) => `(q.discount_bp >= ${Math.floor((l * 95) / 100)} and q.discount_bp < ${l})`),
  ].join(' or ');
  const scope = `q.status <> 'draft' and q.created_at >= $1 and q.created_at < $2`;
  const floorSql = {
    near: `
      select q.id, q.number, u.display_name as owner_name, q.total_cents, q.discount_cents, q.discount_bp, q.status
        from (select q.id from quotes q where ${scope} and q.discount_cents > 0 and (${near || 'false'})
               order by q.created_at desc, q.id limit 80) s
        join quotes q on q.id = s.id join users u on u.id = q.owner_id`,
    random: `
      select q.id, q.number, u.display_name as owner_name, q.total_cents, q.discount_cents, q.discount_bp, q.status
        from (select q.id from quotes q tablesample system ((select 100 * 20 * 250 / reltuples from pg_class where oid = 'quotes'::regclass)) repeatable (7)
               where ${scope} order by md5('7' || q.id::text) limit 20) s
        join quotes q on q.id = s.id join users u on u.id = q.owner_id`,
    fullRandom: `
      select q.id, q.number, u.display_name as owner_name, q.total_cents, q.discount_cents, q.discount_bp, q.status
        from quotes q join users u on u.id = q.owner_id where ${scope} order by random() limit 20`,
  };
  const period = [yearAgo, new Date(today.getTime() + 86_400_000)];
  const times = {
    near: [] as number[],
    random: [] as number[],
    nearFloor: [] as number[],
    randomFloor: [] as number[],
    fullRandom: [] as number[],
  };
  const timed = async (list: number[], run: () => Promise<unknown>) => {
    const start = performance.now();
    const result = await run();
    list.push(performance.now() - start);
    return result;
  };
  for (let i = 0; i < 3; i++) {
    await timed(times.nearFloor, () => q(floorSql.near, period));
    await timed(times.randomFloor, () => q(floorSql.random, period));
    await timed(times.fullRandom, () => q(floorSql.fullRandom, period));
    const drawn = (await timed(times.near, () =>
      auditor('POST', `/internal-audit/plans/${planId}/samples`, { rule: 'quotes_near_limit', count: 20, withinPct: 5 }),
    )) as { status: number; json: unknown };
    if (drawn.status !== 200) throw new Error(`sample: ${drawn.status} ${JSON.stringify(drawn.json)}`);
    await timed(times.random, () => auditor('POST', `/internal-audit/plans/${planId}/samples`, { rule: 'random_quotes', count: 20 }));
  }
  // The plans, for the record: index ranges for the near-limit rule, a page sample for the random draw.
  for (const [name, text] of [
    ['near-limit', floorSql.near],
    ['random', floorSql.random],
  ] as const) {
    const explained = await q(`explain (analyze, costs off, timing off, summary off) ${text}`, period);
    console.log(`plan (${name}):\n${explained.rows.map((row) => `  ${String(row['QUERY PLAN'])}`).join('\n')}`);
  }
  const plain = await auditor('GET', `/internal-audit/plans/${planId}`);
  const samples = (plain.json!['samples'] as { reason: string }[]).length;
  const fmt = (list: number[]) => list.map((t) => `${t.toFixed(0)} ms`).join(', ');
  const ratio = (a: number[], b: number[]) => `${(Math.min(...a) / Math.min(...b)).toFixed(1)}×`;
  console.log(`load average: ${loadAverage()}`);
  console.log(`samples on the plan after 6 draws: ${samples}`);
  console.log(`sample quotes within 5 % under the limit (API, 20 records), 3 runs: ${fmt(times.near)}`);
  console.log(
    `  floor (its candidate query straight on PostgreSQL): ${fmt(times.nearFloor)} → best ÷ best ${ratio(times.near, times.nearFloor)}`,
  );
  console.log(`random sample of 20 quotes (API), 3 runs: ${fmt(times.random)}`);
  console.log(
    `  floor (the page-sampled draw straight on PostgreSQL): ${fmt(times.randomFloor)} → best ÷ best ${ratio(times.random, times.randomFloor)}`,
  );
  console.log(`  before: order by random() over the period, straight on PostgreSQL: ${fmt(times.fullRandom)}`);
} finally {
  await server.close();
}
