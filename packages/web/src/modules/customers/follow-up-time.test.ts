import { describe, expect, it } from 'vitest';
import { dayjs } from '../../core/time';
import { followUpPickerValue } from './time';

/** Issue 16: picking a date for the next follow-up gives a working time, not 00:00. */
describe('follow-up picker value', () => {
  const now = dayjs('2026-12-07T14:37:00');
  it('a later date picked without a time is due at the working time', () => {
    expect(followUpPickerValue(dayjs('2026-12-09T00:00:00'), now, '10:00').format('YYYY-MM-DD HH:mm')).toBe('2026-12-09 10:00');
  });
  it('today, after the working time, the next full hour', () => {
    expect(followUpPickerValue(dayjs('2026-12-07T00:00:00'), now, '10:00').format('YYYY-MM-DD HH:mm')).toBe('2026-12-07 15:00');
    expect(followUpPickerValue(dayjs('2026-12-07T10:00:00'), now, '10:00').format('YYYY-MM-DD HH:mm')).toBe('2026-12-07 15:00');
  });
  it('a time the user chose stays', () => {
    expect(followUpPickerValue(dayjs('2026-12-08T16:30:00'), now, '10:00').format('YYYY-MM-DD HH:mm')).toBe('2026-12-08 16:30');
  });
});
