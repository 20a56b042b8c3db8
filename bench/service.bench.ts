// npm run bench:service — issue 20's service targets on this machine. Prints figures; asserts nothing.
//
//   1. first start of the real server (demo company), then 100,000 complaints by SQL: 10,000 open
//      (500 of them with the next SLA level due now), the rest closed
//   2. the R-SVC-1 sweep (the `service.sla-sweep` job's function) against the same due-ticket query
//      run straight on PostgreSQL (the floor), 3 times each (due tickets reset between runs)
//   3. the complaint queue page (GET /complaints, first page, active) as ops and a rep under 20
//      connections for 10 s; floors: its own statements (complaintQueueStatements) on PostgreSQL, and
//      the health and who-am-I answers under the same load
//
// Targets from the issue: sweep ≤ 2 s and ≤ 2× the same SQL; queue p95 ≤ 50 ms at 10,000 open.
import { PgDialect } from 'drizzle-orm/pg-core';
import { complaintListQuerySchema } from '@xiaoguan/shared';
import { complaintQueueStatements, sweepSla } from '../packages/server/src/modules/service/complaints.service.js';
import { makeCtx } from '../packages/server/src/platform/context.js';
import { chromium } from 'playwright-core';
import { actorByUsername, load, login, report, startBenchServer } from './lib.js';

