import { useTimeZone } from '../core/session';
import { formatDate, formatDateTime } from '../core/time';

/** An instant in the company's time zone; the full time with seconds on hover. */
export function DateTimeText({ value, dateOnly = false }: { value: string | null | undefined; dateOnly?: boolean }) {
  const timeZone = useTimeZone();
  if (!value) return <span>—</span>;
  return (
    <time dateTime={value} title={`${formatDateTime(value, timeZone, true)} (${timeZone})`} style={{ whiteSpace: 'nowrap' }}>
      {dateOnly ? formatDate(value, timeZone) : formatDateTime(value, timeZone)}
    </time>
  );
}
