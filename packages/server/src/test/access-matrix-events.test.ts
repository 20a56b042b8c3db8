import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type Client, type TestApp } from './harness.js';
import { MATRIX_ROLES, expectRefusedUnchanged } from './access-matrix-kit.js';
import { insertCustomer } from '../modules/events/test-fixtures.js';

/**
 * R-SEC-1 access matrix: events (M3), every route. Its own file (and database) beside
 * access-matrix.test.ts, which names 'events' in MATRIX_SECTIONS. Event A is organised by `manager`
 * (region 1) and `rep` calls for it; event B by `manager2` (region 2) with `rep2` calling.
 * Every refusal leaves every table unchanged.
 */
let t: TestApp;
const clients: Record<string, Client> = {};
const ROLES = MATRIX_ROLES;
const ev: Record<'A' | 'B', { id: string; invitationId: string; token: string }> = {
  A: { id: '', invitationId: '', token: '' },
  B: { id: '', invitationId: '', token: '' },
};

/** Refused, and no row of any table changed. */
const expectDenied = (attempt: () => Promise<{ statusCode: number; body?: string }>, statuses?: number[]) =>
  expectRefusedUnchanged(t, attempt, statuses);

async function setUp(key: 'A' | 'B', organiser: string, owner: string) {
  const startsAt = new Date(Date.now() + 5 * 86_400_000);
  const event = await clients[organiser]!.post('/api/v1/events', {
    type: '客户答谢会',
    theme: `矩阵活动${key}`,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 7_200_000).toISOString(),
  });
  expect(event.statusCode, event.body).toBe(201);
  const customer = await insertCustomer(t.db, { ownerId: t.ids[owner]!, name: `矩阵活动客户${key}` });
  const invitation = await clients[organiser]!.post(`/api/v1/events/${event.json().id}/invitations`, { customerId: customer.id });
  expect(invitation.statusCode, invitation.body).toBe(201);
  const token = (await t.db.execute<{ qr_token: string }>(sql`select qr_token from event_invitations where id = ${invitation.json().id}`))
    .rows[0]!.qr_token;
  ev[key] = { id: event.json().id, invitationId: invitation.json().id, token };
  let version = event.json().version;
  for (const status of ['inviting']) {
    version = (await clients[organiser]!.post(`/api/v1/events/${ev[key].id}/status`, { status, version })).json().version;
  }
}

beforeAll(async () => {
  t = await buildTestApp();
  for (const username of ROLES) clients[username] = await t.loginAs(username);
  await setUp('A', 'manager', 'rep');
  await setUp('B', 'manager2', 'rep2');
});
afterAll(() => t.close());

const themes = async (who: string) => {
  const response = await clients[who]!.get(`/api/v1/events?pageSize=200&q=${encodeURIComponent('矩阵活动')}`);
  return response.statusCode === 200
    ? response
        .json()
        .items.map((e: { theme: string }) => e.theme.replace('矩阵活动', ''))
        .sort()
    : [];
};

