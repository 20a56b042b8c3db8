import { describe, expect, it } from 'vitest';
import { splitWholeMonths, startOfDayIn } from './time.js';
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

describe('splitWholeMonths (month rows beside day rows, migration 0062)', () => {
  it('a calendar year is twelve whole months and no days', () => {
    expect(splitWholeMonths('2026-01-01', '2026-12-31')).toEqual({ months: { first: '2026-01-01', last: '2026-12-01' }, days: [] });
  });
  it('a range starting and ending mid-month: the whole months between, the partial days at both ends', () => {
    expect(splitWholeMonths('2026-01-15', '2026-03-10')).toEqual({
      months: { first: '2026-02-01', last: '2026-02-01' },
      days: [
        { from: '2026-01-15', to: '2026-01-31' },
        { from: '2026-03-01', to: '2026-03-10' },
      ],
    });
  });
  it('a range inside one month, or across a month boundary without a whole month, is days only', () => {
    expect(splitWholeMonths('2026-01-15', '2026-01-20')).toEqual({ months: null, days: [{ from: '2026-01-15', to: '2026-01-20' }] });
    expect(splitWholeMonths('2026-01-31', '2026-02-01')).toEqual({ months: null, days: [{ from: '2026-01-31', to: '2026-02-01' }] });
  });
  it('February of a leap year ends on the 29th; a month ending on the 28th there is partial', () => {
    expect(splitWholeMonths('2028-02-01', '2028-02-29')).toEqual({ months: { first: '2028-02-01', last: '2028-02-01' }, days: [] });
    expect(splitWholeMonths('2028-02-01', '2028-02-28')).toEqual({ months: null, days: [{ from: '2028-02-01', to: '2028-02-28' }] });
  });
  it('open-ended into the past: every month before the partial one, then its days', () => {
    expect(splitWholeMonths(null, '2026-03-10')).toEqual({
      months: { first: '0001-01-01', last: '2026-02-01' },
      days: [{ from: '2026-03-01', to: '2026-03-10' }],
    });
    expect(splitWholeMonths(null, '2026-03-31')).toEqual({ months: { first: '0001-01-01', last: '2026-03-01' }, days: [] });
  });
  it('an empty range (from after to) reads nothing', () => {
    expect(splitWholeMonths('2026-02-01', '2026-01-31')).toEqual({ months: null, days: [] });
  });
});
