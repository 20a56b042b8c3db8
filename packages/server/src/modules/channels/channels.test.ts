import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';
import { multipartFile } from '../../test/multipart.js';
import { alertRule } from '../../platform/alerts/index.js';
import { quarterOf } from './rebates.js';

let t: TestApp;
let channel: Client;
let director: Client;
let finance: Client;
let rep: Client;
let rep2: Client;
let partnerA = '';
let partnerB = '';
let customer = '';
let regionId = '';
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const period = quarterOf(today);
const plusDays = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await buildTestApp();
  [channel, director, finance, rep, rep2] = await Promise.all(
    ['channel', 'director', 'finance', 'rep', 'rep2'].map((who) => t.loginAs(who)),
  );
  const row = (
    await t.db.execute<{ id: string; region_id: string }>(sql`
      select c.id, r.id as region_id from customers c join org_units tu on tu.id = c.team_id
        join org_units r on r.kind = 'region' and tu.path like r.path || '%'
       where c.owner_id = ${t.ids.rep} order by c.name limit 1`)
  ).rows[0]!;
  customer = row.id;
  regionId = row.region_id;
  const a = await channel.post('/api/v1/channels/partners', {
    name: '华东净水总代理',
    kind: 'distributor',
    tier: 'gold',
    regionIds: [regionId],
    exclusive: true,
    productLines: ['净水器'],
    contractTerms: '年度框架，季度返利',
  });
  expect(a.statusCode, a.body).toBe(201);
  partnerA = a.json().id;
  partnerB = (await channel.post('/api/v1/channels/partners', { name: '江南经销商', kind: 'reseller' })).json().id;
}, 120_000);
afterAll(() => t.close());

