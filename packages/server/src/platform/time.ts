const DAY_MS = 86_400_000;

function wallClock(instant: Date, timeZone: string) {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
    .formatToParts(instant)
    .reduce<Record<string, number>>((acc, p) => (p.type === 'literal' ? acc : ((acc[p.type] = Number(p.value)), acc)), {});
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms (+8 h for Asia/Shanghai). */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  return Date.UTC(w.year!, w.month! - 1, w.day!, w.hour!, w.minute!, w.second!) - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The calendar day of an instant in a zone, as the UTC-midnight timestamp of that date. */
export function calendarDay(instant: Date, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  return Date.UTC(w.year!, w.month! - 1, w.day!);
}

/** The instant a calendar day (UTC-midnight timestamp of the date) begins in a zone. */
export function startOfCalendarDay(day: number, timeZone: string): Date {
  return new Date(day - zoneOffsetMs(new Date(day), timeZone));
}

/** Midnight of `now`'s calendar day in a time zone (e.g. Asia/Shanghai), as an instant. */
export function startOfDayIn(now: Date, timeZone: string): Date {
  return startOfCalendarDay(calendarDay(now, timeZone), timeZone);
}

export const addDays = (day: number, days: number) => day + days * DAY_MS;
export const daysBetween = (fromDay: number, toDay: number) => Math.round((toDay - fromDay) / DAY_MS);
