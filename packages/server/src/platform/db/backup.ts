import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type { Database } from './client.js';
import { MIGRATIONS_DIR, runMigrations } from './migrate.js';

/**
 * `npm run db:backup` / `db:restore`: a logical backup written by the app itself, so it needs no
 * `pg_dump` of a matching version (the embedded package ships none, and Debian's 15 refuses a
 * server 18). One file, gzip'd lines:
 *
 *   XIAOGUAN-BACKUP 1
 *   {"migrations":[…], "tables":[…], …}             header: the migration state, tables in FK order
 *   {"table":"users","columns":[…]}                   then per table its rows in COPY text format
 *   …rows…
 *   \.
 *   {"end":true,"rows":{…},"sequences":{…}}
 *
 * Taken in one REPEATABLE READ snapshot, so it is consistent while the app writes. A restore
 * creates the schema at the backup's migration level, loads every table in one transaction (user
 * triggers off, so derived tables are taken as saved, audit rows keep their time and actor; foreign
 * keys checked), sets the sequences, then migrates to the code's level.
 */
export const BACKUP_MAGIC = 'XIAOGUAN-BACKUP 1';

export interface BackupSummary {
  tables: number;
  rows: number;
}

interface Header {
  createdAt: string;
  serverVersion: string;
  migrations: { hash: string; createdAt: number }[];
  tables: string[];
}

