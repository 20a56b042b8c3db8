import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp, type Client, type TestApp } from './harness.js';
import { expectRefusedUnchanged } from './access-matrix-kit.js';
import { sql } from 'drizzle-orm';

/**
 * R-SEC-1 access matrix for the list mechanisms every module shares: saved views (/views) and the
 * customer bulk actions (/customers/bulk, /tasks/bulk-close). Each role: what it sees and what it
 * may change; refusals leave every table unchanged.
 */
// A case here makes hundreds of requests, each refusal between two whole-database snapshots: on a
// loaded 2-core machine that outlasts the default 30 s.
vi.setConfig({ testTimeout: 120_000 });

let t: TestApp;
const clients: Record<string, Client> = {};
const ROLES = [
  'admin',
  'director',
  'manager',
  'supervisor',
  'rep',
  'rep2',
  'key_account',
  'channel',
  'support',
  'ops',
  'finance',
  'auditor',
];

beforeAll(async () => {
  t = await buildTestApp();
  for (const username of ROLES) clients[username] = await t.loginAs(username);
});
afterAll(() => t.close());

/** Refused, and no row of any table changed. */
const expectDenied = (attempt: () => Promise<{ statusCode: number; body?: string }>, statuses?: number[]) =>
  expectRefusedUnchanged(t, attempt, statuses);

const state = { filters: {}, sort: null, columns: null, widths: {} };

describe('R-SEC-1 access matrix: views', () => {
  it('every role keeps personal views; nobody else lists, edits, deletes or defaults to them', async () => {
    const personal: Record<string, string> = {};
    for (const who of ROLES) {
      const response = await clients[who]!.post('/api/v1/views', { listKey: 'matrix', name: `personal-${who}`, state });
      expect(response.statusCode, `${who} saves a personal view`).toBe(201);
      personal[who] = response.json().id;
    }
    const before = await t.snapshot();
    for (const who of ROLES) {
      const listed = ((await clients[who]!.get('/api/v1/views?listKey=matrix')).json() as { name: string }[]).map((view) => view.name);
      expect(listed, who).toEqual([`personal-${who}`]);
      for (const other of ROLES.filter((role) => role !== who)) {
        const id = personal[other];
        expect((await clients[who]!.patch(`/api/v1/views/${id}`, { version: 1, name: 'x' })).statusCode, `${who} edits ${other}'s`).toBe(
          404,
        );
        expect((await clients[who]!.delete(`/api/v1/views/${id}`)).statusCode, `${who} deletes ${other}'s`).toBe(404);
        expect((await clients[who]!.put('/api/v1/views/default', { listKey: 'matrix', viewId: id })).statusCode).toBe(404);
      }
    }
    expect(await t.snapshot()).toBe(before);
  });

  it('a view shared with the sales company is seen by everyone under it; only the director (its manager) and the creator edit it', async () => {
    const director = (await clients.director!.get('/api/v1/auth/me')).json() as { orgUnitId: string };
    const shared = await clients.director!.post('/api/v1/views', {
      listKey: 'matrix-shared',
      name: 'company',
      orgUnitId: director.orgUnitId,
      state,
    });
    expect(shared.statusCode, shared.body).toBe(201);
    const id = shared.json().id as string;
    for (const who of ROLES) {
      const listed = (await clients[who]!.get('/api/v1/views?listKey=matrix-shared')).json() as {
        id: string;
        abilities: { update: boolean };
      }[];
      const view = listed.find((v) => v.id === id);
      expect(view, `${who} sees the company view`).toBeTruthy();
      expect(view!.abilities.update, who).toBe(who === 'director');
      if (who !== 'director') await expectDenied(() => clients[who]!.patch(`/api/v1/views/${id}`, { version: 1, name: 'x' }), [403]);
    }
  });
});

