import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { PerformanceReview } from '@xiaoguan/shared';
import { buildTestApp, type Client, type TestApp } from '../test/harness.js';
import { seedDemoPerformance } from './demo-performance.js';

let t: TestApp;
let rep: Client;
let manager: Client;
beforeAll(async () => {
  t = await buildTestApp();
  rep = await t.loginAs('rep');
  manager = await t.loginAs('manager');
  const seeded = await seedDemoPerformance(t.ownerDb, { now: new Date('2026-12-07T00:00:00Z') });
  expect(seeded.reviews).toBeGreaterThan(10);
});
afterAll(() => t.close());

describe('demo performance data (issue 19)', () => {
  it('the demo has two closed quarters of reviews with scores, feedback, acknowledgements and one pending appeal', async () => {
    const rows = await t.ownerDb.execute<{
      cycles: number;
      reviews: number;
      scored: number;
      feedback: number;
      acknowledged: number;
      appeals: number;
    }>(sql`
      select (select count(*)::int from review_cycles where status = 'closed') as cycles,
             count(*)::int as reviews, count(*) filter (where r.grade is not null)::int as scored,
             count(*) filter (where r.feedback_at is not null)::int as feedback, count(*) filter (where r.acknowledged_at is not null)::int as acknowledged,
             (select count(*)::int from review_appeals where status = 'pending') as appeals
        from performance_reviews r`);
    const demo = rows.rows[0]!;
    expect(demo.cycles).toBe(2);
    expect(demo.scored).toBe(demo.reviews);
    expect(demo.feedback).toBe(demo.reviews);
    expect(demo.acknowledged).toBeGreaterThan(demo.reviews / 2);
    expect(demo.appeals).toBe(1);
    // The manager sees the rep's appeal to decide.
    const mine = (await rep.get('/api/v1/performance-reviews?scope=mine')).json().rows;
    expect(mine.filter((r: { status: string }) => r.status === 'closed')).toHaveLength(2);
    const appealed = mine.find((r: { pendingAppeals: number }) => r.pendingAppeals > 0);
    const asManager = (await manager.get(`/api/v1/performance-reviews/${appealed.id}`)).json() as PerformanceReview;
    expect(asManager.abilities.decide).toBe(true);
  });
});
