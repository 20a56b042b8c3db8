import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';

let t: TestApp;
let rep: Client;
let rep2: Client;
let supervisor: Client;
let finance: Client;
beforeAll(async () => {
  t = await buildTestApp();
  rep = await t.loginAs('rep');
  rep2 = await t.loginAs('rep2');
  supervisor = await t.loginAs('supervisor');
  finance = await t.loginAs('finance');
});
afterAll(() => t.close());

let counter = 0;
async function create(client: Client, body: Record<string, unknown> = {}): Promise<{ id: string; version: number; name: string }> {
  counter++;
  const response = await client.post('/api/v1/customers', { kind: 'organization', name: `批量测试客户${counter}号有限公司`, ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function auditRows(ids: string[]): Promise<number> {
  const result = await t.ownerDb.execute<{ n: number }>(
    sql`select count(*)::int as n from audit_log where entity = 'customers' and entity_id = any(${sql.param(ids)}::text[]) and summary like 'bulk%'`,
  );
  return result.rows[0]!.n;
}

describe('bulk actions on customers', () => {
  it('a supervisor reassigns ticked customers of their team to another rep of it: one batch, each customer audited', async () => {
    const a = await create(rep);
    const b = await create(rep);
    const response = await supervisor.post('/api/v1/customers/bulk', {
      selection: { ids: [a.id, b.id] },
      change: { action: 'reassign', ownerId: t.ids.rep_sh1_2 },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ action: 'reassign', changed: 2, unchanged: 0 });
    for (const id of [a.id, b.id]) expect((await supervisor.get(`/api/v1/customers/${id}`)).json().ownerId).toBe(t.ids.rep_sh1_2);
    expect(await auditRows([a.id, b.id])).toBe(2);
  });

  it('a rep trying to bulk-reassign others’ customers is refused: 403 listing the refused ids, nothing written', async () => {
    const mine = await create(rep);
    const theirs = await create(rep2);
    const before = await t.snapshot();
    const response = await rep.post('/api/v1/customers/bulk', {
      selection: { ids: [mine.id, theirs.id] },
      change: { action: 'reassign', ownerId: t.ids.rep },
    });
    // A rep has no assign right at all.
    expect(response.statusCode).toBe(403);
    expect(await t.snapshot()).toBe(before);
    // Tags they may change on their own customers, but not with another rep's customer in the batch.
    const tags = await rep.post('/api/v1/customers/bulk', {
      selection: { ids: [mine.id, theirs.id] },
      change: { action: 'addTags', tags: ['重点'] },
    });
    expect(tags.statusCode).toBe(403);
    expect(tags.json().error.data.refusedIds).toEqual([theirs.id]);
    expect(tags.json().error.message).toContain('1 of 2');
    expect(await t.snapshot()).toBe(before);
  });

  it('a supervisor cannot reassign to someone outside their team, nor another team’s customers', async () => {
    const a = await create(rep);
    const other = await create(rep2);
    const before = await t.snapshot();
    const outside = await supervisor.post('/api/v1/customers/bulk', {
      selection: { ids: [a.id] },
      change: { action: 'reassign', ownerId: t.ids.rep2 },
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.field).toBe('body.change.ownerId');
    const refused = await supervisor.post('/api/v1/customers/bulk', {
      selection: { ids: [a.id, other.id] },
      change: { action: 'reassign', ownerId: t.ids.rep_sh1_2 },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.data.refusedIds).toEqual([other.id]);
    expect(await t.snapshot()).toBe(before);
  });

  it('finance reads every customer but changes none: a bulk tier change is refused', async () => {
    const a = await create(rep);
    const response = await finance.post('/api/v1/customers/bulk', { selection: { ids: [a.id] }, change: { action: 'setTier', tier: 'A' } });
    expect(response.statusCode).toBe(403);
  });

  it('tags are added and removed, tier set, and customers released to the pool; unchanged rows are counted, not audited', async () => {
    const a = await create(rep, { tags: ['华东'] });
    const b = await create(rep, { tags: [], tier: 'A' });
    const add = await rep.post('/api/v1/customers/bulk', {
      selection: { ids: [a.id, b.id] },
      change: { action: 'addTags', tags: ['华东', '复购'] },
    });
    expect(add.json()).toEqual({ action: 'addTags', changed: 2, unchanged: 0 });
    expect((await rep.get(`/api/v1/customers/${a.id}`)).json().tags).toEqual(['华东', '复购']);
    const remove = await rep.post('/api/v1/customers/bulk', {
      selection: { ids: [a.id, b.id] },
      change: { action: 'removeTags', tags: ['华东'] },
    });
    expect(remove.json()).toEqual({ action: 'removeTags', changed: 2, unchanged: 0 });
    expect((await rep.get(`/api/v1/customers/${b.id}`)).json().tags).toEqual(['复购']);
    const tier = await rep.post('/api/v1/customers/bulk', { selection: { ids: [a.id, b.id] }, change: { action: 'setTier', tier: 'A' } });
    expect(tier.json()).toEqual({ action: 'setTier', changed: 1, unchanged: 1 });
    expect((await rep.get(`/api/v1/customers/${a.id}`)).json().tier).toBe('A');
    const release = await rep.post('/api/v1/customers/bulk', {
      selection: { ids: [a.id, b.id] },
      change: { action: 'release', reason: '客户已转向其他供应商' },
    });
    expect(release.json()).toEqual({ action: 'release', changed: 2, unchanged: 0 });
    const pooled = await supervisor.get(`/api/v1/customers/${a.id}`);
    expect(pooled.json().inPool).toBe(true);
  });

  it('"select all matching" acts on every customer the filters find within the caller’s scope', async () => {
    const tag = `批次${Date.now() % 100000}`;
    const ids = [(await create(rep, { tags: [tag] })).id, (await create(rep, { tags: [tag] })).id, (await create(rep, { tags: [tag] })).id];
    await create(rep2, { tags: [tag] });
    const response = await supervisor.post('/api/v1/customers/bulk', {
      selection: { matching: { tag } },
      change: { action: 'setTier', tier: 'B' },
    });
    expect(response.statusCode, response.body).toBe(200);
    // rep2's customer is outside the supervisor's view: the filters never find it.
    expect(response.json().changed + response.json().unchanged).toBe(3);
    for (const id of ids) expect((await supervisor.get(`/api/v1/customers/${id}`)).json().tier).toBe('B');
  });

  it('bad input names the field', async () => {
    const a = await create(rep);
    const noReason = await rep.post('/api/v1/customers/bulk', { selection: { ids: [a.id] }, change: { action: 'release' } });
    expect(noReason.statusCode).toBe(400);
    const noIds = await rep.post('/api/v1/customers/bulk', { selection: { ids: [] }, change: { action: 'setTier', tier: 'A' } });
    expect(noIds.statusCode).toBe(400);
    expect(noIds.json().error.field).toMatch(/^body\.selection/);
  });
});

describe('bulk close of follow-up tasks', () => {
  it('closes the caller’s tasks in one batch; a task on another rep’s customer refuses the batch', async () => {
    const mine = await create(rep);
    const theirs = await create(rep2);
    const due = new Date(Date.now() + 86_400_000).toISOString();
    const task = async (client: Client, customerId: string) => {
      const response = await client.post('/api/v1/tasks', { customerId, title: '回访', dueAt: due });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().id as string;
    };
    const t1 = await task(rep, mine.id);
    const t2 = await task(rep, mine.id);
    const t3 = await task(rep2, theirs.id);
    const before = await t.snapshot();
    const refused = await rep.post('/api/v1/tasks/bulk-close', { ids: [t1, t3] });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.data.refusedIds).toEqual([t3]);
    expect(await t.snapshot()).toBe(before);
    const closed = await rep.post('/api/v1/tasks/bulk-close', { ids: [t1, t2] });
    expect(closed.json()).toEqual({ action: 'closeTasks', changed: 2, unchanged: 0 });
    const audited = await t.ownerDb.execute<{ n: number }>(
      sql`select count(*)::int as n from audit_log where entity = 'follow_up_tasks' and entity_id in (${t1}, ${t2}) and summary like 'bulk close:%'`,
    );
    expect(audited.rows[0]!.n).toBe(2);
    // Closed again: nothing changes, nothing more is audited.
    expect((await rep.post('/api/v1/tasks/bulk-close', { ids: [t1, t2] })).json()).toEqual({
      action: 'closeTasks',
      changed: 0,
      unchanged: 2,
    });
  });

  it('a task about no customer (a meeting action item) is closed by its owner in bulk, and by nobody else', async () => {
    const due = new Date(Date.now() + 3_600_000);
    const [own] = (
      await t.ownerDb.execute<{ id: string }>(
        sql`insert into follow_up_tasks (owner_id, title, due_at, link) values (${t.ids.rep}, '会议行动项', ${due}, '/teamwork') returning id`,
      )
    ).rows;
    expect((await supervisor.post('/api/v1/tasks/bulk-close', { ids: [own!.id] })).statusCode).toBe(403);
    expect((await rep.post('/api/v1/tasks/bulk-close', { ids: [own!.id] })).json()).toMatchObject({ changed: 1 });
  });

  it('"select all N matching" closes every open task the filters match, within the caller’s scope', async () => {
    const mine = await create(rep);
    const due = new Date(Date.now() + 2 * 86_400_000).toISOString();
    for (const title of ['批量一', '批量二', '批量三'])
      expect((await rep.post('/api/v1/tasks', { customerId: mine.id, title, dueAt: due })).statusCode).toBe(201);
    const openBefore = (await rep.get(`/api/v1/tasks?state=open&customerId=${mine.id}`)).json().total as number;
    expect(openBefore).toBe(3);
    const closed = await rep.post('/api/v1/tasks/bulk-close', { matching: { state: 'open', customerId: mine.id } });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toEqual({ action: 'closeTasks', changed: 3, unchanged: 0 });
    expect((await rep.get(`/api/v1/tasks?state=open&customerId=${mine.id}`)).json().total).toBe(0);
    // The same filters over another team's customer, as the rep: nothing of theirs matches (read scope), nothing closes.
    const theirs = await create(rep2);
    expect((await rep2.post('/api/v1/tasks', { customerId: theirs.id, title: '别人的', dueAt: due })).statusCode).toBe(201);
    expect((await rep.post('/api/v1/tasks/bulk-close', { matching: { customerId: theirs.id } })).json()).toEqual({
      action: 'closeTasks',
      changed: 0,
      unchanged: 0,
    });
    expect((await rep2.get(`/api/v1/tasks?state=open&customerId=${theirs.id}`)).json().total).toBe(1);
  });
});

describe('a stale edit names who changed the record and when', () => {
  it('409 carries changedBy and changedAt from the last audited change', async () => {
    const customer = await create(rep);
    const first = await supervisor.patch(`/api/v1/customers/${customer.id}`, { version: customer.version, tier: 'A' });
    expect(first.statusCode).toBe(200);
    const stale = await rep.patch(`/api/v1/customers/${customer.id}`, { version: customer.version, tier: 'B' });
    expect(stale.statusCode).toBe(409);
    const error = stale.json().error;
    const names = await t.ownerDb.execute<{ display_name: string }>(sql`select display_name from users where id = ${t.ids.supervisor}`);
    expect(error.data.changedBy).toBe(names.rows[0]!.display_name);
    expect(error.message).toContain(names.rows[0]!.display_name);
    expect(new Date(error.data.changedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('an inline opportunity edit on a stale version names who changed it (amount, expected close)', async () => {
    const customer = await create(rep);
    const created = await rep.post('/api/v1/opportunities', { name: '内联编辑商机', customerId: customer.id, amountCents: 100_000 });
    expect(created.statusCode, created.body).toBe(201);
    const opportunity = created.json();
    expect(
      (await supervisor.patch(`/api/v1/opportunities/${opportunity.id}`, { version: opportunity.version, amountCents: 200_000 }))
        .statusCode,
    ).toBe(200);
    const stale = await rep.patch(`/api/v1/opportunities/${opportunity.id}`, {
      version: opportunity.version,
      expectedCloseOn: '2027-01-31',
    });
    expect(stale.statusCode).toBe(409);
    const names = await t.ownerDb.execute<{ display_name: string }>(sql`select display_name from users where id = ${t.ids.supervisor}`);
    expect(stale.json().error.data.changedBy).toBe(names.rows[0]!.display_name);
  });
});
