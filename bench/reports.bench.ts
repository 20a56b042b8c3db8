// npm run bench:reports — the monthly sales report (issue 18 item 4) on a sales dataset
// (bench/dataset.ts: the kept one in BENCH_DATA_DIR, else SCALE / --scale=large built fresh), on this
// machine. Prints figures; asserts nothing.
//
//   1. the server on the dataset (startDatasetServer)
//   2. GET /api/v1/reports/sales?period=monthly as director (company) and rep, one request at a time;
//      its .xlsx and PDF exports as director
//   3. the floor: the report's bookings split (three periods), collections and new customers as raw
//      SQL over one connection
//   4. .xlsx of every order row (1,000,000 on the large dataset) through the platform's streamed
//      export (platform/export.ts, the writer every export uses) from this process, its resident
//      memory sampled every 100 ms
//
// Targets from the issue: monthly report ≤ 2 s; PDF of a monthly report ≤ 5 s; .xlsx of 1,000,000
// order rows ≤ 60 s with flat memory. Env: N (timed reports per user, default 20; exports N/4, at least 2).
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import { streamExport } from '../packages/server/src/platform/export.js';
import { apiSession, figure, loadAverage, report, startDatasetServer, timed } from './lib.js';

const N = Number(process.env.N ?? 20);
const server = await startDatasetServer('reports');
try {
  const { db, port } = server;
  console.log(`load average at the start: ${loadAverage()}`);
  const sessions = { director: await apiSession(port, 'director'), rep: await apiSession(port, 'rep') };
  const get = (who: keyof typeof sessions, url: string) => async () => {
    const answer = await sessions[who]('GET', url);
    if (answer.status !== 200) throw new Error(`${url}: ${answer.status}`);
  };
  // Last month: the report's default period.
  const now = new Date();
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const date = month.toISOString().slice(0, 10);
  const ranges = [0, -1, -12].map((offset) => {
    const first = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + offset, 1));
    const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0));
    return [first.toISOString().slice(0, 10), last.toISOString().slice(0, 10)] as const;
  });
  const floorSql = ranges.flatMap(([from, to]) => [
    `select c.owner_id, c.team_id, cu.source, count(*), sum(c.amount_cents) from contracts c join customers cu on cu.id = c.customer_id
      where c.signed_on between '${from}' and '${to}' group by 1, 2, 3`,
    // Collections and new customers from the daily facts the report reads (migration 0056).
    `select owner_id, sum(receipts), sum(amount_cents) from receipt_collections_daily where received_on between '${from}' and '${to}' group by 1`,
    `select owner_id, sum(customers) from customer_new_hourly where created_hour >= '${from}' and created_hour < '${to}'::date + 1 group by 1`,
  ]);
  const floor = await timed(N, async () => {
    for (const statement of floorSql) await db.$client.query(statement);
  });
  report('floor: the report’s sums as raw SQL', floor);
  const monthly = `/reports/sales?period=monthly&date=${date}`;
  for (const who of ['director', 'rep'] as const) {
    await timed(Math.min(3, N), get(who, monthly));
    const f = await timed(N, get(who, monthly));
    report(`monthly report as ${who}`, f, who === 'director' ? floor : undefined, 1, '≤ 2000 ms');
  }
  const exportOf = (format: string) => `${monthly.replace('/sales?', '/sales/export?')}&format=${format}`;
  const xlsx = await timed(Math.max(2, Math.round(N / 4)), get('director', exportOf('xlsx')));
  report('monthly report .xlsx as director', xlsx);
  const pdf = await timed(Math.max(2, Math.round(N / 4)), get('director', exportOf('pdf')));
  report('monthly report PDF (zh-CN) as director', pdf, undefined, 1, '≤ 5000 ms');

  // ——— .xlsx of every order row, streamed; resident memory sampled while it runs ———
  const rssMb = () => Math.round(process.memoryUsage().rss / 1_048_576);
  const samples: number[] = [rssMb()];
  const sampler = setInterval(() => samples.push(rssMb()), 100);
  let bytes = 0;
  const t0 = performance.now();
  const file = await streamExport(db, {
    format: 'xlsx',
    fileName: 'orders',
    sheetName: '订单',
    columns: [
      { label: '订单编号', width: 18 },
      { label: '客户', width: 30 },
      { label: '负责人', width: 10 },
      { label: '交付状态', width: 10 },
      { label: '金额（元）', width: 16, money: true },
      { label: '下单日期', width: 12, date: 'date' },
    ],
    count: async (tx) => (await tx.execute<{ n: number }>(sql`select count(*)::int as n from orders`)).rows[0]!.n,
    async rows(tx, write) {
      await tx.execute(sql`declare bench_orders no scroll cursor for
        select o.number, c.name as customer, u.display_name as owner, o.status, o.amount_cents,
               to_char(o.ordered_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day
          from orders o join customers c on c.id = o.customer_id join users u on u.id = o.owner_id order by o.ordered_at, o.id`);
      for (;;) {
        const page = (
          await tx.execute<{ number: string; customer: string; owner: string; status: string; amount_cents: number; day: string }>(
            sql`fetch 1000 from bench_orders`,
          )
        ).rows;
        if (!page.length) break;
        for (const o of page) if (!(await write([o.number, o.customer, o.owner, o.status, Number(o.amount_cents) / 100, o.day]))) return;
      }
    },
  });
  await pipeline(
    file.stream,
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done();
      },
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const tenth = samples.slice(Math.floor(samples.length / 10));
  console.log(
    `.xlsx of ${file.total} order rows (streamed, platform/export.ts): ${seconds.toFixed(1)} s, ${(bytes / 1_048_576).toFixed(0)} MB; ` +
      `RSS at start ${samples[0]} MB, after the first tenth min ${Math.min(...tenth)} / max ${Math.max(...tenth)} MB, peak ${Math.max(...samples)} MB`,
  );
  figure({ name: `.xlsx of ${file.total} order rows`, value: Math.round(seconds * 10) / 10, unit: 's', target: '≤ 60 s' });
  figure({
    name: `.xlsx of ${file.total} order rows, RSS peak (start ${samples[0]} MB; after the first tenth ${Math.min(...tenth)}–${Math.max(...tenth)} MB)`,
    value: Math.max(...samples),
    unit: 'MB',
    target: 'flat',
  });
  console.log(`load average at the end: ${loadAverage()}`);
} finally {
  await server.close();
}
