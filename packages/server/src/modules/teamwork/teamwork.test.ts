import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Escalation, Meeting, Task } from '@xiaoguan/shared';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';
import { sweepEscalations } from './escalations.service.js';

let t: TestApp;
let supervisor: Client;
let manager: Client;
let rep: Client;
let rep2: Client;
let keyAccount: Client;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

beforeAll(async () => {
  t = await buildTestApp();
  [supervisor, manager, rep, rep2, keyAccount] = await Promise.all(
    ['supervisor', 'manager', 'rep', 'rep2', 'key_account'].map((u) => t.loginAs(u)),
  );
});
afterAll(() => t.close());

describe('team meetings: minutes, action items as tasks, review at the next meeting (issue 21 item 6)', () => {
  let first: Meeting;
  it('a weekly meeting starts from the template agenda with the team; minutes autosave and a stale save is a 409', async () => {
    const created = await supervisor.post('/api/v1/teamwork/meetings', { kind: 'weekly', title: '第 1 周例会', startsAt: inDays(-7) });
    expect(created.statusCode, created.body).toBe(201);
    first = created.json();
    expect(first.agenda.map((a) => a.key)).toEqual(['review_actions', 'pipeline', 'wins_losses', 'customer_issues', 'next_week']);
    expect(first.attendees.map((a) => a.id)).toContain(t.ids['rep']);
    const saved = await supervisor.patch(`/api/v1/teamwork/meetings/${first.id}`, {
      minutes: '华东区渠道价格冲突，需要统一口径',
      decisions: [{ text: '本周统一报价口径' }],
      version: first.version,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const stale = await supervisor.patch(`/api/v1/teamwork/meetings/${first.id}`, { minutes: '旧版本', version: first.version });
    expect(stale.statusCode).toBe(409);
    first = saved.json();
    expect(first.minutes).toContain('统一口径');
  });

  it('two action items become tasks in the owner’s day, linked back to the meeting; an owner not at the meeting is refused', async () => {
    for (const title of ['整理价格口径说明', '回访华东三家客户']) {
      const added = await supervisor.post(`/api/v1/teamwork/meetings/${first.id}/action-items`, {
        title,
        ownerId: t.ids['rep'],
        dueAt: inDays(title.startsWith('整理') ? 0.5 : 5),
      });
      expect(added.statusCode, added.body).toBe(201);
      first = added.json();
    }
    expect(first.actionItems.map((i) => i.state)).toEqual(['open', 'open']);
    const outsider = await supervisor.post(`/api/v1/teamwork/meetings/${first.id}/action-items`, {
      title: '越界',
      ownerId: t.ids['rep2'],
      dueAt: inDays(2),
    });
    expect(outsider.statusCode).toBe(400);
    expect(outsider.json().error.field).toBe('body.ownerId');

    const day = (await rep.get('/api/v1/my-day')).json() as { dueTasks: Task[]; upcomingTasks: Task[] };
    const mine = [...day.dueTasks, ...day.upcomingTasks].filter((task) => task.link === `/teamwork/meetings/${first.id}`);
    expect(mine.map((task) => task.title).sort()).toEqual(['回访华东三家客户', '整理价格口径说明']);
    expect(mine[0]!.customerId).toBeNull();
    // The rep completes one from their day, as any task.
    const task = mine.find((x) => x.title === '整理价格口径说明')!;
    const done = await rep.patch(`/api/v1/tasks/${task.id}`, { done: true, version: task.version });
    expect(done.statusCode, done.body).toBe(200);
  });

  it('the next meeting of the series lists both for review; one is noted, one dropped, and they leave later reviews', async () => {
    const next = (
      await supervisor.post('/api/v1/teamwork/meetings', { kind: 'weekly', title: '第 2 周例会', startsAt: inDays(0) })
    ).json() as Meeting;
    expect(next.previousMeetingId).toBe(first.id);
    const ours = (m: Meeting) => m.toReview.filter((i) => i.meetingId === first.id);
    expect(Object.fromEntries(ours(next).map((i) => [i.title, i.state]))).toEqual({
      整理价格口径说明: 'done',
      回访华东三家客户: 'open',
    });
    const [doneItem, openItem] = ['整理价格口径说明', '回访华东三家客户'].map((title) => ours(next).find((i) => i.title === title)!);
    const noted = await supervisor.post(`/api/v1/teamwork/action-items/${doneItem!.id}/review`, {
      meetingId: next.id,
      note: '已完成',
      version: doneItem!.version,
    });
    expect(noted.statusCode, noted.body).toBe(200);
    const dropped = await supervisor.post(`/api/v1/teamwork/action-items/${openItem!.id}/review`, {
      meetingId: next.id,
      drop: true,
      version: openItem!.version,
    });
    expect(dropped.statusCode, dropped.body).toBe(200);
    const reviewed = dropped.json() as Meeting;
    expect(Object.fromEntries(ours(reviewed).map((i) => [i.title, i.state]))).toEqual({
      整理价格口径说明: 'done',
      回访华东三家客户: 'dropped',
    });
    // Reviewed in an earlier meeting than the item's own: refused.
    const backwards = await supervisor.post(`/api/v1/teamwork/action-items/${doneItem!.id}/review`, {
      meetingId: first.id,
      version: doneItem!.version + 1,
    });
    expect(backwards.statusCode).toBe(400);
    const third = (
      await supervisor.post('/api/v1/teamwork/meetings', { kind: 'weekly', title: '第 3 周例会', startsAt: inDays(7) })
    ).json() as Meeting;
    expect(ours(third)).toEqual([]);
  });

  it('minutes are searchable and follow the team and the line: the manager finds them, another region does not', async () => {
    const found = (await manager.get(`/api/v1/teamwork/meetings?q=${encodeURIComponent('统一口径')}`)).json();
    expect(found.items.map((m: { id: string }) => m.id)).toContain(first.id);
    expect(found.items.find((m: { id: string }) => m.id === first.id).snippet).toContain('统一口径');
    expect((await rep.get(`/api/v1/teamwork/meetings/${first.id}`)).statusCode).toBe(200);
    expect((await rep2.get(`/api/v1/teamwork/meetings/${first.id}`)).statusCode).toBe(404);
    expect((await rep2.get(`/api/v1/teamwork/meetings?q=${encodeURIComponent('统一口径')}`)).json().total).toBe(0);
    // A rep reads the minutes but does not write them.
    expect((await rep.patch(`/api/v1/teamwork/meetings/${first.id}`, { minutes: 'x', version: first.version })).statusCode).toBe(404);
  });
});

describe('escalation by level and handover (issue 21 item 7)', () => {
  let customerId = '';
  let escalation: Escalation;
  beforeAll(async () => {
    const customer = await rep.post('/api/v1/customers', { kind: 'organization', name: '升级测试客户', ignoreDuplicates: true });
    customerId = customer.json().id;
  });

  it('a rep raises an issue to the supervisor; past the SLA the sweep moves it to the manager, once', async () => {
    const raised = await rep.post('/api/v1/teamwork/escalations', { category: 'customer_risk', title: '客户拟更换供应商', customerId });
    expect(raised.statusCode, raised.body).toBe(201);
    escalation = raised.json();
    expect(escalation).toMatchObject({ level: 1, assigneeId: t.ids['supervisor'], status: 'open' });
    const justBefore = new Date(new Date(escalation.dueAt!).getTime());
    await sweepEscalations(t.db, justBefore);
    expect((await rep.get(`/api/v1/teamwork/escalations/${escalation.id}`)).json().level).toBe(1);
    const later = new Date(new Date(escalation.dueAt!).getTime() + 60_000);
    await sweepEscalations(t.db, later);
    await sweepEscalations(t.db, later);
    escalation = (await manager.get(`/api/v1/teamwork/escalations/${escalation.id}`)).json();
    expect(escalation).toMatchObject({ level: 2, assigneeId: t.ids['manager'] });
    expect(escalation.events.map((e) => e.kind)).toEqual(['raised', 'escalated']);
    expect((await rep2.get(`/api/v1/teamwork/escalations/${escalation.id}`)).statusCode).toBe(404);
  });

  it('the raiser cannot close it; the manager resolves it, and a stale version is a 409', async () => {
    expect(
      (await rep.post(`/api/v1/teamwork/escalations/${escalation.id}/resolve`, { resolution: '自己关', version: escalation.version }))
        .statusCode,
    ).toBe(403);
    expect((await manager.post(`/api/v1/teamwork/escalations/${escalation.id}/resolve`, { resolution: '旧', version: 1 })).statusCode).toBe(
      409,
    );
    const resolved = await manager.post(`/api/v1/teamwork/escalations/${escalation.id}/resolve`, {
      resolution: '已与客户高层沟通，给予延保',
      version: escalation.version,
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json().status).toBe('resolved');
  });

  it('a customer handed over to another person is theirs once accepted; the feed traces escalation and handover', async () => {
    const bad = await rep.post('/api/v1/teamwork/handovers', {
      kind: 'customer',
      title: '移交',
      context: '背景',
      toUserId: t.ids['key_account'],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('body.customerId');
    const handover = await rep.post('/api/v1/teamwork/handovers', {
      kind: 'customer',
      title: '移交大客户部',
      context: '客户年采购额超过 500 万，转大客户经理跟进',
      customerId,
      toUserId: t.ids['key_account'],
    });
    expect(handover.statusCode, handover.body).toBe(201);
    expect((await rep.post(`/api/v1/teamwork/handovers/${handover.json().id}/decide`, { accept: true, version: 1 })).statusCode).toBe(403);
    const accepted = await keyAccount.post(`/api/v1/teamwork/handovers/${handover.json().id}/decide`, {
      accept: true,
      note: '接手',
      version: 1,
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const owner = await t.ownerDb.execute<{ owner_id: string }>(sql`select owner_id from customers where id = ${customerId}`);
    expect(owner.rows[0]!.owner_id).toBe(t.ids['key_account']);
    const feed = (await manager.get(`/api/v1/customers/${customerId}/feed?types=escalation,handover`)).json();
    expect(feed.items.map((e: { type: string; event: string }) => `${e.type}:${e.event}`).sort()).toEqual([
      'escalation:escalated',
      'escalation:raised',
      'escalation:resolved',
      'handover:accepted',
    ]);
  });
});

describe('handover across departments: who may receive it (issue 21 item 7)', () => {
  it('a rep is offered people in other departments who take on the work, never themselves, the auditor or ops', async () => {
    const offered = async (kind: string, username: string) => {
      const found = await rep.get(`/api/v1/teamwork/handover-targets?kind=${kind}&q=${username}`);
      expect(found.statusCode, found.body).toBe(200);
      return found.json().some((u: { id: string }) => u.id === t.ids[username]);
    };
    // Outside the rep's own tree (the user picker lists only that): key accounts, channel, support.
    for (const who of ['key_account', 'channel', 'support', 'supervisor', 'rep2']) expect(await offered('customer', who), who).toBe(true);
    for (const who of ['rep', 'auditor', 'ops', 'admin', 'finance']) expect(await offered('customer', who), who).toBe(false);
    // An internal issue may also go to finance (it owns no customers).
    expect(await offered('issue', 'finance')).toBe(true);
    expect(await offered('issue', 'auditor')).toBe(false);
    const named = (await rep.get('/api/v1/teamwork/handover-targets?kind=issue&q=key_acc')).json();
    expect(named.length).toBeGreaterThan(0);
    for (const u of named as { username: string; unitName: string | null }[]) expect(u.username).toContain('key_acc');
    expect((await rep.get('/api/v1/teamwork/handover-targets?kind=nothing')).statusCode).toBe(400);
  });

  it('a handover to someone the rule does not offer is refused naming the receiver, and nothing is written', async () => {
    const before = await t.ownerDb.execute<{ n: number }>(sql`select count(*)::int as n from handovers`);
    for (const who of ['auditor', 'ops']) {
      const refused = await rep.post('/api/v1/teamwork/handovers', {
        kind: 'issue',
        title: '交给审计',
        context: '背景',
        toUserId: t.ids[who],
      });
      expect(refused.statusCode, who).toBe(400);
      expect(refused.json().error.field).toBe('body.toUserId');
    }
    const after = await t.ownerDb.execute<{ n: number }>(sql`select count(*)::int as n from handovers`);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
    const toFinance = await rep.post('/api/v1/teamwork/handovers', {
      kind: 'issue',
      title: '发票抬头问题',
      context: '客户要求更换发票抬头，请财务处理',
      toUserId: t.ids['finance'],
    });
    expect(toFinance.statusCode, toFinance.body).toBe(201);
  });
});
