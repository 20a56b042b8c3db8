import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type Client, type TestApp } from './harness.js';
import { MATRIX_ROLES, expectRefusedUnchanged } from './access-matrix-kit.js';
import { multipartFile } from './multipart.js';

/**
 * R-SEC-1 access matrix: service quality (complaints, surveys — issue 20), every route. Its own file
 * (and database) beside access-matrix.test.ts, which names 'complaints' and 'surveys' in
 * MATRIX_SECTIONS. Complaint A is about a customer of `rep` (region 1), B about one of `rep2`
 * (region 2); Q is a billing complaint of `rep`'s customer routed to region 1's service queue, whose
 * only member is `key_account`. Every refusal leaves every table unchanged.
 */
let t: TestApp;
const clients: Record<string, Client> = {};
const ROLES = MATRIX_ROLES;
const ids: Record<'A' | 'B' | 'Q', { id: string; version: number; customerId: string }> = {
  A: { id: '', version: 0, customerId: '' },
  B: { id: '', version: 0, customerId: '' },
  Q: { id: '', version: 0, customerId: '' },
};
let templateId = '';
let tokenA = '';

/** Refused, and no row of any table changed. */
const expectDenied = (attempt: () => Promise<{ statusCode: number; body?: string }>, statuses?: number[]) =>
  expectRefusedUnchanged(t, attempt, statuses);

async function customerOf(username: string): Promise<string> {
  const rows = await t.ownerDb.execute<{ id: string }>(
    sql`select id from customers where owner_id = ${t.ids[username]} and merged_into_id is null order by name limit 1`,
  );
  return rows.rows[0]!.id;
}

async function log(key: 'A' | 'B' | 'Q', who: string, category: string) {
  const customerId = await customerOf(who);
  const response = await clients[who]!.post('/api/v1/complaints', {
    customerId,
    title: `矩阵投诉${key}`,
    category,
    channel: 'phone',
    description: '矩阵测试',
  });
  expect(response.statusCode, response.body).toBe(201);
  ids[key] = { id: response.json().id, version: response.json().version, customerId };
}

beforeAll(async () => {
  t = await buildTestApp();
  for (const username of ROLES) clients[username] = await t.loginAs(username);
  const settings = (await clients.ops!.get('/api/v1/service-settings')).json();
  const region = await t.ownerDb.execute<{ id: string }>(sql`select org_unit_id as id from users where username = 'manager'`);
  const saved = await clients.ops!.put('/api/v1/service-settings', {
    ...settings,
    queueCategories: ['billing'],
    queues: [{ orgUnitId: region.rows[0]!.id, memberIds: [t.ids['key_account']] }],
  });
  expect(saved.statusCode, saved.body).toBe(200);
  await log('A', 'rep', 'delivery_delay');
  await log('B', 'rep2', 'product_quality');
  await log('Q', 'rep', 'billing');
  const template = await clients.ops!.post('/api/v1/survey-templates', {
    name: '矩阵问卷',
    trigger: 'manual',
    csat: true,
    nps: true,
    questions: [],
  });
  expect(template.statusCode, template.body).toBe(201);
  templateId = template.json().id;
  const sent = await clients.rep!.post('/api/v1/surveys/send', { templateId, customerId: ids.A.customerId });
  expect(sent.statusCode, sent.body).toBe(201);
  tokenA = sent.json().token;
  const answered = await t.app.inject({ method: 'POST', url: `/api/v1/public/surveys/${tokenA}`, payload: { csat: 5, nps: 10 } });
  expect(answered.statusCode, answered.body).toBe(200);
  const sentB = await clients.rep2!.post('/api/v1/surveys/send', { templateId, customerId: ids.B.customerId });
  await t.app.inject({ method: 'POST', url: `/api/v1/public/surveys/${sentB.json().token}`, payload: { csat: 4, nps: 8 } });
});
afterAll(() => t.close());

const visible = async (who: string) => {
  const response = await clients[who]!.get(`/api/v1/complaints?pageSize=200&q=${encodeURIComponent('矩阵投诉')}`);
  return response.statusCode === 200
    ? response
        .json()
        .items.map((c: { title: string }) => c.title.replace('矩阵投诉', ''))
        .sort()
    : [];
};

