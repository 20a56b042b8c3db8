// npm run bench:market-channels — issue 21's speed targets for market intelligence and channels on
// this machine. Prints figures; asserts nothing.
//
//   1. first start of the real server (demo company)
//   2. rebates (R-CHN-2): 200 active partners in three tiers with a programme per tier; the last
//      complete quarter's orders attributed to them (250 each, 50,000, on the demo contracts — each
//      contract one partner's) and three receipts per contract in the quarter. Then
//      POST /channels/rebates/compute 3 times (the first writes the statements, the others redo the
//      drafts). Floor: `partnerFigures` — the one statement the computation reads its figures with —
//      straight on PostgreSQL, 3 times. Target: ≤ 5 s and ≤ 2× the same SQL.
//   3. weekly market report (R-MKT-1): 50 teams (the demo's and bench teams under its regions), a
//      year of feedback (20 a team a week, a third with a competitor price: 52,000 rows). Then
//      POST /market/reports/generate as the director for last week 3 times (every team's draft).
//      Floor: `loadWeeklyFacts` — the three statements the facts come from — 3 times. Target: ≤ 5 s.
//
// Data by set-based SQL (INSERT … SELECT FROM generate_series), deterministic.
import { partnerFigures } from '../packages/server/src/modules/channels/channel-figures.js';
import { previousQuarter, quarterOf, quarterRange } from '../packages/server/src/modules/channels/rebates.js';
import { loadWeeklyFacts } from '../packages/server/src/modules/market/market-reports.service.js';
import { mondayOf, shiftDay } from '../packages/server/src/modules/market/weekly-report.js';
import { apiSession, startBenchServer } from './lib.js';

const TIME_ZONE = 'Asia/Shanghai';
const PARTNERS = 200;
const ORDERS_PER_PARTNER = 250;
const TEAMS = 50;
const FEEDBACK_PER_TEAM_WEEK = 20;

