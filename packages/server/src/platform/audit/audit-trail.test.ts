import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../test/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('audit trail (002 内部控制)', () => {
  it('a change records actor, entity, before/after, request id and IP', async () => {
    const admin = await t.loginAs('admin');
    const user = (await admin.get(`/api/v1/users/${t.ids.rep}`)).json();
    const response = await admin.request({
      method: 'PATCH',
      url: `/api/v1/users/${t.ids.rep}`,
      payload: { version: user.version, displayName: '改过的名字' },
      headers: { 'x-request-id': 'req-audit-1' },
    });
    expect(response.statusCode).toBe(200);
    const page = (await admin.get(`/api/v1/audit?entity=users&entityId=${t.ids.rep}&action=update`)).json();
    expect(page.items[0]).toMatchObject({
      actorId: t.ids.admin,
      action: 'update',
      entity: 'users',
      changes: { displayName: [user.displayName, '改过的名字'] },
      requestId: response.headers['x-request-id'],
      ip: '127.0.0.1',
    });
  });

  it('the request id in the audit trail is the server’s own, never a client’s x-request-id', async () => {
    const admin = await t.loginAs('admin');
    const user = (await admin.get(`/api/v1/users/${t.ids.rep}`)).json();
    const response = await admin.request({
      method: 'PATCH',
      url: `/api/v1/users/${t.ids.rep}`,
      payload: { version: user.version, displayName: '再改一次' },
      headers: { 'x-request-id': 'forged-by-client' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-request-id']).not.toBe('forged-by-client');
    const page = (await admin.get(`/api/v1/audit?entity=users&entityId=${t.ids.rep}&action=update`)).json();
    expect(page.items[0].changes).toEqual({ displayName: [user.displayName, '再改一次'] });
    expect(page.items[0].requestId).toBe(response.headers['x-request-id']);
    expect(page.items[0].requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a refused change leaves no audit row (same transaction)', async () => {
    const admin = await t.loginAs('admin');
    const [{ n: before }] = (await t.db.execute<{ n: number }>(sql`select count(*)::int as n from audit_log`)).rows;
    await admin.patch(`/api/v1/users/${t.ids.rep}`, { version: 999, displayName: 'stale' });
    const [{ n: after }] = (await t.db.execute<{ n: number }>(sql`select count(*)::int as n from audit_log`)).rows;
    expect(after).toBe(before);
  });

  it('viewing someone’s unmasked contact details is logged; a masked view is not', async () => {
    const supervisor = await t.loginAs('supervisor');
    const rep2 = await t.loginAs('rep2');
    const count = async (id: string) =>
      (await t.db.execute(sql`select 1 from audit_log where action = 'view' and entity_id = ${id}`)).rowCount;
    expect((await supervisor.get(`/api/v1/users/${t.ids.rep_sh1_2}`)).json().phone).not.toContain('*');
    expect(await count(t.ids.rep_sh1_2!)).toBe(1);
    const director = await t.loginAs('director');
    expect((await director.get(`/api/v1/users/${t.ids.rep2}`)).statusCode).toBe(200);
    expect(await count(t.ids.rep2!)).toBe(1);
    expect((await rep2.get(`/api/v1/users/${t.ids.supervisor3}`)).json().phone).toContain('*');
    expect(await count(t.ids.supervisor3!)).toBe(0);
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE of audit rows', async () => {
    // The app's role has no such privilege; the owner is stopped by the trigger.
    for (const db of [t.db, t.ownerDb]) {
      await expect(db.execute(sql`update audit_log set summary = 'x'`)).rejects.toMatchObject({
        cause: { message: expect.stringMatching(/append-only|permission denied/) },
      });
      await expect(db.execute(sql`delete from audit_log`)).rejects.toMatchObject({
        cause: { message: expect.stringMatching(/append-only|permission denied/) },
      });
      await expect(db.execute(sql`truncate audit_log`)).rejects.toMatchObject({
        cause: { message: expect.stringMatching(/append-only|permission denied/) },
      });
    }
    await expect(t.ownerDb.execute(sql`delete from audit_log`)).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/append-only/) },
    });
  });

  it('rows past the retention period may be purged, younger ones not', async () => {
    // Only the owner can write a back-dated row (for this test), with the stamping trigger off.
    await t.ownerDb.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_log disable trigger audit_log_stamp`);
      await tx.execute(
        sql`insert into audit_log (at, action, entity, summary) values (now() - interval '8 years', 'update', 'old', 'ancient')`,
      );
      await tx.execute(sql`alter table audit_log enable trigger audit_log_stamp`);
    });
    const purged = await t.db.execute<{ removed: number }>(sql`select purge_audit_log(7) as removed`);
    expect(purged.rows[0]!.removed).toBe(1);
  });

  it('filters by action and time window, newest first, paged', async () => {
    const auditor = await t.loginAs('auditor');
    const logins = (await auditor.get('/api/v1/audit?action=login&pageSize=2')).json();
    expect(logins.items.length).toBe(2);
    expect(logins.total).toBeGreaterThanOrEqual(2);
    expect(logins.items[0].at >= logins.items[1].at).toBe(true);
    const future = (await auditor.get(`/api/v1/audit?from=${encodeURIComponent('2999-01-01T00:00:00Z')}`)).json();
    expect(future.total).toBe(0);
  });
});
