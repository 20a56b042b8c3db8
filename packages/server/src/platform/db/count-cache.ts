/**
 * Totals for paged lists, reused while the table has not changed. The caller keys a total by
 * whatever decides its filter (customers: the caller, the pool flag, the filters and, for the
 * overdue filter, the clock).
 *
 * A list page is cheap (an index walk of 50 rows); its total is not — counting up to the cap walks
 * thousands of index entries on every request, more than the page itself. Each counted table has a
 * change sequence that every writing statement advances (a statement trigger, migration 0011); the
 * list query reads the sequence in the same round trip and counts only when the sequence has moved
 * since the cached total was counted. Any process's write invalidates every process's
 * totals. A write counted between its trigger and its commit could leave one total a row off; the
 * TTL bounds that to seconds.
 */
export class CountCache {
  private readonly entries = new Map<string, { version: string; at: number; total: number; capped: boolean }>();

  constructor(
    private readonly ttlMs = 10_000,
    private readonly maxEntries = 10_000,
  ) {}

  /**
   * The total counted for `key` within the TTL, with the table version it was counted at. The list
   * query sends that version back and counts again only if the table has moved since (one round trip).
   */
  known(key: string, now = Date.now()): { version: string; total: number; capped: boolean } | undefined {
    const entry = this.entries.get(key);
    return entry && now - entry.at <= this.ttlMs ? entry : undefined;
  }

  set(key: string, version: string, value: { total: number; capped: boolean }, now = Date.now()): void {
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { version, at: now, ...value });
  }

  clear(): void {
    this.entries.clear();
  }
}
