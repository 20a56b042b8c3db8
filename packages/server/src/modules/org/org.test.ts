import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../test/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const units = async () =>
  (await (await t.loginAs('admin')).get('/api/v1/org-units')).json() as {
    id: string;
    name: string;
    kind: string;
    version: number;
    parentId: string | null;
  }[];

describe('org admin: users and units', () => {
  it('admin creates a user in a team; the user signs in, must change password, and sees the team', async () => {
    const admin = await t.loginAs('admin');
    const team = (await units()).find((u) => u.name === '上海一组')!;
    const created = await admin.post('/api/v1/users', {
      username: 'newrep',
      displayName: '新同事',
      password: 'first-pass-1',
      roles: ['rep'],
      orgUnitId: team.id,
      managerId: t.ids.supervisor,
      phone: '13900001111',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ username: 'newrep', orgUnitName: '上海一组', managerName: expect.any(String), version: 1 });
    const audit = await t.db.execute<{ changes: Record<string, unknown> }>(
      sql`select changes from audit_log where entity = 'users' and action = 'create' and entity_id = ${created.json().id}`,
    );
    expect(audit.rows[0]!.changes).toHaveProperty('username');
    expect(JSON.stringify(audit.rows[0]!.changes)).not.toContain('argon2');

    const me = await t.loginAs('newrep', { password: 'first-pass-1' });
    expect((await me.get('/api/v1/auth/me')).json().mustChangePassword).toBe(true);
    expect((await me.get('/api/v1/users')).statusCode).toBe(403);
    expect(
      (await me.post('/api/v1/auth/change-password', { currentPassword: 'first-pass-1', newPassword: 'my-own-pass-1' })).statusCode,
    ).toBe(200);
    const list = (await me.get('/api/v1/users?pageSize=100')).json();
    expect(list.items.map((u: { username: string }) => u.username).sort()).toEqual(
      ['newrep', 'rep', 'rep_sh1_2', 'rep_sh1_3', 'supervisor'].sort(),
    );
    // the supervisor is above newrep: sees the phone; a teammate does not
    const supervisor = await t.loginAs('supervisor');
    expect((await supervisor.get(`/api/v1/users/${created.json().id}`)).json().phone).toBe('13900001111');
    const peer = await t.loginAs('rep');
    expect((await peer.get(`/api/v1/users/${created.json().id}`)).json().phone).toBe('139****1111');
  });

  it('a duplicate username (any case) is a 409 naming the field, and writes nothing', async () => {
    const admin = await t.loginAs('admin');
    const team = (await units()).find((u) => u.name === '上海一组')!;
    const before = await t.snapshot();
    const response = await admin.post('/api/v1/users', {
      username: 'REP',
      displayName: 'x',
      password: 'Orchid-Lake-52',
      roles: ['rep'],
      orgUnitId: team.id,
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.field).toBe('body.username');
    expect(await t.snapshot()).toBe(before);
  });

  it('a stale version gets 409 and does not overwrite', async () => {
    const admin = await t.loginAs('admin');
    const user = (await admin.get(`/api/v1/users/${t.ids.rep_hz_1}`)).json();
    expect((await admin.patch(`/api/v1/users/${user.id}`, { version: user.version, displayName: '第一次' })).statusCode).toBe(200);
    const stale = await admin.patch(`/api/v1/users/${user.id}`, { version: user.version, displayName: '第二次' });
    expect(stale.statusCode).toBe(409);
    expect((await admin.get(`/api/v1/users/${user.id}`)).json().displayName).toBe('第一次');
  });

  it('changing a manager re-roots the reporting line of the whole subtree; loops are refused', async () => {
    const admin = await t.loginAs('admin');
    const supervisor = (await admin.get(`/api/v1/users/${t.ids.supervisor}`)).json();
    const loop = await admin.patch(`/api/v1/users/${supervisor.id}`, { version: supervisor.version, managerId: t.ids.rep });
    expect(loop.statusCode).toBe(400);
    expect(loop.json().error.field).toBe('body.managerId');
    const moved = await admin.patch(`/api/v1/users/${supervisor.id}`, { version: supervisor.version, managerId: t.ids.manager2 });
    expect(moved.statusCode).toBe(200);
    const rows = await t.db.execute<{ line_path: string }>(sql`select line_path from users where id = ${t.ids.rep}`);
    expect(rows.rows[0]!.line_path).toBe(`/${t.ids.director}/${t.ids.manager2}/${t.ids.supervisor}/${t.ids.rep}/`);
  });

  it('moving a team to another region moves its people into that manager’s unit scope', async () => {
    const admin = await t.loginAs('admin');
    const all = await units();
    const team = all.find((u) => u.name === '杭州组')!;
    const south = all.find((u) => u.name === '华南大区')!;
    const manager2 = await t.loginAs('manager2');
    const visible = async () =>
      (await manager2.get('/api/v1/users?pageSize=200')).json().items.map((u: { username: string }) => u.username);
    expect(await visible()).not.toContain('rep_hz_1');
    const response = await admin.patch(`/api/v1/org-units/${team.id}`, { version: team.version, parentId: south.id });
    expect(response.statusCode).toBe(200);
    expect(await visible()).toContain('rep_hz_1');
    const underItself = await admin.patch(`/api/v1/org-units/${south.id}`, { version: south.version, parentId: team.id });
    expect(underItself.statusCode).toBe(400);
  });

  it('a unit with active members cannot be disabled; an empty one can', async () => {
    const admin = await t.loginAs('admin');
    const all = await units();
    const team = all.find((u) => u.name === '天津组')!;
    expect((await admin.patch(`/api/v1/org-units/${team.id}`, { version: team.version, disabled: true })).statusCode).toBe(400);
    const north = all.find((u) => u.name === '华北大区')!;
    const created = await admin.post('/api/v1/org-units', { parentId: north.id, name: '石家庄组', kind: 'team' });
    expect(created.statusCode).toBe(201);
    const disabled = await admin.patch(`/api/v1/org-units/${created.json().id}`, { version: created.json().version, disabled: true });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json().disabled).toBe(true);
  });

  it('reset password: sessions end, must change at next sign-in; disable: the user is signed out', async () => {
    const admin = await t.loginAs('admin');
    const ops = await t.loginAs('ops');
    expect((await admin.post(`/api/v1/users/${t.ids.ops}/reset-password`, { newPassword: 'temporary-1' })).statusCode).toBe(200);
    expect((await ops.get('/api/v1/auth/me')).statusCode).toBe(401);
    const again = await t.loginAs('ops', { password: 'temporary-1' });
    expect((await again.get('/api/v1/auth/me')).json().mustChangePassword).toBe(true);
    const user = (await admin.get(`/api/v1/users/${t.ids.ops}`)).json();
    expect((await admin.patch(`/api/v1/users/${t.ids.ops}`, { version: user.version, disabled: true })).statusCode).toBe(200);
    expect((await again.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('support assignments define the supported scope', async () => {
    const admin = await t.loginAs('admin');
    const current = (await admin.get(`/api/v1/users/${t.ids.support}/support-assignments`)).json();
    expect(current.repIds).toContain(t.ids.rep);
    const notSupport = await admin.put(`/api/v1/users/${t.ids.rep}/support-assignments`, { repIds: [] });
    expect(notSupport.statusCode).toBe(422);
    const updated = await admin.put(`/api/v1/users/${t.ids.support}/support-assignments`, { repIds: [t.ids.rep] });
    expect(updated.json().repIds).toEqual([t.ids.rep]);
  });
});
