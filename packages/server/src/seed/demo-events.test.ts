import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../test/harness.js';
import { seedDemoEvents } from './demo-events.js';
import { computeEventMetrics } from '../modules/events/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('demo events (M3)', () => {
  it('seeds twelve closed events over the year with outcomes and check-ins and two still inviting, consistent with R-EVT-2', async () => {
    const result = await seedDemoEvents(t.ownerDb, { now: new Date('2026-12-01T00:00:00Z') });
    expect(result).toEqual({ events: 14, invitations: 420 });
    const statuses = await t.db.execute<{ status: string; n: number }>(
      sql`select status, count(*)::int as n from events group by status order by status`,
    );
    expect(statuses.rows).toEqual([
      { status: 'closed', n: 12 },
      { status: 'inviting', n: 2 },
    ]);
    const rows = await t.db.execute<{
      status: 'attended';
      source: 'plan';
      acceptedAt: string | null;
      confirmedAt: string | null;
      checked: boolean;
    }>(
      sql`select i.status, i.source, i.accepted_at as "acceptedAt", i.confirmed_at as "confirmedAt", i.checked_in_at is not null as checked
            from event_invitations i join events e on e.id = i.event_id where e.status = 'closed'`,
    );
    const metrics = computeEventMetrics({
      invitations: rows.rows,
      deals: 0,
      bookedCents: 0,
      collectedCents: 0,
      invitationCostCents: 0,
      eventCostCents: 0,
    });
    expect(metrics.invitations).toBe(360);
    expect(metrics.attendees).toBeGreaterThan(20);
    expect(metrics.noShows).toBeGreaterThan(0);
    expect(rows.rows.filter((r) => r.checked).length).toBe(metrics.attendees);
  });
});
