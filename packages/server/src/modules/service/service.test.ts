import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';
import { sweepSla } from './complaints.service.js';
import { sendPeriodicSurveys } from './survey-revisits.service.js';
import { satisfactionDrop, satisfactionDropRule } from './service.alerts.js';
import { scoreSurveys } from './survey-score.js';

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

  it('R-SVC-1: one sweep raises every due ticket’s passed levels in bulk, each exactly once across concurrent and repeated runs', async () => {
    // 90 tickets due at 17:00 on a working day: 30 past the warning, 30 past the breach, 30 past 2×;
    // 10 of the breached ones already warned by an earlier sweep; 5 answered ones stay quiet.
    const now = at('2026-10-08T17:00');
    const created = await t.ownerDb.execute<{ id: string }>(sql`
      insert into complaints (number, title, category, priority, channel, description, customer_id, owner_id, status,
                              opened_at, first_response_at, sla_level, sla_next_at, created_at, updated_at)
      select 'TS-SWEEP-' || g, '批量巡检 ' || g, 'delivery_delay', 'normal', 'phone', '批量', ${customerId}, ${t.ids['rep']}, 'open',
             case when g <= 30 then ${at('2026-10-08T15:20')}::timestamptz when g <= 60 then ${at('2026-10-08T14:30')}::timestamptz
                  else ${at('2026-10-08T09:00')}::timestamptz end,
             case when g > 90 then ${at('2026-10-08T09:30')}::timestamptz end,
             case when g between 31 and 40 then 1 else 0 end,
             ${at('2026-10-08T16:00')}, now(), now()
        from generate_series(1, 95) g
      returning id`);
    const ids = created.rows.map((r) => r.id);
    await t.ownerDb.execute(sql`
      insert into complaint_events (complaint_id, kind, at)
      select id, 'sla_warning', ${at('2026-10-08T16:00')} from complaints where number ~ '^TS-SWEEP-(3[1-9]|40)$'`);
    const before = await t.ownerDb.execute<{ n: number }>(
      sql`select count(*)::int as n from notifications where link = any(${sql.param(ids.map((id) => `/complaints/${id}`))}::text[])`,
    );
    expect(before.rows[0]!.n).toBe(0);

    const runs = await Promise.all([sweepSla(t.db, now), sweepSla(t.db, now)]);
    const again = await sweepSla(t.db, new Date(now.getTime() + 60_000));
    const total = (key: 'warnings' | 'breaches' | 'escalations') => runs[0]![key] + runs[1]![key] + again[key];
    expect([total('warnings'), total('breaches'), total('escalations')]).toEqual([80, 60, 30]);

    const events = await t.ownerDb.execute<{ g: number; kind: string; n: number }>(sql`
      select substring(c.number from 'TS-SWEEP-(\\d+)')::int as g, e.kind, count(*)::int as n
        from complaints c join complaint_events e on e.complaint_id = c.id and e.kind like 'sla_%'
       where c.number like 'TS-SWEEP-%' group by 1, 2`);
    const told = await t.ownerDb.execute<{ g: number; kind: string; user_id: string; n: number }>(sql`
      select substring(c.number from 'TS-SWEEP-(\\d+)')::int as g, n.kind, n.user_id, count(*)::int as n
        from complaints c join notifications n on n.link = '/complaints/' || c.id
       where c.number like 'TS-SWEEP-%' group by 1, 2, 3`);
    const expected = (g: number) =>
      g > 90
        ? []
        : g <= 30
          ? ['sla_warning']
          : g <= 60
            ? ['sla_warning', 'sla_breached']
            : ['sla_warning', 'sla_breached', 'sla_escalated'];
    for (let g = 1; g <= 95; g += 1) {
      const kinds = events.rows.filter((r) => r.g === g);
      expect(kinds.every((r) => r.n === 1)).toBe(true);
      expect(kinds.map((r) => r.kind).sort()).toEqual(expected(g).sort());
      // Each level raised by the sweep tells its one person once (the pre-existing warnings told no one here).
      const notes = told.rows.filter((r) => r.g === g);
      const raisedHere = expected(g).filter((kind) => !(g >= 31 && g <= 40 && kind === 'sla_warning'));
      expect(notes.map((r) => r.kind).sort()).toEqual(raisedHere.map((kind) => `service.${kind}`).sort());
      expect(notes.every((r) => r.n === 1)).toBe(true);
      const whom = { 'service.sla_warning': t.ids['rep'], 'service.sla_breached': line.supervisor, 'service.sla_escalated': line.manager };
      for (const note of notes) expect(note.user_id).toBe(whom[note.kind as keyof typeof whom]);
    }
    const state = await t.ownerDb.execute<{ g: number; sla_level: number; next: boolean }>(sql`
      select substring(number from 'TS-SWEEP-(\\d+)')::int as g, sla_level, sla_next_at is not null as next
        from complaints where number like 'TS-SWEEP-%'`);
    for (const row of state.rows) {
      if (row.g > 90) expect(row.sla_level).toBe(0);
      else expect(row.sla_level).toBe(expected(row.g).length);
      // Past 2× nothing is ahead; before it the next level is scheduled.
      if (row.g <= 60) expect(row.next).toBe(true);
      if (row.g > 60 && row.g <= 90) expect(row.next).toBe(false);
    }
    await t.ownerDb.execute(sql`delete from complaints where number like 'TS-SWEEP-%'`);
  }, 60_000);

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
    // The queue reads the pauses with its rows: the ticket shows paused there too.
    const queued = (await rep.get(`/api/v1/complaints?status=waiting_customer&pageSize=100`)).json();
    expect(queued.items.find((row: { id: string }) => row.id === c.id)?.sla).toMatchObject({ paused: true, dueAt: null });
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

