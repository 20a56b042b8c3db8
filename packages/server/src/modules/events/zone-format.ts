/** Wall-clock text of an instant in the company time zone, as a Chinese script or message reads it ("5月20日 14:00"). */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function formatInZone(instant: Date, timeZone: string, mode: 'datetime' | 'time' = 'datetime'): string {
  const key = `${timeZone}|${mode}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('zh-CN', {
      timeZone,
      ...(mode === 'datetime' ? { month: 'long', day: 'numeric' } : {}),
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(key, formatter);
  }
  return formatter.format(instant);
}
