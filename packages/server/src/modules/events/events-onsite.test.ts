import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';
import { calendarDay } from '../../platform/time.js';
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

async function createEvent(type = '专题讲座') {
  counter++;
  const startsAt = new Date(Date.now() + 10 * DAY);
  const response = await manager.post('/api/v1/events', {
    type,
    theme: `现场测试 ${counter} ${crypto.randomBytes(3).toString('hex')}`,
    venue: '锦江饭店',
    capacity: 50,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; startsAt: string };
}

async function moveEvent(id: string, status: string) {
  const current = (await manager.get(`/api/v1/events/${id}`)).json();
  const response = await manager.post(`/api/v1/events/${id}/status`, { status, version: current.version });
  expect(response.statusCode, response.body).toBe(200);
}

async function invite(eventId: string, customerId: string) {
  const response = await manager.post(`/api/v1/events/${eventId}/invitations`, { customerId });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string };
}

/** An event with `n` invited customers of the rep, moved to ready (doors open). */
async function readyEvent(n = 1, type?: string) {
  const event = await createEvent(type);
  await moveEvent(event.id, 'inviting');
  const invitations = [];
  for (let i = 0; i < n; i++) {
    const customer = await insertCustomer(t.db, { ownerId: t.ids.rep! });
    invitations.push({ customer, invitation: await invite(event.id, customer.id) });
  }
  await moveEvent(event.id, 'ready');
  return { event, invitations };
}

async function badge(invitationId: string, client: Client = manager) {
  const response = await client.get(`/api/v1/invitations/${invitationId}/badge`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { token: string; qrSvg: string; customerName: string; eventTheme: string };
}

describe('QR codes and check-in by code (issue 17 item 1)', () => {
  it('each invitation has a printable badge with an unguessable code in a QR; scanning it checks in once', async () => {
    const { event, invitations } = await readyEvent(2);
    const [a, b] = [await badge(invitations[0]!.invitation.id), await badge(invitations[1]!.invitation.id)];
    expect(a.token).toMatch(/^[0-9a-f]{32}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(a.customerName).toBe(invitations[0]!.customer.name);
    // The caller sees their invitation's badge; another rep does not.
    expect((await rep.get(`/api/v1/invitations/${invitations[0]!.invitation.id}/badge`)).statusCode).toBe(200);
    expect((await rep2.get(`/api/v1/invitations/${invitations[0]!.invitation.id}/badge`)).statusCode).toBe(404);

    const first = await support.post(`/api/v1/events/${event.id}/check-in`, { token: a.token });
    expect(first.json()).toMatchObject({ checkedIn: true, card: { name: invitations[0]!.customer.name, status: 'attended' } });
    const again = await support.post(`/api/v1/events/${event.id}/check-in`, { token: a.token });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ checkedIn: false, alreadyCheckedIn: true });
  });

  it('a code of another event and an unknown code are told apart, and nothing is checked in', async () => {
    const one = await readyEvent(1);
    const other = await readyEvent(1);
    const token = (await badge(other.invitations[0]!.invitation.id)).token;
    const wrong = await support.post(`/api/v1/events/${one.event.id}/check-in`, { token });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error).toMatchObject({ message: 'this check-in code is for another event', field: 'token' });
    const unknown = await support.post(`/api/v1/events/${one.event.id}/check-in`, { token: 'f'.repeat(32) });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toBe('unknown check-in code: no invitation has it');
    const attended = await t.db.execute(sql`select count(*)::int as n from event_invitations
      where event_id in (${one.event.id}, ${other.event.id}) and checked_in_at is not null`);
    expect(attended.rows[0]).toEqual({ n: 0 });
  });
});

