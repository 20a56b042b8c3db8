import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../test/harness.js';
import { registerApprovalSubject, submitApproval } from './approvals.engine.js';

let t: TestApp;
const decided: { subjectId: string; status: string }[] = [];

beforeAll(async () => {
  t = await buildTestApp();
  registerApprovalSubject('test.discount', { onDecided: async (_tx, _ctx, request) => void decided.push(request) });
  const admin = await t.loginAs('admin');
  await admin.post('/api/v1/approval-policies', {
    subjectType: 'test.discount',
    name: '≥ 50,000 CNY: manager',
    minAmountCents: 5_000_000,
    steps: [{ role: 'manager', mode: 'line' }],
  });
  await admin.post('/api/v1/approval-policies', {
    subjectType: 'test.discount',
    name: '≥ 500,000 CNY: manager then director, then finance',
    minAmountCents: 50_000_000,
    steps: [
      { role: 'manager', mode: 'line' },
      { role: 'director', mode: 'line' },
      { role: 'finance', mode: 'any' },
    ],
  });
});
afterAll(() => t.close());

async function submit(username: string, subjectId: string, amountCents: number) {
  const ctx = await t.ctxAs(username);
  return ctx.db.transaction((tx) =>
    submitApproval(tx, ctx, {
      subjectType: 'test.discount',
      subjectId,
      title: `折扣 ${subjectId}`,
      amountCents,
      details: { discount: amountCents },
    }),
  );
}

