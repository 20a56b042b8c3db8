import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';
import { sweepSla } from './complaints.service.js';

let t: TestApp;
let rep: Client;
let ops: Client;
let customerId: string;
let customerName: string;
const line: { supervisor: string; manager: string } = { supervisor: '', manager: '' };
/** A Shanghai wall-clock time as an instant. */
const at = (local: string) => new Date(`${local}:00+08:00`);

async function notificationsOf(userId: string, kind: string): Promise<number> {
  const rows = await t.ownerDb.execute<{ n: number }>(
    sql`select count(*)::int as n from notifications where user_id = ${userId} and kind = ${kind}`,
  );
  return rows.rows[0]!.n;
}

async function logComplaint(title: string, extra: Record<string, unknown> = {}) {
  const response = await rep.post('/api/v1/complaints', {
    customerId,
    title,
    category: 'delivery_delay',
    priority: 'high',
    channel: 'phone',
    description: '到货比合同约定晚了一周',
    ...extra,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

beforeAll(async () => {
  t = await buildTestApp();
  rep = await t.loginAs('rep');
  ops = await t.loginAs('ops');
  const customer = await t.ownerDb.execute<{ id: string; name: string }>(
    sql`select id, name from customers where owner_id = ${t.ids['rep']} and merged_into_id is null order by name limit 1`,
  );
  customerId = customer.rows[0]!.id;
  customerName = customer.rows[0]!.name;
  const people = await t.ownerDb.execute<{ supervisor: string; manager: string }>(
    sql`select s.id as supervisor, m.id as manager from users r join users s on s.id = r.manager_id join users m on m.id = s.manager_id
         where r.id = ${t.ids['rep']}`,
  );
  Object.assign(line, people.rows[0]);
  const template = await ops.post('/api/v1/survey-templates', {
    name: '投诉关闭回访',
    trigger: 'ticket_closed',
    csat: true,
    nps: true,
    questions: [{ id: 'what_better', text: '我们哪里可以做得更好？' }],
  });
  expect(template.statusCode, template.body).toBe(201);
});
afterAll(() => t.close());

describe('complaints (issue 20 item 5)', () => {
  it('logs a complaint routed to the customer’s owner, numbered, with its SLA clock running', async () => {
    const complaint = await logComplaint('发货延迟');
    expect(complaint).toMatchObject({ status: 'open', ownerId: t.ids['rep'], customerName, actions: ['respond', 'wait', 'note'] });
    expect(complaint.number).toMatch(/^TS-\d{4}-\d{6}$/);
    expect(complaint.sla).toMatchObject({ targetMinutes: 120, respondedAt: null, met: null });
    expect(complaint.events.map((e: { kind: string }) => e.kind)).toEqual(['created']);
  });

  it('refuses what it cannot take, naming the field, and writes nothing', async () => {
    const before = await t.snapshot();
    const unknownCategory = await rep.post('/api/v1/complaints', {
      customerId,
      title: 'x',
      category: 'weather',
      channel: 'phone',
      description: 'x',
    });
    expect(unknownCategory.statusCode).toBe(400);
    expect(unknownCategory.json().error.field).toBe('body.category');
    const others = await t.ownerDb.execute<{ id: string }>(sql`select id from customers where owner_id = ${t.ids['rep2']} limit 1`);
    const outOfScope = await rep.post('/api/v1/complaints', {
      customerId: others.rows[0]!.id,
      title: 'x',
      category: 'billing',
      channel: 'email',
      description: 'x',
    });
    expect(outOfScope.statusCode).toBe(400);
    expect(outOfScope.json().error.field).toBe('body.customerId');
    const future = await rep.post('/api/v1/complaints', {
      customerId,
      title: 'x',
      category: 'billing',
      channel: 'email',
      description: 'x',
      openedAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.field).toBe('body.openedAt');
    expect(await t.snapshot()).toBe(before);
  });

  it('R-SVC-1: the sweep warns the owner at 75 %, tells the supervisor at breach and the manager at 2×, each once, on business hours', async () => {
    const complaint = await logComplaint('节前投诉');
    // Logged at 17:30 on the day before the National Day holiday.
    await t.ownerDb.execute(
      sql`update complaints set opened_at = ${at('2026-09-30T17:30')}, sla_next_at = ${at('2026-10-08T10:00')} where id = ${complaint.id}`,
    );
    const kinds = async () =>
      (
        await t.ownerDb.execute<{ kind: string }>(
          sql`select kind from complaint_events where complaint_id = ${complaint.id} and kind like 'sla_%' order by at, kind`,
        )
      ).rows.map((r) => r.kind);
    await sweepSla(t.db, at('2026-10-07T17:00'));
    expect(await kinds()).toEqual([]);
    const warningsBefore = await notificationsOf(t.ids['rep']!, 'service.sla_warning');
    await Promise.all([sweepSla(t.db, at('2026-10-08T10:00')), sweepSla(t.db, at('2026-10-08T10:01'))]);
    expect(await kinds()).toEqual(['sla_warning']);
    expect(await notificationsOf(t.ids['rep']!, 'service.sla_warning')).toBe(warningsBefore + 1);
    await sweepSla(t.db, at('2026-10-08T10:30'));
    expect(await kinds()).toEqual(['sla_warning', 'sla_breached']);
    expect(await notificationsOf(line.supervisor, 'service.sla_breached')).toBeGreaterThanOrEqual(1);
    await sweepSla(t.db, at('2026-10-08T12:29'));
    expect(await kinds()).toEqual(['sla_warning', 'sla_breached']);
    const managerBefore = await notificationsOf(line.manager, 'service.sla_escalated');
    await sweepSla(t.db, at('2026-10-08T12:30'));
    await sweepSla(t.db, at('2026-10-08T15:00'));
    expect(await kinds()).toEqual(['sla_warning', 'sla_breached', 'sla_escalated']);
    expect(await notificationsOf(line.manager, 'service.sla_escalated')).toBe(managerBefore + 1);
    // Each level is dated when the business-hours clock reached it, not when the sweep noticed.
    const times = await t.ownerDb.execute<{ kind: string; at: Date }>(
      sql`select kind, at from complaint_events where complaint_id = ${complaint.id} and kind like 'sla_%' order by at`,
    );
    expect(times.rows.map((r) => new Date(r.at).toISOString())).toEqual(
      [at('2026-10-08T10:00'), at('2026-10-08T10:30'), at('2026-10-08T12:30')].map((d) => d.toISOString()),
    );
    const breached = await rep.get(`/api/v1/complaints?sla=breached&pageSize=200`);
    expect(breached.json().items.map((c: { id: string }) => c.id)).toContain(complaint.id);
  });

  it('closes the loop: response, waiting on the customer, resolution with root cause, reopen, confirmation; a stale version is 409', async () => {
    let c = await logComplaint('质量问题', { category: 'product_quality', priority: 'critical' });
    const act = async (body: Record<string, unknown>, status = 200) => {
      const response = await rep.post(`/api/v1/complaints/${c.id}/actions`, { version: c.version, ...body });
      expect(response.statusCode, response.body).toBe(status);
      if (status === 200) c = response.json();
      return response;
    };
    const summary = (await rep.get(`/api/v1/customers/${customerId}/service`)).json();
    expect(summary.openCritical).toBeGreaterThanOrEqual(1);
    await act({ action: 'wait', note: '等客户提供批次号' });
    expect(c.status).toBe('waiting_customer');
    expect(c.sla.paused).toBe(true);
    await act({ action: 'resume' });
    expect(c.status).toBe('open');
    await act({ action: 'respond', note: '已致电客户' });
    expect(c.sla.met).toBe(true);
    expect((await act({ action: 'resolve', correctiveAction: '换货' }, 400)).json().error.field).toBe('body.rootCause');
    await act({ action: 'resolve', rootCause: '包装破损', correctiveAction: '更换包装供应商', resolution: '已换货' });
    expect(c.status).toBe('resolved');
    const stale = await rep.post(`/api/v1/complaints/${c.id}/actions`, { version: c.version - 1, action: 'confirm' });
    expect(stale.statusCode).toBe(409);
    expect((await act({ action: 'reopen' }, 400)).json().error.field).toBe('body.note');
    await act({ action: 'reopen', note: '客户仍不满意' });
    expect(c).toMatchObject({ status: 'in_progress', reopenCount: 1 });
    await act({ action: 'resolve', rootCause: '包装破损', correctiveAction: '更换包装供应商' });
    expect((await act({ action: 'respond' }, 422)).json().error.rule).toBe('SVC-FLOW');
    await act({ action: 'confirm' });
    expect(c.status).toBe('closed');
    expect(c.closedLoopMinutes).toBeGreaterThanOrEqual(0);
    expect(c.survey).toMatchObject({ answeredAt: null });
    expect(c.events.map((e: { kind: string }) => e.kind)).toEqual([
      'created',
      'wait',
      'resume',
      'respond',
      'resolve',
      'reopen',
      'resolve',
      'confirm',
      'survey_sent',
    ]);
    const feed = (await rep.get(`/api/v1/customers/${customerId}/feed?types=complaint&limit=100`)).json();
    expect(feed.items.some((e: { record: { id: string }; event: string }) => e.record.id === c.id && e.event === 'confirm')).toBe(true);

    // R-SVC-2: the customer answers on the public page, once; a detractor makes a follow-up task.
    const anonymous = t.app;
    const page = await anonymous.inject({ method: 'GET', url: `/api/v1/public/surveys/${c.survey.token}` });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({ status: 'open', csat: true, nps: true });
    expect(page.body).not.toContain(customerName);
    const tasksBefore = await t.ownerDb.execute<{ n: number }>(
      sql`select count(*)::int as n from follow_up_tasks where customer_id = ${customerId} and title like '满意度回访%'`,
    );
    const wrong = await anonymous.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${c.survey.token}`,
      payload: { csat: 2, answers: { nope: 'x' } },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.field).toBe('body.answers.nope');
    const answers = await Promise.all(
      [3, 4, 5].map((nps) =>
        anonymous.inject({ method: 'POST', url: `/api/v1/public/surveys/${c.survey.token}`, payload: { csat: 2, nps, comment: '太慢了' } }),
      ),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409, 409]);
    const tasksAfter = await t.ownerDb.execute<{ n: number }>(
      sql`select count(*)::int as n from follow_up_tasks where customer_id = ${customerId} and title like '满意度回访%'`,
    );
    expect(tasksAfter.rows[0]!.n).toBe(tasksBefore.rows[0]!.n + 1);
    expect((await anonymous.inject({ method: 'GET', url: `/api/v1/public/surveys/${c.survey.token}` })).json().status).toBe('answered');
    const results = (await rep.get(`/api/v1/survey-results?customerId=${customerId}`)).json();
    expect(results.overall.responses).toBeGreaterThanOrEqual(1);
    expect(results.recent[0]).toMatchObject({ csat: 2, detractor: true, customerName });
  });

  it('an unknown or malformed survey link is 404 or 400, never 500; an expired one is refused', async () => {
    const unknown = await t.app.inject({ method: 'GET', url: '/api/v1/public/surveys/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    expect(unknown.statusCode, unknown.body).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/public/surveys/x%00y' })).statusCode).toBe(400);
    const templates = (await ops.get('/api/v1/survey-templates')).json();
    const sent = await rep.post('/api/v1/surveys/send', { templateId: templates[0].id, customerId });
    expect(sent.statusCode, sent.body).toBe(201);
    await t.ownerDb.execute(sql`update survey_links set expires_at = now() - interval '1 minute' where token = ${sent.json().token}`);
    const late = await t.app.inject({ method: 'POST', url: `/api/v1/public/surveys/${sent.json().token}`, payload: { csat: 5 } });
    expect(late.statusCode).toBe(422);
  });
});