describe('periodic surveys, phone revisits, scores per product (issue 20 item 6)', () => {
  it('a periodic template needs a tier schedule; the job surveys each customer of a tier once per interval, across concurrent runs', async () => {
    const missing = await ops.post('/api/v1/survey-templates', {
      name: '季度回访',
      trigger: 'periodic',
      csat: true,
      nps: false,
      questions: [],
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.field).toBe('body.tierMonths');
    const created = await ops.post('/api/v1/survey-templates', {
      name: '季度满意度回访',
      trigger: 'periodic',
      csat: true,
      nps: true,
      questions: [],
      tierMonths: { A: 3 },
      script: '您好，我是您的客户经理，想占用您两分钟了解近期的服务体验。',
    });
    expect(created.statusCode, created.body).toBe(201);
    const templateId = created.json().id;
    expect(created.json()).toMatchObject({ tierMonths: { A: 3 }, script: expect.stringContaining('两分钟') });
    const due = await t.ownerDb.execute<{ n: number }>(
      sql`select count(*)::int as n from customers where tier = 'A' and owner_id is not null and status not in ('lost', 'lead')`,
    );
    const expected = Math.min(due.rows[0]!.n, 2000);
    expect(expected).toBeGreaterThan(0);
    const now = new Date();
    const [a, b] = await Promise.all([sendPeriodicSurveys(t.db, now), sendPeriodicSurveys(t.db, now)]);
    expect(a + b).toBe(expected);
    const twice = await t.ownerDb.execute<{ n: number }>(sql`
      select count(*)::int as n from (select customer_id from survey_links where template_id = ${templateId}
                                        group by customer_id having count(*) > 1) x`);
    expect(twice.rows[0]!.n).toBe(0);
    const tiers = await t.ownerDb.execute<{ tier: string }>(sql`
      select distinct c.tier from survey_links l join customers c on c.id = l.customer_id where l.template_id = ${templateId}`);
    expect(tiers.rows.map((r) => r.tier)).toEqual(['A']);
    // Two months on nothing is due; past the quarter every A customer is surveyed again.
    expect(await sendPeriodicSurveys(t.db, new Date(now.getTime() + 60 * 86_400_000))).toBe(0);
    expect(await sendPeriodicSurveys(t.db, new Date(now.getTime() + 93 * 86_400_000))).toBe(expected);
    await t.ownerDb.execute(sql`delete from survey_links where template_id = ${templateId}`);
    await t.ownerDb.execute(sql`update survey_templates set active = false where id = ${templateId}`);
  });

  it('an unanswered survey goes on the owner’s revisit list with its script; the phone answer is scored and a detractor gets a task', async () => {
    const templates = (await ops.get('/api/v1/survey-templates')).json() as { id: string; trigger: string }[];
    const templateId = templates.find((x) => x.trigger === 'ticket_closed')!.id;
    await ops.put(`/api/v1/survey-templates/${templateId}`, {
      ...templates.find((x) => x.id === templateId),
      script: '请问您对这次投诉的处理满意吗？',
    });
    const sent = [];
    for (let i = 0; i < 2; i += 1) sent.push((await rep.post('/api/v1/surveys/send', { templateId, customerId })).json().token as string);
    const fresh = (await rep.post('/api/v1/surveys/send', { templateId, customerId })).json().token as string;
    await t.ownerDb.execute(sql`update survey_links set sent_at = now() - interval '4 days' where token = any(${sql.param(sent)}::text[])`);
    const ids = (
      await t.ownerDb.execute<{ id: string; token: string }>(
        sql`select id, token from survey_links where token = any(${sql.param(sent)}::text[])`,
      )
    ).rows;
    const list = (await rep.get('/api/v1/survey-revisits')).json() as { id: string; script: string; customerId: string }[];
    const listed = list.filter((r) => ids.some((x) => x.id === r.id));
    expect(listed).toHaveLength(2);
    expect(listed[0]).toMatchObject({ customerId, script: '请问您对这次投诉的处理满意吗？' });
    expect(list.some((r) => r.id === fresh)).toBe(false);
    const freshId = (await t.ownerDb.execute<{ id: string }>(sql`select id from survey_links where token = ${fresh}`)).rows[0]!.id;
    expect(list.some((r) => r.id === freshId)).toBe(false); // sent today: not yet due

    const [first, second] = ids.map((x) => x.id);
    // Not the caller's customer: 404; a wrong answer: 400 naming the field, nothing written.
    expect((await (await t.loginAs('rep2')).post(`/api/v1/survey-revisits/${first}`, { outcome: 'answered', csat: 3 })).statusCode).toBe(
      404,
    );
    const before = await t.snapshot();
    const wrong = await rep.post(`/api/v1/survey-revisits/${first}`, { outcome: 'answered', csat: 9 });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.field).toBe('body.csat');
    expect(await t.snapshot()).toBe(before);

    const tasks = async () =>
      (
        await t.ownerDb.execute<{ n: number }>(
          sql`select count(*)::int as n from follow_up_tasks where customer_id = ${customerId} and title like '满意度回访%'`,
        )
      ).rows[0]!.n;
    const tasksBefore = await tasks();
    const answered = await rep.post(`/api/v1/survey-revisits/${first}`, {
      outcome: 'answered',
      csat: 2,
      nps: 5,
      comment: '电话回访：送货太慢',
    });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(await tasks()).toBe(tasksBefore + 1);
    expect((await rep.post(`/api/v1/survey-revisits/${first}`, { outcome: 'answered', csat: 5 })).statusCode).toBe(409);
    const declined = await rep.post(`/api/v1/survey-revisits/${second}`, { outcome: 'unreachable', note: '电话无人接听' });
    expect(declined.statusCode, declined.body).toBe(200);
    const after = (await rep.get('/api/v1/survey-revisits')).json() as { id: string }[];
    expect(after.some((r) => r.id === first || r.id === second)).toBe(false);
    const link = await t.ownerDb.execute<{ answered_by_id: string; csat: number }>(
      sql`select answered_by_id, csat from survey_links where id = ${first}`,
    );
    expect(link.rows[0]).toMatchObject({ answered_by_id: t.ids['rep'], csat: 2 });
    // The phone answer counts in the results like a link answer.
    const results = (await rep.get(`/api/v1/survey-results?customerId=${customerId}`)).json();
    expect(results.recent.some((r: { id: string }) => r.id === first)).toBe(true);
  });

  it('scores answers about an order per product on it, and per team and month', async () => {
    // An order of two products for the rep's customer, by hand.
    const products = await t.ownerDb.execute<{ id: string }>(sql`
      insert into products (code, name, list_price_cents, floor_price_cents)
      values ('SCORE-TEST-1', '测试净水器', 10000, 8000), ('SCORE-TEST-2', '测试滤芯', 10000, 8000) returning id`);
    const placed = await t.ownerDb.execute<{ id: string }>(sql`
      insert into orders (number, customer_id, owner_id, status, amount_cents, ordered_at)
      values ('DD-TEST-PRODUCT-SCORES', ${customerId}, ${t.ids['rep']}, 'accepted', 20000, '2031-02-20T02:00:00Z') returning id`);
    const o = { id: placed.rows[0]!.id, customer_id: customerId, owner_id: t.ids['rep']! };
    for (const [i, product] of products.rows.entries())
      await t.ownerDb.execute(sql`
        insert into order_lines (order_id, line_no, product_id, quantity, unit_price_cents, line_total_cents)
        values (${o.id}, ${i + 1}, ${product.id}, 1, 10000, 10000)`);
    const template = await t.ownerDb.execute<{ id: string }>(sql`select id from survey_templates order by created_at limit 1`);
    const from = '2031-03-01';
    for (const csat of [5, 4, 1]) {
      await t.ownerDb.execute(sql`
        insert into survey_links (template_id, token, customer_id, owner_id, order_id, sent_at, expires_at, answered_at, csat)
        values (${template.rows[0]!.id}, ${`producttest${csat}aaaaaaaaaaaaaaaaaaaa`}, ${o.customer_id}, ${o.owner_id}, ${o.id},
                '2031-03-02T02:00:00Z', '2031-03-20T02:00:00Z', '2031-03-03T02:00:00Z', ${csat})`);
    }
    const results = (await rep.get(`/api/v1/survey-results?from=${from}&to=2031-03-31`)).json();
    expect(results.byProduct.map((p: { productId: string }) => p.productId).sort()).toEqual(products.rows.map((p) => p.id).sort());
    expect(results.byProduct[0]).toMatchObject({ responses: 3, csat: 66.7 });
    expect(results.teamTrend).toEqual([expect.objectContaining({ month: '2031-03', responses: 3 })]);
  });
});

