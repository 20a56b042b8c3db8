import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';
import { createLogSender, setSenders, type Senders } from '../../platform/notifications/senders/index.js';
import { Scheduler } from '../../platform/jobs/scheduler.js';
import { insertCustomer } from './test-fixtures.js';
import { runReconfirmations } from './reconfirmation.service.js';
import { createCloseFollowUps, followUpKindFor } from './event-follow-ups.service.js';
import { eventsJobs } from './events.jobs.js';

let t: TestApp;
let manager: Client;
let rep: Client;
let rep2: Client;
let approvers: Client[];
const log = createLogSender(() => undefined);

beforeAll(async () => {
  t = await buildTestApp();
  manager = await t.loginAs('manager');
  rep = await t.loginAs('rep');
  rep2 = await t.loginAs('rep2');
  approvers = [await t.loginAs('supervisor'), await t.loginAs('manager2'), await t.loginAs('director')];
  setSenders({ email: log, sms: log, wecom: log, dingtalk: log } satisfies Senders);
});
afterAll(async () => {
  setSenders(null);
  await t.close();
});

const DAY = 86_400_000;
let counter = 0;

async function createEvent(startsAt = new Date(Date.now() + 10 * DAY)) {
  counter++;
  const response = await manager.post('/api/v1/events', {
    type: '专题讲座',
    theme: `运营测试 ${counter}`,
    venue: '锦江饭店',
    address: '上海市茂名南路59号',
    capacity: 100,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; version: number };
}

async function moveEvent(id: string, status: string) {
  const current = (await manager.get(`/api/v1/events/${id}`)).json();
  const response = await manager.post(`/api/v1/events/${id}/status`, { status, version: current.version });
  expect(response.statusCode, response.body).toBe(200);
}

/** Decides an approval request as whichever of the approvers the engine picked, until it is decided. */
async function decideAll(requestId: string, decision: 'approve' | 'reject' = 'approve') {
  for (let round = 0; round < 3; round++) {
    for (const client of approvers) {
      const request = await client.get(`/api/v1/approvals/${requestId}`);
      if (request.statusCode !== 200 || request.json().status !== 'pending') continue;
      await client.post(`/api/v1/approvals/${requestId}/decision`, { decision, version: request.json().version, comment: '预算说明不足' });
    }
  }
  const final = await approvers[2]!.get(`/api/v1/approvals/${requestId}`);
  expect(final.json().status).toBe(decision === 'approve' ? 'approved' : 'rejected');
}

async function approvedBudget(eventId: string, lines: { category: string; amountCents: number }[]) {
  const saved = await manager.put(`/api/v1/events/${eventId}/budget`, { lines });
  expect(saved.statusCode, saved.body).toBe(200);
  const submitted = await manager.post(`/api/v1/events/${eventId}/budget/submit`, { version: saved.json().version });
  expect(submitted.statusCode, submitted.body).toBe(200);
  expect(submitted.json().status).toBe('pending');
  await decideAll(submitted.json().approvalRequestId);
  const budget = (await manager.get(`/api/v1/events/${eventId}/budget`)).json();
  expect(budget.status).toBe('approved');
  return budget as { lines: { id: string; category: string }[] };
}

const cost = (lineId: string, amountCents: number, extra: Record<string, unknown> = {}) => ({
  lineId,
  amountCents,
  description: '会场租金',
  incurredOn: '2026-12-01',
  ...extra,
});

describe('event budget through the approval engine (event.budget)', () => {
  it('lines are saved as a draft, submitted for approval, locked while pending, and costs wait for approval', async () => {
    const event = await createEvent();
    const saved = await manager.put(`/api/v1/events/${event.id}/budget`, {
      lines: [
        { category: 'venue', amountCents: 800_000 },
        { category: 'catering', amountCents: 500_000 },
        { category: 'invitation', amountCents: 100_000, description: '电话短信' },
      ],
    });
    expect(saved.json()).toMatchObject({
      status: 'draft',
      totalCents: 1_400_000,
      abilities: { edit: true, submit: true, recordCost: false },
    });
    const lineId = saved.json().lines[0].id;
    const early = await manager.post(`/api/v1/events/${event.id}/costs`, cost(lineId, 1000));
    expect(early.statusCode).toBe(422);
    const submitted = await manager.post(`/api/v1/events/${event.id}/budget/submit`, { version: saved.json().version });
    expect(submitted.json().status).toBe('pending');
    const request = (await manager.get(`/api/v1/approvals/${submitted.json().approvalRequestId}`)).json();
    expect(request).toMatchObject({ subjectType: 'event.budget', subjectId: event.id, amountCents: 1_400_000 });
    const locked = await manager.put(`/api/v1/events/${event.id}/budget`, {
      lines: [{ category: 'venue', amountCents: 1 }],
      version: submitted.json().version,
    });
    expect(locked.statusCode).toBe(422);
    await decideAll(submitted.json().approvalRequestId);
    const approved = (await manager.get(`/api/v1/events/${event.id}/budget`)).json();
    expect(approved).toMatchObject({ status: 'approved', abilities: { edit: false, recordCost: true } });
  });

  it('a budget of 200,000 CNY or more goes to a manager and then the director (the matrix decides by the total)', async () => {
    const event = await createEvent();
    const saved = await manager.put(`/api/v1/events/${event.id}/budget`, { lines: [{ category: 'venue', amountCents: 25_000_000 }] });
    const submitted = await manager.post(`/api/v1/events/${event.id}/budget/submit`, { version: saved.json().version });
    const request = (await manager.get(`/api/v1/approvals/${submitted.json().approvalRequestId}`)).json();
    expect(request.steps.map((s: { role: string }) => s.role)).toEqual(['manager', 'director']);
  });

  it('a rejected budget can be edited and submitted again', async () => {
    const event = await createEvent();
    const saved = await manager.put(`/api/v1/events/${event.id}/budget`, { lines: [{ category: 'gifts', amountCents: 300_000 }] });
    const submitted = await manager.post(`/api/v1/events/${event.id}/budget/submit`, { version: saved.json().version });
    await decideAll(submitted.json().approvalRequestId, 'reject');
    const rejected = (await manager.get(`/api/v1/events/${event.id}/budget`)).json();
    expect(rejected).toMatchObject({ status: 'rejected', abilities: { edit: true } });
    const again = await manager.put(`/api/v1/events/${event.id}/budget`, {
      lines: [{ category: 'gifts', amountCents: 200_000 }],
      version: rejected.version,
    });
    expect(again.json()).toMatchObject({ status: 'draft', totalCents: 200_000 });
  });
});

describe('R-EXP-2 event costs against the approved budget', () => {
  it('R-EXP-2: exactly the remaining amount passes, one cent more is refused with the figures; 90 % warns', async () => {
    const event = await createEvent();
    const budget = await approvedBudget(event.id, [{ category: 'venue', amountCents: 100_000 }]);
    const lineId = budget.lines[0]!.id;
    const first = await manager.post(`/api/v1/events/${event.id}/costs`, cost(lineId, 90_000));
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().lines[0]).toMatchObject({ spentCents: 90_000, remainingCents: 10_000, warning: true });
    const over = await manager.post(`/api/v1/events/${event.id}/costs`, cost(lineId, 10_001));
    expect(over.statusCode).toBe(422);
    expect(over.json().error).toMatchObject({ rule: 'R-EXP-2', field: 'body.amountCents' });
    const exact = await manager.post(`/api/v1/events/${event.id}/costs`, cost(lineId, 10_000));
    expect(exact.statusCode).toBe(200);
    expect(exact.json()).toMatchObject({ spentCents: 100_000, lines: [{ remainingCents: 0 }] });
  });

  it('R-EXP-2: an over-budget cost asked for approval waits, and counts only once approved', async () => {
    const event = await createEvent();
    const budget = await approvedBudget(event.id, [{ category: 'catering', amountCents: 50_000 }]);
    const lineId = budget.lines[0]!.id;
    const asked = await manager.post(
      `/api/v1/events/${event.id}/costs`,
      cost(lineId, 60_000, { requestOverBudget: true, reason: '人数超出预期' }),
    );
    expect(asked.statusCode, asked.body).toBe(200);
    const pending = asked.json().costs[0];
    expect(pending).toMatchObject({ status: 'pending_approval', overBudget: true });
    expect(asked.json().lines[0]).toMatchObject({ spentCents: 0, pendingCents: 60_000 });
    const request = (await manager.get(`/api/v1/approvals/${pending.approvalRequestId}`)).json();
    expect(request).toMatchObject({ subjectType: 'event.overbudget', amountCents: 10_000 });
    await decideAll(pending.approvalRequestId);
    const after = (await manager.get(`/api/v1/events/${event.id}/budget`)).json();
    expect(after.costs[0].status).toBe('recorded');
    expect(after.lines[0]).toMatchObject({ spentCents: 60_000, remainingCents: -10_000 });
    // Actual costs feed R-EVT-2: total cost on the metrics.
    const metrics = (await manager.get(`/api/v1/events/${event.id}/metrics`)).json();
    expect(metrics).toMatchObject({ eventCostCents: 60_000, invitationCostCents: 0, totalCostCents: 60_000 });
  });

  it('R-EXP-2: parallel costs cannot together overspend a line (the budget row is locked)', async () => {
    const event = await createEvent();
    const budget = await approvedBudget(event.id, [{ category: 'materials', amountCents: 10_000 }]);
    const lineId = budget.lines[0]!.id;
    // Hold new costs back until all ten requests are inside their transactions, so they truly overlap.
    const blocker = await t.ownerDb.$client.connect();
    await blocker.query('begin');
    await blocker.query('lock table event_costs in share row exclusive mode');
    const requests = Promise.all(Array.from({ length: 10 }, () => manager.post(`/api/v1/events/${event.id}/costs`, cost(lineId, 1_500))));
    for (let i = 0; i < 400; i++) {
      const waiting = await t.ownerDb.$client.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
      );
      if (waiting.rows[0]!.n >= 10) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await blocker.query('commit');
    blocker.release();
    const responses = await requests;
    const codes = responses.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 200)).toHaveLength(6);
    expect(codes.filter((c) => c === 422)).toHaveLength(4);
    const spent = await t.db.execute<{ cents: string }>(
      sql`select coalesce(sum(amount_cents), 0)::text as cents from event_costs where event_id = ${event.id}`,
    );
    expect(Number(spent.rows[0]!.cents)).toBe(9_000);
  });

  it('cost per attendee on the budget page comes from the actual costs and the attendees', async () => {
    const event = await createEvent(new Date(Date.now() + 2 * DAY));
    const budget = await approvedBudget(event.id, [
      { category: 'venue', amountCents: 100_000 },
      { category: 'invitation', amountCents: 10_000 },
    ]);
    await manager.post(`/api/v1/events/${event.id}/costs`, cost(budget.lines[0]!.id, 60_000));
    await manager.post(`/api/v1/events/${event.id}/costs`, cost(budget.lines[1]!.id, 6_000));
    await moveEvent(event.id, 'inviting');
    await moveEvent(event.id, 'ready');
    for (let i = 0; i < 3; i++) {
      const customer = await insertCustomer(t.db, { ownerId: t.ids.rep! });
      const invitation = (await manager.post(`/api/v1/events/${event.id}/invitations`, { customerId: customer.id })).json();
      await manager.post(`/api/v1/events/${event.id}/check-in`, { invitationId: invitation.id });
    }
    const page = (await manager.get(`/api/v1/events/${event.id}/budget`)).json();
    expect(page).toMatchObject({ attendees: 3, costPerAttendeeCents: 22_000, deals: 0, costPerDealCents: null });
    const metrics = (await manager.get(`/api/v1/events/${event.id}/metrics`)).json();
    expect(metrics).toMatchObject({ invitationCostCents: 6_000, eventCostCents: 60_000 });
  });

  it('a calling rep does not see the budget; another region gets 404', async () => {
    const event = await createEvent();
    const customer = await insertCustomer(t.db, { ownerId: t.ids.rep! });
    await manager.post(`/api/v1/events/${event.id}/invitations`, { customerId: customer.id });
    expect((await rep.get(`/api/v1/events/${event.id}/budget`)).statusCode).toBe(403);
    expect((await rep2.get(`/api/v1/events/${event.id}/budget`)).statusCode).toBe(404);
  });
});

