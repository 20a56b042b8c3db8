import type { SlaLevel } from '@xiaoguan/shared';
import { calendarDay, startOfCalendarDay } from '../../platform/time.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** No ticket waits more than a year of calendar days for its next threshold; a guard against a calendar without working days. */
const MAX_DAYS = 400;

/** The company's business calendar as R-SVC-1 reads it (service settings + the company time zone). */
export interface BusinessCalendar {
  timeZone: string;
  /** Minutes after local midnight the working day starts and ends (09:00 → 540, 18:00 → 1080). */
  startMinute: number;
  endMinute: number;
  /** ISO weekdays that are working days (1 = Monday … 7 = Sunday). */
  weekdays: ReadonlySet<number>;
  /** `YYYY-MM-DD`: public holidays (off even on a weekday) and make-up working days (调休: on even at a weekend). */
  holidays: ReadonlySet<string>;
  makeUpWorkdays: ReadonlySet<string>;
}

export interface SlaPause {
  from: Date;
  /** null: still waiting on the customer. */
  to: Date | null;
}

export interface SlaInput {
  openedAt: Date;
  /** The first response; the clock stops there. */
  respondedAt: Date | null;
  pauses: readonly SlaPause[];
  targetMinutes: number;
  /** The warning threshold, percent of the target (75). */
  warnPercent: number;
}

export interface SlaClock {
  elapsedMs: number;
  percent: number;
  level: SlaLevel;
  paused: boolean;
  /** When the target is reached if the clock keeps running from `now`; null once answered or while paused. */
  dueAt: Date | null;
  /** When the next level (warning, breach, 2× breach) is reached from `now`; null when none is ahead or paused. */
  nextLevelAt: Date | null;
  met: boolean | null;
}

const dayKey = (day: number) => new Date(day).toISOString().slice(0, 10);

/** Whether a calendar day (UTC-midnight timestamp of the local date) is a working day: 调休 first, then holidays, then the weekday. */
export function isWorkingDay(calendar: BusinessCalendar, day: number): boolean {
  const key = dayKey(day);
  if (calendar.makeUpWorkdays.has(key)) return true;
  if (calendar.holidays.has(key)) return false;
  const weekday = ((new Date(day).getUTCDay() + 6) % 7) + 1;
  return calendar.weekdays.has(weekday);
}

// Day windows per calendar object: a sweep walks the same months of days for every due ticket.
const windowCache = new WeakMap<BusinessCalendar, Map<number, [number, number] | null>>();

/** The working window of a day as instants, or null on a day off. */
function windowOf(calendar: BusinessCalendar, day: number): [number, number] | null {
  let cache = windowCache.get(calendar);
  if (!cache) windowCache.set(calendar, (cache = new Map()));
  const known = cache.get(day);
  if (known !== undefined) return known;
  let window: [number, number] | null = null;
  if (isWorkingDay(calendar, day)) {
    const midnight = startOfCalendarDay(day, calendar.timeZone).getTime();
    window = [midnight + calendar.startMinute * MINUTE_MS, midnight + calendar.endMinute * MINUTE_MS];
  }
  if (cache.size > 10_000) cache.clear();
  cache.set(day, window);
  return window;
}

/** Business milliseconds between two instants (0 when `to` ≤ `from`). */
export function businessMsBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  if (to.getTime() <= from.getTime()) return 0;
  let total = 0;
  const lastDay = calendarDay(to, calendar.timeZone);
  for (let day = calendarDay(from, calendar.timeZone); day <= lastDay; day += DAY_MS) {
    const window = windowOf(calendar, day);
    if (!window) continue;
    const start = Math.max(window[0], from.getTime());
    const end = Math.min(window[1], to.getTime());
    if (end > start) total += end - start;
  }
  return total;
}