describe('R-SEC-1 access matrix: complaints', () => {
  it('list and read follow the customer’s record access, plus the queue’s members and the assignee', async () => {
    const expected: Record<string, string[]> = {
      admin: [],
      director: ['A', 'B', 'Q'],
      manager: ['A', 'Q'],
      manager2: ['B'],
      supervisor: ['A', 'Q'],
      rep: ['A', 'Q'],
      rep2: ['B'],
      // The member of region 1's service queue sees the queue's ticket, not the others.
      key_account: ['Q'],
      channel: [],
      // Support staff serve region 1's reps (support_assignments): the customer's record access.
      support: ['A', 'Q'],
      ops: ['A', 'B', 'Q'],
      finance: ['A', 'B', 'Q'],
      auditor: ['A', 'B', 'Q'],
    };
    for (const who of ROLES) expect(await visible(who), who).toEqual(expected[who]);
    for (const who of ['rep2', 'manager2', 'key_account', 'channel', 'admin']) {
      expect([403, 404], who).toContain((await clients[who]!.get(`/api/v1/complaints/${ids.A.id}`)).statusCode);
    }
    expect((await clients.key_account!.get(`/api/v1/complaints/${ids.Q.id}`)).json().ownerId).toBe(t.ids['key_account']);
  });

  it('acting, attaching and logging: only within reach; read-only roles and admin are refused', async () => {
    const file = multipartFile('photo.jpg', 'jpg');
    for (const who of ['rep2', 'manager2', 'finance', 'auditor', 'admin', 'key_account', 'channel']) {
      const c = clients[who]!;
      await expectDenied(() => c.post(`/api/v1/complaints/${ids.A.id}/actions`, { version: ids.A.version, action: 'respond' }));
      await expectDenied(() =>
        c.request({ method: 'POST', url: `/api/v1/complaints/${ids.A.id}/attachments`, payload: file.payload, headers: file.headers }),
      );
    }
    for (const who of ['rep2', 'finance', 'auditor', 'admin']) {
      await expectDenied(
        () =>
          clients[who]!.post('/api/v1/complaints', {
            customerId: ids.A.customerId,
            title: 'x',
            category: 'other',
            channel: 'phone',
            description: 'x',
          }),
        [400, 403],
      );
    }
    // The queue member works the queue's ticket.
    const q = await clients.key_account!.post(`/api/v1/complaints/${ids.Q.id}/actions`, { version: ids.Q.version, action: 'respond' });
    expect(q.statusCode, q.body).toBe(200);
    const upload = await clients.rep!.request({
      method: 'POST',
      url: `/api/v1/complaints/${ids.A.id}/attachments`,
      payload: file.payload,
      headers: file.headers,
    });
    expect(upload.statusCode, upload.body).toBe(201);
    for (const who of ['rep2', 'manager2', 'key_account', 'admin']) {
      await expectDenied(() => clients[who]!.get(`/api/v1/complaint-attachments/${upload.json().id}`));
    }
    expect((await clients.supervisor!.get(`/api/v1/complaint-attachments/${upload.json().id}`)).statusCode).toBe(200);
  });

  it('settings and the sweep: configure only (director, ops, admin)', async () => {
    const settings = (await clients.ops!.get('/api/v1/service-settings')).json();
    for (const who of ['rep', 'supervisor', 'manager', 'finance', 'auditor', 'support']) {
      await expectDenied(() => clients[who]!.put('/api/v1/service-settings', settings));
      await expectDenied(() => clients[who]!.post('/api/v1/service/sla-sweep'));
    }
    expect((await clients.admin!.put('/api/v1/service-settings', settings)).statusCode).toBe(200);
    expect((await clients.director!.post('/api/v1/service/sla-sweep')).statusCode).toBe(200);
  });

  it('open critical complaints (the home card) follow the same reach; roles without complaints.read are refused', async () => {
    await t.ownerDb.execute(sql`update complaints set priority = 'critical' where id = any(${sql.param([ids.A.id, ids.B.id])}::uuid[])`);
    const expected: Record<string, string[] | null> = {
      admin: null,
      director: ['A', 'B'],
      manager: ['A'],
      manager2: ['B'],
      supervisor: ['A'],
      rep: ['A'],
      rep2: ['B'],
      key_account: [],
      channel: [],
      support: ['A'],
      ops: ['A', 'B'],
      finance: ['A', 'B'],
      auditor: ['A', 'B'],
    };
    for (const who of ROLES) {
      const r = await clients[who]!.get('/api/v1/service/critical-complaints');
      const seen =
        r.statusCode === 200
          ? r
              .json()
              .items.filter((c: { title: string }) => c.title.startsWith('矩阵投诉'))
              .map((c: { title: string }) => c.title.replace('矩阵投诉', ''))
              .sort()
          : null;
      expect(seen, who).toEqual(expected[who]);
    }
    await t.ownerDb.execute(sql`update complaints set priority = 'normal' where id = any(${sql.param([ids.A.id, ids.B.id])}::uuid[])`);
  });
});

