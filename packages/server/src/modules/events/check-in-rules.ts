/** How far back an offline scan's own time is believed (a phone queued it while the hall had no network). */
export const OFFLINE_SCAN_WINDOW_MS = 24 * 3_600_000;

/**
 * The check-in time to record (issue 17 item 2): the phone's scan time when it queued the scan
 * offline — if it is not in the future and not older than a day — else the server's time. A phone
 * clock that is off cannot push a check-in into the future or back before the doors opened.
 */
export function checkInTime(clientAt: string | undefined, now: Date, eventStartsAt: Date): Date {
  if (!clientAt) return now;
  const at = new Date(clientAt);
  if (Number.isNaN(at.getTime()) || at > now || now.getTime() - at.getTime() > OFFLINE_SCAN_WINDOW_MS) return now;
  const doorsOpen = new Date(eventStartsAt.getTime() - 12 * 3_600_000);
  return at < doorsOpen ? now : at;
}
