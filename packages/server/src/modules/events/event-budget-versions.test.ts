import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetLineChanges } from '@xiaoguan/shared';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';

/** Revising an approved event budget (issue 17 item 2): a second approval, the old budget in force meanwhile, a version history. */
let t: TestApp;
let manager: Client;
let rep: Client;
let approvers: Client[];

beforeAll(async () => {
  t = await buildTestApp();
  manager = await t.loginAs('manager');
  rep = await t.loginAs('rep');
  approvers = [await t.loginAs('supervisor'), await t.loginAs('manager2'), await t.loginAs('director')];
}, 120_000);
afterAll(async () => {
  await t.close();
});

const DAY = 86_400_000;
let counter = 0;

async function createEvent() {
  counter++;
  const startsAt = new Date(Date.now() + 10 * DAY);
  const response = await manager.post('/api/v1/events', {
    type: '专题讲座',
    theme: `预算调整 ${counter}`,
    venue: '锦江饭店',
    address: '上海市茂名南路59号',
    capacity: 100,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string };
}

async function decideAll(requestId: string, decision: 'approve' | 'reject' = 'approve') {
  for (let round = 0; round < 3; round++) {
    for (const client of approvers) {
      const request = await client.get(`/api/v1/approvals/${requestId}`);
      if (request.statusCode !== 200 || request.json().status !== 'pending') continue;
      await client.post(`/api/v1/approvals/${requestId}/decision`, { decision, version: request.json().version, comment: '同意' });
    }
  }
  const final = await approvers[2]!.get(`/api/v1/approvals/${requestId}`);
  expect(final.json().status).toBe(decision === 'approve' ? 'approved' : 'rejected');
}

interface Line {
  id: string;
  category: string;
  description: string | null;
  amountCents: number;
  spentCents: number;
}

async function approvedBudget(eventId: string, lines: { category: string; amountCents: number }[]) {
  const saved = await manager.put(`/api/v1/events/${eventId}/budget`, { lines });
  const submitted = await manager.post(`/api/v1/events/${eventId}/budget/submit`, { version: saved.json().version });
  await decideAll(submitted.json().approvalRequestId);
  const budget = (await manager.get(`/api/v1/events/${eventId}/budget`)).json();
  expect(budget.status).toBe('approved');
  return budget as { version: number; lines: Line[] };
}

const keep = (line: Line, amountCents = line.amountCents) => ({
  id: line.id,
  category: line.category,
  description: line.description,
  amountCents,
});
const cost = (lineId: string, amountCents: number) => ({ lineId, amountCents, description: '场租定金', incurredOn: '2026-12-01' });

describe('revising an approved event budget (issue 17 item 2)', () => {
  it('a revision goes through a second approval; the approved budget stays in force until then, then its lines replace it', async () => {
    const event = await createEvent();
    const budget = await approvedBudget(event.id, [
      { category: 'venue', amountCents: 1_000_000 },
      { category: 'gifts', amountCents: 300_000 },
    ]);
    const [venue, gifts] = budget.lines as [Line, Line];
    await manager.post(`/api/v1/events/${event.id}/costs`, cost(venue.id, 900_000));

    const asked = await manager.post(`/api/v1/events/${event.id}/budget/revisions`, {
      version: (await manager.get(`/api/v1/events/${event.id}/budget`)).json().version,
      reason: '报名人数增加，换大会场',
      lines: [keep(venue, 1_500_000), keep(gifts), { category: 'catering', amountCents: 200_000 }],
    });
    expect(asked.statusCode, asked.body).toBe(200);
    const pendingPage = asked.json();
    // The approved budget is still the one in force: same lines and total, costs checked against it.
    expect(pendingPage).toMatchObject({ status: 'approved', totalCents: 1_300_000, abilities: { revise: false, recordCost: true } });
    expect(pendingPage.lines).toHaveLength(2);
    expect(pendingPage.pendingRevision).toMatchObject({
      number: 2,
      kind: 'revision',
      status: 'pending',
      totalCents: 2_000_000,
      previousTotalCents: 1_300_000,
      reason: '报名人数增加，换大会场',
      requestedByName: expect.any(String),
    });
    expect(pendingPage.pendingRevision.changes).toEqual([
      { change: 'changed', category: 'venue', description: null, fromCents: 1_000_000, toCents: 1_500_000 },
      { change: 'added', category: 'catering', description: null, fromCents: null, toCents: 200_000 },
    ]);
    const over = await manager.post(`/api/v1/events/${event.id}/costs`, cost(venue.id, 200_000));
    expect(over.statusCode).toBe(422);
    expect(over.json().error).toMatchObject({ rule: 'R-EXP-2' });

    // The same `event.budget` subject, for the revised total: 20,000 CNY reaches a manager.
    const request = (await manager.get(`/api/v1/approvals/${pendingPage.pendingRevision.approvalRequestId}`)).json();
    expect(request).toMatchObject({ subjectType: 'event.budget', subjectId: event.id, amountCents: 2_000_000 });
    expect(request.steps.map((s: { role: string }) => s.role)).toEqual(['manager']);
    await decideAll(pendingPage.pendingRevision.approvalRequestId);

    const revised = (await manager.get(`/api/v1/events/${event.id}/budget`)).json();
    expect(revised).toMatchObject({ status: 'approved', totalCents: 2_000_000, pendingRevision: null, abilities: { revise: true } });
    expect(revised.lines.map((l: Line) => [l.category, l.amountCents, l.spentCents])).toEqual([
      ['venue', 1_500_000, 900_000],
      ['gifts', 300_000, 0],
      ['catering', 200_000, 0],
    ]);
    // The recorded cost stays on its (kept) line, and the larger line now takes it.
    expect(revised.lines[0].id).toBe(venue.id);
    const now = await manager.post(`/api/v1/events/${event.id}/costs`, cost(venue.id, 200_000));
    expect(now.statusCode, now.body).toBe(200);

    // History: who, when, what changed, the approval.
    expect(revised.versions.map((v: { number: number; kind: string; status: string }) => [v.number, v.kind, v.status])).toEqual([
      [2, 'revision', 'approved'],
      [1, 'initial', 'approved'],
    ]);
    expect(revised.versions[0]).toMatchObject({
      decidedByName: expect.any(String),
      decidedAt: expect.any(String),
      previousTotalCents: 1_300_000,
    });
    expect(revised.versions[1].changes).toHaveLength(2);
  });

  it('a rejected revision leaves the approved budget as it was, and a new revision may be asked for', async () => {
    const event = await createEvent();
    const budget = await approvedBudget(event.id, [{ category: 'materials', amountCents: 100_000 }]);
    const [materials] = budget.lines as [Line];
    const asked = await manager.post(`/api/v1/events/${event.id}/budget/revisions`, {
      version: budget.version,
      reason: '加印资料',
      lines: [keep(materials, 150_000)],
    });
    await decideAll(asked.json().pendingRevision.approvalRequestId, 'reject');
    const after = (await manager.get(`/api/v1/events/${event.id}/budget`)).json();
    expect(after).toMatchObject({ totalCents: 100_000, pendingRevision: null, abilities: { revise: true } });
    expect(after.versions[0]).toMatchObject({ number: 2, status: 'rejected' });
    const again = await manager.post(`/api/v1/events/${event.id}/budget/revisions`, {
      version: after.version,
      reason: '改为加印一半',
      lines: [keep(materials, 120_000)],
    });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().pendingRevision).toMatchObject({ number: 3, previousTotalCents: 100_000 });
  });

  it('409 on a stale version; 422 while one waits, for no change, for dropping a line with costs or cutting it below its costs', async () => {
    const event = await createEvent();
    const budget = await approvedBudget(event.id, [
      { category: 'venue', amountCents: 100_000 },
      { category: 'travel', amountCents: 50_000 },
    ]);
    const [venue, travel] = budget.lines as [Line, Line];
    const withCost = (await manager.post(`/api/v1/events/${event.id}/costs`, cost(venue.id, 60_000))).json();
    // A page loaded before the approval: its version is older than the budget's.
    const stale = await manager.post(`/api/v1/events/${event.id}/budget/revisions`, {
      version: budget.version - 1,
      reason: '调整',
      lines: [keep(venue, 200_000), keep(travel)],
    });
    expect(stale.statusCode).toBe(409);
    const version = withCost.version;
    const nothing = await manager.post(`/api/v1/events/${event.id}/budget/revisions`, {
      version,
      reason: '调整',
      lines: [keep(venue), keep(travel)],
    });
    expect(nothing.statusCode).toBe(422);
    const dropped = await manager.post(`/api/v1/events/${event.id}/budget/revisions`, { version, reason: '调整', lines: [keep(travel)] });
    expect(dropped.statusCode).toBe(422);
    const cut = await manager.post(`/api/v1/events/${event.id}/budget/revisions`, {
      version,
      reason: '调整',
      lines: [keep(venue, 50_000), keep(travel)],
    });
    expect(cut.statusCode).toBe(422);
    expect(cut.json().error).toMatchObject({ field: 'body.lines.0.amountCents' });
    const foreign = await manager.post(`/api/v1/events/${event.id}/budget/revisions`, {
      version,
      reason: '调整',
      lines: [{ ...keep(venue), id: '00000000-0000-4000-8000-000000000000' }],
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error).toMatchObject({ field: 'body.lines.0.id' });

    // Dropping the travel line (no costs): while that waits, no cost goes on the travel line.
    const asked = await manager.post(`/api/v1/events/${event.id}/budget/revisions`, { version, reason: '取消差旅', lines: [keep(venue)] });
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json().pendingRevision.changes).toEqual([
      { change: 'removed', category: 'travel', description: null, fromCents: 50_000, toCents: null },
    ]);
    const onDropped = await manager.post(`/api/v1/events/${event.id}/costs`, cost(travel.id, 1_000));
    expect(onDropped.statusCode).toBe(422);
    const second = await manager.post(`/api/v1/events/${event.id}/budget/revisions`, {
      version: asked.json().version,
      reason: '再调',
      lines: [keep(venue, 300_000)],
    });
    expect(second.statusCode).toBe(422);
    await decideAll(asked.json().pendingRevision.approvalRequestId);
    const after = (await manager.get(`/api/v1/events/${event.id}/budget`)).json();
    expect(after.lines.map((l: Line) => l.category)).toEqual(['venue']);
  });

  it('a draft budget is not revised (it is edited); callers may not ask for revisions, and nothing is written', async () => {
    const event = await createEvent();
    const saved = (await manager.put(`/api/v1/events/${event.id}/budget`, { lines: [{ category: 'venue', amountCents: 1_000 }] })).json();
    const draft = await manager.post(`/api/v1/events/${event.id}/budget/revisions`, {
      version: saved.version,
      reason: '调整',
      lines: [keep(saved.lines[0], 2_000)],
    });
    expect(draft.statusCode).toBe(422);
    const other = await createEvent();
    const budget = await approvedBudget(other.id, [{ category: 'venue', amountCents: 10_000 }]);
    const denied = await rep.post(`/api/v1/events/${other.id}/budget/revisions`, {
      version: budget.version,
      reason: '调整',
      lines: [keep(budget.lines[0]!, 20_000)],
    });
    expect([403, 404]).toContain(denied.statusCode);
    const unchanged = (await manager.get(`/api/v1/events/${other.id}/budget`)).json();
    expect(unchanged).toMatchObject({ version: budget.version, pendingRevision: null });
    expect(unchanged.versions).toHaveLength(1);
  });
});

describe('budgetLineChanges', () => {
  it('matches lines by id: changed, added, removed; nothing for an identical set', () => {
    const before = [
      { lineId: 'a', category: 'venue' as const, description: null, amountCents: 100 },
      { lineId: 'b', category: 'gifts' as const, description: '伴手礼', amountCents: 50 },
    ];
    expect(budgetLineChanges(before, before)).toEqual([]);
    expect(
      budgetLineChanges(before, [
        { lineId: 'a', category: 'venue', description: null, amountCents: 120 },
        { lineId: null, category: 'travel', description: null, amountCents: 30 },
      ]),
    ).toEqual([
      { change: 'changed', category: 'venue', description: null, fromCents: 100, toCents: 120 },
      { change: 'added', category: 'travel', description: null, fromCents: null, toCents: 30 },
      { change: 'removed', category: 'gifts', description: '伴手礼', fromCents: 50, toCents: null },
    ]);
  });
});
