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
    const db = createDatabase(config.databaseUrl);
    await runMigrations(db);
    return { db, mode: 'external', url: config.databaseUrl, close: () => db.$client.end() };
  }
  const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, log });
  try {
    const admin = createDatabase(embedded.url('postgres'), 1);
    const exists = await admin.$client.query(`select 1 from pg_database where datname = 'xiaoguan'`);
    if (!exists.rowCount) await admin.$client.query('create database xiaoguan');
    await admin.$client.end();
    const db = createDatabase(embedded.url('xiaoguan'));
    await runMigrations(db);
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
