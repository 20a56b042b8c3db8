import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Fault suite: a second `npm start` on a DATA_DIR an instance is serving from (same PORT, or another
 * PORT) exits with one sentence, and the first instance keeps serving — its postmaster untouched.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const children: ChildProcess[] = [];
const dirs: string[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function start(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/server.ts'], {
    cwd: root,
    env: { ...process.env, WEB_DIST: '', LOG_LEVEL: 'warn', DATABASE_URL: '', XIAOGUAN_DEMO: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function healthy(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/api/health`)).ok;
  } catch {
    return false;
  }
}

async function waitHealthy(port: number, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await healthy(port)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server did not become healthy');
}

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs) {
    const pid = Number((await fs.readFile(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
    if (pid) process.kill(pid, 'SIGQUIT');
  }
  await new Promise((r) => setTimeout(r, 500));
  for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true });
});

describe('a second start on the same data directory (fault suite)', () => {
  it('exits with one sentence, on the same or another PORT, and the first instance keeps serving', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'xg-second-'));
    dirs.push(dataDir);
    await fs.chmod(dataDir, 0o755);
    const [port, pgPort] = [await freePort(), await freePort()];
    const env = { PORT: String(port), PG_PORT: String(pgPort), DATA_DIR: dataDir };
    const first = start(env);
    await waitHealthy(port);
    const postmaster = (await fs.readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0];

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
    expect((await fs.readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]).toBe(postmaster);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    // Once it has stopped, the data directory is free again.
    const next = start(env);
    await waitHealthy(port);
    next.child.kill('SIGTERM');
    expect(await next.exited).toBe(0);
  }, 240_000);
});
