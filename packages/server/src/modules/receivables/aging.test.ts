import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { AGING_BOUNDARIES, agingBucket, agingBucketSql, companyToday, daysOverdue } from './aging.js';
import { buildTestApp, type TestApp } from '../../test/harness.js';
import { agingDayWindow } from './receivables-daily.js';

describe('R-AR-1 aging buckets', () => {
  it('R-AR-1 0 days overdue (due today or later) is current', () => {
    expect(agingBucket(0)).toBe('current');
    expect(agingBucket(-5)).toBe('current');
  });
  it('R-AR-1 1 and 30 days are the first overdue bucket', () => {
    expect(agingBucket(1)).toBe('d1_30');
    expect(agingBucket(30)).toBe('d1_30');
  });
  it('R-AR-1 31 and 60 days are 31–60', () => {
    expect(agingBucket(31)).toBe('d31_60');
    expect(agingBucket(60)).toBe('d31_60');
  });
  it('R-AR-1 61 and 90 days are 61–90', () => {
    expect(agingBucket(61)).toBe('d61_90');
    expect(agingBucket(90)).toBe('d61_90');
  });
  it('R-AR-1 91 days and more are over 90', () => {
    expect(agingBucket(91)).toBe('d90_plus');
    expect(agingBucket(4000)).toBe('d90_plus');
  });
});

describe('R-AR-1 days overdue in calendar days of the company zone', () => {
  it('R-AR-1 due on D: D is on time, D + 1 is one day overdue, across month and year ends', () => {
    expect(daysOverdue('2026-03-31', '2026-03-31')).toBe(0);
    expect(daysOverdue('2026-03-31', '2026-04-01')).toBe(1);
    expect(daysOverdue('2026-12-31', '2027-01-30')).toBe(30);
    expect(daysOverdue('2026-12-31', '2027-01-31')).toBe(31);
    expect(daysOverdue('2026-04-10', '2026-04-01')).toBe(0);
  });
  it('R-AR-1 over a leap day and the DST-free Shanghai zone counts whole days', () => {
    expect(daysOverdue('2028-02-28', '2028-03-01')).toBe(2);
  });
  it('R-AR-1 "today" is the Shanghai date: 23:30 UTC is already the next day there', () => {
    expect(companyToday(new Date('2026-05-31T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-05-31');
    expect(companyToday(new Date('2026-05-31T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-06-01');
    expect(daysOverdue('2026-05-31', companyToday(new Date('2026-05-31T16:00:00Z'), 'Asia/Shanghai'))).toBe(1);
  });
});

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('R-AR-1 the SQL CASE and the function agree', () => {
  it('R-AR-1 on every boundary (0, 1, 30, 31, 60, 61, 90, 91) and either side', async () => {
    const boundaries = AGING_BOUNDARIES.flatMap((b) => (b.maxDays === null ? [] : [b.maxDays - 1, b.maxDays, b.maxDays + 1]));
    const days = [...new Set([-1, ...boundaries, 365])];
    const result = await t.db.execute<{ days: number; bucket: string }>(
      sql`select d as days, ${agingBucketSql(sql`d`)} as bucket from unnest(${sql.param(days)}::int[]) as d`,
    );
    for (const row of result.rows) expect(row.bucket, `${row.days} days`).toBe(agingBucket(row.days));
    expect(result.rows).toHaveLength(days.length);
  });
});

describe('R-AR-1 aging from the month and day facts: the days whose bucket depends on the day', () => {
  it('runs from the month holding the day 90 days back to the end of the current month', () => {
    expect(agingDayWindow('2026-12-08')).toEqual({ from: '2026-09-01', to: '2026-12-31' });
    expect(agingDayWindow('2026-03-31')).toEqual({ from: '2025-12-01', to: '2026-03-31' });
    // 90 days before 1 March 2028 (a leap year) is 1 December 2027.
    expect(agingDayWindow('2028-03-01')).toEqual({ from: '2027-12-01', to: '2028-03-31' });
  });
});
