/**
 * When a next follow-up picked by date alone is due (issue 16): at the company's working time
 * (setting `followUpTime`, default 10:00); picked for today after that time, at the next full hour;
 * past the last hour of today, tomorrow at the working time. Never midnight, never in the past.
 * Pure: days are company-zone calendar dates (YYYY-MM-DD), times minutes after midnight.
 */
export function defaultFollowUpSlot(
  pickedDay: string,
  today: string,
  nowMinutes: number,
  followUpTime: string,
): { day: string; minutes: number } {
  const working = clockMinutes(followUpTime);
  if (pickedDay > today || nowMinutes < working) return { day: pickedDay < today ? today : pickedDay, minutes: working };
  const nextHour = (Math.floor(nowMinutes / 60) + 1) * 60;
  if (nextHour < 24 * 60) return { day: today, minutes: nextHour };
  return { day: nextDay(today), minutes: working };
}

/** "HH:mm" → minutes after midnight. */
export function clockMinutes(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

function nextDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year!, month! - 1, date! + 1)).toISOString().slice(0, 10);
}