describe('offline check-in sync (issue 17 item 2)', () => {
  it('queued scans replayed after the connection returns keep their scan time and land exactly once', async () => {
    const { event, invitations } = await readyEvent(2);
    await t.db.execute(
      sql`update events set starts_at = now() - interval '1 hour', ends_at = now() + interval '2 hours' where id = ${event.id}`,
    );
    const tokens = await Promise.all(invitations.map(async (i) => (await badge(i.invitation.id)).token));
    const scannedAt = new Date(Date.now() - 10 * 60_000).toISOString();
    // The phone replays its queue twice (the first answer was lost): every scan, twice, at once.
    const replies = await Promise.all(
      [...tokens, ...tokens].map((token) => support.post(`/api/v1/events/${event.id}/check-in`, { token, clientAt: scannedAt })),
    );
    expect(replies.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    expect(replies.filter((r) => r.json().checkedIn)).toHaveLength(2);
    const rows = await t.db.execute<{ checked_in_at: Date }>(
      sql`select checked_in_at from event_invitations where event_id = ${event.id} and checked_in_at is not null`,
    );
    expect(rows.rows).toHaveLength(2);
    for (const row of rows.rows) expect(new Date(row.checked_in_at).toISOString()).toBe(scannedAt);
    expect((await support.get(`/api/v1/events/${event.id}/check-in/board`)).json()).toMatchObject({ arrived: 2 });
  });
});

describe('offline check-in sync in batches (issue 17 item 6, Speed)', () => {
  it('a phone’s queue in one request: each scan checked in once, in order, refusals in their place; sent again, nothing doubles', async () => {
    const { event, invitations } = await readyEvent(3);
    const other = await readyEvent(1);
    const tokens = await Promise.all(invitations.map(async (i) => (await badge(i.invitation.id)).token));
    const foreign = (await badge(other.invitations[0]!.invitation.id)).token;
    const scans = [{ token: tokens[0] }, { token: foreign }, { token: tokens[1] }, { token: 'f'.repeat(32) }, { token: tokens[0] }];
    const first = await support.post(`/api/v1/events/${event.id}/check-in/batch`, { scans });
    expect(first.statusCode, first.body).toBe(200);
    expect(
      first
        .json()
        .results.map((r: { ok: boolean; result: { checkedIn: boolean } | null; error: { status: number } | null }) =>
          r.ok ? (r.result!.checkedIn ? 'in' : 'already') : r.error!.status,
        ),
    ).toEqual(['in', 422, 'in', 404, 'already']);
    // Both phones replay the same queue at once (an answer was lost): still one check-in each.
    const again = await Promise.all([
      support.post(`/api/v1/events/${event.id}/check-in/batch`, { scans: [{ token: tokens[2] }, { token: tokens[1] }] }),
      manager.post(`/api/v1/events/${event.id}/check-in/batch`, { scans: [{ token: tokens[2] }, { token: tokens[1] }] }),
    ]);
    const wins = again.flatMap((r) => r.json().results as { result: { checkedIn: boolean } }[]).filter((r) => r.result.checkedIn);
    expect(wins).toHaveLength(1);
    const rows = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from event_invitations where event_id = ${event.id} and checked_in_at is not null`,
    );
    expect(rows.rows[0]!.n).toBe(3);
    expect((await support.get(`/api/v1/events/${event.id}/check-in/board`)).json()).toMatchObject({ arrived: 3 });
    // Nobody outside the check-in scope sends a batch; an empty or oversized batch is 400.
    expect((await rep2.post(`/api/v1/events/${event.id}/check-in/batch`, { scans: [{ token: tokens[0] }] })).statusCode).toBe(403);
    expect((await support.post(`/api/v1/events/${event.id}/check-in/batch`, { scans: [] })).statusCode).toBe(400);
  });
});

async function product(listPriceCents: number): Promise<string> {
  const code = `EV-${crypto.randomBytes(4).toString('hex')}`;
  const result = await t.db.execute<{ id: string }>(
    sql`insert into products (code, name, list_price_cents, floor_price_cents) values (${code}, ${'会场产品' + code}, ${listPriceCents}, ${Math.floor(listPriceCents / 2)}) returning id`,
  );
  return result.rows[0]!.id;
}

/** A running event that started an hour ago, with three invited customers; the first two checked in. */
async function runningEventWithAttendees(type?: string) {
  const { event, invitations } = await readyEvent(3, type);
  await t.db.execute(
    sql`update events set starts_at = now() - interval '1 hour', ends_at = now() + interval '2 hours' where id = ${event.id}`,
  );
  await moveEvent(event.id, 'running');
  for (const i of invitations.slice(0, 2)) {
    const checked = await support.post(`/api/v1/events/${event.id}/check-in`, { invitationId: i.invitation.id });
    expect(checked.statusCode, checked.body).toBe(200);
  }
  return { event, invitations };
}

describe('deals at the event and event offers (issue 17 item 3)', () => {
  it('R-PRC-1 an event offer prices an attendee’s order; the order is the event’s deal and its revenue', async () => {
    const { event, invitations } = await runningEventWithAttendees();
    const productId = await product(100_000);
    const offer = await manager.post(`/api/v1/events/${event.id}/offers`, {
      name: '会场专享价',
      productIds: [productId],
      percentOffBp: 2_000,
    });
    expect(offer.statusCode, offer.body).toBe(201);
    expect(offer.json()).toMatchObject({ name: '会场专享价', percentOffBp: 2_000 });
    expect((await rep.post(`/api/v1/events/${event.id}/offers`, { name: 'x', percentOffBp: 100 })).statusCode).toBe(403);

    const attendee = invitations[0]!.customer.id;
    const absent = invitations[2]!.customer.id;
    const priced = async (customerId: string) =>
      (await rep.post('/api/v1/orders/price', { customerId, lines: [{ productId, quantity: 2 }] })).json().totalCents;
    expect(await priced(attendee)).toBe(160_000);
    expect(await priced(absent)).toBe(200_000);

    const order = await rep.post('/api/v1/orders', { customerId: attendee, lines: [{ productId, quantity: 2 }] });
    expect(order.statusCode, order.body).toBe(201);
    const deals = (await manager.get(`/api/v1/events/${event.id}/deals`)).json();
    expect(deals).toMatchObject({ bookedCents: 160_000, items: [{ orderId: order.json().id, attribution: 'auto', amountCents: 160_000 }] });
    const metrics = (await manager.get(`/api/v1/events/${event.id}/metrics`)).json();
    expect(metrics).toMatchObject({ attendees: 2, deals: 1, bookedCents: 160_000, conversionRate: 0.5 });
  });

  it('an attendee’s opportunity and quote opened at the event are the event’s; an absentee’s are not', async () => {
    const { event, invitations } = await runningEventWithAttendees();
    const productId = await product(80_000);
    const attendee = invitations[0]!.customer.id;
    const absent = invitations[2]!.customer.id;
    const opportunity = await rep.post('/api/v1/opportunities', { name: '会上意向：净水器', customerId: attendee, amountCents: 300_000 });
    expect(opportunity.statusCode, opportunity.body).toBe(201);
    const quote = await rep.post('/api/v1/quotes', { title: '会上报价', customerId: attendee, lines: [{ productId, quantity: 1 }] });
    expect(quote.statusCode, quote.body).toBe(201);
    const elsewhere = await rep.post('/api/v1/opportunities', { name: '未到场客户商机', customerId: absent, amountCents: 100_000 });
    expect(elsewhere.statusCode, elsewhere.body).toBe(201);
    const deals = (await manager.get(`/api/v1/events/${event.id}/deals`)).json();
    const pipeline = deals.pipeline as { kind: string; id: string; amountCents: number; customerId: string }[];
    expect(pipeline.map((p) => [p.kind, p.id]).sort()).toEqual(
      [
        ['opportunity', opportunity.json().id],
        ['quote', quote.json().id],
      ].sort(),
    );
    expect(pipeline.find((p) => p.kind === 'opportunity')).toMatchObject({ amountCents: 300_000, customerId: attendee });
    // A lost opportunity no longer counts.
    await t.db.execute(sql`update opportunities set stage = 'lost' where id = ${opportunity.json().id}`);
    const after = (await manager.get(`/api/v1/events/${event.id}/deals`)).json().pipeline as { kind: string }[];
    expect(after.map((p) => p.kind)).toEqual(['quote']);
  });

  it('organisers attribute an invitee’s order by hand; an uninvited customer’s order and a rep are refused, nothing written', async () => {
    const { event, invitations } = await runningEventWithAttendees();
    const productId = await product(50_000);
    const absentOrder = (
      await rep.post('/api/v1/orders', { customerId: invitations[2]!.customer.id, lines: [{ productId, quantity: 1 }] })
    ).json();
    expect((await manager.get(`/api/v1/events/${event.id}/deals`)).json().items).toEqual([]);
    const byRep = await rep.post(`/api/v1/events/${event.id}/deals`, { orderId: absentOrder.id });
    expect(byRep.statusCode).toBe(403);
    const attributed = await manager.post(`/api/v1/events/${event.id}/deals`, { orderId: absentOrder.id });
    expect(attributed.statusCode, attributed.body).toBe(200);
    expect(attributed.json().items).toMatchObject([{ orderId: absentOrder.id, attribution: 'manual' }]);

    const stranger = await insertCustomer(t.db, { ownerId: t.ids.rep! });
    const strangerOrder = (await rep.post('/api/v1/orders', { customerId: stranger.id, lines: [{ productId, quantity: 1 }] })).json();
    const refused = await manager.post(`/api/v1/events/${event.id}/deals`, { orderId: strangerOrder.id });
    expect(refused.statusCode).toBe(422);
    const rows = await t.db.execute(sql`select count(*)::int as n from event_deals where event_id = ${event.id}`);
    expect(rows.rows[0]).toEqual({ n: 1 });

    const removed = await manager.delete(`/api/v1/events/${event.id}/deals/${absentOrder.id}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json().items).toEqual([]);
  });
});

