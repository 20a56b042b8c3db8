import { describe, expect, it } from 'vitest';
import { deliverySchedule, lastCompleteDate, reportRanges } from './reports.periods.js';

const TZ = 'Asia/Shanghai';

describe('report periods', () => {
  it('a week runs Monday to Sunday; the previous week and the week 52 weeks back line up by weekday', () => {
    expect(reportRanges('weekly', '2030-03-13')).toEqual({
      range: { from: '2030-03-11', to: '2030-03-17' },
      previous: { from: '2030-03-04', to: '2030-03-10' },
      lastYear: { from: '2029-03-12', to: '2029-03-18' },
    });
  });

  it('a month compares with the month before (across a year end) and the same month last year', () => {
    expect(reportRanges('monthly', '2030-01-31')).toEqual({
      range: { from: '2030-01-01', to: '2030-01-31' },
      previous: { from: '2029-12-01', to: '2029-12-31' },
      lastYear: { from: '2029-01-01', to: '2029-01-31' },
    });
  });

  it('a quarter compares with the quarter before and the same quarter last year', () => {
    expect(reportRanges('quarterly', '2030-05-20')).toEqual({
      range: { from: '2030-04-01', to: '2030-06-30' },
      previous: { from: '2030-01-01', to: '2030-03-31' },
      lastYear: { from: '2029-04-01', to: '2029-06-30' },
    });
    expect(lastCompleteDate('quarterly', '2030-05-20')).toBe('2030-01-01');
  });
});

describe('delivery schedule (company time)', () => {
  it('weekly: Monday 08:00 carries last week; before 08:00 the due run is the Monday before', () => {
    // 2030-03-11 is a Monday; 07:59 in Shanghai is 23:59 UTC the day before.
    const before = deliverySchedule('weekly', new Date('2030-03-10T23:59:00Z'), TZ);
    expect(before.due.range).toEqual({ from: '2030-02-25', to: '2030-03-03' });
    expect(before.next.toISOString()).toBe('2030-03-11T00:00:00.000Z');
    const after = deliverySchedule('weekly', new Date('2030-03-11T00:00:00Z'), TZ);
    expect(after.due.at.toISOString()).toBe('2030-03-11T00:00:00.000Z');
    expect(after.due.range).toEqual({ from: '2030-03-04', to: '2030-03-10' });
    expect(after.next.toISOString()).toBe('2030-03-18T00:00:00.000Z');
  });

  it('monthly: the 1st at 08:00 carries last month; a server down for weeks still has one due run, the latest', () => {
    const late = deliverySchedule('monthly', new Date('2030-05-20T03:00:00Z'), TZ);
    expect(late.due.at.toISOString()).toBe('2030-05-01T00:00:00.000Z');
    expect(late.due.range).toEqual({ from: '2030-04-01', to: '2030-04-30' });
    expect(late.next.toISOString()).toBe('2030-06-01T00:00:00.000Z');
  });

  it('quarterly: the quarter’s first day carries the last quarter', () => {
    const run = deliverySchedule('quarterly', new Date('2030-01-01T00:30:00Z'), TZ);
    expect(run.due.range).toEqual({ from: '2029-10-01', to: '2029-12-31' });
    expect(run.next.toISOString()).toBe('2030-04-01T00:00:00.000Z');
  });
});
