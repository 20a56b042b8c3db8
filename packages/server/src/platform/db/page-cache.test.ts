import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../test/harness.js';
import { announce } from './cache-bus.js';
import { PageCache, type PageScope } from './page-cache.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const cacheOf = (options: { ttlMs?: number; maxBytes?: number } = {}) => new PageCache({ sequence: 'customers_changes', lockKey: 7867001011n, changeLog: 'customers_change_log', ...options });
const page = (text: string) => Buffer.from(JSON.stringify({ text }));
/** A cache and a page maker that counts: `serve` answers the text of the page, `made` how many were made. */
function counted(options: { ttlMs?: number; maxBytes?: number } = {}) {
  const cache = cacheOf(options);
  const counts = { made: 0 };
  const serve = async (key: string, now = Date.now(), expiresAt?: number) =>
    JSON.parse((await cache.serve(t.db, key, now, async () => ({ body: page(`${key} ${++counts.made}`), expiresAt }))).toString()).text as string;
  return { cache, counts, serve };
}

describe('page cache', () => {
  it('answers a kept page until a statement writes the table', async () => {
    const { serve } = counted();
    expect(await serve('k')).toBe('k 1');
    expect(await serve('k')).toBe('k 1');
    await t.db.execute(sql`update customers set tags = tags where false`);
    expect(await serve('k')).toBe('k 2');
    expect(await serve('k')).toBe('k 2');
  });

  it('does not keep a page made while a writing transaction is open; keeps one once it has ended', async () => {
    const { serve } = counted();
    const writer = await t.db.$client.connect();
    try {
      await writer.query('begin');
      await writer.query(`update customers set tags = tags where false`);
      expect(await serve('k')).toBe('k 1');
      expect(await serve('k')).toBe('k 2');
      await writer.query('rollback');
    } finally {
      writer.release();
    }
    expect(await serve('k')).toBe('k 3');
    expect(await serve('k')).toBe('k 3');
  });

  it('a kept page lasts until its expiry and its TTL, whichever is first', async () => {
    const { serve } = counted({ ttlMs: 5_000 });
    const now = Date.now();
    expect(await serve('due', now, now + 1_000)).toBe('due 1');
    expect(await serve('due', now + 999, now + 1_000)).toBe('due 1');
    expect(await serve('due', now + 1_000, now + 10_000)).toBe('due 2');
    expect(await serve('ttl', now)).toBe('ttl 3');
    expect(await serve('ttl', now + 4_999)).toBe('ttl 3');
    expect(await serve('ttl', now + 5_000)).toBe('ttl 4');
  });

  it('org and settings announcements drop every kept page', async () => {
    const { serve } = counted();
    expect(await serve('k')).toBe('k 1');
    await announce(t.db, 'directory');
    expect(await serve('k')).toBe('k 2');
    expect(await serve('k')).toBe('k 2');
    await announce(t.db, 'settings');
    expect(await serve('k')).toBe('k 3');
  });

  it('holds at most maxBytes, dropping the least recently used page first', async () => {
    const size = page('a 1').length;
    // Pages over an eighth of the budget are never kept; these are exactly an eighth.
    const { cache, serve } = counted({ maxBytes: size * 8 });
    for (const key of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) await serve(key);
    expect(cache.size).toBe(8);
    expect(await serve('a')).toBe('a 1'); // now the most recently used
    await serve('i');
    expect(cache.size).toBe(8);
    expect(await serve('b')).toBe('b 10');
    expect(await serve('a')).toBe('a 1');
  });
});

describe('page cache: serve', () => {
  it('requests that miss together share one page being made; a write in between gets its own', async () => {
    const cache = cacheOf();
    let made = 0;
    const make = async () => {
      made++;
      await new Promise((r) => setTimeout(r, 50));
      return { body: page(`made ${made}`) };
    };
    const bodies = await Promise.all(Array.from({ length: 5 }, () => cache.serve(t.db, 'k', Date.now(), make)));
    expect(made).toBe(1);
    expect(new Set(bodies.map((b) => b.toString())).size).toBe(1);
    expect((await cache.serve(t.db, 'k', Date.now(), make)).toString()).toBe(page('made 1').toString());
    await t.db.execute(sql`update customers set tags = tags where false`);
    expect((await cache.serve(t.db, 'k', Date.now(), make)).toString()).toBe(page('made 2').toString());
  });
});

