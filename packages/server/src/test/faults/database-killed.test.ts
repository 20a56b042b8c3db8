import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { adminSession, freePort, postmasterPid, startServer, stopServers, tempDir, waitHealthy } from '../server-process.js';
import { createCluster, debianPostgresBin, lostWrites, WriteLoad, type Cluster } from './server-process.js';

/**
 * Fault suite (issue 14, item 3): PostgreSQL killed with -9 under writes, then the app killed with
 * -9 under writes. While the database is down requests answer 503 and health says so; the app
 * serves again without a manual step — the embedded PostgreSQL restarted by the app itself, an
 * external one (a Debian cluster of this test's own, in `npm run test:pg`) reconnected once it is
 * started again; and no acknowledged write is lost.
 */
const external = Boolean(process.env.TEST_DATABASE_URL);
const bin = debianPostgresBin();
const cleanups: (() => Promise<void> | void)[] = [];

afterAll(async () => {
  await stopServers();
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Polls health until it answers 503 with `database: down` or `until` settles. */
async function healthSaysDown(port: number, until: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void until.finally(() => (settled = true));
  while (!settled) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(15_000) });
      const body = (await response.json()) as { database?: string };
      if (response.status === 503 && body.database === 'down') return true;
    } catch {
      // the app itself not answering is what this suite must never see; counted by the load as well
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe('PostgreSQL and the app killed under writes', () => {
  it(
    external
      ? 'external PostgreSQL (Debian cluster) killed -9 and started again, then the app killed -9: every acknowledged write kept'
      : 'embedded PostgreSQL killed -9 (the app restarts it), then the app killed -9: every acknowledged write kept',
    async () => {
      // Never skipped: without Debian's binaries the external run cannot kill and restart its database.
      if (external && !bin)
        throw new Error('npm run test:pg needs Debian PostgreSQL binaries (/usr/lib/postgresql/*/bin): apt-get install postgresql');
      const port = await freePort();
      const env: Record<string, string> = { PORT: String(port), DB_POOL_SIZE: '6' };
      let pgDataDir: string;
      let cluster: Cluster | null = null;
      if (external) {
        cluster = await createCluster(bin!);
        cleanups.push(() => cluster!.stop());
        env.DATABASE_URL = cluster.url;
        env.DATA_DIR = tempDir('xg-fault-data-');
        pgDataDir = cluster.dataDir;
      } else {
        // stopServers stops the embedded PostgreSQL left in it and removes it.
        env.DATA_DIR = tempDir('xg-fault-');
        env.PG_PORT = String(await freePort());
        pgDataDir = path.join(env.DATA_DIR, 'pg');
      }

      const first = startServer(env);
      await waitHealthy(port);
      const call = await adminSession(port);
      const units = (await (await call('GET', '/org-units')).json()) as { id: string; kind: string }[];
      const region = units.find((unit) => unit.kind === 'region')!;
      const load = new WriteLoad(call, region.id, 'fault');
      await load.acknowledgedMore(30);
      load.takeLongestGap();

      // PostgreSQL killed -9 under writes.
      const before = load.acknowledged.length;
      process.kill(postmasterPid(pgDataDir), 'SIGKILL');
      let resumed: Promise<void>;
      if (cluster) {
        const down = healthSaysDown(port, new Promise((r) => setTimeout(r, 10_000)));
        await new Promise((r) => setTimeout(r, 1_500)); // down for a while: every request meanwhile answers 503
        expect(await down).toBe(true);
        cluster.start();
        resumed = load.acknowledgedMore(30, 90_000);
      } else {
        resumed = load.acknowledgedMore(30, 90_000);
        resumed.catch(() => undefined); // awaited below; a failure there fails the test
        expect(await healthSaysDown(port, resumed)).toBe(true);
      }
      await resumed;
      const pgKill = {
        acknowledged: load.acknowledged.length - before,
        answers: { ...load.answers },
        longestUnavailableMs: load.takeLongestGap(),
      };
      expect(first.child.exitCode).toBeNull(); // the app lived through it
      expect(Object.keys(load.answers).sort()).toEqual(['201', '503']); // while down: 503, never 500 or a hang
      if (!cluster) expect(first.output()).toContain('embedded PostgreSQL is running again');

      // The app killed -9 under writes, then started again.
      const beforeAppKill = load.acknowledged.length;
      const answersBefore = { ...load.answers };
      first.child.kill('SIGKILL');
      await first.exited;
      await new Promise((r) => setTimeout(r, 300));
      startServer(env);
      await waitHealthy(port);
      load.useSession(await adminSession(port));
      await load.acknowledgedMore(30, 60_000);
      await load.stop();
      const appKill = {
        acknowledged: load.acknowledged.length - beforeAppKill,
        answers: Object.fromEntries(Object.entries(load.answers).map(([kind, n]) => [kind, n - (answersBefore[kind] ?? 0)])),
        longestUnavailableMs: load.takeLongestGap(),
      };

      const lost = await lostWrites(await adminSession(port), load.acknowledged);
      const mode = cluster ? 'external PostgreSQL' : 'embedded PostgreSQL';
      process.stdout.write(
        `fault suite (${mode}): ${JSON.stringify({ postgresKilled: pgKill, appKilled: appKill, acknowledgedWrites: load.acknowledged.length, lostWrites: lost.length })}\n`,
      );
      expect(lost).toEqual([]);
    },
    240_000,
  );
});
