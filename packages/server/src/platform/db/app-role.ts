import crypto from 'node:crypto';
import type pg from 'pg';
import { createDatabase, type Database } from './client.js';

/**
 * The app's own database role (002 内部控制, R-SEC): migrations run as the owner of the schema (the
 * role of DATABASE_URL, or the embedded server's superuser); requests run as a role that is no
 * superuser and owns nothing, with only the grants it needs — audit_log: SELECT and INSERT, so no
 * request, bug or injected statement can UPDATE, DELETE, TRUNCATE or disable its triggers
 * (`ALTER TABLE`, `session_replication_role` are the owner's and a superuser's). Old audit rows are
 * purged through purge_audit_log(), which runs as the owner and keeps at least 5 years.
 */
export const APP_ROLE = 'xiaoguan_app';

/** Serialises role and grant changes of concurrent starts on one database (GRANT races fail). */
const GRANT_LOCK = 727275;

type Queryable = Pick<pg.ClientBase, 'query' | 'escapeIdentifier' | 'escapeLiteral'>;

async function withGrantLock<T>(owner: Database, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await owner.$client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [GRANT_LOCK]);
    return await work(client);
  } finally {
    await client.query('select pg_advisory_unlock($1)', [GRANT_LOCK]).catch(() => undefined);
    client.release();
  }
}

/**
 * What the app may do, granted by the owner on every start (idempotent), and by default on what
 * later migrations create: read and write the tables, except audit_log (read and append only).
 */
export async function grantAppRole(client: Queryable, role: string): Promise<void> {
  const r = client.escapeIdentifier(role);
  const statements = [
    `grant usage on schema public to ${r}`,
    `grant select, insert, update, delete on all tables in schema public to ${r}`,
    `revoke update, delete, truncate, references, trigger on audit_log from ${r}`,
    `grant usage, select on all sequences in schema public to ${r}`,
    `grant execute on all functions in schema public to ${r}`,
    `alter default privileges in schema public grant select, insert, update, delete on tables to ${r}`,
    `alter default privileges in schema public grant usage, select on sequences to ${r}`,
  ];
  const version = await client.query<{ v: number }>(`select current_setting('server_version_num')::int as v`);
  if ((version.rows[0]?.v ?? 0) >= 170000) {
    // PostgreSQL 17+: ANALYZE after an import (and VACUUM) without owning the table.
    statements.push(
      `grant maintain on all tables in schema public to ${r}`,
      `alter default privileges in schema public grant maintain on tables to ${r}`,
    );
  }
  for (const statement of statements) await client.query(statement);
}

function isDuplicate(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === '42710' || code === '23505';
}

/** A connection string with another user and password. */
export function withCredentials(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(user);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

/**
 * The embedded server (and the test harness): APP_ROLE as a login role with a password — a fresh
 * random one on every start unless one is given — granted what it needs. Returns its connection
 * string.
 */
export async function prepareAppLogin(owner: Database, ownerUrl: string, options: { password?: string } = {}): Promise<string> {
  const password = options.password ?? crypto.randomBytes(24).toString('base64url');
  await withGrantLock(owner, async (client) => {
    const attributes = `login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password ${client.escapeLiteral(password)}`;
    const exists = await client.query(`select 1 from pg_roles where rolname = $1`, [APP_ROLE]);
    if (!exists.rowCount) {
      await client.query(`create role ${client.escapeIdentifier(APP_ROLE)} ${attributes}`).catch((error) => {
        if (!isDuplicate(error)) throw error;
      });
    }
    await client.query(`alter role ${client.escapeIdentifier(APP_ROLE)} ${attributes}`);
    await grantAppRole(client, APP_ROLE);
  });
  return withCredentials(ownerUrl, APP_ROLE, password);
}

/** A connection string whose sessions run as `role` (a startup option; createDatabase keeps it). */
export function withStartupRole(url: string, role: string): string {
  const parsed = new URL(url);
  const options = parsed.searchParams.get('options');
  parsed.searchParams.set('options', `${options ? `${options} ` : ''}-c role=${role}`);
  return parsed.toString();
}

/**
 * An external PostgreSQL (DATABASE_URL, the owner). With DATABASE_APP_URL, the app logs in as that
 * role, which is granted what it needs. Without it, when the owner may create roles, the app's
 * sessions take the NOLOGIN role APP_ROLE at connection start (`-c role=…`): the grants hold for
 * every statement, though a session could still switch back to its login role — a separate login
 * (DATABASE_APP_URL) is the stronger setup. Otherwise the app runs as the owner, with a warning.
 */
export async function prepareExternalAppRole(
  owner: Database,
  ownerUrl: string,
  appUrl: string | null,
  log: (message: string) => void,
): Promise<string> {
  if (appUrl) {
    const probe = createDatabase(appUrl, 1);
    try {
      const [me] = (
        await probe.$client.query<{ role: string; superuser: boolean }>(
          `select current_user as role, rolsuper as superuser from pg_roles where rolname = current_user`,
        )
      ).rows;
      if (!me) throw new Error('DATABASE_APP_URL: cannot read its own role');
      await withGrantLock(owner, (client) => grantAppRole(client, me.role));
      if (me.superuser)
        log(
          `warning: DATABASE_APP_URL's role ${me.role} is a superuser, so the audit trail is not protected from it; give the app a role without superuser`,
        );
    } finally {
      await probe.$client.end();
    }
    return appUrl;
  }
  const [me] = (
    await owner.$client.query<{ role: string; superuser: boolean; createrole: boolean }>(
      `select current_user as role, rolsuper as superuser, rolcreaterole as createrole from pg_roles where rolname = current_user`,
    )
  ).rows;
  if (!me || (!me.superuser && !me.createrole)) {
    log(
      `warning: the app runs as ${me?.role ?? 'the DATABASE_URL role'}, which owns the tables (it may not create the role ${APP_ROLE}): set DATABASE_APP_URL to a login without ownership or superuser so the audit trail is append-only in the database too`,
    );
    return ownerUrl;
  }
  await withGrantLock(owner, async (client) => {
    const exists = await client.query(`select 1 from pg_roles where rolname = $1`, [APP_ROLE]);
    if (!exists.rowCount) {
      await client.query(`create role ${client.escapeIdentifier(APP_ROLE)} nologin`).catch((error) => {
        if (!isDuplicate(error)) throw error;
      });
    }
    // A superuser may take any role; another role needs membership to SET ROLE.
    if (!me.superuser) await client.query(`grant ${client.escapeIdentifier(APP_ROLE)} to ${client.escapeIdentifier(me.role)}`);
    await grantAppRole(client, APP_ROLE);
  });
  return withStartupRole(ownerUrl, APP_ROLE);
}
