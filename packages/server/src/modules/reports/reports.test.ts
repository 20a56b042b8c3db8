import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { spreadEvenly, type Cockpit, type CockpitLink, type SalesReport, type TargetGrid } from '@xiaoguan/shared';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';
import {
  createDingtalkSender,
  createLogSender,
  createWecomSender,
  deliverDueMessages,
  setSenders,
} from '../../platform/notifications/senders/index.js';
import { deliverDueReports } from './reports.delivery.js';

/**
 * Sales reports (issue 18 item 4) on generated data: May 2031 against April 2031 (MoM) and May 2030
 * (YoY), a bookings plan for 2031; a direct order in May that is not a booking (issue 18 item 1).
 */
let t: TestApp;
const c: Record<string, Client> = {};
const ROLES = ['director', 'manager', 'supervisor', 'rep', 'rep2', 'admin', 'auditor'];
const MAY = 'period=monthly&date=2031-05-10';
let product: { id: string; line: string };

async function insertCustomer(ownerId: string, source: string): Promise<string> {
  const name = `报表客户${crypto.randomBytes(3).toString('hex')}`;
  const result = await t.db.execute<{ id: string }>(sql`
    insert into customers (kind, name, name_key, owner_id, team_id, assigned_at, status, source)
    select 'organization', ${name}, ${name}, u.id, u.org_unit_id, now(), 'signed', ${source} from users u where u.id = ${ownerId}
    returning id`);
  return result.rows[0]!.id;
}

/** A signed contract; `lined` puts part of the amount on a product line. */
async function insertContract(ownerId: string, signedOn: string, amountCents: number, source: string, lined: boolean) {
  const customerId = await insertCustomer(ownerId, source);
  const number = `HT-R-${crypto.randomBytes(5).toString('hex').toUpperCase()}`;
  const lines = lined
    ? [{ productId: product.id, quantity: 1, unitPriceCents: amountCents - 100_00, lineTotalCents: amountCents - 100_00 }]
    : [];
  await t.db.execute(sql`
    insert into contracts (number, title, customer_id, owner_id, team_id, amount_cents, status, signed_on, lines)
    select ${number}, ${number}, ${customerId}, u.id, u.org_unit_id, ${amountCents}, 'signed', ${signedOn}, ${JSON.stringify(lines)}::jsonb
      from users u where u.id = ${ownerId}`);
}

beforeAll(async () => {
  t = await buildTestApp();
  for (const who of ROLES) c[who] = await t.loginAs(who);
  const row = await t.db.execute<{ id: string }>(sql`
    with l as (insert into product_lines (code, name) values ('RPT', '报表产品线') returning id),
         c as (insert into product_categories (line_id, name) select id, '报表品类' from l returning id)
    insert into products (code, name, category_id, list_price_cents, floor_price_cents)
    select 'RPT-1', '报表产品', id, 10000, 5000 from c returning id`);
  product = { id: row.rows[0]!.id, line: '报表产品线' };
  let n = 0;
  for (const who of ['rep', 'rep2']) {
    for (const [signedOn, base] of [
      ['2031-05-10', 500_000_00],
      ['2031-05-31', 120_000_00],
      ['2031-04-15', 300_000_00],
      ['2030-05-20', 200_000_00],
    ] as const) {
      n++;
      await insertContract(t.ids[who]!, signedOn, base + n, n % 2 ? 'referral' : 'exhibition', n % 3 !== 0);
    }
  }
  // A direct order in May (no contract): sold, but not a booking.
  const customerId = await insertCustomer(t.ids.rep!, 'website');
  await t.db.execute(sql`
    insert into orders (number, customer_id, owner_id, team_id, status, amount_cents, ordered_at)
    select 'DD-R-1', ${customerId}, u.id, u.org_unit_id, 'pending', 99900, '2031-05-12T10:00:00+08:00' from users u where u.id = ${t.ids.rep}`);
  // A 2031 bookings plan: every node 1,200,000 yuan a year (the units' mismatch confirmed).
  const grid: TargetGrid = (await c.director!.get('/api/v1/targets?year=2031&metric=bookings')).json();
  const values: Record<string, number[]> = {};
  for (const node of grid.nodes) values[node.id] = spreadEvenly(1_200_000_00);
  const confirmations = grid.nodes.filter((node) => node.kind === 'unit').map((node) => ({ nodeId: node.id, reason: '报表测试' }));
  const saved = await c.director!.put('/api/v1/targets', { year: 2031, metric: 'bookings', baseVersion: 0, values, confirmations });
  expect(saved.statusCode, saved.body).toBe(200);
}, 120_000);
afterAll(() => t.close());

