import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVICE_SETTINGS } from './service.settings.js';
import { addBusinessMs, businessCalendar, isWorkingDay, slaClock, thresholdReachedAt, type SlaInput } from './sla-clock.js';

const calendar = businessCalendar(DEFAULT_SERVICE_SETTINGS, 'Asia/Shanghai');
/** A Shanghai wall-clock time as an instant. */
const at = (local: string) => new Date(`${local}:00+08:00`);
const ticket = (openedAt: string, extra: Partial<SlaInput> = {}): SlaInput => ({
  openedAt: at(openedAt),
  respondedAt: null,
  pauses: [],
  targetMinutes: 120,
  warnPercent: 75,
  ...extra,
});

describe('R-SVC-1 first response within 2 business hours', () => {
  it('a complaint at 17:30 on the day before the National Day holiday is due at 10:30 on the first working day after it', () => {
    const input = ticket('2026-09-30T17:30');
    const evening = slaClock(calendar, input, at('2026-09-30T18:00'));
    expect(evening.elapsedMs).toBe(30 * 60_000);
    expect(evening.level).toBe('none');
    expect(evening.dueAt).toEqual(at('2026-10-08T10:30'));
    expect(evening.nextLevelAt).toEqual(at('2026-10-08T10:00'));
    // Through the holiday the clock does not move.
    expect(slaClock(calendar, input, at('2026-10-05T12:00')).elapsedMs).toBe(30 * 60_000);
    // Warning at 75 % (90 min), breach at 120 min, escalation at 240 min — all on 8 October.
    expect(slaClock(calendar, input, at('2026-10-08T09:59')).level).toBe('none');
    expect(slaClock(calendar, input, at('2026-10-08T10:00')).level).toBe('warning');
    expect(slaClock(calendar, input, at('2026-10-08T10:30')).level).toBe('breached');
    expect(slaClock(calendar, input, at('2026-10-08T10:30')).nextLevelAt).toEqual(at('2026-10-08T12:30'));
    expect(slaClock(calendar, input, at('2026-10-08T12:30')).level).toBe('escalated');
  });

  it('the clock stands still while the ticket waits on the customer', () => {
    const input = ticket('2026-11-02T10:00', { pauses: [{ from: at('2026-11-02T10:30'), to: at('2026-11-02T14:00') }] });
    const clock = slaClock(calendar, input, at('2026-11-02T15:00'));
    expect(clock.elapsedMs).toBe(90 * 60_000);
    expect(clock.level).toBe('warning');
    expect(clock.dueAt).toEqual(at('2026-11-02T15:30'));
    // Still waiting: paused, nothing due, the level does not rise however long the customer takes.
    const waiting = slaClock(
      calendar,
      ticket('2026-11-02T10:00', { pauses: [{ from: at('2026-11-02T10:30'), to: null }] }),
      at('2026-11-04T17:00'),
    );
    expect(waiting).toMatchObject({ paused: true, dueAt: null, nextLevelAt: null, level: 'none', elapsedMs: 30 * 60_000 });
  });

  it('a make-up Saturday (调休) is a working day; an ordinary Saturday is not', () => {
    expect(isWorkingDay(calendar, Date.parse('2026-10-10T00:00:00Z'))).toBe(true);
    expect(isWorkingDay(calendar, Date.parse('2026-10-17T00:00:00Z'))).toBe(false);
    expect(slaClock(calendar, ticket('2026-10-09T17:00'), at('2026-10-09T17:30')).dueAt).toEqual(at('2026-10-10T10:00'));
    expect(slaClock(calendar, ticket('2026-10-16T17:00'), at('2026-10-16T17:30')).dueAt).toEqual(at('2026-10-19T10:00'));
  });

  it('a complaint logged at the weekend starts its clock at 09:00 on Monday', () => {
    const input = ticket('2026-11-08T11:00');
    expect(slaClock(calendar, input, at('2026-11-09T09:00')).elapsedMs).toBe(0);
    expect(slaClock(calendar, input, at('2026-11-08T20:00')).dueAt).toEqual(at('2026-11-09T11:00'));
  });

  it('the first response stops the clock and says whether the target was met', () => {
    const met = slaClock(calendar, ticket('2026-11-02T09:00', { respondedAt: at('2026-11-02T10:59') }), at('2026-11-03T12:00'));
    expect(met).toMatchObject({ met: true, level: 'warning', dueAt: null, nextLevelAt: null });
    const late = slaClock(calendar, ticket('2026-11-02T09:00', { respondedAt: at('2026-11-02T11:30') }), at('2026-11-03T12:00'));
    expect(late).toMatchObject({ met: false, level: 'breached', percent: 125 });
  });

  it('adds business time across a weekend and the end of the working day', () => {
    expect(addBusinessMs(calendar, at('2026-11-06T17:00'), 2 * 3_600_000)).toEqual(at('2026-11-09T10:00'));
    expect(addBusinessMs(calendar, at('2026-11-06T18:00'), 0)).toEqual(at('2026-11-09T09:00'));
  });

  it('dates each level at the instant the clock reached it, skipping the pause', () => {
    const input = ticket('2026-11-02T10:00', { pauses: [{ from: at('2026-11-02T10:30'), to: at('2026-11-02T14:00') }] });
    expect(thresholdReachedAt(calendar, input, 90 * 60_000)).toEqual(at('2026-11-02T15:00'));
    expect(thresholdReachedAt(calendar, input, 20 * 60_000)).toEqual(at('2026-11-02T10:20'));
    expect(thresholdReachedAt(calendar, ticket('2026-09-30T17:30'), 240 * 60_000)).toEqual(at('2026-10-08T12:30'));
    expect(
      thresholdReachedAt(calendar, ticket('2026-11-02T10:00', { pauses: [{ from: at('2026-11-02T10:30'), to: null }] }), 90 * 60_000),
    ).toBeNull();
    expect(thresholdReachedAt(calendar, ticket('2026-11-02T10:00', { respondedAt: at('2026-11-02T10:45') }), 90 * 60_000)).toBeNull();
  });
});
