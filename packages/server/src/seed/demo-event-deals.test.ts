import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../test/harness.js';
import { seedDemoEvents } from './demo-events.js';
import { seedDemoEventDeals } from './demo-event-deals.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('demo event deals and offers (issue 17 item 3)', () => {
  it('attributes attendees’ later orders to the closed events and gives each upcoming event an offer', async () => {
    await seedDemoEvents(t.ownerDb, { now: new Date('2026-12-01T00:00:00Z') });
    const attendee = await t.ownerDb.execute<{ customer_id: string; owner_id: string; starts_at: Date }>(sql`
      select ei.customer_id, c.owner_id, e.starts_at from event_invitations ei
        join events e on e.id = ei.event_id join customers c on c.id = ei.customer_id
       where e.status = 'closed' and ei.status = 'attended' order by e.starts_at, ei.id limit 1`);
    const a = attendee.rows[0]!;
    await t.ownerDb.execute(sql`insert into orders (number, customer_id, owner_id, amount_cents, ordered_at)
      values ('DEMO-EV-1', ${a.customer_id}, ${a.owner_id}, 880000, ${new Date(new Date(a.starts_at).getTime() + 86_400_000)})`);
    const result = await seedDemoEventDeals(t.ownerDb);
    expect(result.deals).toBeGreaterThanOrEqual(1);
    expect(result.offers).toBe(2);
    const offer = await t.ownerDb.execute(sql`select kind, percent_off_bp from promotions where event_id is not null`);
    expect(offer.rows).toEqual([
      { kind: 'event', percent_off_bp: 1000 },
      { kind: 'event', percent_off_bp: 1000 },
    ]);
  });
});
