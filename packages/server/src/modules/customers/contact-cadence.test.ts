import { describe, expect, it } from 'vitest';
import { cadenceDueAt, cadenceStatus, DEFAULT_CADENCE, qualifies } from './contact-cadence.js';

const TZ = 'Asia/Shanghai';
// 2026-11-01 10:00 in Shanghai
const contact = new Date('2026-11-01T02:00:00Z');
const at = (localDate: string, time = '09:00') => new Date(`${localDate}T${time}:00+08:00`);
const status = (tier: 'A' | 'B' | 'C', now: Date, last: Date | null = contact, anchor = new Date('2026-10-01T00:00:00Z')) =>
  cadenceStatus(DEFAULT_CADENCE, { tier, lastQualifyingContactAt: last, anchorAt: anchor }, now, TZ);

describe('R-CUS-1 contact cadence', () => {
  it('A: a visit on day 0 keeps the customer current through day 14; day 15 is overdue', () => {
    expect(status('A', at('2026-11-15', '23:59')).overdue).toBe(false);
    const day15 = status('A', at('2026-11-16', '00:00'));
    expect(day15.overdue).toBe(true);
    expect(day15.overdueDays).toBe(1);
    expect(cadenceDueAt(DEFAULT_CADENCE, { tier: 'A', lastQualifyingContactAt: contact, anchorAt: contact }, TZ).toISOString()).toBe(
      '2026-11-15T16:00:00.000Z',
    );
  });
  it('B: 30 days; C: 90 days', () => {
    expect(status('B', at('2026-12-01')).overdue).toBe(false);
    expect(status('B', at('2026-12-02')).overdue).toBe(true);
    expect(status('C', at('2027-01-30')).overdue).toBe(false);
    expect(status('C', at('2027-01-31')).overdue).toBe(true);
  });
  it('days are counted in the company time zone, not UTC', () => {
    // 23:30 Shanghai on 11-01 is still 11-01 locally although it is 15:30 UTC
    const late = new Date('2026-11-01T15:30:00Z');
    expect(status('A', at('2026-11-15', '23:00'), late).overdue).toBe(false);
  });
  it('never contacted: counts from assignment', () => {
    const assigned = at('2026-11-10', '15:00');
    expect(status('A', at('2026-11-24'), null, assigned).overdue).toBe(false);
    expect(status('A', at('2026-11-25'), null, assigned).overdue).toBe(true);
  });
  it('only qualifying interaction types count: a call does not keep an A customer current, it does a B', () => {
    expect(qualifies(DEFAULT_CADENCE, 'A', 'call')).toBe(false);
    expect(qualifies(DEFAULT_CADENCE, 'A', 'visit')).toBe(true);
    expect(qualifies(DEFAULT_CADENCE, 'B', 'call')).toBe(true);
    expect(qualifies(DEFAULT_CADENCE, 'B', 'sms')).toBe(false);
    expect(qualifies(DEFAULT_CADENCE, 'C', 'wechat')).toBe(true);
  });
  it('overdue days grow by one each day', () => {
    expect(status('A', at('2026-11-20')).overdueDays).toBe(5);
  });
});