describe('reports per rep and per event type, calendar (issue 17 items 4–5)', () => {
  it('R-EVT-2 per rep and per type over a period; reps are refused', async () => {
    const type = `报表测试${crypto.randomBytes(3).toString('hex')}`;
    const settings = (await manager.get('/api/v1/event-settings')).json();
    const director = await t.loginAs('director');
    expect((await director.put('/api/v1/event-settings', { ...settings, eventTypes: [...settings.eventTypes, type] })).statusCode).toBe(
      200,
    );
    const { event } = await runningEventWithAttendees(type);
    const today = new Date().toISOString().slice(0, 10);
    const report = await manager.get(`/api/v1/event-reports?type=${encodeURIComponent(type)}&from=2000-01-01&to=2100-01-01`);
    expect(report.statusCode, report.body).toBe(200);
    const body = report.json();
    expect(body.byType).toMatchObject([{ key: type, events: 1, invitations: 3, attendees: 2 }]);
    expect(body.byEvent).toMatchObject([{ key: event.id }]);
    expect(body.byRep).toHaveLength(1);
    expect(body.byRep[0]).toMatchObject({ invitations: 3, attendees: 2, acceptanceRate: 0 });
    expect((await rep.get(`/api/v1/event-reports?from=${today}`)).statusCode).toBe(403);
  });

  it('the calendar lists the events of a month in the caller’s scope; more than 62 days is 400', async () => {
    const event = await createEvent();
    // The calendar's days are the company's (Asia/Shanghai): after 16:00 UTC the event's day there is
    // the next UTC date, so the UTC date would ask for the wrong day.
    const day = new Date(calendarDay(new Date(event.startsAt), 'Asia/Shanghai')).toISOString().slice(0, 10);
    const calendar = await manager.get(`/api/v1/event-calendar?from=${day}&to=${day}`);
    expect(calendar.statusCode, calendar.body).toBe(200);
    expect(calendar.json().map((e: { id: string }) => e.id)).toContain(event.id);
    expect((await rep2.get(`/api/v1/event-calendar?from=${day}&to=${day}`)).json().map((e: { id: string }) => e.id)).not.toContain(
      event.id,
    );
    const tooLong = await manager.get('/api/v1/event-calendar?from=2026-01-01&to=2026-06-01');
    expect(tooLong.statusCode).toBe(400);
  });
});

