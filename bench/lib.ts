// Shared by the bench scripts: ports, process start/stop, sign-in, autocannon load with exact percentiles.
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import autocannon from 'autocannon';

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
export function report(label: string, f: Figures, floor?: Figures, connections = 50) {
  if (!f.requests)
    return console.log(
      `${label.padEnd(44)} no response within autocannon's 10 s timeout (${f.errors} errors) — slower than 10 s under ${connections} connections`,
    );
  const vsFloor = floor ? `  (${(floor.rps / f.rps).toFixed(1)}× floor time)` : '';
  console.log(
    `${label.padEnd(44)} p50 ${ms(f.p50)}  p95 ${ms(f.p95)}  p99 ${ms(f.p99)}  [autocannon p97.5 ${f.p97_5} ms]  ${String(f.rps).padStart(6)} req/s  errors ${f.errors}${vsFloor}`,
  );
}

/** Node's arguments for the app's server (and the floor's bare Fastify), as `npm start` runs it (package.json). */
export const SERVER_NODE_ARGS = ['--import', 'tsx'];
