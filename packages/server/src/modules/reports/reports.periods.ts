import type { ReportPeriodKind } from '@xiaoguan/shared';
import { calendarDay, startOfCalendarDay } from '../../platform/time.js';

/** Company-zone days, inclusive. */
export interface Range {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const dayOf = (date: string) => Date.parse(`${date}T00:00:00Z`);
const dateOf = (day: number) => new Date(day).toISOString().slice(0, 10);
const monthRange = (year: number, month0: number, length: number): Range => ({
  from: dateOf(Date.UTC(year, month0, 1)),
  to: dateOf(Date.UTC(year, month0 + length, 0)),
});

/**
 * The report's period containing `date`, the one before it (week-on-week, month-on-month,
 * quarter-on-quarter) and the same period a year earlier (YoY). Weeks run Monday to Sunday; a week's
 * year-earlier twin is 52 weeks back, so weekdays line up.
 */
export function reportRanges(kind: ReportPeriodKind, date: string): { range: Range; previous: Range; lastYear: Range } {
  if (kind === 'weekly') {
    const day = dayOf(date);
    const monday = day - ((new Date(day).getUTCDay() + 6) % 7) * DAY_MS;
    const week = (start: number): Range => ({ from: dateOf(start), to: dateOf(start + 6 * DAY_MS) });
    return { range: week(monday), previous: week(monday - 7 * DAY_MS), lastYear: week(monday - 364 * DAY_MS) };
  }
  const [y, m] = date.split('-').map(Number) as [number, number];
  const length = kind === 'monthly' ? 1 : 3;
  const first = kind === 'monthly' ? m - 1 : Math.floor((m - 1) / 3) * 3;
  return {
    range: monthRange(y, first, length),
    previous: monthRange(y, first - length, length),
    lastYear: monthRange(y - 1, first, length),
  };
}

/** A day inside the last complete period before `today` (what a report shows when no date is asked). */
export function lastCompleteDate(kind: ReportPeriodKind, today: string): string {
  const { previous } = reportRanges(kind, today);
  return previous.from;
}

/** Scheduled delivery time of day, company time: a report goes out at 08:00. */
const DELIVERY_HOUR = 8;

/**
 * The schedule of a subscription (issue 18 item 4): weekly reports go out Monday 08:00 company time
 * with last week, monthly on the 1st with last month, quarterly on the quarter's first day with last
 * quarter. `due` is the latest delivery at or before `now` and the period it carries; `next` the
 * following one. A server that was down catches up only `due` — the latest — never every missed run.
 */
export function deliverySchedule(kind: ReportPeriodKind, now: Date, timeZone: string): { due: { at: Date; range: Range }; next: Date } {
  const today = calendarDay(now, timeZone);
  const at = (day: number) => new Date(startOfCalendarDay(day, timeZone).getTime() + DELIVERY_HOUR * 3_600_000);
  // Candidate delivery days: this period's first day, the one before, the one after.
  const starts = (offset: number): number => {
    const date = new Date(today);
    if (kind === 'weekly') return today - ((date.getUTCDay() + 6) % 7) * DAY_MS + offset * 7 * DAY_MS;
    const length = kind === 'monthly' ? 1 : 3;
    const first = kind === 'monthly' ? date.getUTCMonth() : Math.floor(date.getUTCMonth() / 3) * 3;
    return Date.UTC(date.getUTCFullYear(), first + offset * length, 1);
  };
  const current = starts(0);
  const dueDay = now.getTime() >= at(current).getTime() ? current : starts(-1);
  const nextDay = dueDay === current ? starts(1) : current;
  return { due: { at: at(dueDay), range: reportRanges(kind, dateOf(dueDay - DAY_MS)).range }, next: at(nextDay) };
}
