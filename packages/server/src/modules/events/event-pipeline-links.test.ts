import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';
import { insertCustomer } from './test-fixtures.js';

/**
 * Hand attribution of opportunities, quotes and contracts to an event (issue 17 item 7) and R-EVT-2
 * counting each order once: by hand (itself or what it came from) or automatically, never both.
 */
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
}, 120_000);
afterAll(() => t.close());

const DAY = 86_400_000;

async function createEvent(type: string, startOffsetDays: number) {
  const startsAt = new Date(Date.now() + 10 * DAY);
  const response = await manager.post('/api/v1/events', {
    type,
    theme: `归因测试 ${crypto.randomBytes(3).toString('hex')}`,
    venue: '锦江饭店',
    capacity: 50,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
  });
  expect(response.statusCode, response.body).toBe(201);
  const id = (response.json() as { id: string }).id;
  for (const status of ['inviting']) {
    const current = (await manager.get(`/api/v1/events/${id}`)).json();
    expect((await manager.post(`/api/v1/events/${id}/status`, { status, version: current.version })).statusCode).toBe(200);
  }
  return { id, startOffsetDays };
}

async function invite(eventId: string, customerId: string) {
  const response = await manager.post(`/api/v1/events/${eventId}/invitations`, { customerId });
  expect(response.statusCode, response.body).toBe(201);
  return (response.json() as { id: string }).id;
}

/** Moves the event to running, its window `startOffsetDays` from now (negative: in the past), and checks the given invitations in. */
async function runEvent(eventId: string, startOffsetDays: number, checkIn: string[]) {
  for (const status of ['ready']) {
    const current = (await manager.get(`/api/v1/events/${eventId}`)).json();
    expect((await manager.post(`/api/v1/events/${eventId}/status`, { status, version: current.version })).statusCode).toBe(200);
  }
  await t.db.execute(sql`update events set starts_at = now() + make_interval(days => ${startOffsetDays}) - interval '1 hour',
    ends_at = now() + make_interval(days => ${startOffsetDays}) + interval '2 hours' where id = ${eventId}`);
  for (const invitationId of checkIn) {
    const checked = await support.post(`/api/v1/events/${eventId}/check-in`, { invitationId });
    expect(checked.statusCode, checked.body).toBe(200);
  }
}

async function insertOpportunity(customerId: string, ownerId: string) {
  const rows = await t.db.execute<{ id: string }>(sql`
    insert into opportunities (name, customer_id, owner_id, team_id, stage, amount_cents, created_at)
    select '老客户扩容', ${customerId}, u.id, u.org_unit_id, 'negotiation', 150000, now() - interval '60 days' from users u where u.id = ${ownerId}
    returning id`);
  return rows.rows[0]!.id;
}

async function insertContract(customerId: string, ownerId: string, opportunityId: string | null, amountCents: number) {
  const number = `HT-EV-${crypto.randomBytes(5).toString('hex').toUpperCase()}`;
  const rows = await t.db.execute<{ id: string }>(sql`
    insert into contracts (number, title, customer_id, owner_id, team_id, opportunity_id, amount_cents, status, signed_on, created_at)
    select ${number}, ${number}, ${customerId}, u.id, u.org_unit_id, ${opportunityId}, ${amountCents}, 'signed', current_date, now()
      from users u where u.id = ${ownerId}
    returning id`);
  return rows.rows[0]!.id;
}

async function insertOrder(customerId: string, ownerId: string, contractId: string | null, amountCents: number, orderedAt: string) {
  const number = `DD-EV-${crypto.randomBytes(5).toString('hex').toUpperCase()}`;
  const rows = await t.db.execute<{ id: string }>(sql`
    insert into orders (number, customer_id, contract_id, owner_id, team_id, status, amount_cents, ordered_at)
    select ${number}, ${customerId}, ${contractId}, u.id, u.org_unit_id, 'delivered', ${amountCents}, ${orderedAt}::timestamptz
      from users u where u.id = ${ownerId}
    returning id`);
  return rows.rows[0]!.id;
}

async function insertReceipt(contractId: string, customerId: string, ownerId: string, amountCents: number) {
  const installment = await t.db.execute<{ id: string }>(sql`
    insert into payment_installments (contract_id, customer_id, owner_id, seq, due_on, amount_cents)
    values (${contractId}, ${customerId}, ${ownerId}, 1, current_date, ${amountCents}) returning id`);
  await t.db.execute(sql`
    insert into receipts (contract_id, installment_id, customer_id, amount_cents, received_on, method, idempotency_key, recorded_by_id)
    values (${contractId}, ${installment.rows[0]!.id}, ${customerId}, ${amountCents}, current_date, 'bank_transfer', ${crypto.randomUUID()}, ${t.ids.finance})`);
}

