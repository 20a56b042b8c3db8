import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../test/harness.js';
import { announce, onAnnounce, startCacheBus } from './cache-bus.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
};

describe('cache bus (cross-process invalidation)', () => {
  it('delivers an announcement when its transaction commits, never when it rolls back', async () => {
    const heard: string[] = [];
    onAnnounce('bus-test', (arg) => heard.push(arg));
    const stop = await startCacheBus(t.db.$client.options.connectionString!, () => undefined);
    try {
      // Another process's write: pg_notify sent on a connection of its own, as announce() sends it.
      await t.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_notify('xg_cache', 'bus-test:committed')`);
      });
      await t.db
        .transaction(async (tx) => {
          await tx.execute(sql`select pg_notify('xg_cache', 'bus-test:rolled-back')`);
          throw new Error('roll back');
        })
        .catch(() => undefined);
      await until(() => heard.includes('committed'));
      await new Promise((r) => setTimeout(r, 100));
      expect(heard).toEqual(['committed']);
    } finally {
      await stop();
    }
  });

  it('announce drops the entry in this process at once, before the commit', async () => {
    const heard: string[] = [];
    onAnnounce('bus-local', (arg) => heard.push(arg));
    await t.db.transaction(async (tx) => {
      await announce(tx, 'bus-local', 'x');
      expect(heard).toEqual(['x']);
    });
  });
});
