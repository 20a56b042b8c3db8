import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type Client, type TestApp } from './harness.js';
import { expectRefusedUnchanged, MATRIX_ROLES } from './access-matrix-kit.js';
import { multipartFile } from './multipart.js';
import { generateWeeklyReports } from '../modules/market/index.js';

/**
 * R-SEC-1 access matrix: market intelligence and channel partners (issue 21 items 1–5), every route.
 * Its own file (and database) beside access-matrix.test.ts, which names 'market' and 'channels' in
 * MATRIX_SECTIONS. Feedback F by `rep` (team sh1) and a published report R of sh1; a partner P with a
 * registration, a programme and a statement. Every refusal leaves every table unchanged.
 */
let t: TestApp;
const clients: Record<string, Client> = {};
const ids = {
  competitor: '',
  feedback: '',
  report: '',
  draft: '',
  partner: '',
  document: '',
  registration: '',
  statement: '',
  customer: '',
  region: '',
  opportunity: '',
};
const deny = (attempt: () => Promise<{ statusCode: number; body?: string }>, statuses?: number[]) =>
  expectRefusedUnchanged(t, attempt, statuses);
const is = (who: string, roles: string[]) => roles.includes(who);

const FEEDBACK_READERS = ['director', 'manager', 'manager2', 'supervisor', 'rep', 'rep2', 'key_account', 'channel', 'ops', 'auditor'];
const PUBLISHERS = ['director', 'manager', 'manager2', 'supervisor'];
const PARTNER_READERS = ['director', 'manager', 'manager2', 'channel', 'finance', 'auditor'];
const PARTNER_MANAGERS = ['director', 'channel'];

beforeAll(async () => {
  t = await buildTestApp();
  for (const who of MATRIX_ROLES) clients[who] = await t.loginAs(who);
  ids.competitor = (await clients.manager!.post('/api/v1/market/competitors', { name: '矩阵竞品' })).json().id;
  const week = new Date(Date.now() - 7 * 86_400_000).toISOString();
  const logged = await clients.rep!.post('/api/v1/market/feedback', {
    subject: 'competitor',
    type: 'price',
    competitorId: ids.competitor,
    competitorPriceCents: 100_000,
    sentiment: 'negative',
    text: '矩阵反馈',
    observedAt: week,
  });
  expect(logged.statusCode, logged.body).toBe(201);
  ids.feedback = logged.json().id;
  await generateWeeklyReports(t.db, new Date());
  const reports = (await clients.supervisor!.get('/api/v1/market/reports')).json() as { id: string; version: number }[];
  ids.report = reports[0]!.id;
  expect(
    (await clients.supervisor!.post(`/api/v1/market/reports/${ids.report}/publish`, { version: reports[0]!.version })).statusCode,
  ).toBe(200);
  ids.draft = (await clients.supervisor!.post('/api/v1/market/reports/generate', { weekStart: '2026-01-05' })).json()[0].id;

  const row = (
    await t.db.execute<{ id: string; region_id: string }>(sql`
      select c.id, r.id as region_id from customers c join org_units tu on tu.id = c.team_id
        join org_units r on r.kind = 'region' and tu.path like r.path || '%' where c.owner_id = ${t.ids.rep} order by c.name limit 1`)
  ).rows[0]!;
  ids.customer = row.id;
  ids.region = row.region_id;
  const channel = clients.channel!;
  ids.partner = (
    await channel.post('/api/v1/channels/partners', { name: '矩阵伙伴', kind: 'agent', tier: 'gold', regionIds: [row.region_id] })
  ).json().id;
  const file = multipartFile('资质.pdf', '%PDF matrix');
  ids.document = (
    await channel.request({
      method: 'POST',
      url: `/api/v1/channels/partners/${ids.partner}/documents`,
      payload: file.payload,
      headers: file.headers,
    })
  ).json().documents[0].id;
  ids.registration = (await channel.post('/api/v1/channels/registrations', { partnerId: ids.partner, customerId: row.id })).json().id;
  await channel.post(`/api/v1/channels/registrations/${ids.registration}/decide`, { decision: 'approve', version: 1 });
  await channel.post('/api/v1/channels/programmes', { name: '矩阵方案', tier: 'gold', thresholds: [{ fromCents: 0, rateBp: 100 }] });
  ids.statement = (await channel.post('/api/v1/channels/rebates/compute', { period: '2026-Q1' })).json()[0].id;
  ids.opportunity = (await clients.rep!.post('/api/v1/opportunities', { name: '矩阵商机', customerId: row.id })).json().id;
}, 180_000);
afterAll(() => t.close());

