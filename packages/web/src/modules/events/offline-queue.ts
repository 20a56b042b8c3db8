import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/** A check-in scanned while the hall had no network (issue 17 item 2), kept in IndexedDB until it syncs. */
export interface QueuedScan {
  id: string;
  eventId: string;
  token?: string;
  invitationId?: string;
  /** When the staff scanned it (the server keeps it as the check-in time). */
  clientAt: string;
  /** pending: waits for the network; failed: the server refused it (the message says why). */
  state: 'pending' | 'failed';
  error?: string;
}

interface CheckInDb extends DBSchema {
  scans: { key: string; value: QueuedScan; indexes: { event: string } };
}

let opened: Promise<IDBPDatabase<CheckInDb>> | null = null;
function db() {
  opened ??= openDB<CheckInDb>('xiaoguan-check-in', 1, {
    upgrade(database) {
      database.createObjectStore('scans', { keyPath: 'id' }).createIndex('event', 'eventId');
    },
  });
  return opened;
}

export async function enqueueScan(scan: Omit<QueuedScan, 'id' | 'state'>): Promise<QueuedScan> {
  const queued: QueuedScan = { ...scan, id: crypto.randomUUID(), state: 'pending' };
  await (await db()).put('scans', queued);
  return queued;
}

export async function queuedScans(eventId: string): Promise<QueuedScan[]> {
  const all = await (await db()).getAllFromIndex('scans', 'event', eventId);
  return all.sort((a, b) => a.clientAt.localeCompare(b.clientAt));
}

export async function dropScan(id: string): Promise<void> {
  await (await db()).delete('scans', id);
}

/** The outcome of sending one queued scan: done (drop it), refused (keep it, shown as a conflict), or offline (stop). */
export type SendOutcome = { kind: 'done' } | { kind: 'refused'; error: string } | { kind: 'offline' };

/**
 * Sends the pending scans oldest first, one at a time; the server's check-in is idempotent, so a
 * scan sent twice (an answer lost on the way back) still checks in once. Stops at the first
 * network failure and leaves the rest pending.
 */
export async function syncScans(eventId: string, send: (scan: QueuedScan) => Promise<SendOutcome>): Promise<number> {
  let sent = 0;
  for (const scan of await queuedScans(eventId)) {
    if (scan.state !== 'pending') continue;
    const outcome = await send(scan);
    if (outcome.kind === 'offline') break;
    sent++;
    if (outcome.kind === 'done') await dropScan(scan.id);
    else await (await db()).put('scans', { ...scan, state: 'failed', error: outcome.error });
  }
  return sent;
}
