import { loadConfig } from './platform/config.js';
import { openDatabase } from './platform/db/open.js';
import { buildApp } from './app.js';
import { isEmpty, seedDemoCompany } from './seed/demo-company.js';
import { Scheduler } from './platform/jobs/scheduler.js';
import { platformJobs } from './platform/jobs/platform.jobs.js';
import { JobRunner } from './platform/jobs/queue.js';
import { customerImportJobs, customersJobs } from './modules/customers/index.js';
import { receivablesJobs } from './modules/receivables/index.js';
import { quotesJobs } from './modules/quotes/index.js';
import { contractsJobs } from './modules/contracts/index.js';
import { getSettings } from './platform/settings/settings.js';

/** Starts Xiaoguan: database, migrations, demo data on first run, HTTP, jobs; and stops them in reverse. */
async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const log = (message: string) => process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), msg: message })}\n`);
  const database = await openDatabase(config, log);
  if (config.demo && (await isEmpty(database.db))) {
    log('empty database: seeding the demo company (XIAOGUAN_DEMO=false to start empty)');
    await seedDemoCompany(database.db);
  }
  const app = await buildApp({ config, db: database.db, databaseMode: database.mode });
  const scheduler = new Scheduler(database.db, [...platformJobs, ...customersJobs, ...receivablesJobs, ...quotesJobs, ...contractsJobs], app.log, (await getSettings(database.db)).timeZone);
  await scheduler.register();
  scheduler.start();
  const jobRunner = new JobRunner(database.db, [...customerImportJobs], { dataDir: config.dataDir, log: app.log });
  await jobRunner.start();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    scheduler.stop();
    await jobRunner.stop();
    await app.close().catch((err) => app.log.error({ err }, 'closing http'));
    await database.close().catch((err) => app.log.error({ err }, 'closing database'));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    app.log.error(code === 'EADDRINUSE' ? `port ${config.port} is busy: set PORT to a free port` : { err: error }, 'cannot listen');
    await database.close();
    process.exit(1);
  }
  app.log.info(`Xiaoguan ready at http://localhost:${config.port} (${database.mode} PostgreSQL, started in ${Date.now() - started} ms)`);
}

main().catch((error) => {
  process.stderr.write(`Xiaoguan failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