describe('invitation list filters: age band, gender, occupation, interest (issue 17 item 5)', () => {
  it('each filter keeps only the customers whose profile matches; customers without the field never match', async () => {
    const event = await createEvent();
    await moveEvent(event.id, 'inviting');
    const year = new Date().getFullYear();
    const people = [
      { gender: 'female', birthday: `${year - 45}-01-01`, occupation: '退休教师', interests: ['养生', '书法'] },
      { gender: 'male', birthday: `${year - 65}-01-01`, occupation: '工程师', interests: ['钓鱼'] },
      { gender: null, birthday: null, occupation: null, interests: [] },
    ];
    const ids: string[] = [];
    for (const p of people) {
      const c = await insertCustomer(t.db, { ownerId: t.ids.rep! });
      await t.db.execute(sql`update customers set gender = ${p.gender}, birthday = ${p.birthday}::date, occupation = ${p.occupation},
        interests = ${sql.param(p.interests)}::text[] where id = ${c.id}`);
      await invite(event.id, c.id);
      ids.push(c.id);
    }
    const match = async (query: string) =>
      ((await manager.get(`/api/v1/events/${event.id}/invitations?${query}`)).json().items as { customerId: string }[]).map(
        (i) => i.customerId,
      );
    expect(await match('gender=female')).toEqual([ids[0]]);
    expect(await match('ageBand=40to49')).toEqual([ids[0]]);
    expect(await match('ageBand=60to69')).toEqual([ids[1]]);
    expect(await match('occupation=教师')).toEqual([ids[0]]);
    expect(await match('interest=钓鱼')).toEqual([ids[1]]);
    const filtered = await manager.get(`/api/v1/events/${event.id}/invitations?gender=male&interest=钓鱼`);
    expect(filtered.json().total).toBe(1);
    expect((await manager.get(`/api/v1/events/${event.id}/invitations?ageBand=old`)).statusCode).toBe(400);
  });

  it('the invitation plan and the caller’s call list take the same profile filters', async () => {
    const event = await createEvent();
    await moveEvent(event.id, 'inviting');
    const occupation = `药剂师${crypto.randomBytes(3).toString('hex')}`;
    const year = new Date().getFullYear();
    const people = [
      { gender: 'female', birthday: `${year - 52}-01-01`, interests: ['太极'] },
      { gender: 'male', birthday: `${year - 52}-01-01`, interests: ['太极'] },
      { gender: 'female', birthday: `${year - 25}-01-01`, interests: ['旅游'] },
    ];
    const ids: string[] = [];
    for (const p of people) {
      const c = await insertCustomer(t.db, { ownerId: t.ids.rep! });
      await t.db.execute(sql`update customers set gender = ${p.gender}, birthday = ${p.birthday}::date, occupation = ${occupation},
        interests = ${sql.param(p.interests)}::text[] where id = ${c.id}`);
      ids.push(c.id);
    }
    const preview = await manager.post(`/api/v1/events/${event.id}/invitation-plan`, { occupation, gender: 'female', dryRun: true });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().matched).toBe(2);
    const built = await manager.post(`/api/v1/events/${event.id}/invitation-plan`, { occupation, ageBand: '50to59', interest: '太极' });
    expect(built.json()).toMatchObject({ matched: 2, created: 2 });
    const invited = (await manager.get(`/api/v1/events/${event.id}/invitations`)).json().items as { customerId: string }[];
    expect(invited.map((i) => i.customerId).sort()).toEqual([ids[0], ids[1]].sort());
    const callList = async (query: string) =>
      ((await rep.get(`/api/v1/events/${event.id}/call-list?${query}`)).json().items as { customerId: string }[]).map((i) => i.customerId);
    expect((await callList('')).length).toBe(2);
    expect(await callList('gender=female')).toEqual([ids[0]]);
    expect(await callList('ageBand=under30')).toEqual([]);
    expect((await rep.get(`/api/v1/events/${event.id}/call-list?gender=x`)).statusCode).toBe(400);
    expect((await manager.post(`/api/v1/events/${event.id}/invitation-plan`, { ageBand: 'old' })).statusCode).toBe(400);
  });
});

