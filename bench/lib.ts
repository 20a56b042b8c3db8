// Shared by the bench scripts: ports, process start/stop, sign-in, autocannon load with exact percentiles.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createDatabase } from '../packages/server/src/platform/db/client.js';
import type { Actor } from '../packages/server/src/platform/access/actor.js';

export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

export async function waitFor(url: string, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });

export async function login(port: number, username: string): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo1234' }),
  });
  if (!response.ok) throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
  const me = (await response.json()) as { csrfToken: string };
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const ack = await fetch(`http://127.0.0.1:${port}/api/v1/auth/acknowledge-confidentiality`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': me.csrfToken },
  });
  if (!ack.ok) throw new Error(`acknowledge ${username}: ${ack.status}`);
  return cookie;
}

export interface Figures {
  p50: number;
  p95: number;
  p99: number;
  p97_5: number;
  rps: number;
  requests: number;
  errors: number;
}

export const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;

/** autocannon over `paths` (cycled per connection); percentiles from every response time. */
export function load(
  base: string,
  paths: string[],
  cookie: string | undefined,
  {
    duration = 10,
    connections = 50,
    method = 'GET' as 'GET' | 'POST',
    body,
  }: { duration?: number; connections?: number; method?: 'GET' | 'POST'; body?: string } = {},
): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const times: number[] = [];
    let bad = 0;
    const instance = autocannon(
      {
        url: base,
        connections,
        duration,
        headers: cookie ? { cookie } : {},
        requests: paths.map((p) => ({ method, path: p, body, headers: body ? { 'content-type': 'application/json' } : undefined })),
      },
      (error, result) => {
        if (error) return reject(error);
        times.sort((a, b) => a - b);
        resolve({
          p50: percentile(times, 50),
          p95: percentile(times, 95),
          p99: percentile(times, 99),
          p97_5: result.latency.p97_5,
          rps: Math.round(times.length / duration),
          requests: times.length,
          errors: result.errors + result.timeouts + bad,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      times.push(responseTime);
      if (statusCode < 200 || statusCode >= 300) bad++;
    });
  });
}

export const ms = (n: number) => `${n.toFixed(1).padStart(6)} ms`;

/**
 * One figure of a bench run, in the one shape `npm run bench` collects (bench/run.ts → report.md and
 * report.json): what was measured, its value and unit, the floor measured in the same run (the same
 * work without the app: raw SQL, a bare route) and their ratio, and the target for it.
 */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  floor?: number;
  /** value ÷ floor (times slower than the floor); for throughput, floor ÷ value. */
  ratio?: number;
  target?: string;
  note?: string;
}

/**
 * Prints a figure and, under `npm run bench` (BENCH_FIGURES names a file), appends it to that file
 * as one JSON line.
 */
export function figure(f: BenchFigure): BenchFigure {
  const ratio = f.ratio ?? (f.floor ? f.value / f.floor : undefined);
  const out = { ...f, ...(ratio === undefined ? {} : { ratio: Math.round(ratio * 100) / 100 }) };
  if (process.env.BENCH_FIGURES) fs.appendFileSync(process.env.BENCH_FIGURES, `${JSON.stringify(out)}\n`);
  return out;
}

/** Times `n` runs of `run` one after another: exact percentiles and runs per second. */
export async function timed(n: number, run: () => Promise<unknown>): Promise<Figures> {
  const times: number[] = [];
  const started = Date.now();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    p97_5: percentile(times, 97.5),
    rps: Math.round((n * 1000) / (Date.now() - started)),
    requests: n,
    errors: 0,
  };
}

/** Prints a load/latency line; also records its p95 (and the floor's p95) as a figure for `npm run bench`. */
export function report(label: string, f: Figures, floor?: Figures, connections = 50, target?: string) {
  const tenth = (n: number) => Math.round(n * 10) / 10;
  if (f.requests)
    figure({
      name: `${label}, p95`,
      value: tenth(f.p95),
      unit: 'ms',
      ...(floor ? { floor: tenth(floor.p95) } : {}),
      ...(target ? { target } : {}),
    });
  if (!f.requests)
    return console.log(
      `${label.padEnd(44)} no response within autocannon's 10 s timeout (${f.errors} errors) — slower than 10 s under ${connections} connections`,
    );
  // Requests slower than 2 s round the rate to 0: compare the medians then.
  const vsFloor = floor ? `  (${(floor.rps && f.rps ? floor.rps / f.rps : f.p50 / floor.p50).toFixed(1)}× floor time)` : '';
  console.log(
    `${label.padEnd(44)} p50 ${ms(f.p50)}  p95 ${ms(f.p95)}  p99 ${ms(f.p99)}  [autocannon p97.5 ${f.p97_5} ms]  ${String(f.rps).padStart(6)} req/s  errors ${f.errors}${vsFloor}`,
  );
}

