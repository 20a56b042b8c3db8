import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';

let t: TestApp;
const c: Record<string, Client> = {};
let teamId: string;
let regionId: string;
beforeAll(async () => {
  t = await buildTestApp();
  for (const who of ['rep', 'rep_sh1_2', 'rep2', 'supervisor', 'manager', 'director']) c[who] = await t.loginAs(who);
  const units = await t.ownerDb.execute<{ team: string; region: string }>(
    sql`select u.org_unit_id as team, o.parent_id as region from users u join org_units o on o.id = u.org_unit_id where u.id = ${t.ids.rep}`,
  );
  teamId = units.rows[0]!.team;
  regionId = units.rows[0]!.region;
});
afterAll(() => t.close());

const state = { filters: { tier: 'A' }, sort: '-updatedAt', columns: ['name', 'tier', 'status'], widths: { name: 240 } };

async function save(client: Client, body: Record<string, unknown>) {
  const response = await client.post('/api/v1/views', { listKey: 'customers', name: '我的A类', state, ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}
const names = async (client: Client, listKey = 'customers') =>
  ((await client.get(`/api/v1/views?listKey=${listKey}`)).json() as { name: string }[]).map((view) => view.name);

describe('saved list views', () => {
  it('a personal view keeps filters, sort, columns and widths, and is seen by its owner only', async () => {
    const view = await save(c.rep!, { name: '个人视图' });
    expect(view).toMatchObject({
      listKey: 'customers',
      orgUnitId: null,
      state,
      isDefault: false,
      abilities: { update: true, delete: true },
    });
    expect(await names(c.rep!)).toContain('个人视图');
    expect(await names(c.rep_sh1_2!)).not.toContain('个人视图');
    expect(await names(c.supervisor!)).not.toContain('个人视图');
    expect(await names(c.rep!, 'opportunities')).not.toContain('个人视图');
    expect((await c.supervisor!.patch(`/api/v1/views/${view.id}`, { version: 1, name: 'x' })).statusCode).toBe(404);
    expect((await c.supervisor!.delete(`/api/v1/views/${view.id}`)).statusCode).toBe(404);
  });

  it('a view shared with a team is seen by the team and the managers above; edited by its creator or a manager of the unit', async () => {
    const view = await save(c.rep!, { name: '团队视图', orgUnitId: teamId });
    expect(await names(c.rep_sh1_2!)).toContain('团队视图');
    expect(await names(c.supervisor!)).toContain('团队视图');
    expect(await names(c.manager!)).toContain('团队视图');
    expect(await names(c.rep2!)).not.toContain('团队视图');
    // A team mate sees it but may not change it.
    const mate = (await c.rep_sh1_2!.get('/api/v1/views?listKey=customers')).json().find((v: { id: string }) => v.id === view.id);
    expect(mate.abilities).toEqual({ update: false, delete: false });
    const before = await t.snapshot();
    expect((await c.rep_sh1_2!.patch(`/api/v1/views/${view.id}`, { version: 1, name: '改名' })).statusCode).toBe(403);
    expect((await c.rep_sh1_2!.delete(`/api/v1/views/${view.id}`)).statusCode).toBe(403);
    expect(await t.snapshot()).toBe(before);
    // The team's supervisor manages the unit.
    const renamed = await c.supervisor!.patch(`/api/v1/views/${view.id}`, { version: 1, name: '团队视图（主管改）' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json().version).toBe(2);
  });

  it('a stale save is a 409 naming who changed the view and when', async () => {
    const view = await save(c.supervisor!, { name: '主管视图', orgUnitId: teamId });
    expect((await c.manager!.patch(`/api/v1/views/${view.id}`, { version: 1, state: { ...state, sort: 'name' } })).statusCode).toBe(200);
    const stale = await c.supervisor!.patch(`/api/v1/views/${view.id}`, { version: 1, name: '再改' });
    expect(stale.statusCode).toBe(409);
    const manager = await t.ownerDb.execute<{ display_name: string }>(sql`select display_name from users where id = ${t.ids.manager}`);
    expect(stale.json().error.data.changedBy).toBe(manager.rows[0]!.display_name);
    expect(stale.json().error.data.changedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('a view is shared only with the caller’s own team (or above it) or a unit they manage', async () => {
    const other = await t.ownerDb.execute<{ id: string }>(sql`select org_unit_id as id from users where id = ${t.ids.rep2}`);
    const response = await c.rep!.post('/api/v1/views', { listKey: 'customers', name: '越权', orgUnitId: other.rows[0]!.id, state });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe('body.orgUnitId');
    // The region above the rep's team is theirs to share with; the supervisor may not edit a region-wide view.
    const regional = await save(c.rep!, { name: '大区视图', orgUnitId: regionId });
    expect((await c.supervisor!.patch(`/api/v1/views/${regional.id}`, { version: 1, name: 'x' })).statusCode).toBe(403);
    expect((await c.manager!.patch(`/api/v1/views/${regional.id}`, { version: 1, name: '大区视图（经理）' })).statusCode).toBe(200);
  });

  it('each user has one default view per list, chosen among the views they see; deleting the view clears it', async () => {
    const a = await save(c.rep!, { name: '默认A', makeDefault: true });
    expect(a.isDefault).toBe(true);
    const shared = await save(c.supervisor!, { name: '团队默认', orgUnitId: teamId });
    const chosen = await c.rep!.put('/api/v1/views/default', { listKey: 'customers', viewId: shared.id });
    expect(chosen.statusCode, chosen.body).toBe(200);
    const defaults = (chosen.json() as { name: string; isDefault: boolean }[]).filter((view) => view.isDefault).map((view) => view.name);
    expect(defaults).toEqual(['团队默认']);
    // The supervisor's own default is untouched.
    expect(((await c.supervisor!.get('/api/v1/views?listKey=customers')).json() as { isDefault: boolean }[]).some((v) => v.isDefault)).toBe(
      false,
    );
    // A view the caller cannot see cannot be their default.
    const hidden = await save(c.rep2!, { name: '别人的' });
    expect((await c.rep!.put('/api/v1/views/default', { listKey: 'customers', viewId: hidden.id })).statusCode).toBe(404);
    expect((await c.supervisor!.delete(`/api/v1/views/${shared.id}`)).statusCode).toBe(200);
    const after = (await c.rep!.get('/api/v1/views?listKey=customers')).json() as { isDefault: boolean }[];
    expect(after.some((view) => view.isDefault)).toBe(false);
    const cleared = await c.rep!.put('/api/v1/views/default', { listKey: 'customers', viewId: null });
    expect(cleared.statusCode).toBe(200);
  });

  it('bad input names the field', async () => {
    const response = await c.rep!.post('/api/v1/views', { listKey: 'customers', name: '', state });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe('body.name');
    const width = await c.rep!.post('/api/v1/views', { listKey: 'customers', name: 'w', state: { ...state, widths: { name: 5 } } });
    expect(width.statusCode).toBe(400);
    expect(width.json().error.field).toMatch(/^body\.state\.widths/);
  });
});