describe('printable sign-in sheet and badges (issue 17 item 10)', () => {
  const pages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;

  it('the sign-in sheet and the badges (8 a page, with QR) list the expected attendees; door staff print the sheet only', async () => {
    const { event, invitations } = await readyEvent(9);
    for (const { invitation } of invitations.slice(0, 8)) {
      const current = (await manager.get(`/api/v1/events/${event.id}/invitations`))
        .json()
        .items.find((i: { id: string }) => i.id === invitation.id);
      const accepted = await rep.post(`/api/v1/invitations/${invitation.id}/outcome`, { outcome: 'accepted', version: current.version });
      expect(accepted.statusCode, accepted.body).toBe(200);
    }
    for (const lang of ['zh-CN', 'en-US']) {
      const sheet = await manager.get(`/api/v1/events/${event.id}/sign-in-sheet.pdf?lang=${lang}`);
      expect(sheet.statusCode, sheet.body).toBe(200);
      expect(sheet.headers['content-type']).toBe('application/pdf');
      expect(sheet.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pages(sheet.rawPayload)).toBe(1);
    }
    const badges = await manager.get(`/api/v1/events/${event.id}/badges.pdf?download=true`);
    expect(badges.statusCode).toBe(200);
    expect(badges.headers['content-disposition']).toMatch(/^attachment;/);
    // Eight accepted: one page; a ninth accepted makes two.
    expect(pages(badges.rawPayload)).toBe(1);
    const last = invitations[8]!.invitation;
    const current = (await manager.get(`/api/v1/events/${event.id}/invitations`))
      .json()
      .items.find((i: { id: string }) => i.id === last.id);
    await rep.post(`/api/v1/invitations/${last.id}/outcome`, { outcome: 'accepted', version: current.version });
    expect(pages((await manager.get(`/api/v1/events/${event.id}/badges.pdf`)).rawPayload)).toBe(2);
    // Door staff: the sheet while the doors are open, never the badges (they carry the codes).
    expect((await support.get(`/api/v1/events/${event.id}/sign-in-sheet.pdf`)).statusCode).toBe(200);
    expect((await support.get(`/api/v1/events/${event.id}/badges.pdf`)).statusCode).toBe(403);
    expect((await rep.get(`/api/v1/events/${event.id}/badges.pdf`)).statusCode).toBe(403);
    expect((await manager.get(`/api/v1/events/${event.id}/badges.pdf?lang=fr`)).statusCode).toBe(400);
    const audit = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from audit_log where entity = 'events' and entity_id = ${event.id} and action = 'export'`,
    );
    expect(audit.rows[0]!.n).toBe(5);
  });
});