const server = await startBenchServer('market-channels');
const times = (list: number[]) => list.map((t) => `${t.toFixed(0)} ms`).join(', ');
const best = (list: number[]) => Math.min(...list);
try {
  const q = (text: string, params: unknown[] = []) => server.db.$client.query(text, params);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date());
  const period = previousQuarter(quarterOf(today));
  const range = quarterRange(period);
  const days = Math.round((Date.parse(range.to) - Date.parse(range.from)) / 86_400_000);

  // --- rebates ---
  let t0 = performance.now();
  await q(`
    insert into channel_partners (name, kind, tier, status)
    select '压测伙伴' || lpad(n::text, 3, '0'), (array['agent','distributor','reseller'])[1 + n % 3],
           (array['gold','silver','bronze'])[1 + n % 3], 'active'
      from generate_series(1, ${PARTNERS}) n`);
  await q(`
    insert into rebate_programmes (name, tier, thresholds)
    select '压测' || tier, tier, '[{"fromCents": 0, "rateBp": 100}, {"fromCents": 50000000, "rateBp": 200}, {"fromCents": 200000000, "rateBp": 300}]'::jsonb
      from unnest(array['gold','silver','bronze']) tier`);
  // Each demo contract belongs to one partner (row number mod 200); the partner's orders cycle over its contracts.
  await q(
    `
    with p as (select id, row_number() over (order by name) - 1 as k from channel_partners where name like '压测伙伴%'),
         c as (select id, customer_id, owner_id, row_number() over (order by id) - 1 as r from contracts),
         pc as (select p.id as partner_id, c.*, row_number() over (partition by p.id order by c.r) - 1 as j,
                       count(*) over (partition by p.id) as m
                  from p join c on c.r % ${PARTNERS} = p.k),
         o as (
           insert into orders (number, customer_id, contract_id, owner_id, amount_cents, ordered_at, notes)
           select 'BENCH-CH-' || p.k || '-' || n, pc.customer_id, pc.id, pc.owner_id, 100000 + (hashtext(p.k || ':' || n) & 1048575) * 10,
                  $1::date + ((n * 7 + p.k) % ${days}) * interval '1 day' + interval '2 hours', p.id::text
             from p cross join generate_series(1, ${ORDERS_PER_PARTNER}) n
             join pc on pc.partner_id = p.id and pc.j = n % pc.m
           returning id, notes)
    insert into partner_deals (partner_id, order_id) select notes::uuid, id from o`,
    [range.from],
  );
  await q(
    `
    insert into receipts (contract_id, installment_id, customer_id, amount_cents, received_on, method, idempotency_key, recorded_by_id)
    select c.id, i.id, c.customer_id, 500000 + (hashtext(c.id::text || n) & 65535) * 10, $1::date + ((hashtext(c.id::text) & 1023) + n * 29) % ${days},
           'bank_transfer', 'bench-ch-' || c.id || '-' || n, (select id from users where username = 'finance')
      from contracts c
      join lateral (select id from payment_installments where contract_id = c.id order by seq limit 1) i on true
      cross join generate_series(0, 2) n`,
    [range.from],
  );
  await q('analyze');
  const counts = (
    await q(`select (select count(*) from partner_deals)::int as deals, (select count(distinct contract_id) from orders where number like 'BENCH-CH-%')::int as contracts,
                    (select count(*) from receipts where idempotency_key like 'bench-ch-%')::int as receipts`)
  ).rows[0] as { deals: number; contracts: number; receipts: number };
  console.log(
    `rebate data ${period}: ${PARTNERS} partners, ${counts.deals} attributed orders on ${counts.contracts} contracts, ${counts.receipts} receipts (${(performance.now() - t0).toFixed(0)} ms)`,
  );

  const channel = await apiSession(server.port, 'channel');
  const computeTimes: number[] = [];
  let statements = 0;
  for (let i = 0; i < 3; i++) {
    t0 = performance.now();
    const computed = await channel('POST', '/channels/rebates/compute', { period });
    computeTimes.push(performance.now() - t0);
    if (computed.status !== 200) throw new Error(`compute: ${computed.status} ${JSON.stringify(computed.json)}`);
    statements = (computed.json as unknown as unknown[]).length;
  }
  console.log(`rebate computation for ${period}, ${statements} statements, 3 runs: ${times(computeTimes)}`);
  const floorTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    t0 = performance.now();
    await partnerFigures(server.db, range, TIME_ZONE);
    floorTimes.push(performance.now() - t0);
  }
  console.log(`  floor (partnerFigures, the same SQL straight on PostgreSQL): ${times(floorTimes)}`);
  console.log(`  best compute ÷ best floor: ${(best(computeTimes) / best(floorTimes)).toFixed(2)}×`);

  // --- weekly market report ---
  t0 = performance.now();
  const existing = Number((await q(`select count(*)::int as n from org_units where kind = 'team'`)).rows[0].n);
  await q(`
    with r as (select id, path, row_number() over (order by path) - 1 as k, count(*) over () as m from org_units where kind = 'region'),
         ids as (select n, gen_random_uuid() as id from generate_series(1, ${Math.max(0, TEAMS - existing)}) n)
    insert into org_units (id, parent_id, name, kind, path)
    select ids.id, r.id, '压测团队' || ids.n, 'team', r.path || ids.id || '/' from ids join r on r.k = ids.n % r.m`);
  await q(`
    insert into competitors (name) select '压测竞品' || n from generate_series(1, 8) n on conflict do nothing`);
  const week = mondayOf(shiftDay(today, -7));
  await q(
    `
    with t as (select id, row_number() over (order by path) - 1 as k from org_units where kind = 'team'),
         a as (select id from users where not disabled order by username limit 1),
         c as (select id, row_number() over (order by name) - 1 as k from competitors)
    insert into market_feedback (author_id, team_id, subject, type, competitor_id, competitor_product, competitor_price_cents, sentiment, text, observed_at)
    select a.id, t.id, 'competitor', (array['price','product','service','channel','policy'])[1 + (n + t.k) % 5], c.id,
           case when n % 3 = 0 then 'X' || (n % 4) end,
           case when n % 3 = 0 then 300000 + (hashtext(t.k || ':' || w || ':' || n) & 4095) * 10 end,
           (array['positive','neutral','negative'])[1 + (n * 7 + w) % 3], '压测反馈 第' || w || '周 ' || n,
           ($1::date - w * 7 + (n % 7)) + interval '10 hours' - interval '8 hours'
      from t cross join a cross join generate_series(0, 51) w cross join generate_series(1, ${FEEDBACK_PER_TEAM_WEEK}) n
      join c on c.k = (n + w + t.k) % 8`,
    [week],
  );
  await q('analyze');
  const feedbackRows = Number((await q(`select count(*)::int as n from market_feedback`)).rows[0].n);
  const teams = (await q(`select id from org_units where kind = 'team'`)).rows.map((row) => row.id as string);
  console.log(
    `market data: ${teams.length} teams, ${feedbackRows} feedback rows over 52 weeks up to the week of ${week} (${(performance.now() - t0).toFixed(0)} ms)`,
  );

  const director = await apiSession(server.port, 'director');
  const generateTimes: number[] = [];
  let reports = 0;
  for (let i = 0; i < 3; i++) {
    t0 = performance.now();
    const generated = await director('POST', '/market/reports/generate', { weekStart: week });
    generateTimes.push(performance.now() - t0);
    if (generated.status !== 200) throw new Error(`generate: ${generated.status} ${JSON.stringify(generated.json)}`);
    reports = (generated.json as unknown as unknown[]).length;
  }
  console.log(`weekly report generation, ${reports} teams, 3 runs: ${times(generateTimes)}`);
  const factTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    t0 = performance.now();
    await loadWeeklyFacts(server.db, teams, week, TIME_ZONE);
    factTimes.push(performance.now() - t0);
  }
  console.log(`  floor (loadWeeklyFacts, the three fact statements straight on PostgreSQL): ${times(factTimes)}`);
  console.log(`  best generation ÷ best floor: ${(best(generateTimes) / best(factTimes)).toFixed(2)}×`);
} finally {
  await server.close();
}
