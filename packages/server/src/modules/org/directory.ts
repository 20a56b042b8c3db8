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
  users: Map<string, DirectoryUser>;
  units: Map<string, string>;
}

let cached: Snapshot | null = null;
let loading: Promise<Snapshot> | null = null;

async function load(db: Database): Promise<Snapshot> {
  loading ??= (async () => {
    try {
      const [users, units] = await Promise.all([
        db.$client.query<{ id: string; display_name: string; line_path: string }>('select id, display_name, line_path from users'),
        db.$client.query<{ id: string; name: string }>('select id, name from org_units'),
      ]);
      cached = {
        at: Date.now(),
        users: new Map(users.rows.map((row) => [row.id, { displayName: row.display_name, linePath: row.line_path }])),
        units: new Map(units.rows.map((row) => [row.id, row.name])),
      };
      return cached;
    } finally {
      loading = null;
    }
  })();
  return loading;
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
export async function getDirectory(db: Database, ids: { userIds?: (string | null)[]; unitIds?: (string | null)[] } = {}): Promise<Directory> {
  let current = cached && Date.now() - cached.at <= TTL_MS ? cached : await load(db);
  const missing = ids.userIds?.some((id) => id !== null && !current.users.has(id)) || ids.unitIds?.some((id) => id !== null && !current.units.has(id));
  if (missing && current.at < Date.now() - 100) current = await load(db);
  const { users, units } = current;
  return {
    user: (id) => (id === null ? undefined : users.get(id)),
    unitName: (id) => (id === null ? null : (units.get(id) ?? null)),
  };
}

/** Forget the directory: an org write (names, units, reporting lines) in this or another process. */
export function invalidateDirectory(): void {
  cached = null;
}
onAnnounce('directory', invalidateDirectory);
