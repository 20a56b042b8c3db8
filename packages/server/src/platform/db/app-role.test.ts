import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../test/harness.js';
import { createDatabase, type Database } from './client.js';
import { APP_ROLE, prepareExternalAppRole, withCredentials } from './app-role.js';

/**
 * An external PostgreSQL (DATABASE_URL = the owner): the app's sessions still run without superuser
 * or ownership — through DATABASE_APP_URL, or the NOLOGIN role the owner creates — or, when the
 * owner may do neither, the app says so once.
 */
let t: TestApp;
const pools: Database[] = [];
let ownerUrl = '';
beforeAll(async () => {
  t = await buildTestApp();
  const parsed = new URL(inject('pgAdminUrl'));
  parsed.pathname = `/${(await t.ownerDb.execute<{ db: string }>(sql`select current_database() as db`)).rows[0]!.db}`;
  ownerUrl = parsed.toString();
});
afterAll(async () => {
  for (const pool of pools) await pool.$client.end();
  await t.close();
});

function open(url: string): Database {
  const db = createDatabase(url, 1);
  pools.push(db);
  return db;
}

describe('the app’s role on an external PostgreSQL', () => {
  it('without DATABASE_APP_URL, an owner who may create roles runs the app’s sessions as the NOLOGIN app role', async () => {
    const logs: string[] = [];
    const url = await prepareExternalAppRole(t.ownerDb, ownerUrl, null, (m) => logs.push(m));
    expect(logs).toEqual([]);
    const app = open(url);
    const [who] = (await app.execute<{ role: string; tz: string }>(sql`select current_user as role, current_setting('TimeZone') as tz`))
      .rows;
    expect(who).toEqual({ role: APP_ROLE, tz: 'UTC' });
    await expect(app.execute(sql`set session_replication_role = replica`)).rejects.toMatchObject({ cause: { code: '42501' } });
    await expect(app.execute(sql`delete from audit_log`)).rejects.toMatchObject({ cause: { code: '42501' } });
    expect((await app.execute(sql`select 1 from customers limit 1`)).rowCount).toBe(1);
  });

  it('with DATABASE_APP_URL, that login is granted what it needs', async () => {
    const role = `xg_login_${crypto.randomBytes(4).toString('hex')}`;
    await t.ownerDb.execute(sql.raw(`create role ${role} login password 'pw-${role}'`));
    try {
      const appUrl = withCredentials(ownerUrl, role, `pw-${role}`);
      const url = await prepareExternalAppRole(t.ownerDb, ownerUrl, appUrl, () => undefined);
      expect(url).toBe(appUrl);
      const app = open(url);
      expect((await app.execute(sql`select 1 from users limit 1`)).rowCount).toBe(1);
      await expect(app.execute(sql`update audit_log set summary = 'x'`)).rejects.toMatchObject({ cause: { code: '42501' } });
      await app.$client.end();
      pools.splice(pools.indexOf(app), 1);
    } finally {
      await t.ownerDb.execute(sql.raw(`drop owned by ${role}`));
      await t.ownerDb.execute(sql.raw(`drop role ${role}`));
    }
  });

  it('an owner who may not create roles gets one warning and the app runs as it', async () => {
    const role = `xg_plain_${crypto.randomBytes(4).toString('hex')}`;
    await t.ownerDb.execute(sql.raw(`create role ${role} login password 'pw-${role}'`));
    try {
      const plainUrl = withCredentials(ownerUrl, role, `pw-${role}`);
      const plain = open(plainUrl);
      const logs: string[] = [];
      expect(await prepareExternalAppRole(plain, plainUrl, null, (m) => logs.push(m))).toBe(plainUrl);
      expect(logs).toHaveLength(1);
      expect(logs[0]).toMatch(/set DATABASE_APP_URL/);
      await plain.$client.end();
      pools.splice(pools.indexOf(plain), 1);
    } finally {
      await t.ownerDb.execute(sql.raw(`drop role ${role}`));
    }
  });
});
