import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type Client, type TestApp } from './harness.js';
import { expectRefusedUnchanged } from './access-matrix-kit.js';
import { calendarDay } from '../platform/time.js';
import { insertCustomer } from '../modules/events/test-fixtures.js';

/**
 * R-SEC-1 access matrix: the events routes of issue 17 items 1–5 (QR badges, deals at the event,
 * event offers, reports, calendar). Event A is organised by `manager` (region 1) with `rep` calling,
 * event B by `manager2` (region 2) with `rep2`. Every refusal leaves every table unchanged.
 */
let t: TestApp;
const clients: Record<string, Client> = {};
const ROLES = ['admin', 'director', 'manager', 'manager2', 'supervisor', 'rep', 'rep2', 'support', 'ops', 'finance', 'auditor'];
const ev: Record<'A' | 'B', { id: string; invitationId: string; orderId: string; opportunityId: string; day: string }> = {
  A: { id: '', invitationId: '', orderId: '', opportunityId: '', day: '' },
  B: { id: '', invitationId: '', orderId: '', opportunityId: '', day: '' },
};

/** Refused, and no row of any table changed. */
const expectDenied = (attempt: () => Promise<{ statusCode: number; body?: string }>, statuses?: number[]) =>
  expectRefusedUnchanged(t, attempt, statuses);

async function setUp(key: 'A' | 'B', organiser: string, owner: string) {
  const startsAt = new Date(Date.now() + 5 * 86_400_000);
  const event = await clients[organiser]!.post('/api/v1/events', {
    type: '客户答谢会',
    theme: `现场矩阵${key}`,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 7_200_000).toISOString(),
  });
  expect(event.statusCode, event.body).toBe(201);
  const customer = await insertCustomer(t.db, { ownerId: t.ids[owner]!, name: `现场矩阵客户${key}` });
  const invitation = await clients[organiser]!.post(`/api/v1/events/${event.json().id}/invitations`, { customerId: customer.id });
  expect(invitation.statusCode, invitation.body).toBe(201);
  const code = `MX-${crypto.randomBytes(4).toString('hex')}`;
  const product = await t.db.execute<{ id: string }>(
    sql`insert into products (code, name, list_price_cents, floor_price_cents) values (${code}, ${code}, 10000, 5000) returning id`,
  );
  const order = await clients[owner]!.post('/api/v1/orders', {
    customerId: customer.id,
    lines: [{ productId: product.rows[0]!.id, quantity: 1 }],
  });
  expect(order.statusCode, order.body).toBe(201);
  const opportunity = await t.db.execute<{ id: string }>(sql`
    insert into opportunities (name, customer_id, owner_id, team_id, stage, amount_cents)
    select ${`现场矩阵商机${key}`}, ${customer.id}, u.id, u.org_unit_id, 'negotiation', 100000 from users u where u.id = ${t.ids[owner]!}
    returning id`);
  ev[key] = {
    id: event.json().id,
    invitationId: invitation.json().id,
    orderId: order.json().id,
    opportunityId: opportunity.rows[0]!.id,
    // The calendar's days are the company's (Asia/Shanghai), not UTC's (they differ after 16:00 UTC).
    day: new Date(calendarDay(startsAt, 'Asia/Shanghai')).toISOString().slice(0, 10),
  };
}

beforeAll(async () => {
  t = await buildTestApp();
  for (const username of ROLES) clients[username] = await t.loginAs(username);
  await setUp('A', 'manager', 'rep');
  await setUp('B', 'manager2', 'rep2');
});
afterAll(() => t.close());

