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

/** How many queued scans go in one request (the server takes up to 200). */
export const SYNC_BATCH = 200;

/**
 * Sends the pending scans oldest first, in batches of `SYNC_BATCH` (one request each — 1,000 queued
 * scans sync in seconds, issue 17 Speed); the server's check-in is idempotent, so a scan sent twice
 * (an answer lost on the way back) still checks in once. Each scan's outcome is applied; a batch that
 * cannot reach the server stops the sync and leaves the rest pending.
 */
export async function syncScans(
  eventId: string,
  send: (scans: QueuedScan[]) => Promise<SendOutcome[] | { kind: 'offline' }>,
): Promise<number> {
  const pending = (await queuedScans(eventId)).filter((scan) => scan.state === 'pending');
  let sent = 0;
  for (let start = 0; start < pending.length; start += SYNC_BATCH) {
    const batch = pending.slice(start, start + SYNC_BATCH);
    const outcomes = await send(batch);
    if (!Array.isArray(outcomes)) break;
    for (const [index, scan] of batch.entries()) {
      const outcome = outcomes[index] ?? { kind: 'offline' };
      if (outcome.kind === 'offline') continue;
      sent++;
      if (outcome.kind === 'done') await dropScan(scan.id);
      else await (await db()).put('scans', { ...scan, state: 'failed', error: outcome.error });
    }
  }
  return sent;
}
