// npm run bench:platform — start-up times, idle memory (Node and PostgreSQL apart) and the users list
// under 50 connections against a floor (GET /api/health: one `select 1`). Prints figures; asserts nothing.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { SERVER_NODE_ARGS } from './lib.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

async function startServer(env: Record<string, string>, port: number): Promise<{ child: ChildProcess; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, 'packages/server/src/server.ts'], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: '', ...env },
    stdio: 'inherit',
  });
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return { child, ms: Date.now() - started };
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

const stopServer = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });

/** Proportional set size in MB: shared memory split among the processes that share it. */
function pssMb(pid: number): number {
  const text = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  return Number(/Pss:\s+(\d+) kB/.exec(text)![1]) / 1024;
}

function postgresPids(dataDir: string): number[] {
  const postmaster = Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(postmaster)])
    .toString()
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
  return [postmaster, ...children];
}

async function login(port: number, username: string): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo1234' }),
  });
  const me = (await response.json()) as { csrfToken: string };
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  await fetch(`http://127.0.0.1:${port}/api/v1/auth/acknowledge-confidentiality`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': me.csrfToken },
  });
  return cookie;
}

async function load(url: string, cookie?: string) {
  const result = await autocannon({ url, connections: 50, duration: 8, headers: cookie ? { cookie } : {} });
  return {
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    rps: Math.round(result.requests.average),
    errors: result.errors + result.non2xx,
  };
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xg-bench-'));
fs.chmodSync(dataDir, 0o755);
const port = await freePort();
const env = { PORT: String(port), PG_PORT: String(await freePort()), DATA_DIR: dataDir };

const first = await startServer(env, port);
console.log(`first start (initdb + migrate + seed + listen): ${first.ms} ms`);
await stopServer(first.child);
const later = await startServer(env, port);
console.log(`later start: ${later.ms} ms`);
await new Promise((r) => setTimeout(r, 5000));
const nodeMb = pssMb(later.child.pid!);
const pgMb = postgresPids(dataDir).reduce((sum, pid) => sum + pssMb(pid), 0);
console.log(
  `idle memory (PSS): node ${nodeMb.toFixed(1)} MB, postgresql ${pgMb.toFixed(1)} MB (${postgresPids(dataDir).length} processes)`,
);

const floor = await load(`http://127.0.0.1:${port}/api/health`);
console.log(
  `floor GET /api/health            p50 ${floor.p50} ms  p90 ${floor.p90} ms  p99 ${floor.p99} ms  ${floor.rps} req/s  errors ${floor.errors}`,
);
for (const username of ['rep', 'supervisor', 'director']) {
  const cookie = await login(port, username);
  const figures = await load(`http://127.0.0.1:${port}/api/v1/users?pageSize=50`, cookie);
  console.log(
    `GET /api/v1/users as ${username.padEnd(10)}  p50 ${figures.p50} ms  p90 ${figures.p90} ms  p99 ${figures.p99} ms  ${figures.rps} req/s  errors ${figures.errors}  (${(floor.rps / figures.rps).toFixed(2)}× floor time)`,
  );
}
await stopServer(later.child);
fs.rmSync(dataDir, { recursive: true, force: true });