describe('R-SEC-1 access matrix: events on site, deals, offers, reports, calendar', () => {
  it('GET /invitations/:id/badge: the organisers and the caller; nobody else sees the code', async () => {
    for (const who of ['manager', 'director', 'rep']) {
      expect((await clients[who]!.get(`/api/v1/invitations/${ev.A.invitationId}/badge`)).statusCode, who).toBe(200);
    }
    for (const who of ['manager2', 'rep2', 'supervisor', 'support', 'admin']) {
      await expectDenied(() => clients[who]!.get(`/api/v1/invitations/${ev.A.invitationId}/badge`));
    }
  });

  it('GET/POST/DELETE /events/:id/deals: organisers attribute; read-all roles read; reps and other regions refused', async () => {
    for (const who of ['manager', 'director', 'finance', 'ops', 'auditor']) {
      expect((await clients[who]!.get(`/api/v1/events/${ev.A.id}/deals`)).statusCode, who).toBe(200);
    }
    for (const who of ['rep', 'rep2', 'manager2', 'support', 'admin']) {
      await expectDenied(() => clients[who]!.get(`/api/v1/events/${ev.A.id}/deals`));
    }
    for (const who of ['rep', 'rep2', 'manager2', 'finance', 'ops', 'auditor', 'support']) {
      await expectDenied(() => clients[who]!.post(`/api/v1/events/${ev.A.id}/deals`, { orderId: ev.A.orderId }));
    }
    // Another region's order cannot be pulled in, even by an organiser.
    await expectDenied(() => clients.manager!.post(`/api/v1/events/${ev.A.id}/deals`, { orderId: ev.B.orderId }), [400]);
    const attributed = await clients.manager!.post(`/api/v1/events/${ev.A.id}/deals`, { orderId: ev.A.orderId });
    expect(attributed.statusCode, attributed.body).toBe(200);
    for (const who of ['rep', 'manager2', 'finance']) {
      await expectDenied(() => clients[who]!.delete(`/api/v1/events/${ev.A.id}/deals/${ev.A.orderId}`));
    }
    expect((await clients.manager!.delete(`/api/v1/events/${ev.A.id}/deals/${ev.A.orderId}`)).statusCode).toBe(200);
  });

  it('POST /events/:id/check-in/batch: only the check-in scope of an event with open doors; everyone else refused, nothing written', async () => {
    const scans = { scans: [{ invitationId: ev.A.invitationId }] };
    for (const who of ['rep', 'rep2', 'manager2', 'finance', 'auditor', 'admin']) {
      await expectDenied(() => clients[who]!.post(`/api/v1/events/${ev.A.id}/check-in/batch`, scans));
    }
    // The organiser and door staff may check in, but event A is a draft: its doors are closed (422), nothing written.
    for (const who of ['manager', 'support']) {
      await expectDenied(() => clients[who]!.post(`/api/v1/events/${ev.A.id}/check-in/batch`, scans), [422]);
    }
  });

  it('GET /events/:id/pipeline/candidates, POST and DELETE /events/:id/pipeline: who may edit the record and see the event; nothing written otherwise', async () => {
    const body = { kind: 'opportunity', recordId: ev.A.opportunityId };
    const candidates = async (who: string) =>
      ((await clients[who]!.get(`/api/v1/events/${ev.A.id}/pipeline/candidates`)).json() as { id: string }[]).map((c) => c.id);
    for (const who of ['rep', 'manager', 'director']) expect(await candidates(who), who).toEqual([ev.A.opportunityId]);
    // Read-all roles see the event but edit no opportunity: nothing to pick.
    for (const who of ['finance', 'ops', 'auditor']) expect(await candidates(who), who).toEqual([]);
    for (const who of ['rep2', 'manager2', 'support', 'admin']) {
      await expectDenied(() => clients[who]!.get(`/api/v1/events/${ev.A.id}/pipeline/candidates`));
    }
    // Not allowed to edit the opportunity (finance, ops, auditor, supervisor of another line), or not seeing the event.
    for (const who of ['rep2', 'manager2', 'finance', 'ops', 'auditor', 'support', 'admin']) {
      // 400 names recordId for a record the caller may not edit (as for orders), 404 for an event they do not see.
      await expectDenied(() => clients[who]!.post(`/api/v1/events/${ev.A.id}/pipeline`, body), [400, 403, 404]);
    }
    // An event the rep does not see (another region's): refused.
    await expectDenied(() => clients.rep!.post(`/api/v1/events/${ev.B.id}/pipeline`, body));
    const attributed = await clients.rep!.post(`/api/v1/events/${ev.A.id}/pipeline`, body);
    expect(attributed.statusCode, attributed.body).toBe(200);
    for (const who of ['rep2', 'manager2', 'finance', 'ops', 'auditor', 'support', 'admin']) {
      await expectDenied(() => clients[who]!.delete(`/api/v1/events/${ev.A.id}/pipeline/opportunity/${ev.A.opportunityId}`));
    }
    expect((await clients.manager!.delete(`/api/v1/events/${ev.A.id}/pipeline/opportunity/${ev.A.opportunityId}`)).statusCode).toBe(200);
  });

  it('GET/POST /events/:id/offers: those who read the event see its offers; only organisers make them', async () => {
    for (const who of ['manager', 'rep', 'finance']) {
      expect((await clients[who]!.get(`/api/v1/events/${ev.A.id}/offers`)).statusCode, who).toBe(200);
    }
    await expectDenied(() => clients.rep2!.get(`/api/v1/events/${ev.A.id}/offers`));
    for (const who of ['rep', 'rep2', 'manager2', 'finance', 'ops', 'support', 'admin']) {
      await expectDenied(() => clients[who]!.post(`/api/v1/events/${ev.A.id}/offers`, { name: '矩阵优惠', percentOffBp: 500 }));
    }
    expect((await clients.manager!.post(`/api/v1/events/${ev.A.id}/offers`, { name: '矩阵优惠', percentOffBp: 500 })).statusCode).toBe(201);
  });

  it('GET /event-reports: organisers and read-all roles, each within their scope; reps and support refused', async () => {
    const keys = async (who: string) => {
      const response = await clients[who]!.get('/api/v1/event-reports');
      expect(response.statusCode, who).toBe(200);
      return response
        .json()
        .byEvent.map((r: { key: string }) => r.key)
        .filter((key: string) => key === ev.A.id || key === ev.B.id)
        .sort();
    };
    expect(await keys('manager')).toEqual([ev.A.id]);
    expect(await keys('manager2')).toEqual([ev.B.id]);
    expect(await keys('director')).toEqual([ev.A.id, ev.B.id].sort());
    expect(await keys('finance')).toEqual([ev.A.id, ev.B.id].sort());
    for (const who of ['rep', 'rep2', 'support', 'admin']) await expectDenied(() => clients[who]!.get('/api/v1/event-reports'));
  });

  it('GET /events/:id/sign-in-sheet.pdf and badges.pdf: the organisers print; callers, read-only roles and other regions refused', async () => {
    for (const who of ['manager', 'director']) {
      for (const doc of ['sign-in-sheet', 'badges']) {
        const response = await clients[who]!.get(`/api/v1/events/${ev.A.id}/${doc}.pdf`);
        expect(response.statusCode, `${who} ${doc}`).toBe(200);
        expect(response.headers['content-type']).toBe('application/pdf');
      }
    }
    for (const who of ['rep', 'rep2', 'manager2', 'supervisor', 'finance', 'ops', 'auditor', 'support', 'admin']) {
      for (const doc of ['sign-in-sheet', 'badges']) await expectDenied(() => clients[who]!.get(`/api/v1/events/${ev.A.id}/${doc}.pdf`));
    }
  });

  it('the budget tab: organisers and read-all roles (finance) see it, read-only unless they organise; callers do not', async () => {
    for (const who of ['manager', 'director', 'finance', 'ops', 'auditor']) {
      expect((await clients[who]!.get(`/api/v1/events/${ev.A.id}`)).json().abilities.budget, who).toBe(true);
    }
    expect((await clients.rep!.get(`/api/v1/events/${ev.A.id}`)).json().abilities.budget).toBe(false);
    const budget = await clients.finance!.get(`/api/v1/events/${ev.A.id}/budget`);
    expect(budget.statusCode, budget.body).toBe(200);
    expect(budget.json().abilities).toEqual({ edit: false, submit: false, recordCost: false, revise: false });
    await expectDenied(() =>
      clients.finance!.put(`/api/v1/events/${ev.A.id}/budget`, { lines: [{ category: 'venue', amountCents: 100 }] }),
    );
  });

  it('GET /event-calendar: the events each caller may read', async () => {
    const ids = async (who: string) =>
      ((await clients[who]!.get(`/api/v1/event-calendar?from=${ev.A.day}&to=${ev.A.day}`)).json() as { id: string }[])
        .map((e) => e.id)
        .filter((id) => id === ev.A.id || id === ev.B.id)
        .sort();
    expect(await ids('manager')).toEqual([ev.A.id]);
    expect(await ids('rep')).toEqual([ev.A.id]);
    expect(await ids('rep2')).toEqual([ev.B.id]);
    expect(await ids('support')).toEqual([]);
    expect(await ids('director')).toEqual([ev.A.id, ev.B.id].sort());
  });
});
