// npm run db:seed — seeds the demo company into an empty database.
import { loadConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db/open.js';
import { isEmpty, seedDemoCompany } from '../src/seed/demo-company.js';

const config = loadConfig(process.env, process.env.INIT_CWD ?? process.cwd());
const database = await openDatabase(config, console.log);
if (await isEmpty(database.db)) {
  const ids = await seedDemoCompany(database.db);
  console.log(`demo company seeded: ${ids.size} users, password demo1234`);
} else {
  console.log('the database already has users; nothing seeded (npm run db:reset first)');
}
await database.close();