describe('R-APR-1 approval engine', () => {
  it('below the lowest threshold the subject is approved without a request', async () => {
    expect(await submit('rep', 'q-small', 4_999_999)).toEqual({ status: 'approved', requestId: null });
  });

  it('at 50,000 CNY the rep’s own manager (up the line) must approve; others cannot', async () => {
    const result = await submit('rep', 'q-1', 5_000_000);
    expect(result.status).toBe('pending');
    const manager = await t.loginAs('manager');
    const inbox = (await manager.get('/api/v1/approvals?box=inbox')).json();
    const request = inbox.items.find((i: { subjectId: string }) => i.subjectId === 'q-1');
    expect(request).toMatchObject({ status: 'pending', requesterName: expect.any(String), abilities: { approve: true } });
    expect(request.steps[0]).toMatchObject({ role: 'manager', approverId: t.ids.manager, status: 'pending' });
    // the manager is notified
    const notes = (await manager.get('/api/v1/notifications')).json();
    expect(notes.items.some((n: { link: string }) => n.link === `/approvals/${request.id}`)).toBe(true);

    // manager2 (other region) neither sees it in the inbox nor can decide it
    const manager2 = await t.loginAs('manager2');
    expect((await manager2.get('/api/v1/approvals?box=inbox')).json().items).toHaveLength(0);
    const before = await t.snapshot();
    const foreign = await manager2.post(`/api/v1/approvals/${request.id}/decision`, { decision: 'approve', version: request.version });
    expect(foreign.statusCode).toBe(404);
    expect(await t.snapshot()).toBe(before);
    // the requester cannot approve their own request
    const rep = await t.loginAs('rep');
    expect((await rep.post(`/api/v1/approvals/${request.id}/decision`, { decision: 'approve', version: request.version })).statusCode).toBe(
      403,
    );

    const approved = await manager.post(`/api/v1/approvals/${request.id}/decision`, {
      decision: 'approve',
      comment: '同意',
      version: request.version,
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', abilities: { approve: false } });
    expect(decided).toContainEqual({ id: request.id, subjectId: 'q-1', status: 'approved' });
    const repNotes = (await rep.get('/api/v1/notifications')).json();
    expect(repNotes.items[0]).toMatchObject({ kind: 'approval.approved' });
    // a second decision on a decided request is a conflict
    expect(
      (await manager.post(`/api/v1/approvals/${request.id}/decision`, { decision: 'approve', version: approved.json().version }))
        .statusCode,
    ).toBe(409);
  });

  it('multi-step: manager → director → any finance user; a stale version gets 409', async () => {
    const { requestId } = await submit('rep', 'q-big', 60_000_000);
    const manager = await t.loginAs('manager');
    const director = await t.loginAs('director');
    const finance2 = await t.loginAs('finance2');
    let request = (await manager.get(`/api/v1/approvals/${requestId}`)).json();
    expect(request.steps.map((s: { role: string }) => s.role)).toEqual(['manager', 'director', 'finance']);
    expect(
      (await director.post(`/api/v1/approvals/${requestId}/decision`, { decision: 'approve', version: request.version })).statusCode,
    ).toBe(403);
    request = (await manager.post(`/api/v1/approvals/${requestId}/decision`, { decision: 'approve', version: request.version })).json();
    expect(request.currentStep).toBe(2);
    expect(
      (await manager.post(`/api/v1/approvals/${requestId}/decision`, { decision: 'approve', version: request.version - 1 })).statusCode,
    ).toBe(409);
    request = (await director.post(`/api/v1/approvals/${requestId}/decision`, { decision: 'approve', version: request.version })).json();
    expect(request.steps[2]).toMatchObject({ mode: 'any', status: 'pending' });
    request = (await finance2.post(`/api/v1/approvals/${requestId}/decision`, { decision: 'approve', version: request.version })).json();
    expect(request.status).toBe('approved');
    expect(request.history.map((h: { action: string }) => h.action)).toEqual(['submitted', 'approved', 'approved', 'approved']);
  });

  it('a rejection needs a reason and ends the request', async () => {
    const { requestId } = await submit('rep', 'q-rej', 6_000_000);
    const manager = await t.loginAs('manager');
    let request = (await manager.get(`/api/v1/approvals/${requestId}`)).json();
    const noReason = await manager.post(`/api/v1/approvals/${requestId}/decision`, { decision: 'reject', version: request.version });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.field).toBe('body.comment');
    request = (
      await manager.post(`/api/v1/approvals/${requestId}/decision`, { decision: 'reject', comment: '折扣过大', version: request.version })
    ).json();
    expect(request.status).toBe('rejected');
    expect(decided).toContainEqual({ id: requestId, subjectId: 'q-rej', status: 'rejected' });
  });

  it('a delegate decides while the approver is away; the history says so', async () => {
    const manager = await t.loginAs('manager');
    const now = Date.now();
    const delegation = await manager.post('/api/v1/approval-delegations', {
      toUserId: t.ids.director,
      startsAt: new Date(now - 60_000).toISOString(),
      endsAt: new Date(now + 86_400_000).toISOString(),
      reason: '出差',
    });
    expect(delegation.statusCode).toBe(201);
    const { requestId } = await submit('rep', 'q-away', 7_000_000);
    const director = await t.loginAs('director');
    const inbox = (await director.get('/api/v1/approvals?box=inbox')).json();
    const request = inbox.items.find((i: { id: string }) => i.id === requestId);
    expect(request.abilities.approve).toBe(true);
    const done = (await director.post(`/api/v1/approvals/${requestId}/decision`, { decision: 'approve', version: request.version })).json();
    expect(done.status).toBe('approved');
    expect(done.history.at(-1).action).toBe('approved (delegate)');
    await manager.delete(`/api/v1/approval-delegations/${delegation.json()[0].id}`);
  });

  it('resubmitting a subject supersedes its pending request (no approve-the-old-one trick)', async () => {
    const first = await submit('rep', 'q-again', 5_500_000);
    const second = await submit('rep', 'q-again', 9_000_000);
    const rows = await t.db.execute<{ id: string; status: string }>(
      sql`select id, status from approval_requests where subject_id = 'q-again' order by created_at`,
    );
    expect(rows.rows.map((r) => r.status)).toEqual(['cancelled', 'pending']);
    expect(rows.rows[1]!.id).toBe(second.requestId);
    const manager = await t.loginAs('manager');
    const old = (await manager.get(`/api/v1/approvals/${first.requestId}`)).json();
    expect(
      (await manager.post(`/api/v1/approvals/${first.requestId}/decision`, { decision: 'approve', version: old.version })).statusCode,
    ).toBe(409);
  });

  it('the requester can withdraw; the rep sees own requests, not others’', async () => {
    const { requestId } = await submit('rep', 'q-withdraw', 5_100_000);
    const rep = await t.loginAs('rep');
    const request = (await rep.get(`/api/v1/approvals/${requestId}`)).json();
    expect(request.abilities.cancel).toBe(true);
    expect((await rep.post(`/api/v1/approvals/${requestId}/cancel`, { version: request.version })).json().status).toBe('cancelled');
    const rep2 = await t.loginAs('rep2');
    expect((await rep2.get(`/api/v1/approvals/${requestId}`)).statusCode).toBe(404);
    expect((await rep2.get('/api/v1/approvals?box=all')).json().total).toBe(0);
  });
});