/** Node's arguments for the app's server (and the floor's bare Fastify), as `npm start` runs it (package.json). */
export const SERVER_NODE_ARGS = ['--import', 'tsx'];

/** The repository root (the bench scripts start the server from it). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The real server, first start (embedded PostgreSQL, demo company) in a fresh data directory, as
 * `npm start` runs it, and a direct database client (2 connections) on its PostgreSQL. With
 * `dataDir` (e.g. one built by `npm run bench:data`), that directory is started and kept.
 */
export async function startBenchServer(name: string, options: { dataDir?: string; env?: Record<string, string> } = {}) {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), `xg-bench-${name}-`));
  fs.chmodSync(dataDir, 0o755);
  const [port, pgPort] = [await freePort(), await freePort()];
  const app = spawn(process.execPath, [...SERVER_NODE_ARGS, 'packages/server/src/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      WEB_DIST: '',
      PORT: String(port),
      PG_PORT: String(pgPort),
      DATA_DIR: dataDir,
      ...options.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitFor(`http://127.0.0.1:${port}/api/health`, app);
  } catch (error) {
    await stop(app);
    throw error;
  }
  const db = createDatabase(`postgres://xiaoguan:xiaoguan@127.0.0.1:${pgPort}/xiaoguan`, 2, { limits: null });
  return {
    app,
    db,
    port,
    base: `http://127.0.0.1:${port}/api/v1`,
    dataDir,
    close: async () => {
      await db.$client.end();
      await stop(app);
      if (!options.dataDir && !process.env.KEEP) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A signed-in demo user's cookie and CSRF token, and a JSON call with them. */
export async function apiSession(port: number, username: string) {
  const cookie = await login(port, username);
  const csrf = /xg_csrf=([^;]+)/.exec(cookie)![1]!;
  const call = async (method: string, url: string, body?: unknown) => {
    const response = await fetch(`http://127.0.0.1:${port}/api/v1${url}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json().catch(() => null)) as Record<string, unknown> | null };
  };
  // The cookie too, for load runs (autocannon) as the same user.
  return Object.assign(call, { cookie });
}

/**
 * The server on a sales dataset: the kept one in BENCH_DATA_DIR (built by `npm run bench:data`), or
 * a fresh first start with the dataset of SCALE (default: default) built into it.
 */
export async function startDatasetServer(name: string) {
  const kept = process.env.BENCH_DATA_DIR;
  const server = await startBenchServer(name, kept ? { dataDir: kept } : {});
  try {
    if (kept) {
      console.log(`dataset: kept, ${kept}`);
    } else {
      const { buildDataset, parseScale } = await import('./dataset.js');
      const t0 = Date.now();
      const built = await buildDataset(server.db, parseScale(process.argv.slice(2)));
      console.log(`dataset: ${built.scale}, built in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${JSON.stringify(built.counts)}`);
    }
  } catch (error) {
    await server.close();
    throw error;
  }
  return server;
}

/** The machine's load average (1 / 5 / 15 min), for the printed figures. */
export const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');

/** Runs one statement with parameters (a pg client's or pool's `query`). */
type Query = (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>;

/**
 * The actor a signed-in user is, read straight from the database, for a floor that sends a route's own
 * statements (built with that actor's access scope) directly: their unit's members are listed as the
 * session does.
 */
export async function actorByUsername(query: Query, username: string): Promise<Actor> {
  const [user] = (
    await query(
      `select u.id, u.display_name, u.roles, u.org_unit_id, o.path, u.line_path from users u left join org_units o on o.id = u.org_unit_id where u.username = $1`,
      [username],
    )
  ).rows as {
    id: string;
    display_name: string;
    roles: Actor['roles'];
    org_unit_id: string | null;
    path: string | null;
    line_path: string;
  }[];
  if (!user) throw new Error(`no user ${username}`);
  const unitUserIds = user.path
    ? (
        (await query(`select su.id from users su join org_units so on so.id = su.org_unit_id where so.path like $1 || '%'`, [user.path]))
          .rows as { id: string }[]
      ).map((r) => r.id)
    : undefined;
  return {
    id: user.id,
    username,
    displayName: user.display_name,
    roles: user.roles,
    orgUnitId: user.org_unit_id,
    orgUnitPath: user.path,
    linePath: user.line_path,
    unitUserIds,
  };
}
