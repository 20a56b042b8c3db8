import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';
import { generateWeeklyReports } from './market-reports.service.js';
import { reportsModule } from '../reports/index.js';
import { mondayOf, shiftDay } from './weekly-report.js';

let t: TestApp;
let manager: Client;
let manager2: Client;
let supervisor: Client;
let rep: Client;
let repMate: Client;
let rep2: Client;
let competitorId = '';
let repCustomer = '';
let otherCustomer = '';
let teamId = '';
// The last complete week (company days), and a moment in the middle of it.
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const week = mondayOf(shiftDay(today, -7));
const at = (offsetDays: number, hour = 10) => `${shiftDay(week, offsetDays)}T${String(hour).padStart(2, '0')}:00:00+08:00`;

beforeAll(async () => {
  t = await buildTestApp();
  [manager, manager2, supervisor, rep, repMate, rep2] = await Promise.all(
    ['manager', 'manager2', 'supervisor', 'rep', 'rep_sh1_2', 'rep2'].map((who) => t.loginAs(who)),
  );
  const created = await manager.post('/api/v1/market/competitors', {
    name: '清泉净水',
    website: 'https://qingquan.example.cn',
    strengths: '价格低',
    weaknesses: '售后网点少',
    products: [{ name: 'QR-500', note: '主力 RO 机型' }],
  });
  expect(created.statusCode, created.body).toBe(201);
  competitorId = created.json().id;
  const customers = await t.db.execute<{ id: string; owner_id: string; team_id: string }>(sql`
    select id, owner_id, team_id from customers where owner_id in (${t.ids.rep}, ${t.ids.rep2}) order by name limit 200`);
  repCustomer = customers.rows.find((c) => c.owner_id === t.ids.rep)!.id;
  otherCustomer = customers.rows.find((c) => c.owner_id === t.ids.rep2)!.id;
  teamId = (await t.db.execute<{ org_unit_id: string }>(sql`select org_unit_id from users where id = ${t.ids.rep}`)).rows[0]!.org_unit_id;
}, 120_000);
afterAll(() => t.close());

const feedback = (client: Client, extra: Record<string, unknown>) =>
  client.post('/api/v1/market/feedback', {
    subject: 'competitor',
    type: 'price',
    competitorId,
    sentiment: 'negative',
    text: '客户说清泉报价更低',
    ...extra,
  });

describe('market feedback (issue 21 item 1)', () => {
  it('a rep logs structured feedback; bad input is refused naming the field, nothing written', async () => {
    const logged = await feedback(rep, {
      customerId: repCustomer,
      competitorProduct: 'QR-500',
      competitorPriceCents: 320_000,
      observedAt: at(-3),
    });
    expect(logged.statusCode, logged.body).toBe(201);
    expect(logged.json()).toMatchObject({ competitorName: '清泉净水', competitorPriceCents: 320_000, authorId: t.ids.rep });
    const noCompetitor = await rep.post('/api/v1/market/feedback', {
      subject: 'competitor',
      type: 'price',
      sentiment: 'neutral',
      text: 'x',
    });
    expect(noCompetitor.statusCode).toBe(400);
    expect(noCompetitor.json().error.field).toBe('body.competitorId');
    const notMine = await feedback(rep, { subject: 'customer', customerId: otherCustomer });
    expect(notMine.statusCode).toBe(400);
    expect(notMine.json().error.field).toBe('body.customerId');
    const fractional = await feedback(rep, { competitorPriceCents: 12.5 });
    expect(fractional.statusCode).toBe(400);
  });

  it('a rep sees their own feedback, the supervisor the team’s, not another region’s', async () => {
    expect((await feedback(repMate, { observedAt: at(2), competitorProduct: 'QR-500', competitorPriceCents: 304_000 })).statusCode).toBe(
      201,
    );
    expect(
      (
        await feedback(rep, {
          observedAt: at(1),
          type: 'service',
          subject: 'customer',
          customerId: repCustomer,
          competitorId: null,
          text: '安装排期太慢',
        })
      ).statusCode,
    ).toBe(201);
    expect((await feedback(rep2, { observedAt: at(1) })).statusCode).toBe(201);
    const mine = (await rep.get('/api/v1/market/feedback')).json() as { authorId: string }[];
    expect(new Set(mine.map((f) => f.authorId))).toEqual(new Set([t.ids.rep]));
    const team = (await supervisor.get('/api/v1/market/feedback')).json() as { authorId: string }[];
    expect(new Set(team.map((f) => f.authorId))).toEqual(new Set([t.ids.rep, t.ids.rep_sh1_2]));
  });

  it('a competitor’s record shows price points over time and deals lost to it from the opportunities', async () => {
    await t.ownerDb.execute(sql`
      insert into opportunities (name, customer_id, owner_id, team_id, stage, amount_cents, competitors, lost_reason, closed_at)
      values ('净水改造项目', ${repCustomer}, ${t.ids.rep}, ${teamId}, 'lost', 5000000, array['清泉净水'], 'competitor', ${at(3)}::timestamptz)`);
    const detail = (await rep.get(`/api/v1/market/competitors/${competitorId}`)).json();
    expect(detail.pricePoints.map((p: { priceCents: number }) => p.priceCents)).toEqual([320_000, 304_000]);
    expect(detail.lostDealList).toMatchObject([{ name: '净水改造项目', amountCents: 5_000_000, lostReason: 'competitor' }]);
    expect((await rep.patch(`/api/v1/market/competitors/${competitorId}`, { strengths: '改', version: 1 })).statusCode).toBe(403);
    const region = (await t.db.execute<{ id: string }>(sql`select id from org_units where kind = 'region' order by path limit 1`)).rows[0]!
      .id;
    const share = await manager.post(`/api/v1/market/competitors/${competitorId}/shares`, { regionId: region, shareBp: 1250, asOf: today });
    expect(share.statusCode, share.body).toBe(200);
    expect(share.json().shares).toMatchObject([{ regionId: region, shareBp: 1250 }]);
  });
});

