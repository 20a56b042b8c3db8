import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The app as a real process, the way `npm start` runs it (`node --import tsx packages/server/src/server.ts`),
 * for the tests that need one: the embedded PostgreSQL lifecycle, a second start, a private folder and the
 * fault suite. A test starts servers with `startServer`, waits with `waitHealthy`, and calls
 * `stopServers()` in its afterAll: every server still running is killed, with the embedded PostgreSQL it
 * leaves behind, and the folders made with `tempDir` are removed.
 */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output: () => string;
  /** Its exit code once it has exited (null when killed by a signal). */
  exited: Promise<number | null>;
}

const started: { child: ChildProcess; dataDir: string | undefined }[] = [];
const tempDirs: string[] = [];

/** A server process with this environment over the defaults (no web build, warnings only, embedded PostgreSQL). */
export function startServer(env: Record<string, string>): ServerProcess {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/server.ts'], {
    cwd: root,
    env: { ...process.env, WEB_DIST: '', LOG_LEVEL: 'warn', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  started.push({ child, dataDir: env.DATA_DIR });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** A fresh folder under the system temp dir, removed by stopServers; 0o755 lets the embedded PostgreSQL's `postgres` user in. */
export function tempDir(prefix: string, mode = 0o755): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, mode);
  tempDirs.push(dir);
  return dir;
}

export async function healthy(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(5_000) })).ok;
  } catch {
    return false;
  }
}

/** Until health answers 200; fails with the server's output if `server` exits first or time runs out. */
export async function waitHealthy(port: number, options: { timeoutMs?: number; server?: ServerProcess } = {}): Promise<void> {
  const { timeoutMs = 120_000, server } = options;
  let gone = false;
  void server?.exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !gone) {
    if (await healthy(port)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not become healthy${gone ? ' (it exited)' : ''}${server ? `\n${server.output()}` : ''}`);
}

export type Call = (method: string, url: string, body?: unknown) => Promise<Response>;

/** Signs in as the demo admin (confidentiality acknowledged): a `call(method, url, body)` under /api/v1 with cookie and CSRF header. */
export async function adminSession(port: number): Promise<Call> {
  const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'demo1234' }),
  });
  if (login.status !== 200) throw new Error(`admin login: ${login.status} ${await login.text()}`);
  const me = (await login.json()) as { csrfToken: string };
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const call: Call = (method, url, body) =>
    fetch(`http://127.0.0.1:${port}/api/v1${url}`, {
      method,
      headers: { cookie, 'x-csrf-token': me.csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(30_000),
    });
  await call('POST', '/auth/acknowledge-confidentiality');
  return call;
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pid on the first line of a data directory's postmaster.pid, or null when there is none. */
export function postmasterPidOrNull(pgDataDir: string): number | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(pgDataDir, 'postmaster.pid'), 'utf8');
  } catch {
    return null;
  }
  const pid = Number(text.split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** The postmaster's pid, from the first line of postmaster.pid in its data directory. */
export function postmasterPid(pgDataDir: string): number {
  const pid = postmasterPidOrNull(pgDataDir);
  if (pid === null) throw new Error(`no postmaster pid in ${pgDataDir}`);
  return pid;
}

/**
 * For afterAll: kills every server this file started that still runs, stops the embedded PostgreSQL
 * left running in each one's DATA_DIR (a server killed with -9 leaves its postmaster), and removes
 * the folders made with tempDir.
 */
export async function stopServers(): Promise<void> {
  for (const { child } of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const { dataDir } of started) {
    const pid = dataDir ? postmasterPidOrNull(path.join(dataDir, 'pg')) : null;
    if (pid && pidAlive(pid)) process.kill(pid, 'SIGQUIT');
  }
  await new Promise((r) => setTimeout(r, 500));
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
}
