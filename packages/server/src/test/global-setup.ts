import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import type { TestProject } from 'vitest/node';
import { createDatabase } from '../platform/db/client.js';
import { runMigrations } from '../platform/db/migrate.js';
import { startEmbeddedPostgres } from '../platform/db/embedded.js';
import { seedDemoCompany } from '../seed/demo-company.js';
import { prepareAppLogin } from '../platform/db/app-role.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
    /** The app's own role (no superuser, owns nothing) on the template database: API tests run as it. */
    pgAppUrl: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * One PostgreSQL for the whole run: the embedded one in a temp dir, or TEST_DATABASE_URL (npm run
 * test:pg, Debian's PostgreSQL 15). A template database is migrated and seeded once; each test
 * file clones it (CREATE DATABASE … TEMPLATE), so files run in parallel on their own data.
 */
export default async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | null = null;
  let tempDir: string | null = null;
  let adminUrl: string;
  if (external) {
    adminUrl = external;
  } else {
    tempDir = await fs.mkdtemp(path.join(os.tmpdir(), 'xg-test-'));
    await fs.chmod(tempDir, 0o755);
    const embedded = await startEmbeddedPostgres({ dataDir: tempDir, port: await freePort(), log: () => undefined });
    stopEmbedded = embedded.stop;
    adminUrl = embedded.url('postgres');
  }
  const template = `xg_template_${process.pid}`;
  const admin = createDatabase(adminUrl, 1);
  await admin.$client.query(`drop database if exists ${template}`);
  await admin.$client.query(`create database ${template}`);
  const db = createDatabase(withDatabase(adminUrl, template), 2);
  await runMigrations(db);
  // Pipeline demo data stays out of the template: module tests make their own; demo-pipeline.test.ts seeds it.
  await seedDemoCompany(db, undefined, { pipeline: false });
  // The grants are the template's, so every clone has them: each API test proves they suffice.
  const appUrl = await prepareAppLogin(db, withDatabase(adminUrl, template), { password: 'xiaoguan_app_test' });
  await db.$client.end();

  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplate', template);
  project.provide('pgAppUrl', appUrl);

  return async () => {
    const leftovers = await admin.$client.query<{ datname: string }>(
      `select datname from pg_database where datname like 'xg_t_${process.pid}_%' or datname = $1`,
      [template],
    );
    for (const row of leftovers.rows) await admin.$client.query(`drop database if exists ${row.datname} with (force)`);
    await admin.$client.end();
    if (stopEmbedded) await stopEmbedded();
    if (tempDir) await fs.rm(tempDir, { recursive: true, force: true });
  };
}
