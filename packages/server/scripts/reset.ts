// npm run db:reset — drops every table of the app's database and migrates it afresh (demo data returns on next start).
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db/open.js';
import { createDatabase } from '../src/platform/db/client.js';
import { runMigrations } from '../src/platform/db/migrate.js';

const config = loadConfig(process.env, process.env.INIT_CWD ?? process.cwd());
const database = await openDatabase(config, console.log);
// The schema's owner drops and migrates it (the app's own role owns nothing); the app's grants are
// given again at the next start.
const owner = createDatabase(database.url, 1);
await owner.execute(sql`drop schema public cascade`);
await owner.execute(sql`drop schema if exists drizzle cascade`);
await owner.execute(sql`create schema public`);
await runMigrations(owner);
await owner.$client.end();
console.log('database reset: empty and migrated');
await database.close();