describe('feeding the rest: critical complaints and the satisfaction-drop alert (issue 20 item 7)', () => {
  it('lists open critical complaints in the caller’s reach for the home card and the customer badge', async () => {
    const critical = await logComplaint('整批产品漏水', { priority: 'critical' });
    const mine = (await rep.get('/api/v1/service/critical-complaints')).json();
    expect(mine.items.map((c: { id: string }) => c.id)).toContain(critical.id);
    expect(mine.count).toBeGreaterThanOrEqual(1);
    const other = (await (await t.loginAs('rep2')).get('/api/v1/service/critical-complaints')).json();
    expect(other.items.map((c: { id: string }) => c.id)).not.toContain(critical.id);
    expect((await rep.get(`/api/v1/customers/${customerId}/service`)).json().openCritical).toBeGreaterThanOrEqual(1);
    expect((await (await t.loginAs('admin')).get('/api/v1/service/critical-complaints')).statusCode).toBe(403);
  });

  it('R-RSK-1 satisfaction drop: raised when a rep’s CSAT falls by the threshold with enough answers in both windows', async () => {
    const scores = (values: number[]) => scoreSurveys(values.map((csat) => ({ csat, nps: null })));
    const limits = { dropPoints: 15, minAnswers: 5 };
    expect(satisfactionDrop(scores([2, 2, 3, 4, 5]), scores([5, 5, 5, 4, 4]), limits)).toBe(60);
    expect(satisfactionDrop(scores([4, 4, 4, 5, 3]), scores([5, 5, 5, 4, 4]), limits)).toBe(20); // 80 % after 100 %
    expect(satisfactionDrop(scores([5, 5, 5, 4, 3]), scores([5, 5, 4, 4, 4, 4, 2]), limits)).toBe(null); // 80 % after 85.7 %: 5.7 points
    expect(satisfactionDrop(scores([1, 1, 1, 1]), scores([5, 5, 5, 5, 5]), limits)).toBe(null); // four answers say nothing
  });

  it('R-RSK-1 satisfaction drop: the rule finds the rep from the answers of the two windows, and not with too few answers', async () => {
    const now = new Date('2032-06-30T04:00:00Z');
    const day = (daysAgo: number) => new Date(now.getTime() - daysAgo * 86_400_000);
    const template = await t.ownerDb.execute<{ id: string }>(sql`select id from survey_templates order by created_at limit 1`);
    let n = 0;
    const answer = async (daysAgo: number, csat: number) => {
      n += 1;
      await t.ownerDb.execute(sql`
        insert into survey_links (template_id, token, customer_id, owner_id, sent_at, expires_at, answered_at, csat)
        values (${template.rows[0]!.id}, ${`droptest${String(n).padStart(4, '0')}aaaaaaaaaaaaaaaaaaaa`}, ${customerId}, ${t.ids['rep']},
                ${day(daysAgo + 1)}, ${day(daysAgo - 10)}, ${day(daysAgo)}, ${csat})`);
    };
    for (const csat of [5, 5, 5, 4, 4]) await answer(45, csat);
    for (const csat of [2, 3, 4, 5]) await answer(5, csat);
    const evaluate = () =>
      satisfactionDropRule.evaluate({ db: t.db, now, timeZone: 'Asia/Shanghai' }, satisfactionDropRule.defaults.params);
    expect((await evaluate()).filter((f) => f.ownerId === t.ids['rep'])).toEqual([]); // four recent answers: too few to say
    await answer(3, 1);
    const findings = (await evaluate()).filter((f) => f.ownerId === t.ids['rep']);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      subjectKey: t.ids['rep'],
      severity: 'critical',
      message: { key: 'service.alertRules.satisfactionDrop.summary' },
      evidence: { csatBefore: 100, csatNow: 40, dropPoints: 60 },
    });
  });
});
