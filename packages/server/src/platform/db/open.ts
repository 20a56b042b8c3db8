import type { Config } from '../config.js';
import { createDatabase, type Database } from './client.js';
import { startEmbeddedPostgres } from './embedded.js';
import { runMigrations } from './migrate.js';
import { prepareAppLogin, prepareExternalAppRole } from './app-role.js';

export interface OpenDatabase {
  /** The app's pool: its own role, no superuser, owns nothing (app-role.ts). */
  db: Database;
  mode: 'embedded' | 'external';
  /** The owner's connection string (migrations), for worker processes (WORKERS > 1) to reach the same database. */
  url: string;
  /** The app's connection string (DATABASE_APP_URL of worker processes). */
  appUrl: string;
  close: () => Promise<void>;
}

/** Migrates as the owner, then prepares the app's role; returns the app's connection string. */
async function migrateAndPrepare(ownerUrl: string, prepare: (owner: Database) => Promise<string>): Promise<string> {
  const owner = createDatabase(ownerUrl, 2);
  try {
    await runMigrations(owner);
    return await prepare(owner);
  } finally {
    await owner.$client.end();
  }
}

/** Opens PostgreSQL — DATABASE_URL when set, else the embedded server under DATA_DIR/pg — and migrates it. */
export async function openDatabase(config: Config, log: (message: string) => void): Promise<OpenDatabase> {
  if (config.databaseUrl) {
    const ownerUrl = config.databaseUrl;
    const appUrl = await migrateAndPrepare(ownerUrl, (owner) => prepareExternalAppRole(owner, ownerUrl, config.databaseAppUrl, log));
    const db = createDatabase(appUrl);
    return { db, mode: 'external', url: ownerUrl, appUrl, close: () => db.$client.end() };
  }
  const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, log });
  try {
    const admin = createDatabase(embedded.url('postgres'), 1);
    const exists = await admin.$client.query(`select 1 from pg_database where datname = 'xiaoguan'`);
    if (!exists.rowCount) await admin.$client.query('create database xiaoguan');
    await admin.$client.end();
    const ownerUrl = embedded.url('xiaoguan');
    const appUrl = await migrateAndPrepare(ownerUrl, (owner) => prepareAppLogin(owner, ownerUrl));
    const db = createDatabase(appUrl);
    return {
      db,
      mode: 'embedded',
      url: ownerUrl,
      appUrl,
      close: async () => {
        await db.$client.end();
        await embedded.stop();
      },
    };
  } catch (error) {
    await embedded.stop();
    throw error;
  }
}
