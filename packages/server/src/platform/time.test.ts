import { describe, expect, it } from 'vitest';
import { startOfDayIn } from './time.js';
import { nextRun } from './jobs/scheduler.js';

describe('company time zone', () => {
  it('start of day in Asia/Shanghai is 16:00 UTC of the previous day', () => {
    expect(startOfDayIn(new Date('2026-11-23T01:00:00Z'), 'Asia/Shanghai').toISOString()).toBe('2026-11-22T16:00:00.000Z');
    expect(startOfDayIn(new Date('2026-11-23T17:00:00Z'), 'Asia/Shanghai').toISOString()).toBe('2026-11-23T16:00:00.000Z');
  });
  it('cron schedules fire in the company zone', () => {
    expect(nextRun('30 3 * * *', new Date('2026-11-23T00:00:00Z'), 'Asia/Shanghai').toISOString()).toBe('2026-11-23T19:30:00.000Z');
  });
});