describe('page cache: one check for many requests', () => {
  const CHECK = 'page-cache:customers_changes';
  /** Watches the change-counter checks sent: `hold` keeps the first one's answer (already read) until `release`. */
  function watchChecks({ hold = false } = {}) {
    const client = t.db.$client;
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
    const watch = { sent: 0, release: () => {}, read: Promise.resolve() };
    const gate = new Promise<void>((resolve) => (watch.release = resolve));
    let read = () => {};
    watch.read = new Promise<void>((resolve) => (read = resolve));
    const spy = vi.spyOn(client, 'query').mockImplementation(((...args: unknown[]) => {
      const result = query(...args);
      if ((args[0] as { name?: string } | undefined)?.name !== CHECK) return result;
      watch.sent++;
      if (!hold || watch.sent > 1) return result;
      return result.then(async (answer) => {
        read();
        await gate;
        return answer;
      });
    }) as typeof client.query);
    return { watch, restore: () => spy.mockRestore() };
  }

  it('requests that arrive while a check is in flight share the next one', async () => {
    const { serve } = counted();
    expect(await serve('a')).toBe('a 1');
    expect(await serve('b')).toBe('b 2');
    const { watch, restore } = watchChecks();
    try {
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => serve(i % 2 ? 'a' : 'b')));
      expect(answers).toEqual(Array.from({ length: 20 }, (_, i) => (i % 2 ? 'a 1' : 'b 2')));
      expect(watch.sent).toBeLessThanOrEqual(2);
    } finally {
      restore();
    }
  });

  it('a request never shares a check that began before it arrived: a write committed in between is on its page', async () => {
    const { serve } = counted();
    expect(await serve('k')).toBe('k 1');
    const { watch, restore } = watchChecks({ hold: true });
    try {
      const before = serve('k');
      await watch.read; // its check has read the counter; its answer is held
      await t.db.execute(sql`update customers set tags = tags where false`);
      const after = serve('k');
      watch.release();
      expect(await before).toBe('k 1');
      expect(await after).toBe('k 2');
      expect(watch.sent).toBe(2);
    } finally {
      restore();
    }
  });
});

describe('page cache: pages of some owners', () => {
  it('a write to other owners’ customers leaves the page kept; one to its owners’, or moving one in or out, does not', async () => {
    const cache = cacheOf();
    const [mine, other] = (await t.db.execute<{ id: string; owner_id: string }>(sql`
      select distinct on (owner_id) id, owner_id from customers where owner_id in (${t.ids.rep}, ${t.ids.rep2}) order by owner_id, id`)).rows.sort((a) => (a.owner_id === t.ids.rep ? -1 : 1));
    expect(mine!.owner_id).toBe(t.ids.rep);
    let made = 0;
    const serve = (key: string, scope: PageScope) => cache.serve(t.db, key, Date.now(), async () => ({ body: page(`made ${++made}`) }), scope);
    const repPage = { owners: [t.ids.rep!], pool: false };
    const poolPage = { owners: [], pool: true };
    /** Serves the page, runs one write, serves it again: how many pages were made in all. */
    const madeAround = async (key: string, scope: PageScope, id: string, set: ReturnType<typeof sql>) => {
      await serve(key, scope);
      await t.db.execute(sql`update customers set ${set} where id = ${id}`);
      await serve(key, scope);
      return made;
    };
    const same = sql`updated_at = updated_at`;
    expect(await madeAround('rep', repPage, other!.id, same)).toBe(1);
    expect(await madeAround('rep', repPage, mine!.id, same)).toBe(2);
    // Moved out of the page's owners (only its old owner is the page's) and back in.
    expect(await madeAround('rep', repPage, mine!.id, sql`owner_id = ${t.ids.rep2}`)).toBe(3);
    expect(await madeAround('rep', repPage, mine!.id, sql`owner_id = ${t.ids.rep}`)).toBe(4);
    // The pool's page: another owner's edit leaves it; a customer released to it (owner → null) does not.
    expect(await madeAround('pool', poolPage, other!.id, same)).toBe(5);
    expect(await madeAround('pool', poolPage, other!.id, sql`owner_id = null`)).toBe(6);
    await t.db.execute(sql`update customers set owner_id = ${other!.owner_id} where id = ${other!.id}`);
    await t.ownerDb.execute(sql`truncate customers_change_log`);
  });

  it('a write still open is not on the page yet; once it commits, the page is made again', async () => {
    const cache = cacheOf();
    const [mine] = (await t.db.execute<{ id: string }>(sql`select id from customers where owner_id = ${t.ids.rep} limit 1`)).rows;
    let made = 0;
    const serve = () => cache.serve(t.db, 'rep', Date.now(), async () => ({ body: page(`made ${++made}`) }), { owners: [t.ids.rep!], pool: false });
    await serve();
    const writer = await t.db.$client.connect();
    try {
      await writer.query('begin');
      await writer.query('update customers set updated_at = updated_at where id = $1', [mine!.id]);
      await serve();
      expect(made).toBe(1); // its log row is not visible: uncommitted, so not what anyone should see yet
      await writer.query('commit');
    } finally {
      writer.release();
    }
    // The counter does not move at the commit: the page was not carried to it while the writer was open.
    await serve();
    expect(made).toBe(2);
    await serve();
    expect(made).toBe(2);
  });
});

describe('customers change log (migration 0014)', () => {
  it('each writing statement logs the owners it touched, before and after', async () => {
    await t.ownerDb.execute(sql`truncate customers_change_log`);
    const [row] = (await t.db.execute<{ id: string }>(sql`select id from customers where owner_id = ${t.ids.rep} limit 1`)).rows;
    await t.db.execute(sql`update customers set owner_id = ${t.ids.rep2} where id = ${row!.id}`);
    await t.db.execute(sql`update customers set owner_id = ${t.ids.rep} where id = ${row!.id}`);
    const logged = (await t.db.execute<{ owner_id: string }>(sql`select owner_id from customers_change_log order by version, owner_id`)).rows.map((r) => r.owner_id);
    expect(logged.sort()).toEqual([t.ids.rep, t.ids.rep, t.ids.rep2, t.ids.rep2].sort());
  });

});
