// npm run bench:events — issue 17 speed targets on this machine. Prints figures; asserts nothing but
// the check-in invariants (no double check-in, the board equal to the rows, one check-in per queued scan).
//
//   1. first start of the real server (embedded PostgreSQL, demo company); one running event with
//      5,000 invitations of 5,000 customers and 50 callers (`rep` and 49 copies), inserted by SQL.
//   2. call list: `rep`'s page (GET /events/:id/call-list, 100 invitations) under autocannon, 1 and 10
//      connections. Target p95 ≤ 50 ms.
//   3. check-in end to end: 200 scans one after the other, each POST /check-in by code and then the
//      board (GET /check-in/board) until it shows the arrival. Target ≤ 300 ms.
//   4. sustained check-ins: 50 scans a second for 60 s by one door phone, every tenth code scanned at the
//      same moment by a second phone; then exactly one check-in per code and the board's count equal to
//      the rows. Target 50/s with zero doubles.
//   5. offline sync: 1,000 queued scans (with their scan time) sent as the check-in page sends its
//      IndexedDB queue — oldest first, 200 scans a request (POST /check-in/batch) — by two phones
//      replaying the same queue at once (the worst case: an answer lost, the queue sent again).
//      Target ≤ 10 s, one check-in each.
//   6. event metrics: GET /events/:id/metrics (sequential, 100 runs) against the same SQL run directly
//      (the invitations read, attributedOrders and eventCostsByEvent on one connection). Target ≤ 2×.
import os from 'node:os';
import { attributedOrders } from '../packages/server/src/modules/events/event-deals.service.js';
import { eventCostsByEvent } from '../packages/server/src/modules/events/event-costs.js';
import { apiSession, load, percentile, report, startBenchServer } from './lib.js';

