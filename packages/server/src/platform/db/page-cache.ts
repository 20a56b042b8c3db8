import { onAnnounce } from './cache-bus.js';
import type { Database } from './client.js';

/**
 * Whole response bodies of a hot list, kept while nothing they were read from has changed.
 *
 * The same list page is asked for again and again (a team's landing list, a refresh, the browser's
 * refetch on focus) and changes far more rarely than that. A page costs PostgreSQL an index walk and
 * Node the rows' parsing, presenting and serializing; a kept page costs one read of the table's
 * change counter. So a page is kept with the counter value it was read at and used while the
 * counter has not moved.
 *
 * Correctness, as reasoned and tested (page-cache.test.ts, customers.test.ts):
 * - Every statement that writes the table takes the next counter value and a shared
 *   transaction-level advisory lock `lockKey`, held until its transaction ends (migration 0013).
 * - `check` reads the counter, then, if it has moved since a value was last seen quiet, looks for
 *   `lockKey` in pg_locks: no holder means no transaction that has written the table is open. One
 *   check, started after they arrived, answers every request waiting for it.
 * - The page is then read in a later statement, so in a later snapshot. If no one held the lock, every
 *   write the counter value counts had committed (visible to that snapshot) or rolled back; any write
 *   after it moves the counter past the page. If the lock was held (an open import, an edit being
 *   saved), the page is served but not kept: after that commit the counter is unchanged, and a page
 *   kept then would miss the write.
 * - A page of some owners' records (`PageScope`) outlives writes to other owners' records: each
 *   writing statement also logs the owners it touched, before and after (`changeLog`, migration
 *   0014). When the counter has moved and no writer is open, a later statement looks in the log
 *   for those owners past the page's counter value; if there are none, the page is still right at
 *   the new value and is kept with it.
 * - Pages are also built from other per-process caches (names from the org directory, settings):
 *   their announcements (cache-bus.ts) drop every kept page, and a page is kept no longer than
 *   those caches keep what they hold (`ttlMs`).
 * - A page that depends on the clock (a cadence falling due at midnight) is kept until the
 *   earliest instant it would read differently, which the caller gives as `expiresAt`.
 * The key must hold everything else the body depends on: who asks (their scope and abilities) and
 * the exact query.
 */
interface Entry {
  version: string;
  generation: number;
  expiresAt: number;
  body: Buffer;
  scope: PageScope;
}

interface Check {
  version: string;
  quiet: boolean;
}

interface CheckState {
  current: Promise<Check> | null;
  next: Promise<Check> | null;
  /** The latest counter value seen with no writer open. */
  quietAt: string | null;
}

export class PageCache {
  private readonly entries = new Map<string, Entry>();
  private readonly revalidating = new Map<string, { entry: Entry; version: string; untouched: Promise<boolean> }>();
  /** Pages being made, by key: requests that find the same counter value wait for the same page. */
  private readonly making = new Map<string, { version: string; made: Promise<{ body: Buffer; expiresAt?: number }> }>();
  /** The change-counter checks of each database: the one in flight, the one waiting for it to end. */
  private readonly checks = new WeakMap<Database, CheckState>();
  private bytes = 0;
  private readonly checkSql: string;
  private readonly touchedSql: string;

  constructor(
    private readonly options: {
      /** The change sequence the table's writing statements advance. */
      sequence: string;
      /** The advisory lock key those statements hold shared until commit. */
      lockKey: bigint;
      /** The table those statements log the owners they touched into (`version`, `owner_id`, `every`). */
      changeLog: string;
      ttlMs?: number;
      /** Default: the process's budget (`setPageCacheBudget`, PAGE_CACHE_MB). */
      maxBytes?: number;
    },
  ) {
    // A CASE evaluates in order: the counter is read before the locks are looked at, and they are
    // looked at only when the counter has moved since it was last seen quiet ($1). Looking, not
    // taking the lock: two readers trying it at once would each see the other and take it for a writer.
    const [classId, objId] = [options.lockKey >> 32n, options.lockKey & 0xffffffffn];
    this.checkSql = `select last_value::text as version,
       case when last_value::text = $1 then true
            else not exists (select 1 from pg_locks where locktype = 'advisory' and classid = ${classId} and objid = ${objId} and objsubid = 1 and granted)
       end as quiet
  from ${options.sequence}`;
    this.touchedSql = `select exists (select 1 from ${options.changeLog}
                    where version > $1::bigint and (every or owner_id = any($2::uuid[]) or ($3 and owner_id is null))) as touched`;
  }

