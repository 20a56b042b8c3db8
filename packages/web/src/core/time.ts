import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** An instant shown in the company's time zone (SPEC §3: dates in the company's time zone). */
export function inZone(value: string | Date, timeZone: string = DEFAULT_TIME_ZONE): dayjs.Dayjs {
  return dayjs(value).tz(timeZone);
}

export function formatDateTime(value: string | Date, timeZone: string = DEFAULT_TIME_ZONE, withSeconds = false): string {
  return inZone(value, timeZone).format(withSeconds ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD HH:mm');
}

export function formatDate(value: string | Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  return inZone(value, timeZone).format('YYYY-MM-DD');
}

export { dayjs };