describe('preparation checklist', () => {
  it('is generated from the type’s template once, flags overdue items, and items are ticked off with a version', async () => {
    const event = await createEvent(new Date(Date.now() + 3 * DAY));
    const generated = await manager.post(`/api/v1/events/${event.id}/prep-tasks/generate`);
    expect(generated.statusCode, generated.body).toBe(200);
    const list = generated.json();
    expect(list.items).toHaveLength(7);
    expect(new Set(list.items.map((i: { department: string }) => i.department))).toEqual(new Set(['sales', 'marketing', 'admin']));
    // Due 21, 14, 14, 10, 5 days before an event three days away: already overdue.
    expect(list.overdue).toBe(5);
    expect((await manager.post(`/api/v1/events/${event.id}/prep-tasks/generate`)).json().items).toHaveLength(7);
    const first = list.items[0];
    const done = await manager.patch(`/api/v1/event-prep-tasks/${first.id}`, { version: first.version, done: true });
    expect(done.json()).toMatchObject({ done: 1, overdue: 4 });
    const stale = await manager.patch(`/api/v1/event-prep-tasks/${first.id}`, { version: first.version, title: '改' });
    expect(stale.statusCode).toBe(409);
    const added = await manager.post(`/api/v1/events/${event.id}/prep-tasks`, {
      department: 'admin',
      title: '准备签到台',
      ownerId: t.ids.support,
      dueAt: new Date(Date.now() + DAY).toISOString(),
    });
    expect(added.json().items).toHaveLength(8);
    const badOwner = await manager.post(`/api/v1/events/${event.id}/prep-tasks`, {
      department: 'admin',
      title: '准备签到台',
      ownerId: '00000000-0000-4000-8000-000000000000',
      dueAt: new Date(Date.now() + DAY).toISOString(),
    });
    expect(badOwner.statusCode).toBe(400);
    expect(badOwner.json().error.field).toBe('body.ownerId');
    const task = added.json().items.find((i: { title: string }) => i.title === '准备签到台');
    const removed = await manager.delete(`/api/v1/event-prep-tasks/${task.id}?version=${task.version}`);
    expect(removed.json().items).toHaveLength(7);
  });
});