  /**
   * The body for `key`: the kept one while nothing it shows has changed, else `make`'s (kept when
   * that is safe, with the instant it stops being right, `expiresAt`). `scope`: the owners whose
   * records the page shows.
   *
   * After a write, every request in flight finds the counter moved; requests that read the same
   * counter value share the work. They share one look in the change log, and one page being made.
   * Both were started by a request that saw no writer open, after every write the counter value
   * counts had committed, and no statement has written the table since (the counter is the same),
   * so either answers them as truly as their own would.
   */
  async serve(db: Database, key: string, now: number, make: () => Promise<{ body: Buffer; expiresAt?: number }>, scope: PageScope = 'all'): Promise<Buffer> {
    if (this.maxBytes === 0) return (await make()).body;
    let entry = this.entries.get(key);
    if (entry && (now >= entry.expiresAt || entry.generation !== generation)) {
      this.drop(key);
      entry = undefined;
    }
    const { version, quiet } = await this.check(db);
    if (entry && (entry.version === version || (entry.scope !== 'all' && (await this.untouched(db, key, entry, version, quiet))))) {
      // A writer open now (not quiet) has not committed, so this request need not see it — but
      // the page is not moved to the new counter value: once it commits, the counter stays there.
      if (quiet && BigInt(version) > BigInt(entry.version)) entry.version = version;
      // Most recently used last: eviction takes the oldest first.
      this.entries.delete(key);
      this.entries.set(key, entry);
      return entry.body;
    }
    const shared = this.making.get(key);
    if (shared?.version === version) {
      const made = await shared.made;
      if (now < (made.expiresAt ?? Infinity)) return made.body;
    }
    if (!quiet) return (await make()).body;
    const made = make();
    this.making.set(key, { version, made });
    try {
      const { body, expiresAt } = await made;
      this.keep(key, version, body, now, expiresAt, scope);
      return body;
    } finally {
      if (this.making.get(key)?.made === made) this.making.delete(key);
    }
  }

  /**
   * The counter now, and whether every write it counts has committed (`quiet`): read in a statement
   * that starts after this call. Calls that arrive while a check is in flight share the next one,
   * started when that one ends — so after their arrival, and one round trip serves them all, however
   * many requests and pages are waiting. (Sharing the check in flight instead would be wrong: its
   * snapshot may predate a write committed just before a request arrived.)
   */
  private check(db: Database): Promise<Check> {
    let state = this.checks.get(db);
    if (!state) this.checks.set(db, (state = { current: null, next: null, quietAt: null }));
    const { current } = state;
    if (!current) return this.startCheck(db, state);
    let { next } = state;
    if (!next) {
      const s = state;
      const ended = current.then(
        () => undefined,
        () => undefined,
      );
      next = s.next = ended.then(() => {
        s.next = null;
        return this.startCheck(db, s);
      });
    }
    return next;
  }

  private startCheck(db: Database, state: CheckState): Promise<Check> {
    // A counter value once seen with no writer open stays so: every write it counts had committed,
    // and a later write moves the counter. Its locks need not be looked at again.
    const run = db.$client
      .query<Check>({ name: `page-cache:${this.options.sequence}`, text: this.checkSql, values: [state.quietAt] })
      .then((result) => {
        const check = result.rows[0]!;
        if (check.quiet && (state.quietAt === null || BigInt(check.version) > BigInt(state.quietAt))) state.quietAt = check.version;
        return check;
      });
    state.current = run;
    const ended = () => {
      if (state.current === run) state.current = null;
    };
    run.then(ended, ended);
    return run;
  }

  /**
   * Whether no write since the kept page touched its owners. The log is read in a statement after
   * the counter, so it holds every write the counter counts that had committed by then: those a
   * request must see. A look started with no writer open (`quiet`) holds them all, and is shared.
   */
  private untouched(db: Database, key: string, entry: Entry, version: string, quiet: boolean): Promise<boolean> {
    const shared = this.revalidating.get(key);
    if (shared?.entry === entry && shared.version === version) return shared.untouched;
    const { owners, pool } = entry.scope as Exclude<PageScope, 'all'>;
    const untouched = db.$client
      .query<{ touched: boolean }>({ name: `page-cache:${this.options.changeLog}`, text: this.touchedSql, values: [entry.version, owners, pool] })
      .then((result) => !result.rows[0]!.touched);
    if (quiet) {
      const look = { entry, version, untouched };
      this.revalidating.set(key, look);
      const forget = () => {
        if (this.revalidating.get(key) === look) this.revalidating.delete(key);
      };
      untouched.then(forget, forget);
    }
    return untouched;
  }

  /** Keeps `body` for `key` at `version` until `expiresAt` (ms), at most `ttlMs` from `now`. */
  private keep(key: string, version: string, body: Buffer, now: number, expiresAt = Infinity, scope: PageScope = 'all'): void {
    const maxBytes = this.maxBytes;
    if (body.length > maxBytes / 8) return;
    this.drop(key);
    this.entries.set(key, { version, generation, expiresAt: Math.min(expiresAt, now + (this.options.ttlMs ?? 5_000)), body, scope });
    this.bytes += body.length;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.body.length;
    }
  }

  private get maxBytes(): number {
    return this.options.maxBytes ?? budget;
  }

  get size(): number {
    return this.entries.size;
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.body.length;
  }
}

/** The owners whose records a page shows ('all': any write changes it); `pool`: records with no owner too. */
export type PageScope = 'all' | { owners: string[]; pool: boolean };

let budget = 64 * 1024 * 1024;
/** The memory each page cache of this process may use (PAGE_CACHE_MB); 0: every page is made afresh. */
export function setPageCacheBudget(bytes: number): void {
  budget = bytes;
}

// Names, reporting lines and settings that pages were built from changed (here or in another process).
let generation = 0;
const dropAll = () => void generation++;
onAnnounce('directory', dropAll);
onAnnounce('settings', dropAll);