describe('R-MKT-1 weekly market report (issue 21 item 2)', () => {
  let reportId = '';

  it('R-MKT-1 the job writes a draft per team from the week’s feedback, lost deals and price moves; the supervisor is told', async () => {
    const result = await generateWeeklyReports(t.db, new Date());
    expect(result.weekStart).toBe(week);
    const drafts = (await supervisor.get('/api/v1/market/reports')).json() as {
      id: string;
      teamId: string;
      status: string;
      content: { feedback: { thisWeek: number }; lostDeals: { thisWeek: number }; priceMoves: { changeBp: number }[] };
    }[];
    const draft = drafts.find((r) => r.teamId === teamId)!;
    reportId = draft.id;
    expect(draft.status).toBe('draft');
    expect(draft.content.feedback.thisWeek).toBe(2); // the mate's price and the rep's service note; the rep's price was last week
    expect(draft.content.lostDeals.thisWeek).toBe(1);
    expect(draft.content.priceMoves).toMatchObject([{ previousCents: 320_000, currentCents: 304_000, changeBp: -500 }]);
    const told = await t.db.execute(
      sql`select 1 from notifications where user_id = ${t.ids.supervisor} and kind = 'market.report.generated'`,
    );
    expect(told.rows.length).toBeGreaterThan(0);
  });

  it('R-MKT-1 a draft is the supervisor’s: the rep and the other region do not see it', async () => {
    expect((await rep.get(`/api/v1/market/reports/${reportId}`)).statusCode).toBe(404);
    expect((await rep.get('/api/v1/market/reports')).json()).toEqual([]);
    expect((await manager2.get(`/api/v1/market/reports/${reportId}`)).statusCode).toBe(404);
    expect((await rep.patch(`/api/v1/market/reports/${reportId}`, { summary: 'x', version: 1 })).statusCode).toBe(403);
  });

  it('R-MKT-1 the supervisor edits and publishes; a stale edit is refused; the team and the manager see it, rolled up', async () => {
    const edited = await supervisor.patch(`/api/v1/market/reports/${reportId}`, { summary: '清泉降价 5%，建议申请促销支持', version: 1 });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await supervisor.patch(`/api/v1/market/reports/${reportId}`, { summary: '旧', version: 1 })).statusCode).toBe(409);
    const published = await supervisor.post(`/api/v1/market/reports/${reportId}/publish`, { version: 2 });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ status: 'published', abilities: { update: false } });
    expect((await rep.get(`/api/v1/market/reports/${reportId}`)).json().summary).toBe('清泉降价 5%，建议申请促销支持');
    const rollup = (await manager.get(`/api/v1/market/reports/rollup?weekStart=${week}`)).json();
    expect(rollup.teams.find((team: { teamId: string }) => team.teamId === teamId)).toMatchObject({
      status: 'published',
      feedback: 2,
      reportId,
    });
    expect(rollup.content.feedback.thisWeek).toBe(2);
    const toManager = await t.db.execute(
      sql`select 1 from notifications where user_id = ${t.ids.manager} and kind = 'market.report.published'`,
    );
    expect(toManager.rows.length).toBe(1);
  });

  it('R-MKT-1 a second run leaves a published report as published; the archive is searchable', async () => {
    await generateWeeklyReports(t.db, new Date(), { weekStart: week });
    expect((await supervisor.get(`/api/v1/market/reports/${reportId}`)).json()).toMatchObject({ status: 'published', version: 3 });
    const found = (await manager.get(`/api/v1/market/reports?q=${encodeURIComponent('促销支持')}`)).json() as { id: string }[];
    expect(found.map((r) => r.id)).toEqual([reportId]);
    expect((await manager.get(`/api/v1/market/reports?q=${encodeURIComponent('无此词')}`)).json()).toEqual([]);
  });

  it('R-MKT-1 the report scheduler delivers the weekly report (kind market.weekly): archive with xlsx and PDF, WeCom, each subscriber’s own teams', async () => {
    for (const [client, language] of [
      [rep, 'zh-CN'],
      [manager, 'en-US'],
      [rep2, 'zh-CN'],
    ] as const) {
      const subscribed = await client.post('/api/v1/reports/subscriptions', {
        kind: 'market.weekly',
        period: 'weekly',
        language,
        channels: ['wecom'],
      });
      expect(subscribed.statusCode, subscribed.body).toBe(201);
    }
    expect((await rep.post('/api/v1/reports/subscriptions', { kind: 'market.weekly', period: 'monthly' })).statusCode).toBe(400);
    // Monday after the week, 08:30 company time: the week is due.
    const deliver = reportsModule.jobs!.find((job) => job.name === 'reports.deliver')!;
    await deliver.run(t.db, new Date(`${shiftDay(week, 7)}T08:30:00+08:00`));
    const teamName = (await t.db.execute<{ name: string }>(sql`select name from org_units where id = ${teamId}`)).rows[0]!.name;

    const workbookOf = async (client: Client) => {
      const entries = (await client.get('/api/v1/reports/archive')).json().items as {
        id: string;
        kind: string;
        from: string;
        to: string;
        files: { format: string }[];
      }[];
      const entry = entries.find((e) => e.kind === 'market.weekly')!;
      expect(entry).toMatchObject({ from: week, to: shiftDay(week, 6) });
      expect(entry.files.map((f) => f.format).sort()).toEqual(['pdf', 'xlsx']);
      const pdf = await client.get(`/api/v1/reports/archive/${entry.id}/pdf`);
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load((await client.get(`/api/v1/reports/archive/${entry.id}/xlsx`)).rawPayload as unknown as ArrayBuffer);
      const rows = (name: string) =>
        Array.from(book.getWorksheet(name)!.getSheetValues(), (row) => (Array.isArray(row) ? row.slice(1) : []));
      return { entry, rows };
    };
    const mine = await workbookOf(rep);
    const teamRow = (rows: unknown[][]) => rows.find((row) => row[0] === teamName && row.length > 2)!;
    // This week 2 feedback (1 last week) and 1 lost deal, as generated; the supervisor's notes below.
    expect([...teamRow(mine.rows('各团队')).slice(0, 4), teamRow(mine.rows('各团队'))[5]]).toEqual([teamName, '已发布', 2, 1, 1]);
    expect(mine.rows('各团队')).toContainEqual([teamName, '清泉降价 5%，建议申请促销支持']);
    expect(mine.rows('热点主题').some((row) => row.includes('清泉净水'))).toBe(true);
    const english = await workbookOf(manager);
    expect(teamRow(english.rows('Teams')).slice(0, 3)).toEqual([teamName, 'Published', 2]);
    // Another region's rep: their own team only, which has nothing published — none of this team's figures.
    const other = await workbookOf(rep2);
    expect(other.rows('各团队').flat()).not.toContain(teamName);
    expect(other.rows('热点主题').flat()).not.toContain('清泉净水');
    const robots = await t.db.execute<{ subject: string }>(
      sql`select subject from outbound_messages where channel = 'wecom' and ref = ${`report:${mine.entry.id}:wecom`}`,
    );
    expect(robots.rows.map((row) => row.subject)).toEqual([`市场反馈周报 ${week} – ${shiftDay(week, 6)}`]);
  });
});