describe('R-SEC-1 access matrix: market', () => {
  it('feedback, competitors and options: sales, ops and the auditor read; a rep sees only their own feedback', async () => {
    for (const who of MATRIX_ROLES) {
      const c = clients[who]!;
      const expected = is(who, FEEDBACK_READERS) ? 200 : 403;
      expect((await c.get('/api/v1/market/options')).statusCode, who).toBe(expected);
      expect((await c.get('/api/v1/market/competitors')).statusCode, who).toBe(expected);
      expect((await c.get(`/api/v1/market/competitors/${ids.competitor}`)).statusCode, who).toBe(expected);
      const list = await c.get('/api/v1/market/feedback');
      expect(list.statusCode, who).toBe(expected);
      if (expected === 200)
        expect(
          list.json().some((f: { id: string }) => f.id === ids.feedback),
          who,
        ).toBe(is(who, ['director', 'manager', 'supervisor', 'rep', 'ops', 'auditor']));
    }
  });

  it('logging feedback: sales roles as themselves; others refused', async () => {
    for (const who of MATRIX_ROLES.filter(
      (who) => !is(who, ['director', 'manager', 'manager2', 'supervisor', 'rep', 'rep2', 'key_account', 'channel']),
    ))
      await deny(() =>
        clients[who]!.post('/api/v1/market/feedback', {
          subject: 'competitor',
          type: 'price',
          competitorId: ids.competitor,
          sentiment: 'neutral',
          text: 'x',
        }),
      );
    const mine = await clients.key_account!.post('/api/v1/market/feedback', {
      subject: 'competitor',
      type: 'product',
      competitorId: ids.competitor,
      sentiment: 'neutral',
      text: '矩阵',
    });
    expect(mine.statusCode, mine.body).toBe(201);
  });

  it('competitor records: managers and the director write; everyone else refused', { timeout: 120_000 }, async () => {
    for (const who of MATRIX_ROLES.filter((who) => !is(who, ['director', 'manager', 'manager2']))) {
      const c = clients[who]!;
      await deny(() => c.post('/api/v1/market/competitors', { name: '越权竞品' }), [403]);
      await deny(() => c.patch(`/api/v1/market/competitors/${ids.competitor}`, { strengths: 'x', version: 1 }), [403]);
      await deny(
        () => c.post(`/api/v1/market/competitors/${ids.competitor}/shares`, { regionId: ids.region, shareBp: 1, asOf: '2026-01-01' }),
        [403],
      );
    }
    expect(
      (await clients.manager2!.patch(`/api/v1/market/competitors/${ids.competitor}`, { strengths: '矩阵', version: 1 })).statusCode,
    ).toBe(200);
  });

  it('reports: the team and the line above read the published one; drafts are the publishers’; other regions see neither', async () => {
    const readsPublished = ['director', 'manager', 'supervisor', 'rep', 'ops', 'auditor'];
    const readsDraft = ['director', 'manager', 'supervisor'];
    for (const who of MATRIX_ROLES) {
      const c = clients[who]!;
      const canReport = is(who, FEEDBACK_READERS);
      expect((await c.get(`/api/v1/market/reports/${ids.report}`)).statusCode, who).toBe(
        is(who, readsPublished) ? 200 : canReport ? 404 : 403,
      );
      expect((await c.get(`/api/v1/market/reports/${ids.draft}`)).statusCode, who).toBe(is(who, readsDraft) ? 200 : canReport ? 404 : 403);
      expect((await c.get('/api/v1/market/reports')).statusCode, who).toBe(canReport ? 200 : 403);
      expect((await c.get('/api/v1/market/reports/rollup')).statusCode, who).toBe(canReport ? 200 : 403);
    }
  });

  it('editing, publishing and generating reports: the publishers over the team only', { timeout: 120_000 }, async () => {
    for (const who of MATRIX_ROLES.filter((who) => !is(who, ['director', 'manager', 'supervisor']))) {
      const c = clients[who]!;
      await deny(() => c.patch(`/api/v1/market/reports/${ids.draft}`, { summary: 'x', version: 1 }));
      await deny(() => c.post(`/api/v1/market/reports/${ids.draft}/publish`, { version: 1 }));
      if (!is(who, PUBLISHERS)) await deny(() => c.post('/api/v1/market/reports/generate', {}), [403]);
    }
    const edited = await clients.manager!.patch(`/api/v1/market/reports/${ids.draft}`, { summary: '矩阵', version: 1 });
    expect(edited.statusCode, edited.body).toBe(200);
  });
});

