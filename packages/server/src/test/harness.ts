import crypto from 'node:crypto';
import { checkResponsesAgainstOpenApi } from './openapi-conformance.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'drizzle-orm';
import { buildApp } from '../app.js';
import { loadConfig } from '../platform/config.js';
import { createDatabase, type Database } from '../platform/db/client.js';
import { makeCtx, type Ctx } from '../platform/context.js';
import type { Actor } from '../platform/access/actor.js';
import { clearSettingsCache } from '../platform/settings/settings.js';
import { DEMO_PASSWORD } from '../seed/demo-company.js';

export interface TestApp {
  app: FastifyInstance;
  /** The app's pool: the app's own role, as in production (no superuser, owns nothing). */
  db: Database;
  /** The schema owner's pool (superuser in tests), for setting up what the app may not do. */
  ownerDb: Database;
  /** username → user id (demo company) */
  ids: Record<string, string>;
  /** A signed-in API client (confidentiality acknowledged unless told otherwise). */
  loginAs: (username: string, options?: { acknowledge?: boolean; password?: string }) => Promise<Client>;
  /** A service ctx acting as a user, for calling services directly. */
  ctxAs: (username: string, now?: Date) => Promise<Ctx>;
  /** A fingerprint of every row of every table: equal before and after means nothing was written. */
  snapshot: () => Promise<string>;
  close: () => Promise<void>;
}

export interface Client {
  userId: string;
  csrf: string;
  cookie: string;
  request: (options: InjectOptions) => Promise<LightMyRequestResponse>;
  get: (url: string) => Promise<LightMyRequestResponse>;
  post: (url: string, body?: unknown) => Promise<LightMyRequestResponse>;
  patch: (url: string, body?: unknown) => Promise<LightMyRequestResponse>;
  put: (url: string, body?: unknown) => Promise<LightMyRequestResponse>;
  delete: (url: string) => Promise<LightMyRequestResponse>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

function cookiesOf(response: LightMyRequestResponse): Record<string, string> {
  return Object.fromEntries(response.cookies.map((c) => [c.name, c.value]));
}

/** A fresh app over this file's own clone of the migrated, seeded template database. */
/** `poolSize`: the app's pooled connections (fault tests use a small pool to make exhaustion likely). */
export async function buildTestApp(options: { poolSize?: number } = {}): Promise<TestApp> {
  const adminUrl = inject('pgAdminUrl');
  const template = inject('pgTemplate');
  const name = `xg_t_${template.split('_').pop()}_${crypto.randomBytes(5).toString('hex')}`;
  const admin = createDatabase(adminUrl, 1);
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.$client.query(`create database ${name} template ${template}`);
      break;
    } catch (error) {
      // Two files cloning at the same instant can see "source database is being accessed".
      if (attempt > 20) throw error;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const db = createDatabase(withDatabase(inject('pgAppUrl'), name), options.poolSize ?? 10);
  const ownerDb = createDatabase(withDatabase(adminUrl, name), 2);
  clearSettingsCache();
  // Each test app writes its files (uploads, imports) to its own temporary DATA_DIR.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xg-test-data-'));
  const config = { ...loadConfig({}), dataDir, webDist: null, logLevel: 'silent' };
  const app = await buildApp({ config, db, databaseMode: 'external', logger: false });
  checkResponsesAgainstOpenApi(app);
  await app.ready();
  const rows = await db.execute<{ username: string; id: string }>(sql`select username, id from users`);
  const ids = Object.fromEntries(rows.rows.map((r) => [r.username, r.id]));

  const loginAs: TestApp['loginAs'] = async (username, options = {}) => {
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password: options.password ?? DEMO_PASSWORD },
    });
    if (login.statusCode !== 200) throw new Error(`login ${username} failed: ${login.statusCode} ${login.body}`);
    const cookies = cookiesOf(login);
    const cookie = `xg_session=${cookies.xg_session}; xg_csrf=${cookies.xg_csrf}`;
    const csrf = cookies.xg_csrf!;
    const request = (opts: InjectOptions) => app.inject({ ...opts, headers: { cookie, 'x-csrf-token': csrf, ...(opts.headers ?? {}) } });
    const client: Client = {
      userId: login.json().id,
      csrf,
      cookie,
      request,
      get: (url) => request({ method: 'GET', url }),
      post: (url, body) => request({ method: 'POST', url, ...(body === undefined ? {} : { payload: body as object }) }),
      patch: (url, body) => request({ method: 'PATCH', url, payload: (body ?? {}) as object }),
      put: (url, body) => request({ method: 'PUT', url, payload: (body ?? {}) as object }),
      delete: (url) => request({ method: 'DELETE', url }),
    };
    if (options.acknowledge !== false && !login.json().confidentialityAcknowledgedAt) {
      const ack = await client.post('/api/v1/auth/acknowledge-confidentiality');
      if (ack.statusCode !== 200) throw new Error(`acknowledge failed: ${ack.body}`);
    }
    return client;
  };

  const ctxAs: TestApp['ctxAs'] = async (username, now) => {
    const result = await db.execute<{
      id: string;
      username: string;
      display_name: string;
      roles: Actor['roles'];
      org_unit_id: string | null;
      path: string | null;
      line_path: string;
    }>(sql`
      select u.id, u.username, u.display_name, u.roles, u.org_unit_id, o.path, u.line_path
        from users u left join org_units o on o.id = u.org_unit_id where u.username = ${username}`);
    const row = result.rows[0];
    if (!row) throw new Error(`no user ${username}`);
    return makeCtx(
      db,
      {
        id: row.id,
        username: row.username,
        displayName: row.display_name,
        roles: row.roles,
        orgUnitId: row.org_unit_id,
        orgUnitPath: row.path,
        linePath: row.line_path,
      },
      { now },
    );
  };

  // Every write (insert, update, delete) changes a table's row count or its newest xmin, so
  // count + max(xmin) per table detects any change without hashing every row.
  const snapshot = async () => {
    const tables = await db.execute<{ tablename: string }>(
      sql`select tablename from pg_tables where schemaname = 'public' order by tablename`,
    );
    // A session's last_seen_at is touched once a minute by any request (sessions.ts), so a file
    // running longer than that would see it "written"; sessions count only by their number.
    const newest = (table: string) => (table === 'sessions' ? `'-'` : `coalesce(max(xmin::text::bigint), 0)::text`);
    const query = tables.rows
      .map(({ tablename }) => `select '${tablename}' as t, count(*)::int as n, ${newest(tablename)} as x from "${tablename}"`)
      .join(' union all ');
    const result = await db.execute<{ t: string; n: number; x: string }>(sql.raw(query));
    // Sorted here: UNION ALL gives no order (PostgreSQL may run the branches as a Parallel Append).
    return result.rows
      .map((row) => `${row.t}:${row.n}:${row.x}`)
      .sort()
      .join('\n');
  };

  return {
    app,
    db,
    ownerDb,
    ids,
    loginAs,
    ctxAs,
    snapshot,
    close: async () => {
      await app.close();
      await db.$client.end();
      await ownerDb.$client.end();
      await admin.$client.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await admin.$client.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
