import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../test/harness.js';
import { seedDemoEvents } from './demo-events.js';
import { seedDemoEventOps } from './demo-event-ops.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('demo event budgets and checklists (M3)', () => {
  it('every demo event has an approved budget and a checklist; past events their costs, within each line, feeding R-EVT-2', async () => {
    const now = new Date('2026-12-01T00:00:00Z');
    await seedDemoEvents(t.ownerDb, { now });
    expect(await seedDemoEventOps(t.ownerDb, { now })).toEqual({ budgets: 14, costs: 76 });
    const events = await t.db.execute<{ id: string; status: string; budget: string | null; tasks: number }>(sql`
      select e.id, e.status, b.status as budget, (select count(*)::int from event_prep_tasks p where p.event_id = e.id) as tasks
        from events e left join event_budgets b on b.event_id = e.id`);
    expect(events.rows.length).toBeGreaterThan(0);
    for (const row of events.rows) {
      expect(row.budget).toBe('approved');
      expect(row.tasks).toBe(7);
    }
    const over = await t.db.execute(sql`
      select l.id from event_budget_lines l join event_costs c on c.line_id = l.id group by l.id, l.amount_cents having sum(c.amount_cents) > l.amount_cents`);
    expect(over.rows).toHaveLength(0);
    // Each budget's history: the first version, and for some past events an approved revision whose lines are the budget's.
    const versions = await t.db.execute<{ event_id: string; number: number; total_cents: string; budget_cents: string }>(sql`
      select v.event_id, v.number, v.total_cents,
             (select sum(l.amount_cents) from event_budget_lines l where l.event_id = v.event_id) as budget_cents
        from event_budget_versions v
       where v.number = (select max(w.number) from event_budget_versions w where w.event_id = v.event_id)`);
    expect(versions.rows).toHaveLength(14);
    expect(versions.rows.filter((v) => v.number === 2).length).toBeGreaterThan(0);
    for (const v of versions.rows) expect(Number(v.total_cents)).toBe(Number(v.budget_cents));
    const manager = await t.loginAs('manager');
    const closed = events.rows.find((r) => r.status === 'closed')!;
    const metrics = (await manager.get(`/api/v1/events/${closed.id}/metrics`)).json();
    expect(metrics.eventCostCents).toBeGreaterThan(0);
    expect(metrics.invitationCostCents).toBeGreaterThan(0);
    expect(metrics.costPerAttendeeCents).toBe(Math.round(metrics.totalCostCents / metrics.attendees));
  });
});
