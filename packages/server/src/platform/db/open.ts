import type { Config } from '../config.js';
import { createDatabase, type Database } from './client.js';
import { startEmbeddedPostgres } from './embedded.js';
import { runMigrations } from './migrate.js';

export interface OpenDatabase {
  db: Database;
  mode: 'embedded' | 'external';
  /** The connection string, for worker processes (WORKERS > 1) to reach the same database. */
  url: string;
  close: () => Promise<void>;
}

/** Opens PostgreSQL — DATABASE_URL when set, else the embedded server under DATA_DIR/pg — and migrates it. */
export async function openDatabase(config: Config, log: (message: string) => void): Promise<OpenDatabase> {
  if (config.databaseUrl) {
    await migrate(config.databaseUrl);
    const db = createDatabase(config.databaseUrl, config.dbPoolSize, { limits: config.dbLimits });
    return { db, mode: 'external', url: config.databaseUrl, close: () => db.$client.end() };
  }
  const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, log });
  try {
    const admin = createDatabase(embedded.url('postgres'), 1);
    const exists = await admin.$client.query(`select 1 from pg_database where datname = 'xiaoguan'`);
    if (!exists.rowCount) await admin.$client.query('create database xiaoguan');
    await admin.$client.end();
    await migrate(embedded.url('xiaoguan'));
    const db = createDatabase(embedded.url('xiaoguan'), config.dbPoolSize, { limits: config.dbLimits });
    return {
      db,
      mode: 'embedded',
      url: embedded.url('xiaoguan'),
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

/** Migrations run on their own short-lived connections, without the request time limits (an index build may take minutes). */
async function migrate(url: string): Promise<void> {
  const db = createDatabase(url, 2, { limits: null });
  try {
    await runMigrations(db);
  } finally {
    await db.$client.end();
  }
}