describe('partners (issue 21 item 3)', () => {
  it('a partner has contacts, documents and a tier history; a rep sees no partner', async () => {
    const withContact = await channel.post(`/api/v1/channels/partners/${partnerA}/contacts`, {
      name: '周经理',
      title: '总经理',
      phone: '13800000000',
    });
    expect(withContact.statusCode, withContact.body).toBe(200);
    const file = multipartFile('营业执照.pdf', '%PDF-1.4 licence');
    const uploaded = await channel.request({
      method: 'POST',
      url: `/api/v1/channels/partners/${partnerA}/documents`,
      payload: file.payload,
      headers: file.headers,
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const detail = uploaded.json();
    expect(detail.contacts).toMatchObject([{ name: '周经理' }]);
    expect(detail.tierHistory).toMatchObject([{ fromTier: null, toTier: 'gold' }]);
    expect((await channel.get(`/api/v1/channels/partner-documents/${detail.documents[0].id}`)).body).toBe('%PDF-1.4 licence');
    expect((await rep.get('/api/v1/channels/partners')).statusCode).toBe(403);
    expect((await rep.get(`/api/v1/channels/partners/${partnerA}`)).statusCode).toBe(403);
  });

  it('qualification: every checklist item checked, then the director approves through the engine', async () => {
    const version = (await channel.get(`/api/v1/channels/partners/${partnerA}`)).json().version;
    const unchecked = await channel.post(`/api/v1/channels/partners/${partnerA}/qualification`, {
      checklist: [
        { item: '营业执照', done: true },
        { item: '授权书', done: false },
      ],
      renewalOn: plusDays(365),
      version,
    });
    expect(unchecked.statusCode).toBe(400);
    expect(unchecked.json().error.field).toBe('body.checklist.1.done');
    const sent = await channel.post(`/api/v1/channels/partners/${partnerA}/qualification`, {
      checklist: [
        { item: '营业执照', done: true },
        { item: '授权书', done: true },
      ],
      renewalOn: plusDays(365),
      version,
    });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().qualificationStatus).toBe('pending');
    const inbox = (await director.get('/api/v1/approvals?box=inbox')).json().items as {
      id: string;
      subjectType: string;
      subjectId: string;
      version: number;
    }[];
    const request = inbox.find((item) => item.subjectType === 'channel.qualification' && item.subjectId === partnerA)!;
    const decided = await director.post(`/api/v1/approvals/${request.id}/decision`, { decision: 'approve', version: request.version });
    expect(decided.statusCode, decided.body).toBe(200);
    expect((await channel.get(`/api/v1/channels/partners/${partnerA}`)).json()).toMatchObject({
      qualificationStatus: 'approved',
      renewalOn: plusDays(365),
    });
  });
});

describe('R-CHN-1 deal registration and conflict (issue 21 item 4)', () => {
  let registrationA = '';
  let registrationB = '';

  it('R-CHN-1 a second partner may register while the first is pending, with the exclusive-territory warning', async () => {
    const a = await channel.post('/api/v1/channels/registrations', {
      partnerId: partnerA,
      customerId: customer,
      note: '客户计划 Q3 采购',
      expectedCents: 30_000_000,
    });
    expect(a.statusCode, a.body).toBe(201);
    registrationA = a.json().id;
    const b = await channel.post('/api/v1/channels/registrations', { partnerId: partnerB, customerId: customer });
    expect(b.statusCode, b.body).toBe(201);
    registrationB = b.json().id;
    expect(b.json().warnings).toEqual(['territory:华东净水总代理']);
  });

  it('R-CHN-1 approval protects the customer: the other partner is refused, the owner is told, the rep sees the warning', async () => {
    const approved = await channel.post(`/api/v1/channels/registrations/${registrationA}/decide`, {
      decision: 'approve',
      protectionDays: 90,
      version: 1,
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', protectedUntil: plusDays(89) });
    const second = await channel.post(`/api/v1/channels/registrations/${registrationB}/decide`, { decision: 'approve', version: 1 });
    expect(second.statusCode).toBe(422);
    expect(second.json().error.rule).toBe('R-CHN-1');
    expect((await channel.get('/api/v1/channels/registrations')).json().find((r: { id: string }) => r.id === registrationB).status).toBe(
      'pending',
    );
    const told = await t.db.execute(
      sql`select 1 from notifications where user_id = ${t.ids.rep} and kind = 'channel.registration.approved'`,
    );
    expect(told.rows).toHaveLength(1);
    const warnings = await rep.get(`/api/v1/channels/customers/${customer}/warnings`);
    expect(warnings.json()).toEqual([
      { kind: 'registered', partnerName: '华东净水总代理', protectedUntil: plusDays(89), regionName: null },
    ]);
    expect((await rep2.get(`/api/v1/channels/customers/${customer}/warnings`)).statusCode).toBe(404);
  });

  it('R-CHN-1 a direct rep logging an interaction on the protected customer raises the conflict alert, owned by them', async () => {
    const logged = await rep.post(`/api/v1/customers/${customer}/interactions`, {
      type: 'call',
      occurredAt: new Date().toISOString(),
      notes: '回访',
    });
    expect(logged.statusCode, logged.body).toBe(201);
    // The rule is in the risk-alert registry the hourly sweep evaluates.
    const findings = await alertRule('channels.conflict')!.evaluate({ db: t.db, now: new Date(), timeZone: 'Asia/Shanghai' }, {});
    expect(findings.map((f) => [f.ownerId, f.subjectKey, f.link])).toEqual([
      [t.ids.rep, `registration:${registrationA}`, `/customers/${customer}`],
    ]);
    expect((await channel.get('/api/v1/channels/cockpit')).json()).toMatchObject({
      conflicts: 1,
      activeRegistrations: 1,
      pendingRegistrations: 1,
    });
  });

  it('R-CHN-1 the direct rep sees the warning on an opportunity for the protected customer too; not once the deal is the partner’s', async () => {
    const created = await rep.post('/api/v1/opportunities', { name: '渠道冲突商机', customerId: customer });
    expect(created.statusCode, created.body).toBe(201);
    const opportunity = created.json().id as string;
    const warnings = await rep.get(`/api/v1/channels/opportunities/${opportunity}/warnings`);
    expect(warnings.statusCode, warnings.body).toBe(200);
    expect(warnings.json()).toEqual([
      { kind: 'registered', partnerName: '华东净水总代理', protectedUntil: plusDays(89), regionName: null },
    ]);
    expect((await rep2.get(`/api/v1/channels/opportunities/${opportunity}/warnings`)).statusCode).toBe(404);
    expect((await channel.post('/api/v1/channels/deals', { partnerId: partnerA, opportunityId: opportunity })).statusCode).toBe(200);
    expect((await rep.get(`/api/v1/channels/opportunities/${opportunity}/warnings`)).json()).toEqual([]);
  });
});

describe('partner training records (issue 21 item 3)', () => {
  it('the channel manager records a partner’s staff trained on one of our sessions or an outside course; bad input names the field', async () => {
    const session = (
      await t.ownerDb.execute<{ id: string }>(sql`
        with p as (insert into training_plans (year, title) values (2026, '渠道培训计划') returning id)
        insert into training_sessions (plan_id, title, topic, method, level, starts_at, ends_at, capacity, certification)
        select id, '净水器安装与售后认证', 'product', 'offline', 'basic', '2026-03-10T01:00:00Z', '2026-03-10T09:00:00Z', 30, '安装工程师证书' from p
        returning id`)
    ).rows[0]!.id;
    const options = await channel.get(`/api/v1/channels/training-sessions?q=${encodeURIComponent('安装')}`);
    expect(options.json()).toEqual([{ id: session, title: '净水器安装与售后认证', day: '2026-03-10', certification: '安装工程师证书' }]);
    const withContact = await channel.post(`/api/v1/channels/partners/${partnerA}/contacts`, { name: '周工', title: '技术主管' });
    const contactId = (withContact.json().contacts as { id: string; name: string }[]).find((c) => c.name === '周工')!.id;

    const trained = await channel.post(`/api/v1/channels/partners/${partnerA}/trainings`, {
      contactId,
      sessionId: session,
      trainedOn: '2026-03-10',
      certificate: '安装工程师证书',
      certificateUntil: '2028-03-09',
    });
    expect(trained.statusCode, trained.body).toBe(200);
    const outside = await channel.post(`/api/v1/channels/partners/${partnerA}/trainings`, {
      traineeName: '钱销售',
      course: '厂家产品知识线上课',
      trainedOn: '2026-04-02',
      passed: false,
    });
    expect(outside.statusCode, outside.body).toBe(200);
    expect(
      (outside.json().trainings as Record<string, unknown>[]).map((r) => [
        r.traineeName,
        r.course,
        r.sessionId,
        r.passed,
        r.certificateUntil,
      ]),
    ).toEqual([
      ['钱销售', '厂家产品知识线上课', null, false, null],
      ['周工', '净水器安装与售后认证', session, true, '2028-03-09'],
    ]);

    const before = await t.snapshot();
    const refusals: [Record<string, unknown>, string][] = [
      [{ traineeName: '某人', sessionId: '00000000-0000-4000-8000-000000000000', trainedOn: '2026-03-10' }, 'body.sessionId'],
      [{ traineeName: '某人', trainedOn: '2026-03-10' }, 'body.course'],
      [{ course: '课程', trainedOn: '2026-03-10' }, 'body.traineeName'],
      [{ traineeName: '某人', course: '课程', trainedOn: '2026-03-10', certificateUntil: '2026-03-01' }, 'body.certificateUntil'],
      [{ traineeName: '某人', course: '课程', trainedOn: 'x' }, 'body.trainedOn'],
    ];
    for (const [body, field] of refusals) {
      const refused = await channel.post(`/api/v1/channels/partners/${partnerA}/trainings`, body);
      expect([refused.statusCode, refused.json().error.field], field).toEqual([400, field]);
    }
    expect(await t.snapshot()).toBe(before);
    const foreignContact = (await channel.post(`/api/v1/channels/partners/${partnerB}/contacts`, { name: '别家联系人' })).json().contacts[0]
      .id as string;
    const snapshotB = await t.snapshot();
    const refused = await channel.post(`/api/v1/channels/partners/${partnerA}/trainings`, {
      contactId: foreignContact,
      course: '课程',
      trainedOn: '2026-03-10',
    });
    expect([refused.statusCode, refused.json().error.field]).toEqual([400, 'body.contactId']);
    expect(await t.snapshot()).toBe(snapshotB);
    expect(
      (await rep.post(`/api/v1/channels/partners/${partnerA}/trainings`, { traineeName: 'x', course: 'y', trainedOn: '2026-03-10' }))
        .statusCode,
    ).toBe(403);
  }, 60_000);
});

describe('R-CHN-2 rebates (issue 21 item 5)', () => {
  it('R-CHN-2 the quarter’s statement from attributed orders and collections; channel manager then finance approve; xlsx export', async () => {
    const programme = await channel.post('/api/v1/channels/programmes', {
      name: '金牌季度返利',
      tier: 'gold',
      thresholds: [
        { fromCents: 100_000_000, rateBp: 200 },
        { fromCents: 300_000_000, rateBp: 300 },
      ],
    });
    expect(programme.statusCode, programme.body).toBe(201);
    // An attributed order of ¥3,000,000 on a contract, ¥1,000,000 of it collected this quarter.
    const ids = (
      await t.ownerDb.execute<{ contract_id: string; installment_id: string; order_id: string }>(sql`
        with c as (insert into contracts (number, title, customer_id, owner_id, amount_cents) values ('HT-T-1', '渠道合同', ${customer}, ${t.ids.rep}, 300000000) returning id),
             i as (insert into payment_installments (contract_id, customer_id, owner_id, seq, due_on, amount_cents) select id, ${customer}, ${t.ids.rep}, 1, ${today}::date, 300000000 from c returning id, contract_id),
             o as (insert into orders (number, customer_id, contract_id, owner_id, amount_cents, ordered_at) select 'DD-T-1', ${customer}, id, ${t.ids.rep}, 300000000, now() from c returning id)
        select i.contract_id, i.id as installment_id, o.id as order_id from i, o`)
    ).rows[0]!;
    await t.ownerDb.execute(sql`
      insert into receipts (contract_id, installment_id, customer_id, amount_cents, received_on, method, idempotency_key, recorded_by_id)
      values (${ids.contract_id}, ${ids.installment_id}, ${customer}, 100000000, ${today}::date, 'bank_transfer', 'rebate-test-1', ${t.ids.finance})`);
    expect((await channel.post('/api/v1/channels/deals', { partnerId: partnerA, orderId: ids.order_id })).statusCode).toBe(200);
    expect((await channel.post('/api/v1/channels/deals', { partnerId: partnerB, orderId: ids.order_id })).statusCode).toBe(409);

    const computed = await channel.post('/api/v1/channels/rebates/compute', { period });
    expect(computed.statusCode, computed.body).toBe(200);
    const statement = (computed.json() as { partnerId: string; id: string; version: number }[]).find((s) => s.partnerId === partnerA)!;
    // ¥3,000,000 reaches the 3 % step; 3 % of ¥1,000,000 collected = ¥30,000.
    expect(statement).toMatchObject({
      ordersCents: 300_000_000,
      collectionsCents: 100_000_000,
      rateBp: 300,
      rebateCents: 3_000_000,
      status: 'draft',
    });
    expect((await finance.post(`/api/v1/channels/rebates/${statement.id}/approve`, { version: statement.version })).statusCode).toBe(403);
    const approved = await channel.post(`/api/v1/channels/rebates/${statement.id}/approve`, { version: statement.version });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().status).toBe('submitted');
    const inbox = (await finance.get('/api/v1/approvals?box=inbox')).json().items as {
      id: string;
      subjectType: string;
      subjectId: string;
      version: number;
    }[];
    const request = inbox.find((item) => item.subjectType === 'channel.rebate' && item.subjectId === statement.id)!;
    expect(
      (await finance.post(`/api/v1/approvals/${request.id}/decision`, { decision: 'approve', version: request.version })).statusCode,
    ).toBe(200);
    expect((await channel.get(`/api/v1/channels/rebates/${statement.id}`)).json().status).toBe('approved');
    // Recomputing leaves an approved statement alone.
    await channel.post('/api/v1/channels/rebates/compute', { period });
    expect((await channel.get(`/api/v1/channels/rebates/${statement.id}`)).json()).toMatchObject({
      status: 'approved',
      rebateCents: 3_000_000,
    });

    const exported = await finance.get(`/api/v1/channels/rebates/export?period=${period}`);
    expect(exported.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const rowA = sheet.getRows(2, sheet.rowCount - 1)!.find((row) => row.getCell(2).value === '华东净水总代理')!;
    expect([rowA.getCell(3).value, rowA.getCell(8).value, rowA.getCell(9).value]).toEqual(['金牌', 30_000, '已批准']);
    expect((await rep.get(`/api/v1/channels/rebates/export?period=${period}`)).statusCode).toBe(403);

    const contribution = (await director.get(`/api/v1/channels/contribution?period=${period}`)).json();
    expect(contribution[0]).toMatchObject({
      partnerName: '华东净水总代理',
      ordersCents: 300_000_000,
      collectionsCents: 100_000_000,
      deals: 1,
    });
  });

  it('contribution: satisfaction is the average CSAT its deals’ customers gave this quarter (R-SVC-2 through service)', async () => {
    // The partner's customer answered 5 and 3 this quarter and 1 long before; another customer's 1 is not the partner's.
    const other = (
      await t.db.execute<{ id: string }>(
        sql`select id from customers where id <> ${customer} and merged_into_id is null order by name limit 1`,
      )
    ).rows[0]!.id;
    await t.ownerDb.execute(sql`
      with tpl as (insert into survey_templates (name, trigger) values ('渠道满意度', 'manual') returning id)
      insert into survey_links (template_id, token, customer_id, owner_id, sent_at, expires_at, answered_at, csat, nps)
      select tpl.id, v.token, v.customer_id::uuid, ${t.ids.rep}, now() - interval '130 days', now() + interval '1 day', v.answered_at, v.csat, 9
        from tpl, (values ('ch-sat-1', ${customer}, now(), 5), ('ch-sat-2', ${customer}, now(), 3),
                          ('ch-sat-3', ${customer}, now() - interval '120 days', 1), ('ch-sat-4', ${other}, now(), 1))
             as v(token, customer_id, answered_at, csat)`);
    const contribution = (await director.get(`/api/v1/channels/contribution?period=${period}`)).json() as {
      partnerName: string;
      satisfaction: number | null;
    }[];
    expect(contribution.map((row) => [row.partnerName, row.satisfaction])).toEqual([
      ['华东净水总代理', 4],
      ['江南经销商', null],
    ]);
  });
});