describe('R-SEC-1 access matrix: events', () => {
  it('list and read scope per role: organisers and those above them, callers for their events, read-all roles', async () => {
    const expected: Record<string, string[]> = {
      admin: [],
      director: ['A', 'B'],
      manager: ['A'],
      manager2: ['B'],
      supervisor: [],
      rep: ['A'],
      rep2: ['B'],
      key_account: [],
      channel: [],
      // Check-in staff see an event only once its doors open (ready, running).
      support: [],
      ops: ['A', 'B'],
      finance: ['A', 'B'],
      auditor: ['A', 'B'],
    };
    for (const who of ROLES) expect(await themes(who), who).toEqual(expected[who]);
    for (const who of ['supervisor', 'rep2', 'manager2', 'support', 'key_account']) {
      expect((await clients[who]!.get(`/api/v1/events/${ev.A.id}`)).statusCode, who).toBe(404);
    }
  });

  it('creating, editing, moving and copying: organisers only, in their scope', async () => {
    const body = { type: '客户答谢会', theme: 'x', startsAt: '2031-01-01T10:00:00+08:00', endsAt: '2031-01-01T12:00:00+08:00' };
    for (const who of ['rep', 'support', 'ops', 'finance', 'auditor', 'admin', 'key_account']) {
      await expectDenied(() => clients[who]!.post('/api/v1/events', body));
    }
    const a = (await clients.manager!.get(`/api/v1/events/${ev.A.id}`)).json();
    for (const who of ['manager2', 'rep', 'finance', 'ops', 'supervisor']) {
      await expectDenied(() => clients[who]!.patch(`/api/v1/events/${ev.A.id}`, { version: a.version, theme: '改' }));
      await expectDenied(() => clients[who]!.post(`/api/v1/events/${ev.A.id}/status`, { version: a.version, status: 'ready' }));
      await expectDenied(() => clients[who]!.post(`/api/v1/events/${ev.A.id}/copy`, { startsAt: body.startsAt, endsAt: body.endsAt }));
    }
    const patched = await clients.director!.patch(`/api/v1/events/${ev.A.id}`, { version: a.version, description: '总监补充' });
    expect(patched.statusCode, patched.body).toBe(200);
  });

  it('invitations: organisers build and reassign; callers see only their own; nobody reaches another region', async () => {
    for (const who of ['rep', 'manager2', 'supervisor', 'support', 'finance', 'ops']) {
      await expectDenied(() => clients[who]!.post(`/api/v1/events/${ev.A.id}/invitation-plan`, { dryRun: false }));
      await expectDenied(() => clients[who]!.post(`/api/v1/events/${ev.A.id}/invitations`, { customerId: ev.A.invitationId }));
      await expectDenied(() =>
        clients[who]!.post(`/api/v1/events/${ev.A.id}/invitations/reassign`, { invitationIds: [ev.A.invitationId], callerId: t.ids.rep }),
      );
    }
    const listed = async (who: string) => {
      const response = await clients[who]!.get(`/api/v1/events/${ev.A.id}/invitations`);
      return response.statusCode === 200 ? response.json().items.length : response.statusCode;
    };
    expect(await listed('manager')).toBe(1);
    expect(await listed('rep')).toBe(1);
    expect(await listed('finance')).toBe(0);
    expect(await listed('rep2')).toBe(404);
    expect((await clients.rep!.get(`/api/v1/events/${ev.A.id}/call-list`)).json().items).toHaveLength(1);
    expect((await clients.rep2!.get(`/api/v1/events/${ev.A.id}/call-list`)).statusCode).toBe(404);
    await expectDenied(() => clients.rep!.get(`/api/v1/events/${ev.A.id}/call-list?callerId=${t.ids.rep2}`));
  });

  it('outcomes and status changes: the caller and the organisers, nobody else', async () => {
    const invitation = (await clients.rep!.get(`/api/v1/events/${ev.A.id}/invitations`)).json().items[0];
    for (const who of ['rep2', 'manager2', 'supervisor', 'support', 'finance', 'ops', 'director2'].filter((w) => clients[w])) {
      await expectDenied(() =>
        clients[who]!.post(`/api/v1/invitations/${ev.A.invitationId}/outcome`, { outcome: 'accepted', version: invitation.version }),
      );
      await expectDenied(() =>
        clients[who]!.post(`/api/v1/invitations/${ev.A.invitationId}/status`, { status: 'cancelled', version: invitation.version }),
      );
    }
    const accepted = await clients.rep!.post(`/api/v1/invitations/${ev.A.invitationId}/outcome`, {
      outcome: 'accepted',
      version: invitation.version,
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
  });

  it('check-in: staff and organisers at open events; reps, finance and other regions refused', async () => {
    const a = (await clients.manager!.get(`/api/v1/events/${ev.A.id}`)).json();
    await clients.manager!.post(`/api/v1/events/${ev.A.id}/status`, { status: 'ready', version: a.version });
    for (const who of ['rep', 'rep2', 'finance', 'auditor', 'manager2', 'key_account']) {
      await expectDenied(() => clients[who]!.post(`/api/v1/events/${ev.A.id}/check-in`, { token: ev.A.token }));
      await expectDenied(() => clients[who]!.get(`/api/v1/events/${ev.A.id}/check-in/search?q=矩阵`));
    }
    expect((await clients.rep2!.get(`/api/v1/events/${ev.A.id}/check-in/board`)).statusCode).toBe(404);
    expect((await clients.support!.get(`/api/v1/events/${ev.A.id}/check-in/search?q=矩阵`)).json()).toHaveLength(1);
    expect((await clients.support!.post(`/api/v1/events/${ev.A.id}/check-in`, { token: ev.A.token })).json().checkedIn).toBe(true);
    expect((await clients.manager!.get(`/api/v1/events/${ev.A.id}/check-in/board`)).json().arrived).toBe(1);
    for (const who of ['rep', 'finance', 'manager2']) {
      await expectDenied(() => clients[who]!.post(`/api/v1/events/${ev.A.id}/walk-ins`, { name: '矩阵散客', phone: '13600001111' }));
    }
    // B's doors are not open: even staff may not check in there.
    await expectDenied(() => clients.support!.post(`/api/v1/events/${ev.B.id}/check-in`, { token: ev.B.token }), [422]);
    await expectDenied(
      () => clients.support!.post(`/api/v1/events/${ev.B.id}/walk-ins`, { name: '矩阵散客', phone: '13600001111' }),
      [422],
    );
  });

  it('metrics: organisers and read-all roles; a calling rep does not see the event’s totals', async () => {
    expect((await clients.manager!.get(`/api/v1/events/${ev.A.id}/metrics`)).statusCode).toBe(200);
    expect((await clients.finance!.get(`/api/v1/events/${ev.A.id}/metrics`)).statusCode).toBe(200);
    expect((await clients.rep!.get(`/api/v1/events/${ev.A.id}/metrics`)).statusCode).toBe(403);
    expect((await clients.manager2!.get(`/api/v1/events/${ev.A.id}/metrics`)).statusCode).toBe(404);
  });

  it('settings: everyone signed in reads them; only director, ops and admin change them', async () => {
    const current = (await clients.rep!.get('/api/v1/event-settings')).json();
    for (const who of ['manager', 'rep', 'finance', 'support']) {
      await expectDenied(() => clients[who]!.put('/api/v1/event-settings', current));
    }
    expect((await clients.admin!.put('/api/v1/event-settings', { ...current, retryMinutes: 90 })).statusCode).toBe(200);
  });
});

describe('R-SEC-1 access matrix: events — budget and costs, checklist, reconfirmation, follow-ups (issue 17 items 2, 5, 8)', () => {
  it('budget: organisers write; their line, finance, ops and auditors read; callers and other regions are refused', async () => {
    for (const who of ['manager', 'director', 'finance', 'ops', 'auditor']) {
      expect((await clients[who]!.get(`/api/v1/events/${ev.A.id}/budget`)).statusCode, who).toBe(200);
    }
    for (const who of ['rep', 'rep2', 'manager2', 'support', 'key_account', 'channel', 'admin']) {
      await expectDenied(() => clients[who]!.get(`/api/v1/events/${ev.A.id}/budget`));
    }
    const lines = { lines: [{ category: 'venue', amountCents: 500_000 }] };
    for (const who of ['rep', 'rep2', 'manager2', 'finance', 'ops', 'auditor', 'support', 'admin']) {
      await expectDenied(() => clients[who]!.put(`/api/v1/events/${ev.A.id}/budget`, lines));
    }
    const saved = await clients.manager!.put(`/api/v1/events/${ev.A.id}/budget`, lines);
    expect(saved.statusCode, saved.body).toBe(200);
    for (const who of ['rep', 'manager2', 'finance', 'auditor']) {
      await expectDenied(() => clients[who]!.post(`/api/v1/events/${ev.A.id}/budget/submit`, { version: saved.json().version }));
      await expectDenied(() =>
        clients[who]!.post(`/api/v1/events/${ev.A.id}/costs`, {
          lineId: saved.json().lines[0].id,
          amountCents: 100,
          description: '矩阵',
          incurredOn: '2026-12-01',
        }),
      );
    }
  });

  it('POST /events/:id/budget/revisions: only the organisers ask to revise an approved budget; everyone else refused, nothing written', async () => {
    const page = (await clients.manager!.get(`/api/v1/events/${ev.A.id}/budget`)).json();
    if (page.status !== 'approved') {
      await t.db.execute(sql`update event_budgets set status = 'approved', version = version + 1 where event_id = ${ev.A.id}`);
    }
    const budget = (await clients.manager!.get(`/api/v1/events/${ev.A.id}/budget`)).json();
    const revision = {
      version: budget.version,
      reason: '矩阵调整',
      lines: budget.lines.map((l: { id: string; category: string; amountCents: number }) => ({
        id: l.id,
        category: l.category,
        amountCents: l.amountCents + 100,
      })),
    };
    for (const who of ['rep', 'rep2', 'manager2', 'finance', 'ops', 'auditor', 'support', 'admin']) {
      await expectDenied(() => clients[who]!.post(`/api/v1/events/${ev.A.id}/budget/revisions`, revision));
    }
    const asked = await clients.manager!.post(`/api/v1/events/${ev.A.id}/budget/revisions`, revision);
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json().pendingRevision).toMatchObject({ status: 'pending', reason: '矩阵调整' });
  });

  it('checklist: those who read the event see it; only its organisers change it', async () => {
    for (const who of ['manager', 'rep', 'finance']) {
      expect((await clients[who]!.get(`/api/v1/events/${ev.A.id}/prep-tasks`)).statusCode, who).toBe(200);
    }
    await expectDenied(() => clients.manager2!.get(`/api/v1/events/${ev.A.id}/prep-tasks`));
    for (const who of ['rep', 'manager2', 'finance', 'ops', 'support']) {
      await expectDenied(() => clients[who]!.post(`/api/v1/events/${ev.A.id}/prep-tasks/generate`));
      await expectDenied(() =>
        clients[who]!.post(`/api/v1/events/${ev.A.id}/prep-tasks`, { department: 'admin', title: '矩阵', dueAt: new Date().toISOString() }),
      );
    }
    const list = (await clients.manager!.post(`/api/v1/events/${ev.A.id}/prep-tasks/generate`)).json();
    const task = list.items[0];
    for (const who of ['rep', 'manager2', 'finance']) {
      await expectDenied(() => clients[who]!.patch(`/api/v1/event-prep-tasks/${task.id}`, { version: task.version, done: true }));
      await expectDenied(() => clients[who]!.delete(`/api/v1/event-prep-tasks/${task.id}?version=${task.version}`));
    }
  });

  it('reconfirmation: the caller works their own list; organisers see all; others are refused', async () => {
    const [reconfirmation] = (
      await t.db.execute<{ id: string }>(sql`
        insert into event_reconfirmations (event_id, invitation_id, caller_id)
        select event_id, id, caller_id from event_invitations where id = ${ev.A.invitationId} returning id`)
    ).rows;
    expect((await clients.rep!.get(`/api/v1/events/${ev.A.id}/reconfirmations`)).json().items).toHaveLength(1);
    expect((await clients.manager!.get(`/api/v1/events/${ev.A.id}/reconfirmations`)).json().items).toHaveLength(1);
    await expectDenied(() => clients.manager2!.get(`/api/v1/events/${ev.A.id}/reconfirmations`));
    for (const who of ['rep2', 'manager2', 'finance', 'support', 'auditor']) {
      await expectDenied(() =>
        clients[who]!.post(`/api/v1/event-reconfirmations/${reconfirmation!.id}/outcome`, { outcome: 'no_answer', version: 1 }),
      );
    }
  });

  it('follow-ups: for the event’s organisers; settings changed only by those who configure events', async () => {
    expect((await clients.manager!.get(`/api/v1/events/${ev.A.id}/follow-ups`)).statusCode).toBe(200);
    for (const who of ['rep', 'finance', 'manager2']) {
      await expectDenied(() => clients[who]!.get(`/api/v1/events/${ev.A.id}/follow-ups`));
    }
    const current = (await clients.rep!.get('/api/v1/event-ops-settings')).json();
    for (const who of ['manager', 'rep', 'finance', 'support']) {
      await expectDenied(() => clients[who]!.put('/api/v1/event-ops-settings', current));
    }
    expect((await clients.admin!.put('/api/v1/event-ops-settings', { ...current, followUpDays: 5 })).statusCode).toBe(200);
  });
});
