// npm run db:reset — drops every table of the app's database and migrates it afresh (demo data returns on next start).
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db/open.js';
import { runMigrations } from '../src/platform/db/migrate.js';

const config = loadConfig(process.env, process.env.INIT_CWD ?? process.cwd());
const database = await openDatabase(config, console.log);
await database.db.execute(sql`drop schema public cascade`);
await database.db.execute(sql`drop schema if exists drizzle cascade`);
await database.db.execute(sql`create schema public`);
await runMigrations(database.db);
console.log('database reset: empty and migrated');
await database.close();
