import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, postmasterPid, type Call } from '../server-process.js';

// What the fault suite adds to the server processes of test/server-process.ts: a load of acknowledged
// writes, and a Debian PostgreSQL cluster of the test's own for the external-database runs.

/**
 * Writes under fault: `writers` loops creating org units with unique names until stopped. A 201
 * is an acknowledged write (its name must be there after any crash); any other answer or a failed
 * connection is counted by kind. The longest time without a successful write is the unavailability.
 */
export class WriteLoad {
  readonly acknowledged: string[] = [];
  readonly answers: Record<string, number> = {};
  private lastSuccess = Date.now();
  longestGapMs = 0;
  private running = true;
  private readonly loops: Promise<void>[] = [];
  private sequence = 0;

  constructor(
    private call: Call,
    private readonly parentId: string,
    private readonly label: string,
    writers = 4,
  ) {
    for (let i = 0; i < writers; i++) this.loops.push(this.loop());
  }

  /** After an app restart the load goes on through the new process's session. */
  useSession(call: Call): void {
    this.call = call;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const name = `${this.label}-${process.pid}-${++this.sequence}`;
      let kind: string;
      try {
        const response = await this.call('POST', '/org-units', { parentId: this.parentId, name, kind: 'team' });
        kind = String(response.status);
        await response.arrayBuffer().catch(() => undefined);
        if (response.status === 201) {
          this.acknowledged.push(name);
          const now = Date.now();
          this.longestGapMs = Math.max(this.longestGapMs, now - this.lastSuccess);
          this.lastSuccess = now;
        }
      } catch (error) {
        kind = (error as Error).name === 'TimeoutError' ? 'timeout' : 'no connection';
      }
      this.answers[kind] = (this.answers[kind] ?? 0) + 1;
      if (kind !== '201') await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Resolves once `count` more writes were acknowledged (or rejects after `timeoutMs`). */
  async acknowledgedMore(count: number, timeoutMs = 60_000): Promise<void> {
    const target = this.acknowledged.length + count;
    const deadline = Date.now() + timeoutMs;
    while (this.acknowledged.length < target) {
      if (Date.now() > deadline) throw new Error(`writes did not resume: ${JSON.stringify(this.answers)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The longest time without an acknowledged write since the last call (or the start); starts measuring afresh. */
  takeLongestGap(): number {
    const gap = Math.max(this.longestGapMs, Date.now() - this.lastSuccess);
    this.longestGapMs = 0;
    this.lastSuccess = Date.now();
    return gap;
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }
}

/** Names of acknowledged writes that are not in the database. */
export async function lostWrites(call: Call, acknowledged: string[]): Promise<string[]> {
  const response = await call('GET', '/org-units');
  if (response.status !== 200) throw new Error(`listing org units: ${response.status}`);
  const present = new Set(((await response.json()) as { name: string }[]).map((unit) => unit.name));
  return acknowledged.filter((name) => !present.has(name));
}

/**
 * A Debian PostgreSQL cluster of the test's own (binaries under /usr/lib/postgresql/<n>/bin, the
 * oldest, as .ci/run picks), run as the `postgres` OS user when the test runs as root.
 */
export interface Cluster {
  url: string;
  dataDir: string;
  start: () => void;
  kill: () => void;
  stop: () => void;
}

export function debianPostgresBin(): string | null {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return null;
  const versions = fs
    .readdirSync(base)
    .filter((name) => fs.existsSync(path.join(base, name, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(a) - Number(b));
  return versions.length ? path.join(base, versions[0]!, 'bin') : null;
}

export async function createCluster(bin: string): Promise<Cluster> {
  const isRoot = os.userInfo().uid === 0;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xg-fault-pg-'));
  if (isRoot) execFileSync('chown', ['postgres:postgres', dataDir]);
  const port = await freePort();
  const run = (command: string) => {
    if (isRoot) execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', command], { stdio: 'ignore' });
    else execFileSync('/bin/sh', ['-c', command], { stdio: 'ignore' });
  };
  run(`${bin}/initdb -D ${dataDir} -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8`);
  const startOnce = () =>
    run(`${bin}/pg_ctl -D ${dataDir} -l ${dataDir}/server.log -o '-p ${port} -k /tmp -c listen_addresses=127.0.0.1' -w start`);
  // After a kill -9 the old server's backends may hold its shared memory a moment longer.
  const start = () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return startOnce();
      } catch (error) {
        if (attempt >= 20) throw error;
        execFileSync('sleep', ['0.5']);
      }
    }
  };
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dataDir,
    start,
    kill: () => process.kill(postmasterPid(dataDir), 'SIGKILL'),
    stop: () => {
      try {
        run(`${bin}/pg_ctl -D ${dataDir} -m immediate -w stop`);
      } catch {
        // already stopped
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
