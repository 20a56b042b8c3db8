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

/** Whole months (first days, inclusive) and leftover day ranges covering `from`..`to` (YYYY-MM-DD). */
export interface MonthSplit {
  months: { first: string; last: string } | null;
  days: { from: string; to: string }[];
}

/**
 * Splits an inclusive day range into the whole calendar months inside it and the days left over at
 * either end, so a sum over the range can read month rows for the months and day rows for the rest
 * (the monthly facts beside the daily ones, migration 0062). `to` null: open-ended into the past
 * (every month up to `to`'s). Empty range: no months and no days.
 */
export function splitWholeMonths(from: string | null, to: string): MonthSplit {
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const parse = (date: string) => Date.parse(`${date}T00:00:00Z`);
  if (from !== null && from > to) return { months: null, days: [] };
  const end = parse(to);
  const endDate = new Date(end);
  // The first day after the last whole month: `to` is its month's last day, or that month is partial.
  const lastOfMonth = Date.UTC(endDate.getUTCFullYear(), endDate.getUTCMonth() + 1, 0);
  const afterWhole = end === lastOfMonth ? end + DAY_MS : Date.UTC(endDate.getUTCFullYear(), endDate.getUTCMonth(), 1);
  let firstWhole: number | null = null;
  if (from !== null) {
    const start = new Date(parse(from));
    firstWhole = start.getUTCDate() === 1 ? parse(from) : Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1);
  }
  const days: MonthSplit['days'] = [];
  if (firstWhole !== null && firstWhole >= afterWhole) return { months: null, days: [{ from: from!, to }] };
  if (from !== null && parse(from) < firstWhole!) days.push({ from, to: iso(firstWhole! - DAY_MS) });
  if (afterWhole <= end) days.push({ from: iso(afterWhole), to });
  const lastMonth = new Date(afterWhole - DAY_MS);
  return {
    months: {
      first: firstWhole === null ? '0001-01-01' : iso(firstWhole),
      last: iso(Date.UTC(lastMonth.getUTCFullYear(), lastMonth.getUTCMonth(), 1)),
    },
    days,
  };
}