const reportOf = async (who: string, query = MAY) => {
  const response = await c[who]!.get(`/api/v1/reports/sales?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as SalesReport;
};

/** The ledger behind a link: its count and sum (a product line's: Σ of its lines, `productLineAmountCents`). */
async function contractsList(who: string, link: CockpitLink) {
  const page = (await c[who]!.get(`${link.api}?${new URLSearchParams(link.query)}&pageSize=1`)).json();
  const sum = link.query.productLineId ? page.totals.productLineAmountCents : page.totals.amountCents;
  return { count: page.totals.count as number, sum: sum as number };
}

const rawBookings = async (from: string, to: string, owner: string | null) =>
  Number(
    (
      await t.db.execute<{ sum: string }>(
        sql`select coalesce(sum(amount_cents), 0)::bigint as sum from contracts where signed_on between ${from} and ${to}
              ${owner ? sql`and owner_id = ${owner}` : sql``}`,
      )
    ).rows[0]!.sum,
  );

describe('one bookings definition (issue 18 item 1)', () => {
  it('the cockpit card, the targets attainment, the report total and /contracts/metrics agree; a direct order is not a booking', async () => {
    const expected = await rawBookings('2031-05-01', '2031-05-31', null);
    const cockpit: Cockpit = (await c.director!.get('/api/v1/cockpit?period=month&date=2031-05-10')).json();
    const card = cockpit.attainment.find((a) => a.metric === 'bookings')!;
    const grid: TargetGrid = (await c.director!.get('/api/v1/targets?year=2032&metric=bookings')).json();
    const rootId = grid.nodes.find((node) => node.parentId === null)!.id;
    const report = await reportOf('director');
    const total = report.totals.find((row) => row.metric === 'bookings')!;
    const metrics = (await c.director!.get('/api/v1/contracts/metrics?from=2031-05-01&to=2031-05-31&groupBy=month')).json() as {
      bookingsCents: number;
      directOrders: number;
    }[];
    expect(card.actual).toBe(expected);
    expect(grid.lastYear[rootId]![4]).toBe(expected);
    expect(total.current).toBe(expected);
    expect(metrics[0]!.bookingsCents).toBe(expected);
    expect(metrics[0]!.directOrders).toBe(1);
    // And the attainment against the same target.
    expect(total.target).toBe(card.target);
    expect(total.attainment).toBe(card.attainment);
  });
});

describe('sales report', () => {
  it('MoM and YoY per total; each section adds up to the bookings total', async () => {
    const report = await reportOf('director');
    expect(report.range).toEqual({ from: '2031-05-01', to: '2031-05-31' });
    const bookings = report.totals.find((row) => row.metric === 'bookings')!;
    expect(bookings.previous).toBe(await rawBookings('2031-04-01', '2031-04-30', null));
    expect(bookings.lastYear).toBe(await rawBookings('2030-05-01', '2030-05-31', null));
    expect(bookings.mom).toBe(Math.round(((bookings.current - bookings.previous) / bookings.previous) * 10_000) / 10_000);
    expect(report.sections.map((section) => section.key)).toEqual(['region', 'channel', 'productLine', 'rep']);
    for (const section of report.sections) {
      const sum = (key: 'current' | 'previous' | 'lastYear') => section.rows.reduce((s, row) => s + row[key], 0);
      expect([sum('current'), sum('previous'), sum('lastYear')], section.key).toEqual([
        bookings.current,
        bookings.previous,
        bookings.lastYear,
      ]);
    }
    const lines = report.sections.find((section) => section.key === 'productLine')!.rows;
    expect(lines.map((row) => row.label)).toEqual(expect.arrayContaining([product.line, '-']));
    expect(
      report.sections
        .find((section) => section.key === 'channel')!
        .rows.map((row) => row.key)
        .sort(),
    ).toEqual(['exhibition', 'referral']);
  });

  it('every total and every region, channel, product-line and rep row links to the contract ledger whose sum equals it', async () => {
    for (const who of ['director', 'manager', 'rep']) {
      const report = await reportOf(who);
      const bookings = report.totals.find((row) => row.metric === 'bookings')!;
      const contracts = report.totals.find((row) => row.metric === 'contracts')!;
      expect(await contractsList(who, bookings.link!), who).toEqual({ count: contracts.current, sum: bookings.current });
      for (const section of report.sections) {
        for (const row of section.rows) {
          // Only the part of contracts on no product line ('-') has no list of its own.
          if (section.key !== 'productLine' || row.key !== '-') expect(row.link, `${who} ${section.key} ${row.label}`).not.toBeNull();
          if (!row.link) continue;
          expect((await contractsList(who, row.link)).sum, `${who} ${section.key} ${row.label}`).toBe(row.current);
        }
      }
    }
  });

  it('scoped by record access: a rep sees their own bookings, a manager their region; a unit outside the scope is refused', async () => {
    const mine = await reportOf('rep');
    expect(mine.scope.kind).toBe('self');
    expect(mine.totals.find((row) => row.metric === 'bookings')!.current).toBe(await rawBookings('2031-05-01', '2031-05-31', t.ids.rep!));
    expect(mine.sections.find((s) => s.key === 'rep')!.rows.map((row) => row.key)).toEqual([t.ids.rep]);
    expect(mine.units).toEqual([]);
    const manager = await reportOf('manager');
    expect(manager.scope.kind).toBe('unit');
    const repRows = manager.sections.find((s) => s.key === 'rep')!.rows.map((row) => row.key);
    expect(repRows).toContain(t.ids.rep);
    expect(repRows).not.toContain(t.ids.rep2);
    const director = await reportOf('director');
    const otherRegion = director.units.find((unit) => !manager.units.some((own) => own.id === unit.id) && unit.kind === 'region')!;
    expect((await c.manager!.get(`/api/v1/reports/sales?${MAY}&unitId=${otherRegion.id}`)).statusCode).toBe(403);
    // The director narrows to the manager's region: the same bookings as the manager's own report.
    const region = manager.units.find((unit) => unit.kind === 'region')!;
    const narrowed = await reportOf('director', `${MAY}&unitId=${region.id}`);
    expect(narrowed.totals.find((row) => row.metric === 'bookings')!.current).toBe(
      manager.totals.find((row) => row.metric === 'bookings')!.current,
    );
    expect((await c.admin!.get(`/api/v1/reports/sales?${MAY}`)).statusCode).toBe(403);
  });

  it('exports .xlsx (numbers as numbers, one sheet per section) and PDF in both languages', async () => {
    const xlsx = await c.director!.get(`/api/v1/reports/sales/export?${MAY}&format=xlsx&lang=zh-CN`);
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['概览', '按大区', '按渠道（客户来源）', '按产品线', '按销售']);
    const summary = book.worksheets[0]!;
    const bookingsRow = summary.getRow(7);
    expect(bookingsRow.getCell(1).value).toBe('签约额（元）');
    const report = await reportOf('director');
    expect(bookingsRow.getCell(2).value).toBe(report.totals[0]!.current / 100);
    expect(bookingsRow.getCell(2).numFmt).toBe('#,##0.00');
    expect(bookingsRow.getCell(4).numFmt).toBe('0.0%');
    for (const lang of ['zh-CN', 'en-US']) {
      const pdf = await c.director!.get(`/api/v1/reports/sales/export?${MAY}&format=pdf&lang=${lang}`);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    }
    const audit = await t.db.execute(sql`select 1 from audit_log where entity = 'reports' and action = 'export'`);
    expect(audit.rows.length).toBe(3);
  }, 60_000);
});

describe('scheduled delivery', () => {
  let server: http.Server;
  const received: { url: string; body: { msgtype: string; text: { content: string } } }[] = [];
  let base = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ url: req.url ?? '', body: JSON.parse(body) });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    setSenders(null);
    await new Promise((resolve) => server.close(resolve));
  });

  it('subscribing: my subscriptions only; the same twice is 409; a unit outside my scope is 400', async () => {
    const created = await c.manager!.post('/api/v1/reports/subscriptions', { period: 'monthly', channels: ['wecom', 'dingtalk'] });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().nextAt).toMatch(/T00:00:00.000Z$/);
    expect((await c.manager!.post('/api/v1/reports/subscriptions', { period: 'monthly' })).statusCode).toBe(409);
    const director = await reportOf('director');
    const manager = await reportOf('manager');
    const outside = director.units.find((unit) => !manager.units.some((own) => own.id === unit.id))!;
    const refused = await c.manager!.post('/api/v1/reports/subscriptions', { period: 'weekly', unitId: outside.id });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.field).toBe('body.unitId');
    expect((await c.rep!.get('/api/v1/reports/subscriptions')).json().items).toEqual([]);
    expect((await c.rep!.delete(`/api/v1/reports/subscriptions/${created.json().id}`)).statusCode).toBe(404);
    expect((await c.manager!.get('/api/v1/reports/subscriptions')).json().items).toHaveLength(1);
  });

  it('a due report is delivered once with two processes at it, caught up once after downtime, and reaches the robots signed', async () => {
    // 1 June 2031 08:05 company time: May is due. Two runs at once (two processes): one delivery.
    const june = new Date('2031-06-01T00:05:00Z');
    const runs = await Promise.all([deliverDueReports(t.db, june), deliverDueReports(t.db, june)]);
    expect(runs.reduce((sum, run) => sum + run.delivered, 0)).toBe(1);
    const archive = (await c.manager!.get('/api/v1/reports/archive')).json().items as {
      id: string;
      from: string;
      files: { format: string }[];
    }[];
    expect(archive.map((entry) => entry.from)).toEqual(['2031-05-01']);
    expect(archive[0]!.files.map((file) => file.format)).toEqual(['xlsx', 'pdf']);
    const notes = await t.db.execute<{ link: string }>(
      sql`select link from notifications where kind = 'reports.delivered' and user_id = ${t.ids.manager}`,
    );
    expect(notes.rows.map((row) => row.link)).toEqual([`/reports/archive?id=${archive[0]!.id}`]);
    const pdf = await c.manager!.get(`/api/v1/reports/archive/${archive[0]!.id}/pdf`);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await c.rep!.get(`/api/v1/reports/archive/${archive[0]!.id}/pdf`)).statusCode).toBe(404);
    // The same run again: nothing new.
    expect((await deliverDueReports(t.db, new Date('2031-06-01T03:00:00Z'))).delivered).toBe(0);
    // Down from June to mid-September: June, July and August were missed; only August is caught up, once.
    const september = new Date('2031-09-15T02:00:00Z');
    expect((await deliverDueReports(t.db, september)).delivered).toBe(1);
    expect((await deliverDueReports(t.db, september)).delivered).toBe(0);
    const after = (await c.manager!.get('/api/v1/reports/archive')).json().items as { from: string }[];
    expect(after.map((entry) => entry.from).sort()).toEqual(['2031-05-01', '2031-08-01']);
    // The outbox sends to the group robots: WeCom by its key, DingTalk signed (timestamp + sign).
    const log = createLogSender();
    setSenders({
      email: log,
      sms: log,
      wecom: createWecomSender({ url: `${base}/cgi-bin/webhook/send?key=k1` }),
      dingtalk: createDingtalkSender({ url: `${base}/robot/send?access_token=t1`, secret: 'SEC-report' }),
    });
    const sent = await deliverDueMessages(t.db, new Date('2031-09-15T02:01:00Z'));
    expect(sent.sent).toBeGreaterThanOrEqual(4);
    const wecom = received.filter((r) => r.url.startsWith('/cgi-bin/webhook/send?key=k1'));
    const dingtalk = received.filter((r) => r.url.startsWith('/robot/send?access_token=t1'));
    expect(wecom).toHaveLength(2);
    expect(dingtalk).toHaveLength(2);
    expect(dingtalk[0]!.url).toMatch(/&timestamp=\d+&sign=/);
    expect(wecom.map((r) => r.body.text.content).join('\n')).toContain('销售月报 2031-05-01 – 2031-05-31');
    expect(wecom[0]!.body.text.content).toContain('/reports/archive?id=');
    // Sent once: nothing is left to send.
    expect((await deliverDueMessages(t.db, new Date('2031-09-15T02:30:00Z'))).sent).toBe(0);
  }, 120_000);
});
