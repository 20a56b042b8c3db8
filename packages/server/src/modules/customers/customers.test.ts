import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';
import { returnNeglectedToPool } from './customer-pool.js';
import { recomputeRfm } from './rfm.js';
import { DEFAULT_CUSTOMER_SETTINGS } from './customers.settings.js';
import { generateTierProposals } from './tier-proposals.service.js';
import { SORTS } from './customers.service.js';

let t: TestApp;
let rep: Client;
let supervisor: Client;
beforeAll(async () => {
  t = await buildTestApp();
  rep = await t.loginAs('rep');
  supervisor = await t.loginAs('supervisor');
});
afterAll(() => t.close());

let counter = 0;
async function create(client: Client, body: Record<string, unknown> = {}) {
  counter++;
  const response = await client.post('/api/v1/customers', { kind: 'organization', name: `测试客户${counter}号有限公司`, ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

describe('customers: create, read, update', () => {
  it('a rep creates a customer they own, in their team; the status history starts', async () => {
    const customer = await create(rep, { tier: 'B', phone: '13912345678', tags: ['华东', '制造'] });
    expect(customer).toMatchObject({
      ownerId: t.ids.rep,
      teamName: '上海一组',
      status: 'lead',
      tier: 'B',
      inPool: false,
      phone: '13912345678',
      abilities: { update: true },
    });
    expect(customer.cadence.dueAt).not.toBeNull();
    const history = (await rep.get(`/api/v1/customers/${customer.id}/status-history`)).json();
    expect(history).toMatchObject([{ fromStatus: null, toStatus: 'lead' }]);
  });

  it('a status change is dated and kept in the history; a stale version is a 409', async () => {
    const customer = await create(rep);
    const updated = await rep.patch(`/api/v1/customers/${customer.id}`, { version: customer.version, status: 'intent' });
    expect(updated.statusCode).toBe(200);
    expect(updated.json().status).toBe('intent');
    expect((await rep.patch(`/api/v1/customers/${customer.id}`, { version: customer.version, status: 'lost' })).statusCode).toBe(409);
    const history = (await rep.get(`/api/v1/customers/${customer.id}/status-history`)).json();
    expect(history.map((h: { toStatus: string }) => h.toStatus)).toEqual(['lead', 'intent']);
  });

  it('Chinese substring search finds by part of the name; phone digits too', async () => {
    await create(rep, { name: '杭州西湖龙井茶业有限公司', phone: '13700001234' });
    const byName = (await rep.get(`/api/v1/customers?q=${encodeURIComponent('龙井')}`)).json();
    expect(byName.items.map((c: { name: string }) => c.name)).toContain('杭州西湖龙井茶业有限公司');
    const byPhone = (await rep.get('/api/v1/customers?q=0001234')).json();
    expect(byPhone.items.map((c: { name: string }) => c.name)).toContain('杭州西湖龙井茶业有限公司');
    // Two characters go through the name's bigram index: exact substring, any case; three through pg_trgm.
    await create(rep, { name: 'Xq贸易商行' });
    const names = async (q: string) =>
      (await rep.get(`/api/v1/customers?q=${encodeURIComponent(q)}&pageSize=200`)).json().items.map((c: { name: string }) => c.name);
    expect(await names('xQ')).toContain('Xq贸易商行');
    expect(await names('贸易')).toContain('Xq贸易商行');
    expect(await names('易贸')).not.toContain('Xq贸易商行');
    expect(await names('西湖龙')).toEqual(['杭州西湖龙井茶业有限公司']);
  });
});

describe('the customer list', () => {
  const listed = async (client: Client, query: string) => (await client.get(`/api/v1/customers?${query}`)).json();

  it('items carry the list fields only: no profile text, no e-mail', async () => {
    await create(rep, { tags: ['列表字段'], email: 'li@example.com', needs: '长文本需求', phone: '16600007701' });
    const [item] = (await listed(rep, `tag=${encodeURIComponent('列表字段')}`)).items;
    expect(Object.keys(item).sort()).toEqual(
      [
        'abilities',
        'cadence',
        'createdAt',
        'id',
        'inPool',
        'industry',
        'kind',
        'lastContactAt',
        'name',
        'nextFollowUp',
        'occupation',
        'ownerId',
        'ownerName',
        'phone',
        'rfm',
        'source',
        'status',
        'tags',
        'teamName',
        'tier',
        'version',
      ].sort(),
    );
    expect(item).toMatchObject({
      ownerName: expect.any(String),
      teamName: '上海一组',
      phone: '16600007701',
      abilities: { logInteraction: true, claim: false },
    });
    expect(item.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('the total follows every write at once, this process’s or another’s', async () => {
    const tag = encodeURIComponent('计数缓存');
    await create(rep, { tags: ['计数缓存'] });
    expect((await listed(rep, `tag=${tag}`)).total).toBe(1);
    expect((await listed(rep, `tag=${tag}`)).total).toBe(1);
    await create(rep, { tags: ['计数缓存'] });
    expect((await listed(rep, `tag=${tag}`)).total).toBe(2);
    // A write the app did not make (another server process, a script): the table's change sequence moves.
    await t.db.execute(
      sql`update customers set tags = '{}' where tags @> array['计数缓存']::text[] and name = (select max(name) from customers where tags @> array['计数缓存']::text[])`,
    );
    const after = await listed(rep, `tag=${tag}`);
    expect(after.total).toBe(1);
    expect(after.items).toHaveLength(1);
  });

  it('contacts are masked in the list outside the owner’s line (R-SEC-1)', async () => {
    const customer = await create(rep, { phone: '16600007702', tags: ['列表脱敏'] });
    expect(
      (await rep.post(`/api/v1/customers/${customer.id}/release`, { version: customer.version, reason: '客户暂不需要' })).statusCode,
    ).toBe(200);
    const rep2 = await t.loginAs('rep2');
    const pool = (await rep2.get(`/api/v1/customers/pool?tag=${encodeURIComponent('列表脱敏')}`)).json();
    expect(pool.items).toHaveLength(1);
    expect(pool.items[0]).toMatchObject({
      inPool: true,
      ownerName: null,
      phone: '166****7702',
      abilities: { claim: true, logInteraction: false },
    });
  });

  it('the same page asked again shows every change made since: the app’s, another process’s, one committed while the page was read', async () => {
    const tag = encodeURIComponent('整页缓存');
    const first = await create(rep, { tags: ['整页缓存'], name: '整页缓存甲有限公司' });
    expect((await listed(rep, `tag=${tag}`)).items.map((c: { name: string }) => c.name)).toEqual(['整页缓存甲有限公司']);
    expect((await listed(rep, `tag=${tag}`)).items.map((c: { name: string }) => c.name)).toEqual(['整页缓存甲有限公司']);
    await rep.patch(`/api/v1/customers/${first.id}`, { version: first.version, name: '整页缓存乙有限公司' });
    expect((await listed(rep, `tag=${tag}`)).items.map((c: { name: string }) => c.name)).toEqual(['整页缓存乙有限公司']);
    await t.db.execute(sql`update customers set name = '整页缓存丙有限公司' where id = ${first.id}`);
    expect((await listed(rep, `tag=${tag}`)).items.map((c: { name: string }) => c.name)).toEqual(['整页缓存丙有限公司']);
    // Another process's edit still open while the page is read: the counter has already moved, so the
    // page must not be kept — after the commit the counter does not move again.
    const writer = await t.db.$client.connect();
    try {
      await writer.query('begin');
      await writer.query(`update customers set name = '整页缓存丁有限公司' where id = $1`, [first.id]);
      expect((await listed(rep, `tag=${tag}`)).items.map((c: { name: string }) => c.name)).toEqual(['整页缓存丙有限公司']);
      await writer.query('commit');
    } finally {
      writer.release();
    }
    expect((await listed(rep, `tag=${tag}`)).items.map((c: { name: string }) => c.name)).toEqual(['整页缓存丁有限公司']);
    // Each caller has their own page: the supervisor sees the rep's customer under the same query.
    expect((await listed(supervisor, `tag=${tag}`)).items.map((c: { name: string }) => c.name)).toEqual(['整页缓存丁有限公司']);
    const rep2 = await t.loginAs('rep2');
    expect((await listed(rep2, `tag=${tag}`)).items).toEqual([]);
  });

  it('a customer moved to another owner, or released to the pool, leaves the one page and joins the other at once', async () => {
    const tag = encodeURIComponent('换人缓存');
    const rep2 = await t.loginAs('rep_sh1_2'); // in the supervisor's team, like rep
    const customer = await create(rep, { tags: ['换人缓存'] });
    const names = async (client: Client, path: string) =>
      (await client.get(`/api/v1/customers${path}?tag=${tag}`)).json().items.map((c: { id: string }) => c.id);
    expect(await names(rep, '')).toEqual([customer.id]);
    expect(await names(rep2, '')).toEqual([]);
    expect(await names(rep2, '/pool')).toEqual([]);
    const assigned = await supervisor.post(`/api/v1/customers/${customer.id}/assign`, {
      ownerId: t.ids.rep_sh1_2,
      version: customer.version,
      reason: '区域调整',
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(await names(rep, '')).toEqual([]);
    expect(await names(rep2, '')).toEqual([customer.id]);
    const released = await rep2.post(`/api/v1/customers/${customer.id}/release`, {
      version: assigned.json().version,
      reason: '客户暂不需要',
    });
    expect(released.statusCode, released.body).toBe(200);
    expect(await names(rep2, '')).toEqual([]);
    expect(await names(rep2, '/pool')).toEqual([customer.id]);
  });

  it('a search over many owners answers the same page whichever way it is read: few matches, or more than the count cap', async () => {
    const director = await t.loginAs('director');
    const expected = async (term: string, sort: string, limit: number) =>
      (
        await t.db.execute<{
          id: string;
        }>(sql`select id from customers where merged_into_id is null and owner_id is not null and name ilike ${`%${term}%`}
         order by ${sql.raw(sort === 'name' ? 'name asc, id asc' : 'updated_at desc, id desc')} limit ${limit}`)
      ).rows.map((r) => r.id);
    // 2,100 matches (over the cap of 2,000) and 3 matches, spread over owners and update times.
    await t.db.execute(sql`insert into customers (kind, name, name_key, owner_id, team_id, updated_at)
      select 'organization', '批量检索' || i || '号有限公司', 'pljs' || i, u.id, u.org_unit_id, now() - i * interval '1 minute'
        from generate_series(1, 2100) i join lateral (select id, org_unit_id from users where 'rep' = any(roles) order by md5(id::text || i) limit 1) u on true`);
    for (const name of ['稀有检索甲', '稀有检索乙', '稀有检索丙']) await create(rep, { name: `${name}有限公司` });
    const many = (await director.get(`/api/v1/customers?q=${encodeURIComponent('批量检索')}&pageSize=50&page=2`)).json();
    expect(many).toMatchObject({ total: 2000, capped: true });
    expect(many.items.map((c: { id: string }) => c.id)).toEqual((await expected('批量检索', '-updatedAt', 100)).slice(50));
    const few = (await director.get(`/api/v1/customers?q=${encodeURIComponent('稀有检索')}&sort=name`)).json();
    expect(few).toMatchObject({ total: 3, capped: false });
    expect(few.items.map((c: { id: string }) => c.id)).toEqual(await expected('稀有检索', 'name', 50));
    // every sort reads its columns from the search's hits, and turns the page around when reversed
    for (const sort of Object.keys(SORTS)) {
      const page = await director.get(`/api/v1/customers?q=${encodeURIComponent('稀有检索')}&sort=${sort}`);
      expect(page.statusCode, `${sort}: ${page.body}`).toBe(200);
      const ids = page.json().items.map((c: { id: string }) => c.id);
      expect([...ids].sort(), sort).toEqual(few.items.map((c: { id: string }) => c.id).sort());
      if (sort === '-name') expect(ids).toEqual(few.items.map((c: { id: string }) => c.id).reverse());
    }
    expect((await director.get(`/api/v1/customers?q=${encodeURIComponent('稀有检索')}&page=2&pageSize=2`)).json()).toMatchObject({
      total: 3,
      items: [expect.anything()],
    });
    expect((await director.get(`/api/v1/customers?q=${encodeURIComponent('稀有检索')}&page=3&pageSize=2`)).json()).toMatchObject({
      total: 3,
      items: [],
    });
    await t.db.execute(sql`delete from customers where name like '批量检索%'`);
  });

  it('a supervisor’s search over their team finds the team’s matches and none of another team’s', async () => {
    const director = await t.loginAs('director');
    const mine = await create(rep, { name: '范围检索甲有限公司' });
    const theirs = await create(await t.loginAs('rep_hz_1'), { name: '范围检索乙有限公司' });
    // 4 characters go through the trigram index, 2 through the bigram index
    for (const term of ['范围检索', '范围']) {
      const url = `/api/v1/customers?q=${encodeURIComponent(term)}&sort=name`;
      expect((await supervisor.get(url)).json()).toMatchObject({ total: 1, items: [{ id: mine.id }] });
      expect((await director.get(url)).json()).toMatchObject({ total: 2, items: [{ id: theirs.id }, { id: mine.id }] }); // 乙 (U+4E59) sorts before 甲 (U+7532)
    }
  });

  it('a browser asking again for an unchanged page gets 304 and no body; after a change, the new page', async () => {
    const customer = await create(rep, { tags: ['条件请求'] });
    const url = `/api/v1/customers?tag=${encodeURIComponent('条件请求')}`;
    const first = await rep.get(url);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const tag = first.headers.etag as string;
    expect(tag).toMatch(/^"[\w-]+"$/);
    const again = await rep.request({ method: 'GET', url, headers: { 'if-none-match': tag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    await rep.patch(`/api/v1/customers/${customer.id}`, { version: customer.version, tier: 'A' });
    const changed = await rep.request({ method: 'GET', url, headers: { 'if-none-match': tag } });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(tag);
    expect(changed.json().items[0].tier).toBe('A');
  });

  it('a renamed owner shows under the new name on the next list', async () => {
    const admin = await t.loginAs('admin');
    await create(rep, { tags: ['改名'] });
    expect((await listed(supervisor, `tag=${encodeURIComponent('改名')}`)).items[0].ownerName).not.toBe('张伟（华东）');
    const user = (await admin.get(`/api/v1/users/${t.ids.rep}`)).json();
    const renamed = await admin.patch(`/api/v1/users/${t.ids.rep}`, { version: user.version, displayName: '张伟（华东）' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    try {
      expect((await listed(supervisor, `tag=${encodeURIComponent('改名')}`)).items[0].ownerName).toBe('张伟（华东）');
    } finally {
      await admin.patch(`/api/v1/users/${t.ids.rep}`, { version: renamed.json().version, displayName: user.displayName });
    }
  });
});

describe('R-CUS-3 duplicate detection', () => {
  it('same organisation name after normalising full-width, spaces and case → 409 with the duplicates', async () => {
    await create(rep, { name: 'ABC科技有限公司' });
    const response = await rep.post('/api/v1/customers', { kind: 'organization', name: 'ａｂｃ 科技有限公司' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({
      rule: 'R-CUS-3',
      data: { duplicates: [{ name: 'ABC科技有限公司', matchedOn: ['name'] }] },
    });
    const forced = await rep.post('/api/v1/customers', { kind: 'organization', name: 'ａｂｃ 科技有限公司', ignoreDuplicates: true });
    expect(forced.statusCode).toBe(201);
  });
  it('the same phone with +86 and spaces, or the same tax id, is a duplicate even for another team', async () => {
    await create(rep, { kind: 'person', name: '王小明', phone: '13655556666' });
    const rep2 = await t.loginAs('rep2');
    const response = await rep2.post('/api/v1/customers', { kind: 'person', name: '王晓明', phone: '+86 136 5555 6666' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.data.duplicates[0]).toMatchObject({ matchedOn: ['phone'], inPool: false });
    await create(rep, { name: '税号公司甲', taxId: '91310000MA1FL0XX1X' });
    const byTax = await rep2.post('/api/v1/customers/duplicates', { name: '完全不同的名字', taxId: '91310000ma1fl0xx1x' });
    expect(byTax.json()[0].matchedOn).toEqual(['taxId']);
  });
  it('two persons may share a name', async () => {
    await create(rep, { kind: 'person', name: '李雷' });
    expect((await rep.post('/api/v1/customers', { kind: 'person', name: '李雷' })).statusCode).toBe(201);
  });
  it('a supervisor merges a duplicate: interactions, tasks and contacts move; the duplicate disappears', async () => {
    const survivor = await create(rep, { name: '合并目标公司' });
    const duplicate = await create(rep, { name: '合并来源公司', phone: '13811112222' });
    await rep.post(`/api/v1/customers/${duplicate.id}/interactions`, {
      type: 'visit',
      occurredAt: new Date().toISOString(),
      outcome: '拜访',
    });
    await rep.post(`/api/v1/customers/${duplicate.id}/contacts`, { name: '张经理', title: '采购经理', decisionRole: 'decision_maker' });
    const fresh = (await supervisor.get(`/api/v1/customers/${duplicate.id}`)).json();
    const refused = await rep.post(`/api/v1/customers/${survivor.id}/merge`, {
      duplicateId: duplicate.id,
      version: survivor.version,
      duplicateVersion: fresh.version,
    });
    expect(refused.statusCode).toBe(403);
    const merged = await supervisor.post(`/api/v1/customers/${survivor.id}/merge`, {
      duplicateId: duplicate.id,
      version: survivor.version,
      duplicateVersion: fresh.version,
    });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json().phone).toBe('13811112222');
    expect((await rep.get(`/api/v1/customers/${survivor.id}/interactions`)).json().total).toBe(1);
    expect((await rep.get(`/api/v1/customers/${survivor.id}/contacts`)).json()).toHaveLength(1);
    expect((await rep.get(`/api/v1/customers/${duplicate.id}`)).statusCode).toBe(404);
  });
});

describe('R-CUS-3 customer pool', () => {
  it('release with a reason puts the customer in the pool; two reps claiming at once → exactly one wins', async () => {
    const customer = await create(rep, { name: '公海争抢公司' });
    const released = await rep.post(`/api/v1/customers/${customer.id}/release`, { reason: '客户暂无需求', version: customer.version });
    expect(released.json()).toMatchObject({ inPool: true, ownerId: null });
    const colleague = await t.loginAs('rep_sh1_2');
    const rep2 = await t.loginAs('rep2');
    const pool = (await rep2.get('/api/v1/customers/pool?pageSize=200')).json();
    const inPool = pool.items.find((c: { id: string }) => c.id === customer.id);
    expect(inPool.abilities.claim).toBe(true);
    expect(inPool.phone).toBeNull();
    const results = await Promise.all([
      colleague.post(`/api/v1/customers/${customer.id}/claim`, { version: inPool.version }),
      rep2.post(`/api/v1/customers/${customer.id}/claim`, { version: inPool.version }),
    ]);
    // The loser is told "not found": the customer has left the pool and, owned by another rep, their scope.
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 404]);
    const owner = (await t.db.execute<{ owner_id: string }>(sql`select owner_id from customers where id = ${customer.id}`)).rows[0]!
      .owner_id;
    expect([t.ids.rep_sh1_2, t.ids.rep2]).toContain(owner);
  });

  it("claiming a customer outside the pool and outside one's scope is 404 like any unknown id, and writes nothing", async () => {
    const rep2 = await t.loginAs('rep2');
    const theirs = await create(rep2, { name: '别组客户认领测试公司' });
    const before = await t.snapshot();
    const claim = await rep.post(`/api/v1/customers/${theirs.id}/claim`, { version: theirs.version });
    expect(claim.statusCode).toBe(404);
    expect(claim.json().error.code).toBe('not_found');
    // Whatever version is tried: one claimed from the pool long ago answers the same.
    for (const version of [theirs.version + 1, theirs.version + 7])
      expect((await rep.post(`/api/v1/customers/${theirs.id}/claim`, { version })).statusCode).toBe(404);
    expect((await rep.post('/api/v1/customers/00000000-0000-4000-8000-000000000001/claim', { version: 1 })).statusCode).toBe(404);
    expect(await t.snapshot()).toBe(before);
    // Within the caller's scope the customer is no secret: the supervisor is told it is taken.
    const mine = await create(rep, { name: '本组客户认领测试公司' });
    expect((await supervisor.post(`/api/v1/customers/${mine.id}/claim`, { version: mine.version })).statusCode).toBe(409);
  });

  it('the per-rep cap is enforced (422 R-CUS-3)', async () => {
    const admin = await t.loginAs('admin');
    const settings = (await admin.get('/api/v1/customer-settings')).json();
    expect((await admin.put('/api/v1/customer-settings', { ...settings, poolClaimCap: 1 })).statusCode).toBe(200);
    const customer = await create(supervisor, { ownerId: null, name: '容量测试公司' });
    const capped = await rep.post(`/api/v1/customers/${customer.id}/claim`, { version: customer.version });
    expect(capped.statusCode).toBe(422);
    expect(capped.json().error.rule).toBe('R-CUS-3');
    await admin.put('/api/v1/customer-settings', settings);
  });

  it('support staff (no claim right) do not see the pool', async () => {
    const support = await t.loginAs('support');
    expect((await support.get('/api/v1/customers/pool')).statusCode).toBe(403);
  });

  it('no qualifying follow-up for N days returns the customer to the pool with notice; K days before, a warning', async () => {
    const stale = await create(rep, { name: '长期未跟进公司', tier: 'C' });
    const warn = await create(rep, { name: '即将回收公司', tier: 'C' });
    await t.db.execute(sql`update customers set assigned_at = now() - interval '200 days' where id = ${stale.id}`);
    await t.db.execute(sql`update customers set assigned_at = now() - interval '116 days' where id = ${warn.id}`);
    const summary = await returnNeglectedToPool(t.db, new Date());
    expect(summary.text).toMatch(/returned to pool/);
    const rows = (
      await t.db.execute<{ id: string; owner_id: string | null; pool_warned_at: string | null }>(
        sql`select id, owner_id, pool_warned_at from customers where id in (${stale.id}, ${warn.id})`,
      )
    ).rows;
    expect(rows.find((r) => r.id === stale.id)!.owner_id).toBeNull();
    expect(rows.find((r) => r.id === warn.id)!.owner_id).toBe(t.ids.rep);
    expect(rows.find((r) => r.id === warn.id)!.pool_warned_at).not.toBeNull();
    const notes = (await rep.get('/api/v1/notifications')).json().items.map((n: { kind: string; title: string }) => `${n.kind}:${n.title}`);
    expect(notes).toContain('customers.returned_to_pool:长期未跟进公司');
    expect(notes).toContain('customers.pool_warning:即将回收公司');
  });
});

describe('R-CUS-1 cadence through interactions', () => {
  it('for an A customer a call does not reset the cadence, a visit does; the overdue filter and my day follow', async () => {
    const customer = await create(rep, { name: '战略客户甲', tier: 'A' });
    await t.db.execute(
      sql`update customers set assigned_at = now() - interval '30 days', cadence_due_at = now() - interval '15 days' where id = ${customer.id}`,
    );
    const overdue = (await rep.get('/api/v1/customers?overdue=true&pageSize=200')).json().items.map((c: { id: string }) => c.id);
    expect(overdue).toContain(customer.id);
    expect((await rep.get('/api/v1/my-day')).json().overdueCustomers.map((c: { id: string }) => c.id)).toContain(customer.id);
    const call = await rep.post(`/api/v1/customers/${customer.id}/interactions`, {
      type: 'call',
      occurredAt: new Date().toISOString(),
      outcome: '电话沟通',
    });
    expect(call.statusCode, call.body).toBe(201);
    let fresh = (await rep.get(`/api/v1/customers/${customer.id}`)).json();
    expect(fresh.cadence.overdue).toBe(true);
    expect(fresh.lastContactAt).not.toBeNull();
    const logged = await rep.post(`/api/v1/customers/${customer.id}/interactions`, {
      type: 'visit',
      occurredAt: new Date().toISOString(),
      outcome: '上门拜访',
      nextStep: '发送方案',
      nextFollowUpAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
    });
    expect(logged.statusCode).toBe(201);
    fresh = (await rep.get(`/api/v1/customers/${customer.id}`)).json();
    expect(fresh.cadence.overdue).toBe(false);
    expect(fresh.cadence.lastQualifyingContactAt).not.toBeNull();
    expect((await rep.get('/api/v1/my-day')).json().overdueCustomers.map((c: { id: string }) => c.id)).not.toContain(customer.id);
    const tasks = (await rep.get(`/api/v1/tasks?customerId=${customer.id}`)).json();
    expect(tasks.items[0]).toMatchObject({ title: '发送方案', state: 'open' });
    const done = await rep.patch(`/api/v1/tasks/${tasks.items[0].id}`, { version: tasks.items[0].version, done: true });
    expect(done.json().state).toBe('done');
  });
  it('an interaction in the future is refused', async () => {
    const customer = await create(rep);
    const response = await rep.post(`/api/v1/customers/${customer.id}/interactions`, {
      type: 'call',
      occurredAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe('body.occurredAt');
  });
});

describe('R-CUS-2 RFM from generated orders', () => {
  it('scores quintiles, segments, dormant, loyalty; proposes tier changes the manager accepts', async () => {
    const now = new Date();
    const made: string[] = [];
    for (let i = 0; i < 10; i++) made.push((await create(rep, { name: `RFM客户${i}`, tier: 'C' })).id);
    const dormant = await create(rep, { name: 'RFM休眠客户', tier: 'B' });
    await t.db.execute(sql`delete from customer_orders`);
    for (let i = 0; i < 10; i++) {
      // customer i: i+1 orders, larger and more recent with i
      for (let k = 0; k <= i; k++) {
        await t.db.execute(
          sql`insert into customer_orders (customer_id, ordered_at, amount_cents, source) values (${made[i]}, ${new Date(now.getTime() - (300 - i * 30 - k) * 86_400_000)}, ${(i + 1) * 1_000_000}, 'generated')`,
        );
      }
    }
    await t.db.execute(
      sql`insert into customer_orders (customer_id, ordered_at, amount_cents, source) values (${dormant.id}, ${new Date(now.getTime() - 500 * 86_400_000)}, 100000, 'generated')`,
    );
    // the rep's list before the recompute; the recompute's values show on the next one
    const listed = async () =>
      (await rep.get('/api/v1/customers?q=RFM&pageSize=100')).json().items as {
        id: string;
        rfm: { segment: string | null; monetaryCents: number };
      }[];
    expect((await listed()).find((item) => item.id === made[9])!.rfm).toEqual({ segment: null, monetaryCents: 0 });
    const updatedAt = (await t.db.execute<{ at: string }>(sql`select max(updated_at)::text as at from customers`)).rows[0]!.at;
    expect(await recomputeRfm(t.db, now, DEFAULT_CUSTOMER_SETTINGS)).toBeGreaterThanOrEqual(11);
    // the values live in customer_rfm: the recompute rewrites no customer row
    expect((await t.db.execute<{ at: string }>(sql`select max(updated_at)::text as at from customers`)).rows[0]!.at).toBe(updatedAt);
    expect((await listed()).find((item) => item.id === made[9])!.rfm).toEqual({ segment: 'vip', monetaryCents: 100_000_000 });
    const vips = (await rep.get('/api/v1/customers?segment=vip&pageSize=100')).json();
    expect(vips.items.map((item: { id: string }) => item.id)).toContain(made[9]);
    expect(vips.items.every((item: { rfm: { segment: string } }) => item.rfm.segment === 'vip')).toBe(true);
    const richest = (await rep.get('/api/v1/customers?q=RFM&sort=-monetary&pageSize=3')).json();
    expect(richest.items.map((item: { id: string }) => item.id)).toEqual([made[9], made[8], made[7]]);
    expect((await rep.get(`/api/v1/customers/${made[9]}`)).json()).toMatchObject({
      loyaltyLevel: '金卡会员',
      rfm: { r: 5, f: 5, m: 5, segment: 'vip', frequency: 10, monetaryCents: 100_000_000 },
    });
    // nothing moved: nothing written
    expect(await recomputeRfm(t.db, now, DEFAULT_CUSTOMER_SETTINGS)).toBe(0);
    const rows = (
      await t.db.execute<{
        id: string;
        rfm_r: number;
        rfm_f: number;
        rfm_m: number;
        segment: string;
        rfm_frequency: number;
        loyalty_level: string | null;
      }>(
        sql`select customer_id as id, r as rfm_r, f as rfm_f, m as rfm_m, segment, frequency as rfm_frequency, loyalty_level from customer_rfm where customer_id in ${sql.raw(`('${[...made, dormant.id].join("','")}')`)}`,
      )
    ).rows;
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(made.map((id) => byId.get(id)!.rfm_m)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(byId.get(made[9]!)).toMatchObject({ rfm_r: 5, rfm_f: 5, segment: 'vip', rfm_frequency: 10 });
    expect(byId.get(made[0]!)!.segment).toBe('dormant'); // oldest recency quintile
    expect(byId.get(dormant.id)).toMatchObject({ segment: 'dormant', rfm_r: null });
    expect(byId.get(made[9]!)!.loyalty_level).toBe('金卡会员');

    const created = await generateTierProposals(t.db, now);
    expect(created).toBeGreaterThan(0);
    const proposals = (await supervisor.get('/api/v1/tier-proposals?status=pending&pageSize=100')).json();
    const vip = proposals.items.find((p: { customerId: string }) => p.customerId === made[9]);
    expect(vip).toMatchObject({ currentTier: 'C', proposedTier: 'A', abilities: { decide: true } });
    expect((await rep.post(`/api/v1/tier-proposals/${vip.id}/decision`, { decision: 'accept' })).statusCode).toBe(403);
    expect((await supervisor.post(`/api/v1/tier-proposals/${vip.id}/decision`, { decision: 'accept' })).statusCode).toBe(200);
    expect((await rep.get(`/api/v1/customers/${made[9]}`)).json().tier).toBe('A');
    // generating again in the same quarter does not duplicate
    expect(await generateTierProposals(t.db, now)).toBe(0);
  });
  it('an admin recomputes on demand; only customers whose scores changed are rewritten', async () => {
    const admin = await t.loginAs('admin');
    const customer = await create(rep, { name: 'RFM新订单客户' });
    await t.db.execute(
      sql`insert into customer_orders (customer_id, ordered_at, amount_cents, source) values (${customer.id}, now() - interval '1 day', 123400, 'generated')`,
    );
    const response = await admin.post('/api/v1/customers/rfm/recompute');
    expect(response.statusCode).toBe(200);
    expect(response.json().updated).toBeGreaterThanOrEqual(1);
    const fresh = (await rep.get(`/api/v1/customers/${customer.id}`)).json();
    expect(fresh.rfm).toMatchObject({ frequency: 1, monetaryCents: 123400, recencyDays: 1 });
    expect(fresh.rfm.computedAt).not.toBeNull();
    const again = await admin.post('/api/v1/customers/rfm/recompute');
    expect(again.json().updated).toBe(0);
    expect((await rep.post('/api/v1/customers/rfm/recompute')).statusCode).toBe(403);
  });
  it('two recomputes at once (the nightly job and an admin) take turns: one writes the new values, the other finds them written', async () => {
    const customer = await create(rep, { name: 'RFM并发客户' });
    await t.db.execute(
      sql`insert into customer_orders (customer_id, ordered_at, amount_cents, source) values (${customer.id}, now() - interval '2 days', 55500, 'generated')`,
    );
    const now = new Date();
    const counts = await Promise.all([
      recomputeRfm(t.db, now, DEFAULT_CUSTOMER_SETTINGS),
      recomputeRfm(t.db, now, DEFAULT_CUSTOMER_SETTINGS),
    ]);
    expect(Math.min(...counts)).toBe(0);
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(1);
    const rows = (
      await t.db.execute<{ monetary_cents: number }>(sql`select monetary_cents from customer_rfm where customer_id = ${customer.id}`)
    ).rows;
    expect(rows).toEqual([{ monetary_cents: 55500 }]);
  });
});

describe('R-SEC-1 on customers', () => {
  it('contacts are visible up the line, masked outside it, and a reveal is logged', async () => {
    const customer = await create(rep, { name: '保密测试公司', phone: '13987654321', email: 'boss@example.com' });
    expect((await supervisor.get(`/api/v1/customers/${customer.id}`)).json().phone).toBe('13987654321');
    const ops = await t.loginAs('ops');
    const masked = (await ops.get(`/api/v1/customers/${customer.id}`)).json();
    expect(masked).toMatchObject({ phone: '139****4321', email: 'b***@example.com', contactsMasked: true, abilities: { reveal: true } });
    const revealed = await ops.post(`/api/v1/customers/${customer.id}/reveal`);
    expect(revealed.json().phone).toBe('13987654321');
    const audit = await t.db.execute(sql`select 1 from audit_log where action = 'reveal' and entity_id = ${customer.id}`);
    expect(audit.rowCount).toBe(1);
    const finance = await t.loginAs('finance');
    expect((await finance.post(`/api/v1/customers/${customer.id}/reveal`)).statusCode).toBe(403);
  });
  it('attachments are reachable only through the parent customer', async () => {
    const customer = await create(rep, { name: '附件测试公司' });
    const interaction = (
      await rep.post(`/api/v1/customers/${customer.id}/interactions`, { type: 'meeting', occurredAt: new Date().toISOString() })
    ).json();
    const boundary = '----xg';
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="方案.txt"\r\nContent-Type: text/plain\r\n\r\n会议纪要\r\n--${boundary}--\r\n`;
    const uploaded = await rep.request({
      method: 'POST',
      url: `/api/v1/interactions/${interaction.id}/attachments`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const download = await supervisor.get(`/api/v1/attachments/${uploaded.json().id}`);
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('会议纪要');
    const rep2 = await t.loginAs('rep2');
    expect((await rep2.get(`/api/v1/attachments/${uploaded.json().id}`)).statusCode).toBe(404);
  });
});
