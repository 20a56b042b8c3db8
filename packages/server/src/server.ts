import cluster, { type Worker } from 'node:cluster';
import { loadConfig, type Config } from './platform/config.js';
import { openDatabase } from './platform/db/open.js';
import { startCacheBus } from './platform/db/cache-bus.js';
import { buildApp } from './app.js';
import { isEmpty, seedDemoCompany } from './seed/demo-company.js';
import { Scheduler } from './platform/jobs/scheduler.js';
import { platformJobs } from './platform/jobs/platform.jobs.js';
import { JobRunner } from './platform/jobs/queue.js';
import { MODULES } from './modules/index.js';
import { getSettings } from './platform/settings/settings.js';
import { assertHttpPortFree } from './platform/port-check.js';
import { setDatabaseLog } from './platform/db/limits.js';

const log = (message: string) =>
  process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), pid: process.pid, msg: message })}\n`);

/**
 * Starts Xiaoguan: database, migrations, demo data on first run, HTTP, jobs; and stops them in reverse.
 * In a worker of a cluster (WORKERS > 1) the database is the primary's: DATABASE_URL points at it.
 */
async function serve(config: Config, started: number): Promise<void> {
  const database = await openDatabase(config, log);
  const stopCacheBus = await startCacheBus(database.url, log);
  const mode = process.env.XG_DATABASE_MODE === 'embedded' ? 'embedded' : database.mode;
  if (config.demo && (await isEmpty(database.db))) {
    log('empty database: seeding the demo company (XIAOGUAN_DEMO=false to start empty)');
    await seedDemoCompany(database.db);
  }
  const app = await buildApp({ config, db: database.db, databaseMode: mode });
  setDatabaseLog((level, message, err) => app.log[level]({ err }, message));
  // Every process runs the scheduler and the job queue: a job's lease in the database keeps it to
  // one run, whichever process takes it.
  const scheduler = new Scheduler(
    database.db,
    [...platformJobs, ...MODULES.flatMap((module) => module.jobs)],
    app.log,
    (await getSettings(database.db)).timeZone,
  );
  await scheduler.register();
  scheduler.start();
  const jobRunner = new JobRunner(
    database.db,
    MODULES.flatMap((module) => module.backgroundJobs),
    { dataDir: config.dataDir, log: app.log },
  );
  await jobRunner.start();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    scheduler.stop();
    await jobRunner.stop();
    await app.close().catch((err) => app.log.error({ err }, 'closing http'));
    await stopCacheBus();
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
    await stopCacheBus();
    await database.close();
    process.exit(1);
  }
  if (cluster.isWorker) log(`worker ready (${Date.now() - started} ms)`);
  else app.log.info(`Xiaoguan ready at http://localhost:${config.port} (${mode} PostgreSQL, started in ${Date.now() - started} ms)`);
}

/**
 * WORKERS > 1: this process opens (and for the embedded server, owns) the database, migrates it and
 * seeds the demo company, then forks the HTTP workers, which share the port (node:cluster hands them
 * connections in turn). A worker that dies is replaced; SIGTERM stops the workers, then PostgreSQL.
 */
async function primary(config: Config, started: number): Promise<void> {
  const database = await openDatabase(config, log);
  if (config.demo && (await isEmpty(database.db))) {
    log('empty database: seeding the demo company (XIAOGUAN_DEMO=false to start empty)');
    await seedDemoCompany(database.db);
  }
  let stopping = false;
  const fork = () =>
    !stopping &&
    cluster.fork({
      DATABASE_URL: database.url,
      DATABASE_APP_URL: database.appUrl,
      XG_DATABASE_MODE: database.mode,
      XIAOGUAN_DEMO: 'false',
      WORKERS: '1',
    });
  let listening = 0;
  cluster.on('listening', () => {
    if (++listening === config.workers)
      log(
        `Xiaoguan ready at http://localhost:${config.port} (${database.mode} PostgreSQL, ${config.workers} workers, started in ${Date.now() - started} ms)`,
      );
  });
  cluster.on('exit', (worker: Worker, code, signal) => {
    if (stopping) return;
    log(`worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    if (code === 1 && listening === 0) {
      // It never listened (a busy port, a bad setting): starting it again would fail the same way.
      void shutdown('worker failed to start', 1);
      return;
    }
    setTimeout(fork, 1_000);
  });
  const shutdown = async (reason: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    log(`shutting down (${reason})`);
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => Boolean(w));
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            const timer = setTimeout(() => worker.process.kill('SIGKILL'), 15_000);
            worker.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            worker.process.kill('SIGTERM');
          }),
      ),
    );
    await database.close().catch((err) => log(`closing database: ${String(err)}`));
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  for (let i = 0; i < config.workers; i++) fork();
}

// A promise nobody awaited that failed (a database call in background work while PostgreSQL is down)
// is logged; it does not end the process, which goes on serving (issue 14, item 3).
process.on('unhandledRejection', (reason) => {
  process.stderr.write(
    `${JSON.stringify({ level: 50, time: Date.now(), pid: process.pid, msg: 'unhandled rejection', err: reason instanceof Error ? (reason.stack ?? reason.message) : String(reason) })}\n`,
  );
});

async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  if (cluster.isPrimary) await assertHttpPortFree(config.port, config.host);
  if (cluster.isPrimary && config.workers > 1) await primary(config, started);
  else await serve(config, started);
}

main().catch((error) => {
  process.stderr.write(`Xiaoguan failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