const server = await startBenchServer('service', { env: { WEB_DIST: 'packages/web/dist' } });
try {
  const { db } = server;
  const q = (text: string, values: unknown[] = []) => db.$client.query(text, values);
  await q(`
    insert into complaints (number, title, category, priority, channel, description, customer_id, owner_id, status,
                            opened_at, first_response_at, closed_at, sla_level, sla_next_at, created_at, updated_at)
    select 'TS-B-' || lpad(g::text, 7, '0'), '压测投诉 ' || g, 'delivery_delay', 'normal', 'phone', '压测',
           c.id, c.owner_id,
           case when g <= 10000 then 'open' else 'closed' end,
           now() - (g % 300) * interval '1 day',
           case when g <= 10000 then null else now() - (g % 300) * interval '1 day' + interval '1 hour' end,
           case when g <= 10000 then null else now() - (g % 300) * interval '1 day' + interval '2 days' end,
           0,
           case when g <= 500 then now() - interval '1 minute' when g <= 10000 then now() + interval '30 days' else null end,
           now(), now()
      from generate_series(1, 100000) g
      join lateral (select id, owner_id from customers where owner_id is not null order by id offset (g % 500) limit 1) c on true`);
  // As autovacuum leaves a table after a bulk load: statistics and the visibility map (index-only counts).
  await q('vacuum (analyze) complaints');
  const counts = await q(`select count(*) filter (where status <> 'closed')::int as open, count(*)::int as total from complaints`);
  console.log(`complaints: ${counts.rows[0].total} (${counts.rows[0].open} open)`);

  // The floor: the statements the sweep runs, straight on PostgreSQL, in one transaction rolled back —
  // the due tickets with their owner's line, their pauses, every level's timeline row with its
  // notification (one statement), every ticket's next level (one statement). Only the clock
  // arithmetic in memory is missing.
  const floorSql = `
    select c.id, c.number, c.title, c.opened_at, c.owner_id, c.sla_level, s.id as supervisor, m.id as manager
      from complaints c join users o on o.id = c.owner_id left join users s on s.id = o.manager_id left join users m on m.id = s.manager_id
     where c.sla_next_at <= $1 and c.first_response_at is null and c.paused_since is null order by c.sla_next_at limit 5000`;
  const floorWrites = `
    with due as (
      select c.id, c.number, c.title, c.owner_id from complaints c
       where c.sla_next_at <= $1 and c.first_response_at is null and c.paused_since is null order by c.sla_next_at limit 5000
    ), input as (
      select d.id as complaint_id, k.kind, $1::timestamptz as at, d.owner_id as recipient_id, d.number || ' ' || d.title as title,
             jsonb_build_object('key', 'service.messages.' || k.kind, 'params', jsonb_build_object('number', d.number)) as title_message
        from due d cross join (values ('sla_warning'), ('sla_breached'), ('sla_escalated')) k(kind)
    ), inserted as (
      insert into complaint_events (complaint_id, kind, at) select complaint_id, kind, at from input
      on conflict (complaint_id, kind) where kind in ('sla_warning', 'sla_breached', 'sla_escalated') do nothing
      returning complaint_id, kind
    ), told as (
      insert into notifications (user_id, kind, title, link, title_message)
      select i.recipient_id, 'service.' || i.kind, i.title, '/complaints/' || i.complaint_id, i.title_message
        from inserted e join input i on i.complaint_id = e.complaint_id and i.kind = e.kind
    )
    update complaints c set sla_level = 3, sla_next_at = null from due where c.id = due.id`;
  // Tickets fall due two days ahead and the sweep is run at that time, so the server's own
  // every-minute job (at the real time) never sweeps them between a reset and a run.
  const ahead = 2 * 86_400_000;
  const reset = () =>
    q(`delete from complaint_events where kind like 'sla_%' and complaint_id in (select id from complaints where number like 'TS-B-%');
       update complaints set sla_level = 0, sla_next_at = now() + interval '2 days' - interval '1 minute'
        where number like 'TS-B-%' and number <= 'TS-B-0000500'`);
  const sweepTimes: number[] = [];
  const floorTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    await reset();
    const now = new Date(Date.now() + ahead);
    const client = await db.$client.connect();
    let due = 0;
    let t0 = performance.now();
    try {
      await client.query('begin');
      const found = await client.query(floorSql, [now]);
      due = found.rowCount ?? 0;
      await client.query(
        'select complaint_id, from_at, to_at from complaint_pauses where complaint_id = any($1::uuid[]) order by from_at',
        [found.rows.map((r: { id: string }) => r.id)],
      );
      await client.query(floorWrites, [now]);
      floorTimes.push(performance.now() - t0);
    } finally {
      await client.query('rollback');
      client.release();
    }
    t0 = performance.now();
    const result = await sweepSla(db, now);
    sweepTimes.push(performance.now() - t0);
    console.log(`run ${i + 1}: ${due} due; sweep raised ${JSON.stringify(result)}`);
  }
  const best = (list: number[]) => Math.min(...list);
  console.log(`R-SVC-1 sweep over 100,000 tickets: ${sweepTimes.map((t) => `${t.toFixed(0)} ms`).join(', ')}`);
  console.log(`floor (the sweep's statements as plain SQL): ${floorTimes.map((t) => `${t.toFixed(1)} ms`).join(', ')}`);
  console.log(`best sweep / best floor: ${(best(sweepTimes) / best(floorTimes)).toFixed(1)}×`);
  // A quiet minute: nothing due — what the every-minute job costs most of the time.
  const quiet = performance.now();
  await sweepSla(db, new Date(Date.now() + ahead));
  console.log(`sweep with nothing due: ${(performance.now() - quiet).toFixed(1)} ms`);

  // The queue's floor: the very page and count statements the route runs (complaintQueueStatements,
  // access scope included) for ops (scope all) and a rep (own customers, own tickets, queue
  // membership), straight on PostgreSQL, one at a time.
  const dialect = new PgDialect();
  const actorOf = (username: string) => actorByUsername(q, username);
  const firstPage = complaintListQuerySchema.parse({ status: 'active', page: 1, pageSize: 20 });
  for (const who of ['ops', 'rep']) {
    const statements = complaintQueueStatements(makeCtx(db, await actorOf(who)), firstPage);
    const [page, count] = [dialect.sqlToQuery(statements.page), dialect.sqlToQuery(statements.count)];
    for (const statement of [page, count]) {
      const plan = await q(`explain (analyze, costs off, timing off) ${statement.sql}`, statement.params);
      console.log(`queue plan (${who}):\n  ${plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n  ')}`);
    }
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t0 = performance.now();
      await q(page.sql, page.params);
      await q(count.sql, count.params);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(`queue SQL floor (${who}, page + count, one at a time): p50 ${times[15]!.toFixed(1)} ms, p95 ${times[28]!.toFixed(1)} ms`);
  }

  // The HTTP floors under the same 20 connections — what any route costs on this machine: the
  // health answer (no session, `select 1`) and who-am-I (a signed-in session, the user's menu).
  {
    const cookie = await login(server.port, 'ops');
    report(
      'floor: GET /health',
      await load(`http://127.0.0.1:${server.port}`, ['/api/health'], undefined, { connections: 20 }),
      undefined,
      20,
    );
    report(
      'floor: GET /auth/me, signed in',
      await load(`http://127.0.0.1:${server.port}`, ['/api/v1/auth/me'], cookie, { connections: 20 }),
      undefined,
      20,
    );
  }
  for (const who of ['ops', 'rep']) {
    const cookie = await login(server.port, who);
    const figures = await load(`http://127.0.0.1:${server.port}`, ['/api/v1/complaints?status=active&page=1&pageSize=20'], cookie, {
      connections: 20,
    });
    report(`complaint queue, 10,000 open (${who})`, figures, undefined, 20);
  }

  // 4. The customer's survey answer page at 390 × 844 (a phone), cold (a new browser context each
  //    time): from navigation until the first score button can be tapped. Floor: the same browser
  //    loading a static file of the same server (what the browser, network stack and machine cost).
  const link = await q(`
    insert into survey_links (template_id, token, customer_id, owner_id, sent_at, expires_at)
    select t.id, 'benchsurvey' || md5(random()::text), c.id, c.owner_id, now(), now() + interval '7 days'
      from survey_templates t, customers c where t.active and c.owner_id is not null limit 1
    returning token`);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });
  try {
    const interactive: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < 5; i++) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      const page = await context.newPage();
      let t0 = performance.now();
      await page.goto(`http://127.0.0.1:${server.port}/favicon.svg`);
      floor.push(performance.now() - t0);
      t0 = performance.now();
      await page.goto(`http://127.0.0.1:${server.port}/s/${link.rows[0].token}`, { waitUntil: 'commit' });
      await page.getByTestId('survey-csat-5').waitFor({ state: 'visible' });
      interactive.push(performance.now() - t0);
      await context.close();
    }
    const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
    console.log(
      `survey answer page, 390 px, cold: time to a tappable score ${interactive.map((t) => `${t.toFixed(0)} ms`).join(', ')} (median ${median(interactive).toFixed(0)} ms; floor, a static file of the same server: median ${median(floor).toFixed(0)} ms)`,
    );
  } finally {
    await browser.close();
  }
} finally {
  await server.close();
}
