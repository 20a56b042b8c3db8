import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, healthy, postmasterPid, startServer as startServerWith, stopServers, tempDir, waitHealthy } from '../server-process.js';

/**
 * Fault suite: a second `npm start` on a DATA_DIR an instance is serving from (same PORT, or another
 * PORT) exits with one sentence, and the first instance keeps serving — its postmaster untouched.
 */
const start = (env: Record<string, string>) => startServerWith({ XIAOGUAN_DEMO: 'false', ...env });

afterAll(stopServers);

describe('a second start on the same data directory (fault suite)', () => {
  it('exits with one sentence, on the same or another PORT, and the first instance keeps serving', async () => {
    const dataDir = tempDir('xg-second-');
    const [port, pgPort] = [await freePort(), await freePort()];
    const env = { PORT: String(port), PG_PORT: String(pgPort), DATA_DIR: dataDir };
    const first = start(env);
    await waitHealthy(port, { timeoutMs: 90_000 });
    const postmaster = postmasterPid(path.join(dataDir, 'pg'));

    const samePort = start(env);
    expect(await samePort.exited).toBe(1);
    expect(samePort.output()).toContain(`port ${port} is busy`);
    expect(samePort.output()).not.toContain('left running by a previous start');

    const otherPort = start({ ...env, PORT: String(await freePort()) });
    expect(await otherPort.exited).toBe(1);
    expect(otherPort.output()).toContain(`Xiaoguan is already running on DATA_DIR ${dataDir}`);
    expect(otherPort.output()).not.toContain('left running by a previous start');

    const alsoOtherPgPort = start({ ...env, PORT: String(await freePort()), PG_PORT: String(await freePort()) });
    expect(await alsoOtherPgPort.exited).toBe(1);
    expect(alsoOtherPgPort.output()).toContain('Xiaoguan is already running on DATA_DIR');

    expect(first.child.exitCode).toBe(null);
    expect(await healthy(port)).toBe(true);
    // The first instance still reaches its database: a request that reads it answers.
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'nobody', password: 'wrong-password' }),
    });
    expect(login.status).toBe(401);
    expect(postmasterPid(path.join(dataDir, 'pg'))).toBe(postmaster);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    // Once it has stopped, the data directory is free again.
    const next = start(env);
    await waitHealthy(port, { timeoutMs: 90_000 });
    next.child.kill('SIGTERM');
    expect(await next.exited).toBe(0);
  }, 240_000);
});
