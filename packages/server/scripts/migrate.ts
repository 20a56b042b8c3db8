// npm run db:migrate — applies committed migrations to DATABASE_URL or the embedded database.
import { loadConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db/open.js';

const config = loadConfig(process.env, process.env.INIT_CWD ?? process.cwd());
const database = await openDatabase(config, console.log);
console.log(`migrations applied (${database.mode} PostgreSQL)`);
await database.close();
