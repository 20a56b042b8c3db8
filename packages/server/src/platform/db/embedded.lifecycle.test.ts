import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemoCompany } from '../../seed/demo-company.js';
import {
  adminSession,
  freePort,
  pidAlive,
  postmasterPid,
  postmasterPidOrNull,
  startServer as start,
  stopServers,
  tempDir,
  waitHealthy,
} from '../../test/server-process.js';

/**
 * The embedded PostgreSQL as a user meets it: `npm start` on an empty DATA_DIR initialises and
 * seeds; `kill -9` of the app, then a new start, recovers by itself with every committed row;
 * a busy port gives a clear message; SIGTERM stops the app and its database.
 */
afterAll(stopServers);

describe('embedded PostgreSQL lifecycle', () => {
  it('first start seeds; kill -9 then start recovers every committed row; busy port is explained; SIGTERM stops cleanly', async () => {
    const dataDir = tempDir('xg-life-');
    const [port, pgPort] = [await freePort(), await freePort()];
    const env = { PORT: String(port), PG_PORT: String(pgPort), DATA_DIR: dataDir };

    const first = start(env);
    await waitHealthy(port, { timeoutMs: 150_000 });
    const call = await adminSession(port);
    const units = (await (await call('GET', '/org-units')).json()) as { id: string; kind: string }[];
    const region = units.find((u) => u.kind === 'region')!;
    const created = await call('POST', '/org-units', { parentId: region.id, name: '崩溃前创建的组', kind: 'team' });
    expect(created.status).toBe(201);

    first.child.kill('SIGKILL');
    await first.exited;
    const pid = postmasterPid(path.join(dataDir, 'pg'));
    expect(pidAlive(pid)).toBe(true); // the orphaned postmaster is still running

    const second = start(env);
    await waitHealthy(port, { timeoutMs: 150_000 });
    expect(second.output()).toContain('left running by a previous start');
    const again = await adminSession(port);
    const after = (await (await again('GET', '/org-units')).json()) as { name: string }[];
    expect(after.map((u) => u.name)).toContain('崩溃前创建的组');
    const users = (await (await again('GET', '/users?pageSize=1')).json()) as { total: number };
    expect(users.total).toBe(generateDemoCompany().users.length); // seeded once, not twice

    const otherDir = tempDir('xg-life-busy-');
    const busy = start({ PORT: String(await freePort()), PG_PORT: String(pgPort), DATA_DIR: otherDir });
    expect(await busy.exited).toBe(1);
    expect(busy.output()).toMatch(new RegExp(`port ${pgPort} is busy`));

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    const pidAfter = postmasterPidOrNull(path.join(dataDir, 'pg'));
    expect(pidAfter === null || !pidAlive(pidAfter)).toBe(true);
  }, 400_000);
});
