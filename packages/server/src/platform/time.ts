const DAY_MS = 86_400_000;

// Building an Intl.DateTimeFormat costs ~100 µs: one per zone, reused.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function wallClock(instant: Date, timeZone: string) {
  return formatterFor(timeZone)
    .formatToParts(instant)
    .reduce<Record<string, number>>((acc, p) => (p.type === 'literal' ? acc : ((acc[p.type] = Number(p.value)), acc)), {});
}

const HOUR_MS = 3_600_000;
const offsets = new Map<string, number>();

/**
 * How far the zone's wall clock is ahead of UTC at an instant, in ms (+8 h for Asia/Shanghai).
 * Offsets only change on the hour (DST), so one lookup per zone and hour is cached.
 */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  const key = `${timeZone}|${Math.floor(instant.getTime() / HOUR_MS)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const w = wallClock(instant, timeZone);
    offset = Date.UTC(w.year!, w.month! - 1, w.day!, w.hour!, w.minute!, w.second!) - Math.floor(instant.getTime() / 1000) * 1000;
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/** The calendar day of an instant in a zone, as the UTC-midnight timestamp of that date. */
export function calendarDay(instant: Date, timeZone: string): number {
  const local = instant.getTime() + zoneOffsetMs(instant, timeZone);
  return local - (((local % DAY_MS) + DAY_MS) % DAY_MS);
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
