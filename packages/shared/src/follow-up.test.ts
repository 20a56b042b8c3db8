import { describe, expect, it } from 'vitest';
import { clockMinutes, defaultFollowUpSlot } from './follow-up.js';

/** Issue 16: a follow-up picked by date defaults to a working time, never midnight or the past. */
describe('follow-up default time', () => {
  it('a later day gets the working time, not 00:00', () => {
    expect(defaultFollowUpSlot('2026-12-08', '2026-12-06', 15 * 60 + 20, '10:00')).toEqual({ day: '2026-12-08', minutes: 600 });
  });
  it('today before the working time gets the working time', () => {
    expect(defaultFollowUpSlot('2026-12-06', '2026-12-06', 8 * 60 + 5, '10:00')).toEqual({ day: '2026-12-06', minutes: 600 });
  });
  it('today after the working time gets the next full hour', () => {
    expect(defaultFollowUpSlot('2026-12-06', '2026-12-06', 14 * 60 + 37, '10:00')).toEqual({ day: '2026-12-06', minutes: 15 * 60 });
    expect(defaultFollowUpSlot('2026-12-06', '2026-12-06', 10 * 60, '10:00')).toEqual({ day: '2026-12-06', minutes: 11 * 60 });
  });
  it('today in the last hour rolls to tomorrow at the working time; a past day to today', () => {
    expect(defaultFollowUpSlot('2026-12-31', '2026-12-31', 23 * 60 + 10, '09:30')).toEqual({ day: '2027-01-01', minutes: 570 });
    expect(defaultFollowUpSlot('2026-12-01', '2026-12-06', 7 * 60, '10:00')).toEqual({ day: '2026-12-06', minutes: 600 });
  });
  it('reads HH:mm', () => {
    expect(clockMinutes('09:30')).toBe(570);
    expect(clockMinutes('00:00')).toBe(0);
  });
});
