import { describe, expect, it } from 'vitest';
import { bookingsDropped, dropWeeks } from './contracts.alerts.js';

describe('R-RSK-1 contracts.bookingsDrop (pure)', () => {
  it('R-RSK-1 bookingsDropped: more than X % under the trailing 4-week average; no average, no drop', () => {
    expect(bookingsDropped(69_99, [100_00, 100_00, 100_00, 100_00], 30)).toBe(true);
    expect(bookingsDropped(70_00, [100_00, 100_00, 100_00, 100_00], 30)).toBe(false);
    expect(bookingsDropped(0, [0, 0, 0, 40_00], 30)).toBe(true);
    expect(bookingsDropped(0, [0, 0, 0, 0], 30)).toBe(false);
    expect(bookingsDropped(0, [], 30)).toBe(false);
  });

  it('R-RSK-1 dropWeeks: last complete Monday–Sunday week and the four before it', () => {
    expect(dropWeeks('2031-03-12')).toEqual({
      weekStarts: ['2031-02-03', '2031-02-10', '2031-02-17', '2031-02-24', '2031-03-03'],
      lastWeek: { from: '2031-03-03', to: '2031-03-09' },
    });
    // On a Monday the week just ended is last week; on a Sunday the week before.
    expect(dropWeeks('2031-03-10').lastWeek.from).toBe('2031-03-03');
    expect(dropWeeks('2031-03-09').lastWeek.from).toBe('2031-02-24');
  });
});