/** The instant `ms` business milliseconds after `from` (`from` itself for 0 when it lies in working time). */
export function addBusinessMs(calendar: BusinessCalendar, from: Date, ms: number): Date | null {
  let remaining = ms;
  const firstDay = calendarDay(from, calendar.timeZone);
  for (let day = firstDay; day < firstDay + MAX_DAYS * DAY_MS; day += DAY_MS) {
    const window = windowOf(calendar, day);
    if (!window) continue;
    const start = Math.max(window[0], from.getTime());
    if (start >= window[1]) continue;
    if (remaining <= window[1] - start) return new Date(start + remaining);
    remaining -= window[1] - start;
  }
  return null;
}

/**
 * R-SVC-1 (seed 003 三.3): the first response to a complaint is due within the target (2 hours) of
 * business time — working hours of working days, public holidays off, make-up Saturdays on — and
 * the clock stands still while the ticket waits on the customer. Warning at `warnPercent` of the
 * target, breach at 100 % (the owner's supervisor is told), escalation at 200 % (the manager).
 * The one place the SLA is computed: the queue, the ticket page and the sweep job all call it.
 */
export function slaClock(calendar: BusinessCalendar, input: SlaInput, now: Date): SlaClock {
  const stop = input.respondedAt && input.respondedAt.getTime() < now.getTime() ? input.respondedAt : now;
  let elapsed = businessMsBetween(calendar, input.openedAt, stop);
  let paused = false;
  for (const pause of input.pauses) {
    const from = new Date(Math.max(pause.from.getTime(), input.openedAt.getTime()));
    const to = pause.to && pause.to.getTime() < stop.getTime() ? pause.to : stop;
    elapsed -= businessMsBetween(calendar, from, to);
    if (!input.respondedAt && pause.to === null && pause.from.getTime() <= now.getTime()) paused = true;
  }
  elapsed = Math.max(0, elapsed);
  const target = input.targetMinutes * MINUTE_MS;
  const thresholds: [SlaLevel, number][] = [
    ['warning', (target * input.warnPercent) / 100],
    ['breached', target],
    ['escalated', target * 2],
  ];
  let level: SlaLevel = 'none';
  for (const [name, at] of thresholds) if (elapsed >= at) level = name;
  const running = !input.respondedAt && !paused;
  const next = thresholds.find(([, at]) => elapsed < at);
  return {
    elapsedMs: elapsed,
    percent: target > 0 ? Math.floor((elapsed * 100) / target) : 0,
    level,
    paused,
    dueAt: running && elapsed < target ? addBusinessMs(calendar, now, target - elapsed) : null,
    nextLevelAt: running && next ? addBusinessMs(calendar, now, next[1] - elapsed) : null,
    met: input.respondedAt ? elapsed <= target : null,
  };
}

/**
 * R-SVC-1: the instant the clock reached `thresholdMs` of business time — pauses skipped — or null
 * if it has not (still paused, or answered before). The timeline dates each level at this instant,
 * whenever the sweep notices it.
 */
export function thresholdReachedAt(calendar: BusinessCalendar, input: SlaInput, thresholdMs: number): Date | null {
  let cursor = input.openedAt;
  let remaining = thresholdMs;
  const pauses = [...input.pauses].sort((a, b) => a.from.getTime() - b.from.getTime());
  for (const pause of pauses) {
    if (pause.to && pause.to.getTime() <= cursor.getTime()) continue;
    const from = pause.from.getTime() > cursor.getTime() ? pause.from : cursor;
    const before = businessMsBetween(calendar, cursor, from);
    if (before >= remaining) break;
    remaining -= before;
    if (!pause.to) return null;
    cursor = pause.to;
  }
  const at = addBusinessMs(calendar, cursor, remaining);
  if (at && input.respondedAt && input.respondedAt.getTime() < at.getTime()) return null;
  return at;
}

/** The calendar from the service settings and the company zone. */
export function businessCalendar(
  settings: { workdayStart: string; workdayEnd: string; weekdays: number[]; holidays: string[]; makeUpWorkdays: string[] },
  timeZone: string,
): BusinessCalendar {
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  return {
    timeZone,
    startMinute: minutes(settings.workdayStart),
    endMinute: minutes(settings.workdayEnd),
    weekdays: new Set(settings.weekdays),
    holidays: new Set(settings.holidays),
    makeUpWorkdays: new Set(settings.makeUpWorkdays),
  };
}
