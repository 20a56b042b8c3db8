import { describe, expect, it } from 'vitest';
import { checkInTime } from './check-in-rules.js';

const now = new Date('2026-06-10T07:00:00Z');
const starts = new Date('2026-06-10T06:00:00Z');

describe('offline check-in time (issue 17 item 2)', () => {
  it('keeps the phone’s scan time of a queued scan', () => {
    expect(checkInTime('2026-06-10T06:12:00Z', now, starts).toISOString()).toBe('2026-06-10T06:12:00.000Z');
  });
  it('uses the server time without a scan time, for a scan time in the future or older than a day', () => {
    expect(checkInTime(undefined, now, starts)).toBe(now);
    expect(checkInTime('2026-06-10T07:00:01Z', now, starts)).toBe(now);
    expect(checkInTime('2026-06-09T06:59:59Z', now, starts)).toBe(now);
  });
  it('uses the server time for a scan time long before the doors opened (a wrong phone clock)', () => {
    expect(checkInTime('2026-06-09T17:00:00Z', now, starts)).toBe(now);
  });
});