interface Trailer {
  end: true;
  rows: Record<string, number>;
  sequences: Record<string, { value: string; called: boolean }>;
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The public tables, parents before children (foreign keys), ties by name. */
export async function tablesInDependencyOrder(client: pg.ClientBase): Promise<string[]> {
  const tables = (
    await client.query<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`,
    )
  ).rows.map((r) => r.name);
  const edges = (
    await client.query<{ child: string; parent: string }>(`
      select c.relname as child, p.relname as parent
        from pg_constraint k
        join pg_class c on c.oid = k.conrelid join pg_namespace cn on cn.oid = c.relnamespace
        join pg_class p on p.oid = k.confrelid
       where k.contype = 'f' and cn.nspname = 'public' and k.conrelid <> k.confrelid`)
  ).rows;
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of edges) parents.get(child)?.add(parent);
  const ordered: string[] = [];
  const done = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter((t) => !done.has(t) && [...parents.get(t)!].every((p) => done.has(p) || !parents.has(p)));
    if (!ready.length) throw new Error(`foreign keys form a cycle among ${tables.filter((t) => !done.has(t)).join(', ')}`);
    for (const t of ready) {
      ordered.push(t);
      done.add(t);
    }
  }
  return ordered;
}

async function columnsOf(client: pg.ClientBase, table: string): Promise<string[]> {
  // Generated columns are computed again on restore.
  const result = await client.query<{ name: string }>(
    `select attname as name from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped and attgenerated = '' order by attnum`,
    [`public.${ident(table)}`],
  );
  return result.rows.map((r) => r.name);
}

async function write(out: Writable, chunk: string | Buffer): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/** Writes the whole database (read as its owner) to `out`, which it ends. */
export async function writeBackup(owner: Database, out: Writable): Promise<BackupSummary> {
  const client = await owner.$client.connect();
  const rows: Record<string, number> = {};
  try {
    await client.query('begin isolation level repeatable read read only');
    const tables = await tablesInDependencyOrder(client);
    const migrations = (
      await client.query<{ hash: string; created_at: string }>(
        `select hash, created_at from drizzle.__drizzle_migrations order by created_at`,
      )
    ).rows;
    const header: Header = {
      createdAt: new Date().toISOString(),
      serverVersion: (await client.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]!.v,
      migrations: migrations.map((m) => ({ hash: m.hash, createdAt: Number(m.created_at) })),
      tables,
    };
    await write(out, `${BACKUP_MAGIC}\n${JSON.stringify(header)}\n`);
    for (const table of tables) {
      const columns = await columnsOf(client, table);
      await write(out, `${JSON.stringify({ table, columns })}\n`);
      let lines = 0;
      const stream = client.query(copyTo(`copy public.${ident(table)} (${columns.map(ident).join(', ')}) to stdout`));
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        for (const byte of chunk) if (byte === 10) lines++;
        await write(out, chunk);
      }
      rows[table] = lines;
      await write(out, '\\.\n');
    }
    const sequences: Trailer['sequences'] = {};
    const names = (
      await client.query<{ name: string }>(`select sequencename as name from pg_sequences where schemaname = 'public' order by 1`)
    ).rows;
    for (const { name } of names) {
      const [state] = (
        await client.query<{ value: string; called: boolean }>(
          `select last_value::text as value, is_called as called from public.${ident(name)}`,
        )
      ).rows;
      sequences[name] = state!;
    }
    const trailer: Trailer = { end: true, rows, sequences };
    await write(out, `${JSON.stringify(trailer)}\n`);
    await client.query('commit');
  } finally {
    client.release();
  }
  out.end();
  await once(out, 'finish');
  return { tables: Object.keys(rows).length, rows: Object.values(rows).reduce((a, b) => a + b, 0) };
}

export class RestoreRefused extends Error {}

/** A copy of the migrations folder holding only the first `count` migrations. */
export async function migrationsUpTo(createdAt: number[]): Promise<string> {
  const journal = JSON.parse(await fs.readFile(path.join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as {
    entries: { when: number; tag: string }[];
  };
  const known = new Set(journal.entries.map((e) => e.when));
  const unknown = createdAt.filter((when) => !known.has(when));
  if (unknown.length)
    throw new RestoreRefused(
      `the backup was made by a newer Xiaoguan (it has ${unknown.length} migration(s) this one does not know): update Xiaoguan first`,
    );
  const wanted = new Set(createdAt);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'xg-restore-migrations-'));
  await fs.mkdir(path.join(dir, 'meta'));
  const entries = journal.entries.filter((e) => wanted.has(e.when));
  if (entries.length !== journal.entries.slice(0, entries.length).length || entries.some((e, i) => e !== journal.entries[i])) {
    throw new RestoreRefused('the backup’s migrations are not a prefix of this Xiaoguan’s: restore it with the version that made it');
  }
  await fs.writeFile(path.join(dir, 'meta/_journal.json'), JSON.stringify({ ...journal, entries }));
  for (const entry of entries) await fs.copyFile(path.join(MIGRATIONS_DIR, `${entry.tag}.sql`), path.join(dir, `${entry.tag}.sql`));
  return dir;
}

/**
 * Restores a backup into the database of `owner` (its owner's pool), which must hold no company
 * yet (no users): the schema there is dropped and made again at the backup's level.
 */
export async function restoreBackup(
  owner: Database,
  input: Readable,
  log: (message: string) => void = () => undefined,
): Promise<BackupSummary> {
  const lines = readline.createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]();
  const next = async (): Promise<string | null> => {
    const { value, done } = await lines.next();
    return done ? null : (value as string);
  };
  if ((await next()) !== BACKUP_MAGIC) throw new RestoreRefused('this is not a Xiaoguan backup (made by npm run db:backup)');
  const header = JSON.parse((await next()) ?? 'null') as Header;

  const hasUsers = await owner.$client
    .query<{ n: number }>(`select count(*)::int as n from users`)
    .then((r) => r.rows[0]!.n)
    .catch(() => 0);
  if (hasUsers > 0) {
    throw new RestoreRefused(
      `the database already holds a company (${hasUsers} users): restore into an empty one — a new DATA_DIR or database, or npm run db:reset first`,
    );
  }
  const folder = await migrationsUpTo(header.migrations.map((m) => m.createdAt));
  try {
    log(`creating the schema at the backup's level (${header.migrations.length} migrations)`);
    await owner.$client.query('drop schema if exists drizzle cascade; drop schema public cascade; create schema public');
    await migrate(owner, { migrationsFolder: folder });
  } finally {
    await fs.rm(folder, { recursive: true, force: true });
  }

  const client = await owner.$client.connect();
  const rows: Record<string, number> = {};
  let trailer: Trailer | null = null;
  try {
    await client.query('begin');
    for (const table of header.tables) await client.query(`alter table public.${ident(table)} disable trigger user`);
    for (;;) {
      const line = await next();
      if (line === null) throw new RestoreRefused('the backup file is cut short (no end marker): it was not completely written');
      const item = JSON.parse(line) as { table: string; columns: string[] } | Trailer;
      if ('end' in item) {
        trailer = item;
        break;
      }
      const stream = client.query(copyFrom(`copy public.${ident(item.table)} (${item.columns.map(ident).join(', ')}) from stdin`));
      const finished = new Promise<void>((resolve, reject) => {
        stream.once('finish', resolve);
        stream.once('error', reject);
      });
      let count = 0;
      try {
        for (;;) {
          const row = await next();
          if (row === null) throw new RestoreRefused('the backup file is cut short inside a table');
          if (row === '\\.') break;
          count++;
          await write(stream, `${row}\n`);
        }
      } catch (error) {
        // Ends the COPY with CopyFail, so the connection can roll back.
        stream.destroy(error as Error);
        await finished.catch(() => undefined);
        throw error;
      }
      stream.end();
      await finished;
      rows[item.table] = count;
    }
    for (const [table, count] of Object.entries(trailer.rows)) {
      if (rows[table] !== count)
        throw new RestoreRefused(`the backup's table ${table} holds ${rows[table] ?? 0} rows where ${count} were written`);
    }
    for (const [name, state] of Object.entries(trailer.sequences)) {
      await client.query(`select setval($1::regclass, $2::bigint, $3)`, [`public.${ident(name)}`, state.value, state.called]);
    }
    for (const table of header.tables) await client.query(`alter table public.${ident(table)} enable trigger user`);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  await runMigrations(owner);
  await owner.$client.query('analyze');
  return { tables: Object.keys(rows).length, rows: Object.values(rows).reduce((a, b) => a + b, 0) };
}

/** Row count and a checksum of every public table's rows (order-independent): equal databases, equal map. */
export async function tableFingerprints(db: Database): Promise<Record<string, string>> {
  const tables = (
    await db.$client.query<{ name: string }>(`select tablename as name from pg_tables where schemaname = 'public' order by 1`)
  ).rows;
  const result: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = (
      await db.$client.query<{ n: number; sum: string | null }>(
        `select count(*)::int as n, md5(string_agg(md5(t::text), '' order by md5(t::text))) as sum from public.${ident(name)} t`,
      )
    ).rows;
    result[name] = `${row!.n}:${row!.sum ?? ''}`;
  }
  return result;
}

/** A backup file name for now: xiaoguan-2026-12-06T19-30-00Z.backup.gz. */
export function backupFileName(now = new Date()): string {
  return `xiaoguan-${now.toISOString().slice(0, 19).replaceAll(':', '-')}Z.backup.gz`;
}
