import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';
import { insertCustomer } from './test-fixtures.js';

let t: TestApp;
let manager: Client;
let rep: Client;
let rep2: Client;
let support: Client;

beforeAll(async () => {
  t = await buildTestApp();
  manager = await t.loginAs('manager');
  rep = await t.loginAs('rep');
  rep2 = await t.loginAs('rep2');
  support = await t.loginAs('support');
});
afterAll(() => t.close());

const DAY = 86_400_000;
let counter = 0;

async function createEvent(client: Client = manager, extra: Record<string, unknown> = {}) {
  counter++;
  const startsAt = new Date(Date.now() + 10 * DAY);
  const response = await client.post('/api/v1/events', {
    type: '专题讲座',
    theme: `健康讲座 ${counter}`,
    venue: '锦江饭店',
    address: '上海市茂名南路59号',
    capacity: 100,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
    agenda: [{ time: '14:00', title: '签到' }],
    speakers: [{ name: '张教授', bio: '营养学专家' }],
    ...extra,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; version: number; status: string };
}

async function moveEvent(id: string, status: string) {
  const current = (await manager.get(`/api/v1/events/${id}`)).json();
  const response = await manager.post(`/api/v1/events/${id}/status`, { status, version: current.version });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function invite(eventId: string, customerId: string, client: Client = manager) {
  const response = await client.post(`/api/v1/events/${eventId}/invitations`, { customerId });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; version: number; status: string; callerId: string };
}

describe('events: lifecycle, edits per status, copy', () => {
  it('a manager creates a draft event; each status change is dated in its history and audited', async () => {
    const event = await createEvent();
    expect(event.status).toBe('draft');
    await moveEvent(event.id, 'inviting');
    const ready = await moveEvent(event.id, 'ready');
    expect(ready.history.map((h: { toStatus: string }) => h.toStatus)).toEqual(['draft', 'inviting', 'ready']);
    expect(ready.nextStatuses).toEqual(['running', 'inviting', 'cancelled']);
    const audit = await t.db.execute(sql`select count(*)::int as n from audit_log where entity = 'events' and entity_id = ${event.id}`);
    expect(audit.rows[0]).toEqual({ n: 3 });
  });

  it('an invalid move is 422 naming it; a stale version 409', async () => {
    const event = await createEvent();
    const refused = await manager.post(`/api/v1/events/${event.id}/status`, { status: 'closed', version: event.version });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.message).toBe('an event cannot move from draft to closed');
    await moveEvent(event.id, 'inviting');
    const stale = await manager.post(`/api/v1/events/${event.id}/status`, { status: 'ready', version: event.version });
    expect(stale.statusCode).toBe(409);
  });

  it('while running the venue may not change (422), the agenda may; after closing nothing may', async () => {
    const event = await createEvent();
    for (const status of ['inviting', 'ready', 'running']) await moveEvent(event.id, status);
    let current = (await manager.get(`/api/v1/events/${event.id}`)).json();
    const venue = await manager.patch(`/api/v1/events/${event.id}`, { version: current.version, venue: '别处' });
    expect(venue.statusCode).toBe(422);
    expect(venue.json().error.field).toBe('body.venue');
    const agenda = await manager.patch(`/api/v1/events/${event.id}`, {
      version: current.version,
      agenda: [{ time: '15:00', title: '抽奖' }],
    });
    expect(agenda.statusCode, agenda.body).toBe(200);
    await moveEvent(event.id, 'closed');
    current = (await manager.get(`/api/v1/events/${event.id}`)).json();
    expect(current.abilities.update).toBe(false);
    const late = await manager.patch(`/api/v1/events/${event.id}`, { version: current.version, description: '补充' });
    expect(late.statusCode).toBe(422);
  });

  it('bad input is 400 naming the field, nothing written', async () => {
    const before = await t.snapshot();
    const wrongType = await manager.post('/api/v1/events', {
      type: '不存在的类型',
      theme: 'x',
      startsAt: '2030-01-01T10:00:00+08:00',
      endsAt: '2030-01-01T12:00:00+08:00',
    });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.field).toBe('body.type');
    const backwards = await manager.post('/api/v1/events', {
      type: '专题讲座',
      theme: 'x',
      startsAt: '2030-01-01T10:00:00+08:00',
      endsAt: '2030-01-01T09:00:00+08:00',
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.field).toBe('body.endsAt');
    expect(await t.snapshot()).toBe(before);
  });

  it('copies an event as a template: same content, new dates, a new draft without invitations', async () => {
    const source = await createEvent();
    const customer = await insertCustomer(t.db, { ownerId: t.ids.rep! });
    await invite(source.id, customer.id);
    const startsAt = new Date(Date.now() + 40 * DAY);
    const copy = await manager.post(`/api/v1/events/${source.id}/copy`, {
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
    });
    expect(copy.statusCode, copy.body).toBe(201);
    expect(copy.json()).toMatchObject({ status: 'draft', copiedFromId: source.id, speakers: [{ name: '张教授', bio: '营养学专家' }] });
    expect(copy.json().counts.invitations).toBe(0);
  });
});

