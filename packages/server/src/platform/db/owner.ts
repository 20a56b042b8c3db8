import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';
import { createDatabase, type Database } from './client.js';
import { embeddedOwnerUrl, runningPostmasterPort, startEmbeddedPostgres } from './embedded.js';
import { lockOwner } from './data-dir-lock.js';

/**
 * A connection as the schema's owner, for db:backup and db:restore: DATABASE_URL, or the embedded
 * server — the one a running Xiaoguan owns (backup only: a backup reads one consistent snapshot
 * while the app serves), else started here for the command and stopped after it.
 */
export async function openAsOwner(
  config: Config,
  purpose: 'backup' | 'restore',
  log: (message: string) => void,
): Promise<{ db: Database; close: () => Promise<void> }> {
  if (config.databaseUrl) {
    const db = createDatabase(config.databaseUrl, 2);
    return { db, close: () => db.$client.end() };
  }
  const running = lockOwner(config.dataDir);
  if (running !== null) {
    if (purpose === 'restore')
      throw new Error(`Xiaoguan is running on DATA_DIR ${config.dataDir} (process ${running}): stop it before restoring.`);
    const port = await runningPostmasterPort(config.dataDir);
    if (port === null)
      throw new Error(`Xiaoguan (process ${running}) is still starting on DATA_DIR ${config.dataDir}: try again in a moment.`);
    const db = createDatabase(embeddedOwnerUrl(port), 2);
    return { db, close: () => db.$client.end() };
  }
  if (
    purpose === 'backup' &&
    !(await fs.access(path.join(config.dataDir, 'pg', 'PG_VERSION')).then(
      () => true,
      () => false,
    ))
  ) {
    throw new Error(`There is no database under DATA_DIR ${config.dataDir} to back up (set DATA_DIR or DATABASE_URL).`);
  }
  const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, log });
  try {
    const admin = createDatabase(embedded.url('postgres'), 1);
    const exists = await admin.$client.query(`select 1 from pg_database where datname = 'xiaoguan'`);
    if (!exists.rowCount) await admin.$client.query('create database xiaoguan');
    await admin.$client.end();
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  const db = createDatabase(embedded.url('xiaoguan'), 2);
  return {
    db,
    close: async () => {
      await db.$client.end();
      await embedded.stop();
    },
  };
}
