import type { Dayjs } from 'dayjs';
import { defaultFollowUpSlot } from '@xiaoguan/shared';
import { dayjs, inZone } from '../../core/time';

/**
 * Date pickers show wall-clock times of the browser; the app means the company's time zone
 * (SPEC §3). A picked "2025-05-01 10:00" is 10:00 in the company's zone, sent with its offset.
 */
export function pickerToIso(value: Dayjs, timeZone: string): string {
  return dayjs.tz(value.format('YYYY-MM-DDTHH:mm:ss'), timeZone).format();
}

/** An instant as a picker value showing the company's wall-clock time. */
export function isoToPicker(value: string | Date, timeZone: string): Dayjs {
  return dayjs(inZone(value, timeZone).format('YYYY-MM-DDTHH:mm:ss'));
}

export function nowPicker(timeZone: string): Dayjs {
  return isoToPicker(new Date(), timeZone);
}

/** "1234.5" (yuan, as typed) → 123450 cents, on integers only; null when empty, NaN when not a number. */
export function yuanToCents(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const text = String(value).trim();
  const match = /^(-?)(\d+)(?:\.(\d{0,2})\d*)?$/.exec(text);
  if (!match) return Number.NaN;
  const cents = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -cents : cents;
}

/** 123450 cents → "1234.50" for an input. */
export function centsToYuan(cents: number | null | undefined): string | undefined {
  if (cents === null || cents === undefined) return undefined;
  const negative = cents < 0;
  const absolute = Math.abs(cents);
  return `${negative ? '-' : ''}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}`;
}

/**
 * A picked next follow-up (issue 16): a date whose time was left at midnight, or at the working
 * time on a day that has passed it, becomes the company's working time (default 10:00) or, today
 * after it, the next full hour. A time the user chose stays as chosen.
 */
export function followUpPickerValue(picked: Dayjs, now: Dayjs, followUpTime: string): Dayjs {
  const midnight = picked.hour() === 0 && picked.minute() === 0;
  const defaultedIntoPast = picked.format('HH:mm') === followUpTime && picked.isBefore(now);
  return midnight || defaultedIntoPast ? slotOf(picked, now, followUpTime) : picked;
}

function slotOf(picked: Dayjs, now: Dayjs, followUpTime: string): Dayjs {
  const slot = defaultFollowUpSlot(picked.format('YYYY-MM-DD'), now.format('YYYY-MM-DD'), now.hour() * 60 + now.minute(), followUpTime);
  return dayjs(`${slot.day}T00:00:00`).add(slot.minutes, 'minute');
}