describe('R-EVT-1 invitations and call outcomes', () => {
  it('R-EVT-1 the plan takes customers by filter within the caller’s access, skips those already invited, caller = owner', async () => {
    const event = await createEvent();
    const dry = (
      await manager.post(`/api/v1/events/${event.id}/invitation-plan`, { tier: ['A'], ownerId: t.ids.rep, dryRun: true })
    ).json();
    expect(dry.created).toBe(0);
    const expected = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from customers where owner_id = ${t.ids.rep} and tier = 'A' and merged_into_id is null`,
    );
    expect(dry.matched).toBe(expected.rows[0]!.n);
    const built = (await manager.post(`/api/v1/events/${event.id}/invitation-plan`, { tier: ['A'], ownerId: t.ids.rep })).json();
    expect(built.created).toBe(dry.matched);
    const again = (await manager.post(`/api/v1/events/${event.id}/invitation-plan`, { tier: ['A'], ownerId: t.ids.rep })).json();
    expect(again).toMatchObject({ created: 0, skipped: dry.matched });
    const callers = await t.db.execute(sql`select distinct caller_id from event_invitations where event_id = ${event.id}`);
    expect(callers.rows).toEqual([{ caller_id: t.ids.rep }]);
  });

  it('R-EVT-1 a plan never reaches customers outside the caller’s record access', async () => {
    // rep2's customers are in another region: the manager of region 1 cannot pick them.
    const event = await createEvent();
    const plan = (await manager.post(`/api/v1/events/${event.id}/invitation-plan`, { ownerId: t.ids.rep2, dryRun: true })).json();
    expect(plan.matched).toBe(0);
  });

  it('R-EVT-1 "not invited in the last N days" filters the plan', async () => {
    const first = await createEvent();
    const c1 = await insertCustomer(t.db, { ownerId: t.ids.rep!, name: '近期邀约客户' });
    await invite(first.id, c1.id);
    const second = await createEvent();
    const sample = (
      await manager.post(`/api/v1/events/${second.id}/invitation-plan`, {
        ownerId: t.ids.rep,
        notInvitedDays: 30,
        dryRun: true,
        limit: 5000,
      })
    ).json();
    const all = (
      await manager.post(`/api/v1/events/${second.id}/invitation-plan`, { ownerId: t.ids.rep, dryRun: true, limit: 5000 })
    ).json();
    expect(all.matched - sample.matched).toBeGreaterThanOrEqual(1);
  });

  it('R-EVT-1 the rep records outcomes on their call list; each is logged on the customer timeline', async () => {
    const event = await createEvent();
    await moveEvent(event.id, 'inviting');
    const customer = await insertCustomer(t.db, { ownerId: t.ids.rep!, name: '王芳' });
    await t.db.execute(sql`update customers set kind = 'person', gender = 'female', phone = '13812345678' where id = ${customer.id}`);
    const invitation = await invite(event.id, customer.id);
    expect(invitation.callerId).toBe(t.ids.rep);

    const list = (await rep.get(`/api/v1/events/${event.id}/call-list`)).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0].tel).toBe('13812345678');
    expect(list.items[0].script).toContain('您好，王女士');
    expect(list.items[0].script).toContain(`关于健康讲座`);

    const noAnswer = await rep.post(`/api/v1/invitations/${invitation.id}/outcome`, { outcome: 'no_answer', version: invitation.version });
    expect(noAnswer.statusCode, noAnswer.body).toBe(200);
    expect(noAnswer.json()).toMatchObject({ status: 'pending', lastOutcome: 'no_answer', attempts: 1 });
    expect(noAnswer.json().retryAt).not.toBeNull();

    const accepted = await rep.post(`/api/v1/invitations/${invitation.id}/outcome`, {
      outcome: 'accepted',
      version: noAnswer.json().version,
    });
    expect(accepted.json()).toMatchObject({ status: 'accepted', attempts: 2 });

    const timeline = await t.db.execute<{ type: string; outcome: string }>(
      sql`select type, outcome from interactions where customer_id = ${customer.id} order by occurred_at, created_at`,
    );
    expect(timeline.rows.map((r) => r.outcome)).toEqual([`${list.event.theme}: 邀约：未接通`, `${list.event.theme}: 邀约：同意参会`]);
    expect(timeline.rows.every((r) => r.type === 'call')).toBe(true);
    const cadence = await t.db.execute(sql`select last_contact_at is not null as contacted from customers where id = ${customer.id}`);
    expect(cadence.rows[0]).toEqual({ contacted: true });
  });

  it('R-EVT-1 a decline needs a reason from the list; with one it is stored and logged', async () => {
    const event = await createEvent();
    await moveEvent(event.id, 'inviting');
    const customer = await insertCustomer(t.db, { ownerId: t.ids.rep! });
    const invitation = await invite(event.id, customer.id);
    const before = await t.snapshot();
    const missing = await rep.post(`/api/v1/invitations/${invitation.id}/outcome`, { outcome: 'declined', version: invitation.version });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.field).toBe('body.reason');
    expect(await t.snapshot()).toBe(before);
    const declined = await rep.post(`/api/v1/invitations/${invitation.id}/outcome`, {
      outcome: 'declined',
      version: invitation.version,
      reason: '时间冲突',
      note: '那天出差',
    });
    expect(declined.json()).toMatchObject({ status: 'declined', declineReason: '时间冲突', declineNote: '那天出差' });
  });

  it('R-EVT-1 questions: the text is kept and a follow-up task lands on the caller', async () => {
    const event = await createEvent();
    await moveEvent(event.id, 'inviting');
    const customer = await insertCustomer(t.db, { ownerId: t.ids.rep! });
    const invitation = await invite(event.id, customer.id);
    const asked = await rep.post(`/api/v1/invitations/${invitation.id}/outcome`, {
      outcome: 'questions',
      version: invitation.version,
      note: '是否可以带家属？',
      followUp: true,
    });
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json()).toMatchObject({ status: 'pending', questions: '是否可以带家属？' });
    const tasks = await t.db.execute(sql`select owner_id from follow_up_tasks where customer_id = ${customer.id}`);
    expect(tasks.rows).toEqual([{ owner_id: t.ids.rep }]);
  });

  it('R-EVT-1 an invalid transition is 422 naming it, nothing written', async () => {
    const event = await createEvent();
    await moveEvent(event.id, 'inviting');
    const customer = await insertCustomer(t.db, { ownerId: t.ids.rep! });
    const invitation = await invite(event.id, customer.id);
    const before = await t.snapshot();
    const refused = await rep.post(`/api/v1/invitations/${invitation.id}/status`, { status: 'no_show', version: invitation.version });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ message: 'invitation transition pending → no_show is not allowed', rule: 'R-EVT-1' });
    expect(await t.snapshot()).toBe(before);
  });

  it('R-EVT-1 reconfirmed → confirmed; closing the event makes the unconfirmed-and-absent no-shows', async () => {
    const event = await createEvent();
    await moveEvent(event.id, 'inviting');
    const a = await insertCustomer(t.db, { ownerId: t.ids.rep! });
    const invitation = await invite(event.id, a.id);
    const accepted = (
      await rep.post(`/api/v1/invitations/${invitation.id}/outcome`, { outcome: 'accepted', version: invitation.version })
    ).json();
    const confirmed = await rep.post(`/api/v1/invitations/${invitation.id}/status`, { status: 'confirmed', version: accepted.version });
    expect(confirmed.json().status).toBe('confirmed');
    for (const status of ['ready', 'running', 'closed']) await moveEvent(event.id, status);
    const after = (await manager.get(`/api/v1/events/${event.id}/invitations`)).json();
    expect(after.items[0].status).toBe('no_show');
  });

  it('no new invitations once the event is closed (422)', async () => {
    const event = await createEvent();
    for (const status of ['inviting', 'ready', 'running', 'closed']) await moveEvent(event.id, status);
    const customer = await insertCustomer(t.db, { ownerId: t.ids.rep! });
    const refused = await manager.post(`/api/v1/events/${event.id}/invitations`, { customerId: customer.id });
    expect(refused.statusCode).toBe(422);
  });

  it('a manager reassigns callers in bulk; the new caller sees them on their list', async () => {
    const event = await createEvent();
    const customer = await insertCustomer(t.db, { ownerId: t.ids.rep! });
    const invitation = await invite(event.id, customer.id);
    const other = (await t.db.execute<{ id: string }>(sql`select id from users where username = 'supervisor'`)).rows[0]!.id;
    const moved = await manager.post(`/api/v1/events/${event.id}/invitations/reassign`, {
      invitationIds: [invitation.id],
      callerId: other,
    });
    expect(moved.json()).toEqual({ updated: 1 });
    const supervisor = await t.loginAs('supervisor');
    const list = (await supervisor.get(`/api/v1/events/${event.id}/call-list`)).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([invitation.id]);
    // The rep no longer takes part: the event is gone from their list.
    const repEvents = (await rep.get('/api/v1/events?pageSize=200')).json();
    expect(repEvents.items.map((e: { id: string }) => e.id)).not.toContain(event.id);
  });
});

describe('check-in', () => {
  async function readyEvent() {
    const event = await createEvent();
    await moveEvent(event.id, 'inviting');
    const customer = await insertCustomer(t.db, { ownerId: t.ids.rep!, name: '李建国' });
    await t.db.execute(sql`update customers set phone = '13900005581', phone_key = '13900005581' where id = ${customer.id}`);
    const invitation = await invite(event.id, customer.id);
    await moveEvent(event.id, 'ready');
    const token = (await t.db.execute<{ qr_token: string }>(sql`select qr_token from event_invitations where id = ${invitation.id}`))
      .rows[0]!.qr_token;
    return { event, invitation, token };
  }

  it('two staff scanning the same code at once: one check-in, the other told when and by whom', async () => {
    const { event, token } = await readyEvent();
    const ops = await t.loginAs('ops');
    const [a, b] = await Promise.all([
      support.post(`/api/v1/events/${event.id}/check-in`, { token }),
      ops.post(`/api/v1/events/${event.id}/check-in`, { token }),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    const results = [a.json(), b.json()];
    expect(results.filter((r) => r.checkedIn)).toHaveLength(1);
    const second = results.find((r) => !r.checkedIn)!;
    expect(second.alreadyCheckedIn).toBe(true);
    expect(second.message).toMatch(/^already checked in at \d\d:\d\d by .+$/);
    const rows = await t.db
      .execute(sql`select count(*)::int as n from audit_log where entity = 'event_invitations' and summary = 'checked in'
      and entity_id in (select id::text from event_invitations where qr_token = ${token})`);
    expect(rows.rows[0]).toEqual({ n: 1 });
    const board = (await support.get(`/api/v1/events/${event.id}/check-in/board`)).json();
    expect(board).toMatchObject({ arrived: 1, capacity: 100, seatsLeft: 99 });
  });

  it('staff find people by the last four phone digits and see only name, company, masked phone, seat', async () => {
    const { event } = await readyEvent();
    const found = await support.get(`/api/v1/events/${event.id}/check-in/search?q=5581`);
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json()).toHaveLength(1);
    expect(Object.keys(found.json()[0]).sort()).toEqual(
      ['checkedInAt', 'checkedInByName', 'company', 'invitationId', 'name', 'phone', 'seat', 'source', 'status'].sort(),
    );
    expect(found.json()[0].phone).toBe('139****5581');
    // The staff cannot read the invitation list with contact details.
    expect((await support.get(`/api/v1/events/${event.id}/invitations`)).statusCode).toBe(200);
    expect((await support.get(`/api/v1/events/${event.id}/invitations`)).json().items).toEqual([]);
  });

  it('R-CUS-3 a walk-in is registered as a customer of the organiser and checked in; the same phone written otherwise is a duplicate', async () => {
    const { event } = await readyEvent();
    const walkIn = await support.post(`/api/v1/events/${event.id}/walk-ins`, {
      name: '赵敏',
      phone: '13700001234',
      gender: 'female',
      seat: 'C-3',
    });
    expect(walkIn.statusCode, walkIn.body).toBe(200);
    expect(walkIn.json()).toMatchObject({
      checkedIn: true,
      card: { name: '赵敏', phone: '137****1234', seat: 'C-3', source: 'walk_in', status: 'attended' },
    });
    const customer = await t.db.execute(sql`select owner_id, source from customers where phone_key = '13700001234'`);
    expect(customer.rows).toEqual([{ owner_id: t.ids.manager, source: 'conference' }]);
    const audit = await t.db.execute(sql`select actor_id from audit_log where entity = 'customers' and summary = '赵敏'`);
    expect(audit.rows).toEqual([{ actor_id: t.ids.support }]);

    const again = await support.post(`/api/v1/events/${event.id}/walk-ins`, { name: '赵敏', phone: '+86 137-0000-1234' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ rule: 'R-CUS-3', field: 'body.phone' });
    const duplicate = again.json().error.data.duplicates[0];
    const chosen = await support.post(`/api/v1/events/${event.id}/walk-ins`, {
      name: '赵敏',
      phone: '13700001234',
      customerId: duplicate.id,
    });
    expect(chosen.json()).toMatchObject({ checkedIn: false, alreadyCheckedIn: true });
    const board = (await support.get(`/api/v1/events/${event.id}/check-in/board`)).json();
    expect(board).toMatchObject({ walkIns: 1, arrived: 1 });
  });

  it('a rep cannot check people in', async () => {
    const { event, token } = await readyEvent();
    const before = await t.snapshot();
    expect((await rep2.post(`/api/v1/events/${event.id}/check-in`, { token })).statusCode).toBe(403);
    expect(await t.snapshot()).toBe(before);
  });
});

describe('R-EVT-2 metrics of an event', () => {
  it('R-EVT-2 the metrics route counts the event’s invitations as the pure function defines', async () => {
    const event = await createEvent();
    await moveEvent(event.id, 'inviting');
    const ids: { id: string; version: number }[] = [];
    for (let i = 0; i < 4; i++) ids.push(await invite(event.id, (await insertCustomer(t.db, { ownerId: t.ids.rep! })).id));
    for (const invitation of ids.slice(0, 3)) {
      await rep.post(`/api/v1/invitations/${invitation.id}/outcome`, { outcome: 'accepted', version: invitation.version });
    }
    await moveEvent(event.id, 'ready');
    for (const invitation of ids.slice(0, 2)) {
      await support.post(`/api/v1/events/${event.id}/check-in`, { invitationId: invitation.id });
    }
    await moveEvent(event.id, 'running');
    await moveEvent(event.id, 'closed');
    const metrics = (await manager.get(`/api/v1/events/${event.id}/metrics`)).json();
    expect(metrics).toMatchObject({ invitations: 4, accepted: 3, attendedOfAccepted: 2, noShows: 1, attendees: 2 });
    expect(metrics.acceptanceRate).toBeCloseTo(0.75);
    expect(metrics.attendanceRate).toBeCloseTo(2 / 3);
  });
});
