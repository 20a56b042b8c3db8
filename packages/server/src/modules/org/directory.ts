import type { Database } from '../../platform/db/client.js';
import { onAnnounce } from '../../platform/db/cache-bus.js';

export interface DirectoryUser {
  displayName: string;
  /** The user's reporting line `/director/manager/…/self/` (R-SEC-1 masking reads it). */
  linePath: string;
}

export interface Directory {
  user(id: string | null): DirectoryUser | undefined;
  unitName(id: string | null): string | null;
}

const TTL_MS = 5_000;

interface Snapshot {
  at: number;
  generation: number;
  users: Map<string, DirectoryUser>;
  units: Map<string, string>;
}

let generation = 0;
// Per database: a process normally has one, but tests and scripts may hold several.
const cached = new WeakMap<Database, Snapshot>();
const loading = new WeakMap<Database, Promise<Snapshot>>();

async function load(db: Database): Promise<Snapshot> {
  let pending = loading.get(db);
  if (!pending) {
    // A write announced while this load runs leaves the snapshot stale: the next call loads again.
    const startedAt = generation;
    pending = (async () => {
      try {
        const [users, units] = await Promise.all([
          db.$client.query<{ id: string; display_name: string; line_path: string }>('select id, display_name, line_path from users'),
          db.$client.query<{ id: string; name: string }>('select id, name from org_units'),
        ]);
        const snapshot = {
          at: Date.now(),
          generation: startedAt,
          users: new Map(users.rows.map((row) => [row.id, { displayName: row.display_name, linePath: row.line_path }])),
          units: new Map(units.rows.map((row) => [row.id, row.name])),
        };
        cached.set(db, snapshot);
        return snapshot;
      } finally {
        loading.delete(db);
      }
    })();
    loading.set(db, pending);
  }
  return pending;
}

/**
 * Names and reporting lines of every user and unit, held in this process for the lists: fifty rows
 * that each join users and org_units cost PostgreSQL half of the page's query (measured on the
 * customer list). A department has at most some ten thousand users, a megabyte or two.
 *
 * Org writes clear it at once, in this process and (through the cache bus) in the others; without
 * the bus it still expires within the TTL. An id it has not seen (a user created elsewhere a moment ago)
 * reloads it before answering, so a new owner is never shown nameless.
 */
export async function getDirectory(
  db: Database,
  ids: { userIds?: (string | null)[]; unitIds?: (string | null)[] } = {},
): Promise<Directory> {
  const known = cached.get(db);
  let current = known && Date.now() - known.at <= TTL_MS && generation === known.generation ? known : await load(db);
  // Owner and team ids are foreign keys: an id not in the directory exists, it is just newer.
  const missing =
    ids.userIds?.some((id) => id !== null && !current.users.has(id)) || ids.unitIds?.some((id) => id !== null && !current.units.has(id));
  if (missing) current = await load(db);
  const { users, units } = current;
  return {
    user: (id) => (id === null ? undefined : users.get(id)),
    unitName: (id) => (id === null ? null : (units.get(id) ?? null)),
  };
}

/** Forget the directory: an org write (names, units, reporting lines) in this or another process. */
export function invalidateDirectory(): void {
  generation++;
}
onAnnounce('directory', invalidateDirectory);
