import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemoCompany } from '../../seed/demo-company.js';

/**
 * The embedded PostgreSQL as a user meets it: `npm start` on an empty DATA_DIR initialises and
 * seeds; `kill -9` of the app, then a new start, recovers by itself with every committed row;
 * a busy port gives a clear message; SIGTERM stops the app and its database.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const children: ChildProcess[] = [];
let dataDir = '';

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
    env: { ...process.env, WEB_DIST: '', LOG_LEVEL: 'warn', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitHealthy(port: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server did not become healthy');
}

async function adminSession(port: number) {
  const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'demo1234' }),
  });
  expect(login.status).toBe(200);
  const me = (await login.json()) as { csrfToken: string };
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const call = (method: string, url: string, body?: unknown) =>
    fetch(`http://127.0.0.1:${port}/api/v1${url}`, {
      method,
      headers: { cookie, 'x-csrf-token': me.csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  await call('POST', '/auth/acknowledge-confidentiality');
  return call;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
  const pid = Number((await fs.readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0]);
  if (pid && pidAlive(pid)) process.kill(pid, 'SIGQUIT');
  await new Promise((r) => setTimeout(r, 500));
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

describe('embedded PostgreSQL lifecycle', () => {
  it('first start seeds; kill -9 then start recovers every committed row; busy port is explained; SIGTERM stops cleanly', async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'xg-life-'));
    await fs.chmod(dataDir, 0o755);
    const [port, pgPort] = [await freePort(), await freePort()];
    const env = { PORT: String(port), PG_PORT: String(pgPort), DATA_DIR: dataDir };

    const first = start(env);
    await waitHealthy(port);
    const call = await adminSession(port);
    const units = (await (await call('GET', '/org-units')).json()) as { id: string; kind: string }[];
    const region = units.find((u) => u.kind === 'region')!;
    const created = await call('POST', '/org-units', { parentId: region.id, name: '崩溃前创建的组', kind: 'team' });
    expect(created.status).toBe(201);

    first.child.kill('SIGKILL');
    await first.exited;
    const pid = Number((await fs.readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
    expect(pidAlive(pid)).toBe(true); // the orphaned postmaster is still running

    const second = start(env);
    await waitHealthy(port);
    expect(second.output()).toContain('left running by a previous start');
    const again = await adminSession(port);
    const after = (await (await again('GET', '/org-units')).json()) as { name: string }[];
    expect(after.map((u) => u.name)).toContain('崩溃前创建的组');
    const users = (await (await again('GET', '/users?pageSize=1')).json()) as { total: number };
    expect(users.total).toBe(generateDemoCompany().users.length); // seeded once, not twice

    const otherDir = await fs.mkdtemp(path.join(os.tmpdir(), 'xg-life-busy-'));
    await fs.chmod(otherDir, 0o755);
    const busy = start({ PORT: String(await freePort()), PG_PORT: String(pgPort), DATA_DIR: otherDir });
    expect(await busy.exited).toBe(1);
    expect(busy.output()).toMatch(new RegExp(`port ${pgPort} is busy`));
    await fs.rm(otherDir, { recursive: true, force: true });

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    const pidAfter = Number((await fs.readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').catch(() => '0')).split('\n')[0]);
    expect(pidAfter === 0 || !pidAlive(pidAfter)).toBe(true);
  }, 180_000);
});