describe('R-SEC-1 access matrix: channels', () => {
  it('partners, registrations, rebates, contribution and the cockpit: the channel role and management read, nobody else', async () => {
    const reads = [
      '/api/v1/channels/options',
      '/api/v1/channels/partners',
      `/api/v1/channels/partners/${ids.partner}`,
      `/api/v1/channels/partner-documents/${ids.document}`,
      '/api/v1/channels/contribution?period=2026-Q1',
      '/api/v1/channels/registrations',
      '/api/v1/channels/programmes',
      '/api/v1/channels/rebates?period=2026-Q1',
      `/api/v1/channels/rebates/${ids.statement}`,
      '/api/v1/channels/cockpit',
    ];
    for (const who of MATRIX_ROLES)
      for (const url of reads)
        expect((await clients[who]!.get(url)).statusCode, `${who} ${url}`).toBe(is(who, PARTNER_READERS) ? 200 : 403);
  });

  it('the customer search and the export: the channel manager (and finance for the export)', async () => {
    for (const who of MATRIX_ROLES) {
      const c = clients[who]!;
      expect((await c.get('/api/v1/channels/customer-options?q=a')).statusCode, who).toBe(is(who, PARTNER_MANAGERS) ? 200 : 403);
      expect((await c.get('/api/v1/channels/training-sessions?q=a')).statusCode, who).toBe(is(who, PARTNER_MANAGERS) ? 200 : 403);
      expect((await c.get('/api/v1/channels/rebates/export?period=2026-Q1')).statusCode, who).toBe(
        is(who, [...PARTNER_MANAGERS, 'finance']) ? 200 : 403,
      );
    }
  });

  it('R-CHN-1 the customer warning follows the customer’s own read scope', async () => {
    for (const who of MATRIX_ROLES) {
      const seesCustomer = is(who, ['director', 'manager', 'supervisor', 'rep', 'ops', 'finance', 'auditor', 'support']);
      const response = await clients[who]!.get(`/api/v1/channels/customers/${ids.customer}/warnings`);
      expect(response.statusCode, who).toBe(seesCustomer ? 200 : 404);
    }
  });

  it('R-CHN-1 the opportunity warning follows the opportunity’s own read scope', async () => {
    for (const who of MATRIX_ROLES) {
      const seesOpportunity = (await clients[who]!.get(`/api/v1/opportunities/${ids.opportunity}`)).statusCode === 200;
      const response = await clients[who]!.get(`/api/v1/channels/opportunities/${ids.opportunity}/warnings`);
      expect(response.statusCode, who).toBe(seesOpportunity ? 200 : 404);
      if (seesOpportunity) expect(response.json(), who).toEqual([expect.objectContaining({ kind: 'registered', partnerName: '矩阵伙伴' })]);
    }
  });

  // 13 refusals × 11 roles, each with two table snapshots: slow on a busy machine.
  it('every write: refused for everyone but the channel manager and the director, nothing changed', { timeout: 300_000 }, async () => {
    for (const who of MATRIX_ROLES.filter((who) => !is(who, PARTNER_MANAGERS))) {
      const c = clients[who]!;
      const file = multipartFile('x.pdf', 'x');
      await deny(() => c.post('/api/v1/channels/partners', { name: '越权伙伴', kind: 'agent' }), [403]);
      await deny(() => c.patch(`/api/v1/channels/partners/${ids.partner}`, { profile: 'x', version: 1 }), [403]);
      await deny(() => c.post(`/api/v1/channels/partners/${ids.partner}/contacts`, { name: 'x' }), [403]);
      await deny(
        () => c.post(`/api/v1/channels/partners/${ids.partner}/trainings`, { traineeName: 'x', course: 'x', trainedOn: '2026-03-10' }),
        [403],
      );
      await deny(
        () =>
          c.post(`/api/v1/channels/partners/${ids.partner}/qualification`, {
            checklist: [{ item: 'x', done: true }],
            renewalOn: '2027-01-01',
            version: 1,
          }),
        [403],
      );
      await deny(
        () =>
          c.request({
            method: 'POST',
            url: `/api/v1/channels/partners/${ids.partner}/documents`,
            payload: file.payload,
            headers: file.headers,
          }),
        [403],
      );
      await deny(() => c.post('/api/v1/channels/tiers/recompute'), [403]);
      await deny(() => c.post('/api/v1/channels/registrations', { partnerId: ids.partner, customerId: ids.customer }), [403]);
      await deny(() => c.post(`/api/v1/channels/registrations/${ids.registration}/decide`, { decision: 'reject', version: 2 }), [403]);
      await deny(() => c.post('/api/v1/channels/deals', { partnerId: ids.partner, orderId: ids.customer }), [403]);
      await deny(
        () => c.post('/api/v1/channels/programmes', { name: 'x', tier: 'gold', thresholds: [{ fromCents: 0, rateBp: 1 }] }),
        [403],
      );
      await deny(() => c.post('/api/v1/channels/rebates/compute', { period: '2026-Q1' }), [403]);
      await deny(() => c.post(`/api/v1/channels/rebates/${ids.statement}/approve`, { version: 1 }), [403]);
    }
    expect((await clients.director!.post(`/api/v1/channels/partners/${ids.partner}/contacts`, { name: '矩阵联系人' })).statusCode).toBe(
      200,
    );
    expect((await clients.director!.post('/api/v1/channels/tiers/recompute')).statusCode).toBe(200);
    const trained = await clients.director!.post(`/api/v1/channels/partners/${ids.partner}/trainings`, {
      traineeName: '矩阵学员',
      course: '矩阵课程',
      trainedOn: '2026-03-10',
    });
    expect(trained.statusCode, trained.body).toBe(200);
  });
});
