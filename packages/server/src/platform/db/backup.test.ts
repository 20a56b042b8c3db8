import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../test/harness.js';
import { createDatabase, type Database } from './client.js';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { BACKUP_MAGIC, RestoreRefused, migrationsUpTo, restoreBackup, tableFingerprints, writeBackup } from './backup.js';
import { MIGRATIONS_DIR } from './migrate.js';

/**
 * npm run db:backup / db:restore (scripts/backup.ts, restore.ts): the seeded database, written to a
 * file and restored into an empty database, has every table with the same rows, the same migration
 * state and the same sequences.
 */
let t: TestApp;
let admin: Database;
const created: string[] = [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xg-backup-'));

function urlOf(database: string): string {
  const parsed = new URL(inject('pgAdminUrl'));
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function emptyDatabase(): Promise<Database> {
  const name = `xg_t_${inject('pgTemplate').split('_').pop()}_r${crypto.randomBytes(4).toString('hex')}`;
  await admin.$client.query(`create database ${name}`);
  created.push(name);
  return createDatabase(urlOf(name), 2);
}

async function backupTo(file: string, source: Database = t.ownerDb): Promise<void> {
  const gzip = zlib.createGzip();
  const written = pipeline(gzip, fs.createWriteStream(file));
  await writeBackup(source, gzip);
  await written;
}

beforeAll(async () => {
  t = await buildTestApp();
  admin = createDatabase(inject('pgAdminUrl'), 1);
});
afterAll(async () => {
  await t.close();
  for (const name of created) await admin.$client.query(`drop database if exists ${name} with (force)`);
  await admin.$client.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore', () => {
  it('round trip: every table’s rows, the migration state and the sequences come back', async () => {
    // Some history first: an audit row with its actor and time, a sequence moved on.
    const admin1 = await t.loginAs('admin');
    expect(
      (
        await admin1.patch(`/api/v1/users/${t.ids.rep}`, {
          version: (await admin1.get(`/api/v1/users/${t.ids.rep}`)).json().version,
          displayName: '备份前',
        })
      ).statusCode,
    ).toBe(200);
    const file = path.join(dir, 'round-trip.backup.gz');
    await backupTo(file);
    expect(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n')[0]).toBe(BACKUP_MAGIC);

    const target = await emptyDatabase();
    try {
      const summary = await restoreBackup(target, fs.createReadStream(file).pipe(zlib.createGunzip()));
      expect(summary.rows).toBeGreaterThan(1000);
      const [before, after] = [await tableFingerprints(t.ownerDb), await tableFingerprints(target)];
      expect(Object.keys(after).length).toBeGreaterThan(30);
      expect(after).toEqual(before);
      const migrations = (db: Database) =>
        db
          .execute<{ hash: string; created_at: string }>(sql`select hash, created_at from drizzle.__drizzle_migrations order by created_at`)
          .then((r) => r.rows);
      expect(await migrations(target)).toEqual(await migrations(t.ownerDb));
      const sequences = (db: Database) =>
        db.execute(sql`select sequencename, last_value from pg_sequences where schemaname = 'public' order by 1`).then((r) => r.rows);
      expect(await sequences(target)).toEqual(await sequences(t.ownerDb));
      // The restored triggers are on again: a new audit row is stamped by the database.
      const stamped = await target.execute<{ recent: boolean }>(
        sql`insert into audit_log (at, action, entity) values ('2001-01-01', 'update', 'after-restore') returning at > now() - interval '1 minute' as recent`,
      );
      expect(stamped.rows[0]!.recent).toBe(true);
    } finally {
      await target.$client.end();
    }
  }, 120_000);

  it('refuses to restore over a company, and a file that is cut short, changing nothing', async () => {
    const file = path.join(dir, 'refusals.backup.gz');
    await backupTo(file);
    const before = await tableFingerprints(t.ownerDb);
    await expect(restoreBackup(t.ownerDb, fs.createReadStream(file).pipe(zlib.createGunzip()))).rejects.toThrow(/already holds a company/);
    expect(await tableFingerprints(t.ownerDb)).toEqual(before);

    const whole = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8');
    const cut = path.join(dir, 'cut.backup');
    fs.writeFileSync(cut, whole.slice(0, Math.floor(whole.length * 0.6)));
    const target = await emptyDatabase();
    try {
      await expect(restoreBackup(target, fs.createReadStream(cut))).rejects.toBeInstanceOf(RestoreRefused);
      const users = await target.execute<{ n: number }>(sql`select count(*)::int as n from users`);
      expect(users.rows[0]!.n).toBe(0);
    } finally {
      await target.$client.end();
    }
  }, 120_000);

  it('a backup made by an older version (fewer migrations) restores and is migrated to this one', async () => {
    const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as { entries: { when: number }[] };
    const older = journal.entries.slice(0, -1).map((e) => e.when);
    const source = await emptyDatabase();
    const target = await emptyDatabase();
    try {
      const folder = await migrationsUpTo(older);
      await migrate(source, { migrationsFolder: folder });
      fs.rmSync(folder, { recursive: true, force: true });
      await source.execute(sql`insert into settings (key, value) values ('timeZone', '"Asia/Urumqi"'::jsonb)`);
      const file = path.join(dir, 'older.backup.gz');
      await backupTo(file, source);
      await restoreBackup(target, fs.createReadStream(file).pipe(zlib.createGunzip()));
      const applied = await target.execute<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      expect(applied.rows[0]!.n).toBe(journal.entries.length);
      const setting = await target.execute<{ value: string }>(sql`select value #>> '{}' as value from settings where key = 'timeZone'`);
      expect(setting.rows).toEqual([{ value: 'Asia/Urumqi' }]);
    } finally {
      await source.$client.end();
      await target.$client.end();
    }
  }, 120_000);
});