describe('R-SEC-1 access matrix: bulk actions', () => {
  it('only roles with assign scope reassign in bulk; roles without write change nothing', async () => {
    const created = await clients.rep!.post('/api/v1/customers', { kind: 'organization', name: '矩阵批量测试有限公司' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    for (const who of ['rep', 'rep2', 'key_account', 'channel', 'support', 'finance', 'auditor', 'admin']) {
      await expectDenied(() =>
        clients[who]!.post('/api/v1/customers/bulk', { selection: { ids: [id] }, change: { action: 'reassign', ownerId: t.ids[who] } }),
      );
    }
    // Support writes the customers of the reps they serve (rep among them), so only the others are refused.
    for (const who of ['rep2', 'key_account', 'channel', 'finance', 'auditor', 'admin']) {
      await expectDenied(() =>
        clients[who]!.post('/api/v1/customers/bulk', { selection: { ids: [id] }, change: { action: 'setTier', tier: 'A' } }),
      );
    }
    for (const who of ['rep', 'support', 'supervisor', 'manager', 'director', 'ops']) {
      const response = await clients[who]!.post('/api/v1/customers/bulk', {
        selection: { ids: [id] },
        change: { action: 'addTags', tags: [`matrix-${who}`] },
      });
      expect(response.statusCode, `${who}: ${response.body}`).toBe(200);
    }
  });
});

describe('R-SEC-1 access matrix: bulk close and export of follow-up tasks', () => {
  it('a task on the rep’s customer is closed in bulk by those who write that customer, and exported by those who read it', async () => {
    const created = await clients.rep!.post('/api/v1/customers', { kind: 'organization', name: '矩阵任务批量测试有限公司' });
    expect(created.statusCode).toBe(201);
    const customerId = created.json().id as string;
    const task = async () => {
      const response = await clients.rep!.post('/api/v1/tasks', {
        customerId,
        title: '矩阵任务',
        dueAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().id as string;
    };
    const id = await task();
    for (const who of ['rep2', 'key_account', 'channel', 'finance', 'auditor', 'admin']) {
      await expectDenied(() => clients[who]!.post('/api/v1/tasks/bulk-close', { ids: [id] }));
    }
    for (const who of ['rep2', 'key_account', 'channel']) {
      await expectDenied(() => clients[who]!.post('/api/v1/tasks/export-selected', { ids: [id] }));
    }
    for (const who of ['rep', 'supervisor', 'manager', 'director']) {
      const exported = await clients[who]!.post('/api/v1/tasks/export-selected', { ids: [id] });
      expect(exported.statusCode, `${who}: ${exported.body}`).toBe(200);
      const closed = await clients[who]!.post('/api/v1/tasks/bulk-close', { ids: [await task()] });
      expect(closed.statusCode, `${who}: ${closed.body}`).toBe(200);
      expect(closed.json().changed, who).toBe(1);
    }
  });
});

describe('R-SEC-1 access matrix: export selected and bulk jobs', () => {
  it('export selected: only roles with the export scope get the ticked customers; the others are refused, nothing written', async () => {
    const created = await clients.rep!.post('/api/v1/customers', { kind: 'organization', name: '矩阵导出所选测试有限公司' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    // rep2 (another team) and roles without customers.export: refused.
    for (const who of ['rep', 'rep2', 'key_account', 'channel', 'support', 'finance', 'auditor', 'admin']) {
      await expectDenied(() => clients[who]!.post('/api/v1/customers/export-selected', { ids: [id] }));
    }
    for (const who of ['supervisor', 'manager', 'director', 'ops']) {
      const response = await clients[who]!.post('/api/v1/customers/export-selected', { ids: [id] });
      expect(response.statusCode, `${who}: ${response.body}`).toBe(200);
    }
    // Lists exported by read scope: an id outside it is refused for every role that cannot read it.
    for (const list of ['opportunities', 'quotes', 'orders', 'contracts', 'tasks']) {
      await expectDenied(() => clients.rep2!.post(`/api/v1/${list}/export-selected`, { ids: [id] }));
    }
  });

  it('a bulk job and its report are seen only by the user who started it', async () => {
    const [job] = (
      await t.ownerDb.execute<{ id: string }>(
        sql`insert into background_jobs (kind, payload, created_by_id, status) values ('bulk.customers', '{}'::jsonb, ${t.ids.supervisor}, 'succeeded') returning id`,
      )
    ).rows;
    for (const who of ROLES.filter((role) => role !== 'supervisor')) {
      await expectDenied(() => clients[who]!.get(`/api/v1/bulk-jobs/${job!.id}`), [404]);
      await expectDenied(() => clients[who]!.get(`/api/v1/bulk-jobs/${job!.id}/report`), [404]);
    }
    const own = await clients.supervisor!.get(`/api/v1/bulk-jobs/${job!.id}`);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({ id: job!.id, status: 'succeeded' });
  });
});
