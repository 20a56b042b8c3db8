import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';
import { sendTaskReminders } from './interactions.service.js';

/** Issue 16: follow-ups are never in the past, show on "my day" before they are due, and remind an hour ahead. */
let t: TestApp;
let rep: Client;
beforeAll(async () => {
  t = await buildTestApp();
  rep = await t.loginAs('rep');
});
afterAll(() => t.close());

let counter = 0;
async function customer() {
  counter++;
  const response = await rep.post('/api/v1/customers', { kind: 'organization', name: `跟进时间测试${counter}号有限公司` });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string };
}

const HOUR = 3_600_000;

describe('next follow-up time', () => {
  it('a follow-up time in the past is refused naming the field, and nothing is written', async () => {
    const { id } = await customer();
    const before = await t.snapshot();
    const response = await rep.post(`/api/v1/customers/${id}/interactions`, {
      type: 'call',
      occurredAt: new Date().toISOString(),
      nextFollowUpAt: new Date(Date.now() - HOUR).toISOString(),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe('body.nextFollowUpAt');
    expect(await t.snapshot()).toBe(before);
  });

  it('a task due in the past is refused on create and on reschedule', async () => {
    const { id } = await customer();
    const past = await rep.post('/api/v1/tasks', { customerId: id, title: '回访', dueAt: new Date(Date.now() - 60_000).toISOString() });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.field).toBe('body.dueAt');
    const created = await rep.post('/api/v1/tasks', {
      customerId: id,
      title: '回访',
      dueAt: new Date(Date.now() + 5 * HOUR).toISOString(),
    });
    expect(created.statusCode, created.body).toBe(201);
    const moved = await rep.patch(`/api/v1/tasks/${created.json().id}`, {
      version: created.json().version,
      dueAt: new Date(Date.now() - HOUR).toISOString(),
    });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().error.field).toBe('body.dueAt');
  });

  it('a follow-up for tomorrow shows under "upcoming" on my day, not as due or overdue; its reminder comes an hour before', async () => {
    const { id } = await customer();
    const due = new Date(Date.now() + 26 * HOUR);
    const logged = await rep.post(`/api/v1/customers/${id}/interactions`, {
      type: 'visit',
      occurredAt: new Date().toISOString(),
      nextStep: '明天回访报价',
      nextFollowUpAt: due.toISOString(),
    });
    expect(logged.statusCode, logged.body).toBe(201);
    const day = (await rep.get('/api/v1/my-day')).json();
    expect(day.upcomingTasks.map((task: { title: string }) => task.title)).toContain('明天回访报价');
    expect(day.dueTasks.map((task: { title: string }) => task.title)).not.toContain('明天回访报价');
    expect(day.counts.upcoming).toBeGreaterThanOrEqual(1);
    const task = day.upcomingTasks.find((item: { title: string }) => item.title === '明天回访报价');
    expect(task.state).toBe('open');
    expect(new Date(task.remindAt).getTime()).toBe(due.getTime() - HOUR);

    await sendTaskReminders(t.db, new Date(due.getTime() - HOUR - 60_000));
    const early = await t.db.execute(
      sql`select count(*)::int as n from notifications where kind = 'tasks.reminder' and title = '明天回访报价'`,
    );
    expect(early.rows[0]!.n).toBe(0);
    await sendTaskReminders(t.db, new Date(due.getTime() - HOUR + 60_000));
    const onTime = await t.db.execute(
      sql`select count(*)::int as n from notifications where kind = 'tasks.reminder' and title = '明天回访报价'`,
    );
    expect(onTime.rows[0]!.n).toBe(1);
  });

  it('a follow-up 8 days out is not "upcoming"', async () => {
    const { id } = await customer();
    await rep.post(`/api/v1/customers/${id}/interactions`, {
      type: 'call',
      occurredAt: new Date().toISOString(),
      nextStep: '下下周再联系',
      nextFollowUpAt: new Date(Date.now() + 8 * 24 * HOUR + 2 * HOUR).toISOString(),
    });
    const day = (await rep.get('/api/v1/my-day')).json();
    expect(day.upcomingTasks.map((task: { title: string }) => task.title)).not.toContain('下下周再联系');
  });

  it('the sign-in answer carries the company follow-up time (default 10:00), which admin can change', async () => {
    expect((await rep.get('/api/v1/auth/me')).json().company.followUpTime).toBe('10:00');
    const admin = await t.loginAs('admin');
    const bad = await admin.patch('/api/v1/settings', { followUpTime: '25:00' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('body.followUpTime');
    expect((await admin.patch('/api/v1/settings', { followUpTime: '09:30' })).json().followUpTime).toBe('09:30');
    await admin.patch('/api/v1/settings', { followUpTime: '10:00' });
  });
});
