import os from 'node:os';
import path from 'node:path';
import { DEFAULT_LIMITS, type DatabaseLimits } from './db/limits.js';

/** Everything the server reads from the environment, parsed once. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** External PostgreSQL; when absent the embedded one under DATA_DIR/pg is used. */
  databaseUrl: string | null;
  /** The app's own login on the external PostgreSQL (no superuser, owns nothing); DATABASE_URL's role owns the schema and migrates. */
  databaseAppUrl: string | null;
  embeddedPgPort: number;
  demo: boolean;
  logLevel: string;
  /** Built web app to serve; null to serve none (tests, dev with Vite). */
  webDist: string | null;
  secureCookies: boolean;
  trustProxy: boolean;
  /** HTTP worker processes (node:cluster); 1 serves from the main process. */
  workers: number;
  /** Pooled connections per process (DB_POOL_SIZE). */
  dbPoolSize: number;
  /** Time limits on pooled connections (platform/db/limits.ts). */
  dbLimits: DatabaseLimits;
}

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return !['0', 'false', 'no', 'off'].includes(value.toLowerCase());
}

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number, got "${value}"`);
  return n;
}

function milliseconds(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 86_400_000)
    throw new Error(`${name} must be a whole number of milliseconds (0 turns it off), got "${value}"`);
  return n;
}

function poolSize(value: string | undefined): number {
  if (value === undefined || value === '') return 20;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 2 || n > 500) throw new Error(`DB_POOL_SIZE must be a number from 2 to 500, got "${value}"`);
  return n;
}

function workers(value: string | undefined): number {
  if (value === undefined || value === '') return 1;
  if (value === 'auto') return Math.min(os.availableParallelism(), 16);
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`WORKERS must be a number from 1 to 64 or "auto", got "${value}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const dataDir = path.resolve(cwd, env.DATA_DIR ?? 'data');
  return {
    port: integer('PORT', env.PORT, 3000),
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    databaseUrl: env.DATABASE_URL || null,
    databaseAppUrl: env.DATABASE_APP_URL || null,
    embeddedPgPort: integer('PG_PORT', env.PG_PORT, 54329),
    demo: flag(env.XIAOGUAN_DEMO, true),
    logLevel: env.LOG_LEVEL ?? 'info',
    webDist: env.WEB_DIST === '' ? null : path.resolve(cwd, env.WEB_DIST ?? 'packages/web/dist'),
    secureCookies: flag(env.SECURE_COOKIES, false),
    trustProxy: flag(env.TRUST_PROXY, false),
    workers: workers(env.WORKERS),
    dbPoolSize: poolSize(env.DB_POOL_SIZE),
    dbLimits: {
      acquireTimeoutMs: milliseconds('DB_ACQUIRE_TIMEOUT_MS', env.DB_ACQUIRE_TIMEOUT_MS, DEFAULT_LIMITS.acquireTimeoutMs),
      statementTimeoutMs: milliseconds('DB_STATEMENT_TIMEOUT_MS', env.DB_STATEMENT_TIMEOUT_MS, DEFAULT_LIMITS.statementTimeoutMs),
      lockTimeoutMs: milliseconds('DB_LOCK_TIMEOUT_MS', env.DB_LOCK_TIMEOUT_MS, DEFAULT_LIMITS.lockTimeoutMs),
      idleInTransactionTimeoutMs: milliseconds(
        'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS',
        env.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
        DEFAULT_LIMITS.idleInTransactionTimeoutMs,
      ),
    },
  };
}
