import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../test/harness.js';
import { seedDemoService } from './demo-service.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('demo service data (issue 20)', () => {
  it('~300 complaints over the past year in every state, with breaches and escalations, and answered surveys', async () => {
    const seeded = await seedDemoService(t.ownerDb, { now: new Date() });
    expect(seeded.complaints).toBe(300);
    const states = await t.ownerDb.execute<{ status: string; n: number }>(
      sql`select status, count(*)::int as n from complaints group by status`,
    );
    const byStatus = Object.fromEntries(states.rows.map((r) => [r.status, r.n]));
    expect(Object.keys(byStatus).sort()).toEqual(['closed', 'in_progress', 'open', 'resolved', 'waiting_customer']);
    expect(Object.values(byStatus).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(290);
    const sla = await t.ownerDb.execute<{ breached: number; escalated: number; span: number }>(sql`
      select count(*) filter (where kind = 'sla_breached')::int as breached, count(*) filter (where kind = 'sla_escalated')::int as escalated,
             (select extract(day from max(opened_at) - min(opened_at))::int from complaints) as span
        from complaint_events`);
    expect(sla.rows[0]!.breached).toBeGreaterThan(10);
    expect(sla.rows[0]!.escalated).toBeGreaterThan(3);
    expect(sla.rows[0]!.span).toBeGreaterThan(300);
    const answers = await t.ownerDb.execute<{ n: number }>(sql`select count(*)::int as n from survey_links where answered_at is not null`);
    expect(answers.rows[0]!.n).toBeGreaterThan(100);
    // Numbering continues after the demo tickets.
    const director = await t.loginAs('director');
    const customer = await t.ownerDb.execute<{ id: string }>(sql`select id from customers where owner_id is not null limit 1`);
    const created = await director.post('/api/v1/complaints', {
      customerId: customer.rows[0]!.id,
      title: '编号测试',
      category: 'other',
      channel: 'email',
      description: 'x',
    });
    expect(created.statusCode, created.body).toBe(201);
  });
});