describe('R-SEC-1 access matrix: surveys', () => {
  it('answers are visible to the owner’s line and ops; finance, support and admin see none', async () => {
    const responses = async (who: string) => {
      const r = await clients[who]!.get('/api/v1/survey-results');
      return r.statusCode === 200 ? r.json().overall.responses : -1;
    };
    const expected: Record<string, number> = {
      admin: -1,
      director: 2,
      manager: 1,
      manager2: 1,
      supervisor: 1,
      rep: 1,
      rep2: 1,
      key_account: 0,
      channel: -1,
      support: -1,
      ops: 2,
      finance: -1,
      auditor: 2,
    };
    for (const who of ROLES) expect(await responses(who), who).toBe(expected[who]);
    expect((await clients.rep2!.get(`/api/v1/customers/${ids.A.customerId}/service`)).statusCode).toBe(404);
    expect((await clients.rep!.get(`/api/v1/customers/${ids.A.customerId}/service`)).json().scores.responses).toBe(1);
  });

  it('templates: ops and the director configure; sending only for customers in reach', async () => {
    const body = { name: 'x', trigger: 'manual', csat: true, nps: false, questions: [] };
    for (const who of ['rep', 'supervisor', 'manager', 'finance', 'auditor', 'admin', 'support']) {
      await expectDenied(() => clients[who]!.post('/api/v1/survey-templates', body));
      await expectDenied(() => clients[who]!.put(`/api/v1/survey-templates/${templateId}`, { ...body, version: 1 }));
    }
    await expectDenied(() => clients.rep2!.post('/api/v1/surveys/send', { templateId, customerId: ids.A.customerId }), [400]);
    for (const who of ['finance', 'support', 'admin', 'channel']) {
      await expectDenied(() => clients[who]!.post('/api/v1/surveys/send', { templateId, customerId: ids.A.customerId }));
    }
  });

  it('revisits: the owner’s list (mine) and the owners in the caller’s send scope (all); answering only within it', async () => {
    const revisit = await clients.rep!.post('/api/v1/surveys/send', { templateId, customerId: ids.A.customerId });
    expect(revisit.statusCode, revisit.body).toBe(201);
    const link = await t.ownerDb.execute<{ id: string }>(
      sql`update survey_links set sent_at = now() - interval '5 days' where token = ${revisit.json().token} returning id`,
    );
    const linkId = link.rows[0]!.id;
    const sees = async (who: string, scope: 'mine' | 'all') => {
      const r = await clients[who]!.get(`/api/v1/survey-revisits?scope=${scope}`);
      return r.statusCode === 200 ? r.json().some((row: { id: string }) => row.id === linkId) : null;
    };
    const expected: Record<string, boolean | null> = {
      admin: null,
      director: true,
      manager: true,
      manager2: false,
      supervisor: true,
      rep: true,
      rep2: false,
      key_account: false,
      channel: null,
      support: null,
      ops: true,
      finance: null,
      auditor: null,
    };
    for (const who of ROLES) expect(await sees(who, 'all'), who).toBe(expected[who]);
    expect(await sees('rep', 'mine')).toBe(true);
    expect(await sees('supervisor', 'mine')).toBe(false);
    for (const who of ['rep2', 'manager2', 'key_account']) {
      await expectDenied(() => clients[who]!.post(`/api/v1/survey-revisits/${linkId}`, { outcome: 'answered', csat: 4 }), [404]);
    }
    for (const who of ['admin', 'channel', 'support', 'finance', 'auditor']) {
      await expectDenied(() => clients[who]!.post(`/api/v1/survey-revisits/${linkId}`, { outcome: 'answered', csat: 4 }));
    }
    expect(
      (await clients.supervisor!.post(`/api/v1/survey-revisits/${linkId}`, { outcome: 'declined', note: '客户拒答' })).statusCode,
    ).toBe(200);
  });

  it('templates count what was sent and answered', async () => {
    const template = (await clients.ops!.get('/api/v1/survey-templates')).json().find((row: { id: string }) => row.id === templateId);
    expect(template).toMatchObject({ sent: 3, answered: 2 });
  });

  it('the public answer page needs no session and reveals nothing but the questions', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/api/v1/public/surveys/${tokenA}` });
    expect(page.statusCode).toBe(200);
    expect(Object.keys(page.json()).sort()).toEqual(['csat', 'expiresAt', 'nps', 'questions', 'status']);
  });
});