const fmt = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(1)} ms  p95 ${percentile(sorted, 95).toFixed(1)} ms  max ${sorted.at(-1)!.toFixed(1)} ms  (n ${sorted.length})`;
};
const INVITATIONS = 5_000;
const CALLERS = 50;

console.log(
  `machine: ${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')}`,
);
const server = await startBenchServer('events');
try {
  const { db, base } = server;
  const session = (username: string) => apiSession(server.port, username);
  type Session = Awaited<ReturnType<typeof session>>;
  const call = async <T>(who: Session, method: string, url: string, body?: unknown) =>
    (await who(method, url, body)) as unknown as { status: number; json: T };

  // ——— 1. the event, 50 callers, 5,000 customers and invitations ———
  const manager = await session('manager');
  const startsAt = new Date(Date.now() - 10 * 60_000);
  const created = await call<{ id: string }>(manager, 'POST', '/events', {
    type: '产品发布会',
    theme: '压测发布会',
    venue: '国际会议中心',
    capacity: 6_000,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 4 * 3_600_000).toISOString(),
  });
  if (created.status !== 201) throw new Error(`create event: ${created.status} ${JSON.stringify(created.json)}`);
  const eventId = created.json.id;
  await db.$client.query(`update events set status = 'running' where id = $1`, [eventId]);
  await db.$client.query(
    `insert into users (username, display_name, password_hash, roles, org_unit_id, manager_id, line_path)
     select 'bench_caller_' || g, '压测邀约' || g, u.password_hash, u.roles, u.org_unit_id, u.manager_id, u.line_path
       from users u, generate_series(1, $1::int) g where u.username = 'rep'`,
    [CALLERS - 1],
  );
  await db.$client.query(
    `with callers as (select id, org_unit_id, row_number() over (order by username) - 1 as k from users
                       where username = 'rep' or username like 'bench\\_caller\\_%'),
          numbered as (select s.g, c.id as caller_id, c.org_unit_id
                         from generate_series(0, $1::int - 1) s(g) join callers c on c.k = s.g % $2),
          cu as (insert into customers (kind, name, name_key, owner_id, team_id, assigned_at, status)
                 select 'organization', '压测客户' || g, '压测客户' || g, caller_id, org_unit_id, now(), 'intent'
                   from numbered order by g
                 returning id, owner_id, name)
     insert into event_invitations (event_id, customer_id, caller_id, status, accepted_at, qr_token, source)
     select $3, cu.id, cu.owner_id, case when random() < 0.6 then 'pending' else 'accepted' end, null, md5(random()::text || cu.id), 'plan'
       from cu`,
    [INVITATIONS, CALLERS, eventId],
  );
  await db.$client.query(`update event_invitations set accepted_at = status_at where event_id = $1 and status = 'accepted'`, [eventId]);
  await db.$client.query('analyze event_invitations; analyze customers');
  const tokens = (
    await db.$client.query(`select qr_token from event_invitations where event_id = $1 order by random()`, [eventId])
  ).rows.map((r) => r.qr_token as string);
  console.log(`event ${eventId}: ${tokens.length} invitations, ${CALLERS} callers`);

  // ——— 2. the call list of one caller ———
  const rep = await session('rep');
  const page = await call<{ items: unknown[] }>(rep, 'GET', `/events/${eventId}/call-list`);
  console.log(`call list of rep: ${page.status}, ${page.json.items.length} invitations`);
  for (const connections of [1, 10]) {
    const figures = await load(base, [`/api/v1/events/${eventId}/call-list`], rep.cookie, { duration: 10, connections });
    report(`GET call-list (rep), ${connections} conn`, figures, undefined, connections);
  }

  const callFloor: number[] = [];
  const repId = (await db.$client.query(`select id from users where username = 'rep'`)).rows[0].id as string;
  for (let i = 0; i < 100; i++) {
    const t0 = performance.now();
    const list = await db.$client.query(
      `select ei.*, c.name, c.phone, u.display_name from event_invitations ei join customers c on c.id = ei.customer_id
         left join users u on u.id = ei.caller_id
        where ei.event_id = $1 and ei.caller_id = $2
        order by case ei.status when 'pending' then 0 when 'accepted' then 1 else 2 end, ei.retry_at nulls first, c.name, ei.id limit 500`,
      [eventId, repId],
    );
    const ids = list.rows.map((r) => r.customer_id as string);
    await db.$client.query(`select id, gender, kind, needs from customers where id = any($1::uuid[])`, [ids]);
    await db.$client.query(
      `select r.* from unnest($1::uuid[]) c(id) cross join lateral (select i.customer_id, i.type, i.occurred_at, i.outcome
         from interactions i where i.customer_id = c.id and i.archived_at is null order by i.occurred_at desc limit 3) r`,
      [ids],
    );
    callFloor.push(performance.now() - t0);
  }
  console.log(`  floor (the call list's three queries directly, one connection): ${fmt(callFloor)}`);

  // ——— 3. check-in end to end: scan → server → board updated ———
  const support = await session('support');
  const ops = await session('ops');
  const board = async () => (await call<{ arrived: number }>(ops, 'GET', `/events/${eventId}/check-in/board`)).json.arrived;
  let arrived = await board();
  const endToEnd: number[] = [];
  const serverOnly: number[] = [];
  for (const token of tokens.slice(0, 200)) {
    const t0 = performance.now();
    const scanned = await call<{ checkedIn: boolean }>(support, 'POST', `/events/${eventId}/check-in`, { token });
    serverOnly.push(performance.now() - t0);
    if (!scanned.json.checkedIn) throw new Error('a fresh code did not check in');
    while ((await board()) <= arrived) {
      /* the board has not caught up yet */
    }
    arrived++;
    endToEnd.push(performance.now() - t0);
  }
  console.log(`check-in scan (POST) alone:                  ${fmt(serverOnly)}`);
  console.log(`check-in end to end (scan → board shows it): ${fmt(endToEnd)}  (+ the door screen's 1 s poll)`);

  // ——— 4. 50 check-ins a second for 60 s, every tenth code scanned twice at once ———
  const sustained = tokens.slice(200, 200 + 50 * 60);
  const latencies: number[] = [];
  const wins = new Map<string, number>();
  let errors = 0;
  const inflight: Promise<void>[] = [];
  const scan = async (who: Session, token: string) => {
    const t0 = performance.now();
    try {
      const result = await call<{ checkedIn: boolean }>(who, 'POST', `/events/${eventId}/check-in`, { token });
      latencies.push(performance.now() - t0);
      if (result.status !== 200) errors++;
      else if (result.json.checkedIn) wins.set(token, (wins.get(token) ?? 0) + 1);
    } catch {
      // Refused connection or timeout under overload: the phone would queue the scan and send it again.
      errors++;
    }
  };
  const began = performance.now();
  for (const [index, token] of sustained.entries()) {
    const due = began + index * 20;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inflight.push(scan(support, token));
    if (index % 10 === 0) inflight.push(scan(ops, token));
  }
  const sent = (performance.now() - began) / 1000;
  await Promise.all(inflight);
  const seconds = (performance.now() - began) / 1000;
  const rows = Number(
    (await db.$client.query(`select count(*) from event_invitations where event_id = $1 and checked_in_at is not null`, [eventId])).rows[0]
      .count,
  );
  const boardNow = await board();
  const doubles = [...wins.values()].filter((n) => n > 1).length;
  console.log(
    `sustained: ${sustained.length} codes (+${Math.ceil(sustained.length / 10)} simultaneous repeats) sent over ${sent.toFixed(1)} s, all answered after ${seconds.toFixed(1)} s = ${(sustained.length / seconds).toFixed(1)} check-ins/s; ${latencies.length ? fmt(latencies) : 'no answers'}; errors ${errors}`,
  );
  console.log(`  codes checked in by a scan ${wins.size}, twice ${doubles}; rows checked in ${rows} (200 before); board ${boardNow}`);
  if (doubles > 0 || boardNow !== rows) throw new Error('double check-in or the board differs from the rows');

  // ——— 5. 1,000 queued offline scans, replayed by two phones at once ———
  const queue = tokens
    .slice(3_200, 4_200)
    .map((token, index) => ({ token, clientAt: new Date(Date.now() - (1_000 - index) * 300).toISOString() }));
  let syncedFirsts = 0;
  // As the check-in page sends its queue (offline-queue.ts): oldest first, 200 scans a request.
  const phone = async (who: Session) => {
    for (let start = 0; start < queue.length; start += 200) {
      const scans = queue.slice(start, start + 200);
      for (let attempt = 0; ; attempt++) {
        try {
          const result = await call<{ results: { ok: boolean; result: { checkedIn: boolean } | null }[] }>(
            who,
            'POST',
            `/events/${eventId}/check-in/batch`,
            { scans },
          );
          if (result.status !== 200 || result.json.results.some((r) => !r.ok)) {
            throw new Error(`offline sync: ${result.status} ${JSON.stringify(result.json).slice(0, 300)}`);
          }
          syncedFirsts += result.json.results.filter((r) => r.result?.checkedIn).length;
          break;
        } catch (error) {
          // The page keeps a batch it could not send and sends it again (useOfflineCheckIn); so does the bench.
          if (attempt >= 5) throw error;
        }
      }
    }
  };
  const syncStart = performance.now();
  await Promise.all([phone(support), phone(ops)]);
  const syncSeconds = (performance.now() - syncStart) / 1000;
  const syncedRows = Number(
    (
      await db.$client.query(
        `select count(*) from event_invitations where event_id = $1 and qr_token = any($2) and checked_in_at is not null`,
        [eventId, queue.map((q) => q.token)],
      )
    ).rows[0].count,
  );
  console.log(`offline sync: 1,000 queued scans × 2 phones in ${syncSeconds.toFixed(1)} s; check-ins ${syncedFirsts}; rows ${syncedRows}`);
  if (syncedFirsts !== 1_000 || syncedRows !== 1_000) throw new Error('offline sync did not check in exactly once each');

  // ——— 6. the event metrics page against the same SQL run directly ———
  const apiTimes: number[] = [];
  for (let i = 0; i < 100; i++) {
    const t0 = performance.now();
    const metrics = await call<{ attendees: number }>(manager, 'GET', `/events/${eventId}/metrics`);
    apiTimes.push(performance.now() - t0);
    if (i === 0) console.log(`metrics: ${metrics.status}, attendees ${metrics.json.attendees}`);
  }
  const floorTimes: number[] = [];
  for (let i = 0; i < 100; i++) {
    const t0 = performance.now();
    await db.$client.query(`select status, source, accepted_at, confirmed_at from event_invitations where event_id = $1`, [eventId]);
    await attributedOrders(db, [eventId]);
    await eventCostsByEvent(db, [eventId]);
    floorTimes.push(performance.now() - t0);
  }
  const api50 = percentile(
    [...apiTimes].sort((a, b) => a - b),
    50,
  );
  const floor50 = percentile(
    [...floorTimes].sort((a, b) => a - b),
    50,
  );
  console.log(`GET /events/:id/metrics (sequential):          ${fmt(apiTimes)}`);
  console.log(`  floor (the same SQL directly, one connection): ${fmt(floorTimes)}  → ${(api50 / floor50).toFixed(2)}× the floor (p50)`);
} finally {
  await server.close();
}
