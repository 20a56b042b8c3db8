import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../test/harness.js';
import { alertRule } from '../platform/alerts/index.js';
import { seedDemoMarketChannels } from './demo-market-channels.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('demo market intelligence and channels (M10)', () => {
  it(
    'seeds a year of feedback with weekly reports, 20 partners in three tiers, registrations with one conflict, and rebate statements',
    { timeout: 180_000 },
    async () => {
      const seeded = await seedDemoMarketChannels(t.ownerDb, { now: new Date() });
      expect(seeded.partners).toBe(20);
      expect(seeded.feedback).toBeGreaterThan(1000);
      const reports = await t.db.execute<{ status: string; n: number }>(
        sql`select status, count(*)::int as n from market_reports group by status order by status`,
      );
      const teams = (await t.db.execute<{ n: number }>(sql`select count(*)::int as n from org_units where kind = 'team'`)).rows[0]!.n;
      expect(reports.rows).toEqual([
        { status: 'draft', n: teams },
        { status: 'published', n: 51 * teams },
      ]);
      const tiers = await t.db.execute<{ tier: string; n: number }>(
        sql`select tier, count(*)::int as n from channel_partners group by tier order by tier`,
      );
      expect(tiers.rows).toEqual([
        { tier: 'bronze', n: 10 },
        { tier: 'gold', n: 4 },
        { tier: 'silver', n: 6 },
      ]);
      const registrations = await t.db.execute<{ status: string }>(sql`select distinct status from deal_registrations order by status`);
      expect(registrations.rows.map((r) => r.status)).toEqual(['approved', 'expired', 'pending']);
      const conflicts = await alertRule('channels.conflict')!.evaluate({ db: t.db, now: new Date(), timeZone: 'Asia/Shanghai' }, {});
      expect(conflicts).toHaveLength(1);
      const statements = await t.db.execute<{ n: number }>(sql`select count(distinct period)::int as n from rebate_statements`);
      expect(statements.rows[0]!.n).toBe(2);
    },
  );
});