/** An event starting tomorrow at 14:00 company time, with accepted invitations called by `rep`. */
async function eventTomorrow(accepted: number) {
  const now = new Date();
  const tomorrow = new Date(now.getTime() + DAY);
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(tomorrow);
  const event = await createEvent(new Date(`${day}T14:00:00+08:00`));
  const invitations: { id: string; version: number }[] = [];
  for (let i = 0; i < accepted; i++) {
    const customer = await insertCustomer(t.db, { ownerId: t.ids.rep! });
    await t.db.execute(sql`update customers set phone = ${`1390000${String(1000 + counter * 10 + i)}`} where id = ${customer.id}`);
    const invitation = (await manager.post(`/api/v1/events/${event.id}/invitations`, { customerId: customer.id })).json();
    invitations.push(invitation);
  }
  await moveEvent(event.id, 'inviting');
  for (const invitation of invitations) {
    const response = await rep.post(`/api/v1/invitations/${invitation.id}/outcome`, { outcome: 'accepted', version: invitation.version });
    expect(response.statusCode, response.body).toBe(200);
  }
  return { event, startsAt: new Date(`${day}T14:00:00+08:00`) };
}

describe('day-before reconfirmation (R-EVT-1)', () => {
  it('the job sends each accepted invitee a reminder, gives the caller a reconfirm list and tasks, once', async () => {
    const { event, startsAt } = await eventTomorrow(3);
    const dayBefore10 = new Date(startsAt.getTime() - 28 * 3_600_000); // 10:00 the day before (event at 14:00)
    const early = await runReconfirmations(t.db, new Date(dayBefore10.getTime() - 60_000));
    expect((await t.db.execute(sql`select 1 from event_reconfirmations where event_id = ${event.id}`)).rows).toHaveLength(0);
    expect(early.reconfirmations).toBe(0);
    const [a, b] = await Promise.all([runReconfirmations(t.db, dayBefore10), runReconfirmations(t.db, dayBefore10)]);
    expect(a.reconfirmations + b.reconfirmations).toBeGreaterThanOrEqual(3);
    await runReconfirmations(t.db, new Date(dayBefore10.getTime() + 3_600_000));
    const rows = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from event_reconfirmations where event_id = ${event.id}`);
    expect(rows.rows[0]!.n).toBe(3);
    const messages = await t.db.execute<{ status: string; sender: string; body: string; channel: string }>(sql`
      select m.status, m.sender, m.body, m.channel from outbound_messages m join event_reconfirmations r on r.message_id = m.id
       where r.event_id = ${event.id}`);
    expect(messages.rows).toHaveLength(3);
    for (const m of messages.rows) {
      expect(m).toMatchObject({ status: 'sent', sender: 'log', channel: 'sms' });
      expect(m.body).toContain('锦江饭店');
      expect(m.body).toContain('14:00');
    }
    expect(log.recent().filter((m) => m.body.includes(`运营测试`)).length).toBeGreaterThanOrEqual(3);
    const list = (await rep.get(`/api/v1/events/${event.id}/reconfirmations`)).json();
    expect(list.items).toHaveLength(3);
    expect(list.items[0]).toMatchObject({ outcome: null, reminderStatus: 'sent', invitationStatus: 'accepted' });
    const tasks = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from follow_up_tasks where owner_id = ${t.ids.rep} and title like ${`会前确认：运营测试%`} and done_at is null`,
    );
    expect(tasks.rows[0]!.n).toBeGreaterThanOrEqual(3);
  });

  it('R-EVT-1: reconfirmed → confirmed; cannot come → declined with a reason; no answer stays accepted', async () => {
    const { event, startsAt } = await eventTomorrow(3);
    await runReconfirmations(t.db, new Date(startsAt.getTime() - 20 * 3_600_000));
    const list = (await rep.get(`/api/v1/events/${event.id}/reconfirmations`)).json();
    const [x, y, z] = list.items as { id: string; version: number; invitationId: string }[];
    const confirmed = await rep.post(`/api/v1/event-reconfirmations/${x!.id}/outcome`, { outcome: 'confirmed', version: x!.version });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const noReason = await rep.post(`/api/v1/event-reconfirmations/${y!.id}/outcome`, { outcome: 'cancelled', version: y!.version });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error).toMatchObject({ field: 'body.reason', rule: 'R-EVT-1' });
    const cancelled = await rep.post(`/api/v1/event-reconfirmations/${y!.id}/outcome`, {
      outcome: 'cancelled',
      version: y!.version,
      reason: '时间冲突',
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const noAnswer = await rep.post(`/api/v1/event-reconfirmations/${z!.id}/outcome`, { outcome: 'no_answer', version: z!.version });
    expect(noAnswer.statusCode).toBe(200);
    const statuses = await t.db.execute<{ id: string; status: string; decline_reason: string | null }>(
      sql`select id, status, decline_reason from event_invitations where event_id = ${event.id}`,
    );
    const byId = new Map(statuses.rows.map((r) => [r.id, r]));
    expect(byId.get(x!.invitationId)!.status).toBe('confirmed');
    expect(byId.get(y!.invitationId)).toMatchObject({ status: 'declined', decline_reason: '时间冲突' });
    expect(byId.get(z!.invitationId)!.status).toBe('accepted');
    // A confirmed invitation cannot be "no answer" afterwards: R-EVT-1 names the transition.
    const after = (await rep.get(`/api/v1/events/${event.id}/reconfirmations`)).json();
    const again = after.items.find((i: { id: string }) => i.id === x!.id);
    const refused = await rep.post(`/api/v1/event-reconfirmations/${x!.id}/outcome`, { outcome: 'no_answer', version: again.version });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.rule).toBe('R-EVT-1');
    // Another rep cannot record on this list.
    expect((await rep2.post(`/api/v1/event-reconfirmations/${z!.id}/outcome`, { outcome: 'confirmed', version: 2 })).statusCode).toBe(404);
  });

  it('the scheduled job runs once with two processes, and a missed run is caught up once', async () => {
    const { event, startsAt } = await eventTomorrow(2);
    const due = new Date(startsAt.getTime() - 20 * 3_600_000);
    const quiet = { error: () => undefined } as unknown as ConstructorParameters<typeof Scheduler>[2];
    const one = new Scheduler(t.db, eventsJobs, quiet, 'Asia/Shanghai');
    const two = new Scheduler(t.db, eventsJobs, quiet, 'Asia/Shanghai');
    // The server was down: the stored next run is a day old.
    await one.register(new Date(due.getTime() - DAY));
    await t.db.execute(
      sql`update scheduled_jobs set next_run_at = ${new Date(due.getTime() - DAY)}, lease_until = null where name = 'events.reconfirm'`,
    );
    const [ranOne, ranTwo] = await Promise.all([one.tick(due), two.tick(due)]);
    expect([...ranOne, ...ranTwo].filter((name) => name === 'events.reconfirm')).toHaveLength(1);
    expect(await one.tick(due)).toEqual([]);
    const rows = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from event_reconfirmations where event_id = ${event.id}`);
    expect(rows.rows[0]!.n).toBe(2);
  });
});

describe('follow-ups at close', () => {
  it('rule: attendees (with a deal: delivery call), no-shows and time-conflict decliners get a follow-up; other decliners do not', () => {
    expect(followUpKindFor({ status: 'attended', hasDeal: false })).toBe('attendee');
    expect(followUpKindFor({ status: 'attended', hasDeal: true })).toBe('buyer');
    expect(followUpKindFor({ status: 'no_show', hasDeal: false })).toBe('no_show');
    expect(followUpKindFor({ status: 'declined', hasDeal: false })).toBeNull();
    expect(followUpKindFor({ status: 'declined', hasDeal: false, declineReason: '时间冲突' })).toBe('time_conflict');
    expect(followUpKindFor({ status: 'declined', hasDeal: false, declineReason: '路程太远' })).toBeNull();
    expect(followUpKindFor({ status: 'declined', hasDeal: false, declineReason: 'Busy' }, 'Busy')).toBe('time_conflict');
    expect(followUpKindFor({ status: 'cancelled', hasDeal: false, declineReason: '时间冲突' })).toBeNull();
  });

  it('closing the event gives the inviting rep a task per attendee (buyers: delivery call), no-show and time-conflict decliner, once', async () => {
    const event = await createEvent(new Date(Date.now() + 2 * DAY));
    const next = await createEvent(new Date(Date.now() + 2 * DAY + 6 * 3_600_000));
    const people = await Promise.all(Array.from({ length: 5 }, () => insertCustomer(t.db, { ownerId: t.ids.rep! })));
    const inv = [];
    for (const person of people) inv.push((await manager.post(`/api/v1/events/${event.id}/invitations`, { customerId: person.id })).json());
    await moveEvent(event.id, 'inviting');
    for (const i of inv.slice(0, 3)) await rep.post(`/api/v1/invitations/${i.id}/outcome`, { outcome: 'accepted', version: i.version });
    await rep.post(`/api/v1/invitations/${inv[3].id}/outcome`, { outcome: 'declined', version: inv[3].version, reason: '时间冲突' });
    await rep.post(`/api/v1/invitations/${inv[4].id}/outcome`, { outcome: 'declined', version: inv[4].version, reason: '暂无需求' });
    await moveEvent(event.id, 'ready');
    await moveEvent(event.id, 'running');
    await manager.post(`/api/v1/events/${event.id}/check-in`, { invitationId: inv[0].id });
    await manager.post(`/api/v1/events/${event.id}/check-in`, { invitationId: inv[1].id });
    // The second attendee bought on the day.
    await t.db.execute(sql`insert into customer_orders (customer_id, ordered_at, amount_cents, source, source_id)
                           values (${people[1]!.id}, now(), 500000, 'test', ${`event-deal-${event.id}`})`);
    await moveEvent(event.id, 'closed');
    const followUps = (await manager.get(`/api/v1/events/${event.id}/follow-ups`)).json();
    expect(followUps.items.map((f: { kind: string; customerName: string }) => [f.kind, f.customerName]).sort()).toEqual(
      [
        ['attendee', people[0]!.name],
        ['buyer', people[1]!.name],
        ['no_show', people[2]!.name],
        ['time_conflict', people[3]!.name],
      ].sort(),
    );
    const nextTheme = (await manager.get(`/api/v1/events/${next.id}`)).json().theme as string;
    const titles = followUps.items.map((f: { kind: string; title: string }) => [f.kind, f.title]);
    expect(titles.find(([kind]: string[]) => kind === 'time_conflict')[1]).toContain(nextTheme);
    expect(titles.find(([kind]: string[]) => kind === 'buyer')[1]).toContain('交付与满意度回访');
    const tasks = await t.db.execute<{ owner_id: string; due_at: Date }>(
      sql`select t.owner_id, t.due_at from follow_up_tasks t join event_follow_ups f on f.task_id = t.id where f.event_id = ${event.id}`,
    );
    expect(tasks.rows).toHaveLength(4);
    expect(tasks.rows.every((r) => r.owner_id === t.ids.rep)).toBe(true);
    // Idempotent: generating again adds nothing.
    const ctx = await t.ctxAs('manager');
    expect(await ctx.db.transaction((tx) => createCloseFollowUps(ctx, tx, event.id))).toBe(0);
    expect((await manager.get(`/api/v1/events/${event.id}/follow-ups`)).json().items).toHaveLength(4);
    expect((await rep.get(`/api/v1/events/${event.id}/follow-ups`)).statusCode).toBe(403);
  });
});