/** An approved budget with one venue line and a recorded cost on it (R-EVT-2's event cost). */
async function recordCost(eventId: string, amountCents: number) {
  await t.db.execute(sql`insert into event_budgets (event_id, status) values (${eventId}, 'approved')`);
  const line = await t.db.execute<{ id: string }>(
    sql`insert into event_budget_lines (event_id, category, amount_cents) values (${eventId}, 'venue', ${amountCents}) returning id`,
  );
  await t.db.execute(sql`insert into event_costs (event_id, line_id, amount_cents, description, incurred_on)
    values (${eventId}, ${line.rows[0]!.id}, ${amountCents}, '场地', current_date)`);
}

describe('hand attribution of opportunities, quotes and contracts (issue 17 item 7)', () => {
  it('R-EVT-2: per event and per rep, each order counts once — by hand (via its opportunity or contract) or automatically', async () => {
    const type = `归因${crypto.randomBytes(3).toString('hex')}`;
    const director = await t.loginAs('director');
    const settings = (await manager.get('/api/v1/event-settings')).json();
    expect((await director.put('/api/v1/event-settings', { ...settings, eventTypes: [...settings.eventTypes, type] })).statusCode).toBe(
      200,
    );
    const repId = t.ids.rep!;
    const attendee = await insertCustomer(t.db, { ownerId: repId });
    const absentee = await insertCustomer(t.db, { ownerId: repId });
    const e = await createEvent(type, -2);
    const f = await createEvent(type, -5);
    const inviteAttendeeE = await invite(e.id, attendee.id);
    await invite(e.id, absentee.id);
    const inviteAttendeeF = await invite(f.id, attendee.id);
    await runEvent(f.id, -5, [inviteAttendeeF]);
    await runEvent(e.id, -2, [inviteAttendeeE]);
    const during = new Date(Date.now() - 2 * DAY).toISOString();

    // The absentee's old opportunity, won at the event: its contract has two orders (100,000 + 50,000), 60,000 collected.
    const opportunity = await insertOpportunity(absentee.id, repId);
    const contract = await insertContract(absentee.id, repId, opportunity, 150_000);
    await insertOrder(absentee.id, repId, contract, 100_000, during);
    await insertOrder(absentee.id, repId, contract, 50_000, during);
    await insertReceipt(contract, absentee.id, repId, 60_000);
    // The attendee's direct order during E: automatically E's (the latest event they attended).
    await insertOrder(attendee.id, repId, null, 40_000, during);
    // The attendee's contract signed during E's window, but attributed by hand to F: F's only.
    const contractForF = await insertContract(attendee.id, repId, null, 30_000);
    await insertOrder(attendee.id, repId, contractForF, 30_000, during);
    await recordCost(e.id, 100_000);

    const before = (await manager.get(`/api/v1/events/${e.id}/metrics`)).json();
    expect(before).toMatchObject({ deals: 2, bookedCents: 70_000 });

    // The rep owns the opportunity and calls for E: they may attribute it; the organiser attributes the contract to F.
    const byRep = await rep.post(`/api/v1/events/${e.id}/pipeline`, { kind: 'opportunity', recordId: opportunity });
    expect(byRep.statusCode, byRep.body).toBe(200);
    expect(byRep.json()).toMatchObject({ attributed: true });
    const toF = await manager.post(`/api/v1/events/${f.id}/pipeline`, { kind: 'contract', recordId: contractForF });
    expect(toF.statusCode, toF.body).toBe(200);
    // A record belongs to one event.
    const twice = await manager.post(`/api/v1/events/${e.id}/pipeline`, { kind: 'contract', recordId: contractForF });
    expect(twice.statusCode).toBe(409);

    // E by hand: 100,000 + 50,000 (via the opportunity), automatically: 40,000 → 3 deals, 190,000 booked;
    // collected: the 60,000 on the contract shared out oldest first (60,000 + 0), the direct order 0.
    const metrics = (await manager.get(`/api/v1/events/${e.id}/metrics`)).json();
    expect(metrics).toMatchObject({ deals: 3, bookedCents: 190_000, collectedCents: 60_000, eventCostCents: 100_000 });
    expect(metrics.roiBooked).toBeCloseTo(0.9, 10); // (190,000 − 100,000) / 100,000
    expect(metrics.roiCollected).toBeCloseTo(-0.4, 10); // (60,000 − 100,000) / 100,000
    const fMetrics = (await manager.get(`/api/v1/events/${f.id}/metrics`)).json();
    expect(fMetrics).toMatchObject({ deals: 1, bookedCents: 30_000, collectedCents: 0 });

    const deals = (await manager.get(`/api/v1/events/${e.id}/deals`)).json();
    expect(deals.items.map((d: { amountCents: number; attribution: string }) => [d.amountCents, d.attribution]).sort()).toEqual([
      [100_000, 'manual'],
      [40_000, 'auto'],
      [50_000, 'manual'],
    ]);
    expect(deals).toMatchObject({ bookedCents: 190_000, collectedCents: 60_000 });
    const pipeline = deals.pipeline as { kind: string; id: string; attribution: string }[];
    expect(pipeline.map((p) => [p.kind, p.id, p.attribution]).sort()).toEqual(
      [
        ['contract', contract, 'manual'],
        ['opportunity', opportunity, 'manual'],
      ].sort(),
    );
    const fPipeline = (await manager.get(`/api/v1/events/${f.id}/deals`)).json().pipeline as { id: string; attribution: string }[];
    expect(fPipeline.map((p) => [p.id, p.attribution])).toEqual([[contractForF, 'manual']]);

    // Per rep and per event over the period: the same figures, once.
    const report = (await manager.get(`/api/v1/event-reports?type=${encodeURIComponent(type)}&from=2000-01-01&to=2100-01-01`)).json();
    expect(report.byRep).toMatchObject([{ deals: 4, bookedCents: 220_000, collectedCents: 60_000 }]);
    const byEvent = Object.fromEntries(report.byEvent.map((r: { key: string }) => [r.key, r]));
    expect(byEvent[e.id]).toMatchObject({ deals: 3, bookedCents: 190_000, collectedCents: 60_000 });
    expect(byEvent[f.id]).toMatchObject({ deals: 1, bookedCents: 30_000 });

    // Taking the opportunity back: its orders are nobody's by hand, the absentee attended nothing → E is back to 1 deal.
    const back = await rep.delete(`/api/v1/events/${e.id}/pipeline/opportunity/${opportunity}`);
    expect(back.statusCode, back.body).toBe(200);
    expect((await manager.get(`/api/v1/events/${e.id}/metrics`)).json()).toMatchObject({ deals: 1, bookedCents: 40_000 });
    const audit = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from audit_log where entity = 'event_pipeline_links' and summary like ${`opportunity %`}`,
    );
    expect(audit.rows[0]!.n).toBeGreaterThanOrEqual(2);
  });

  it('only someone who may edit the record and see the event attributes it; the customer must be on the list; nothing written when refused', async () => {
    const event = await createEvent('专题讲座', 5);
    const invited = await insertCustomer(t.db, { ownerId: t.ids.rep! });
    const stranger = await insertCustomer(t.db, { ownerId: t.ids.rep! });
    await invite(event.id, invited.id);
    const mine = await insertOpportunity(invited.id, t.ids.rep!);
    const notListed = await insertOpportunity(stranger.id, t.ids.rep!);
    // rep2 may not edit rep's opportunity (and does not call for this event).
    const other = await rep2.post(`/api/v1/events/${event.id}/pipeline`, { kind: 'opportunity', recordId: mine });
    expect([400, 403, 404]).toContain(other.statusCode);
    // Support sees no such event outside its doors-open window and edits no opportunities.
    const bySupport = await support.post(`/api/v1/events/${event.id}/pipeline`, { kind: 'opportunity', recordId: mine });
    expect([400, 403, 404]).toContain(bySupport.statusCode);
    const stray = await rep.post(`/api/v1/events/${event.id}/pipeline`, { kind: 'opportunity', recordId: notListed });
    expect(stray.statusCode).toBe(422);
    const unknown = await rep.post(`/api/v1/events/${event.id}/pipeline`, { kind: 'quote', recordId: mine });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ field: 'body.recordId' });
    const links = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from event_pipeline_links where event_id = ${event.id}`);
    expect(links.rows[0]!.n).toBe(0);

    // The candidates: the rep's open records of listed customers.
    const candidates = (await rep.get(`/api/v1/events/${event.id}/pipeline/candidates`)).json() as { id: string }[];
    expect(candidates.map((c) => c.id)).toEqual([mine]);
    expect((await rep2.get(`/api/v1/events/${event.id}/pipeline/candidates`)).statusCode).toBe(404);
    const ok = await manager.post(`/api/v1/events/${event.id}/pipeline`, { kind: 'opportunity', recordId: mine });
    expect(ok.statusCode, ok.body).toBe(200);
    const again = await manager.post(`/api/v1/events/${event.id}/pipeline`, { kind: 'opportunity', recordId: mine });
    expect(again.statusCode).toBe(200);
    const after = (await manager.get(`/api/v1/events/${event.id}/pipeline/candidates`)).json() as { id: string; attributedHere: boolean }[];
    expect(after.find((c) => c.id === mine)).toMatchObject({ attributedHere: true });
  });
});
