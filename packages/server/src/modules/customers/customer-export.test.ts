import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { customerCreateSchema } from '@xiaoguan/shared';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';
import { multipartFile } from '../../test/multipart.js';
import { runJobsUntilIdle } from '../../platform/jobs/queue.js';
import { createCustomer } from './customers.service.js';
import { customerImportJobs } from './customer-imports.service.js';
import { exportHeader } from './customer-export.service.js';

let t: TestApp;
// No digits in the marker: a search with three or more digits also matches phone numbers.
const m = `导出测试${Date.now()
  .toString(36)
  .replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!)}`;
beforeAll(async () => {
  t = await buildTestApp();
  const supervisor = await t.ctxAs('supervisor');
  const add = (input: Record<string, unknown>) => createCustomer(supervisor, customerCreateSchema.parse({ ownerId: t.ids.rep, ...input }));
  await add({
    kind: 'organization',
    name: `${m}星河贸易`,
    tier: 'A',
    status: 'signed',
    phone: '10012345678',
    email: 'li.na@xinghe.cn',
    annualPurchaseCents: 1_250_050,
    tags: ['重点', '华东'],
    taxId: '91310000MA1FL0XX1X',
  });
  await add({ kind: 'person', name: `${m}张三`, tier: 'B', phone: '10087654321', gender: 'male', birthday: '1990-05-06' });
  // values a spreadsheet would run as formulas
  await add({
    kind: 'organization',
    name: `=HYPERLINK("http://evil.example","${m}点我")`,
    phone: '10011112222',
    address: '+86 上海',
    needs: '-1+2',
    tags: ['@vip'],
  });
});
afterAll(() => t.close());

const url = (query: string, q = m) => `/api/v1/customers/export?q=${encodeURIComponent(q)}&${query}`;

async function csvRows(client: Client, query: string, q = m): Promise<string[][]> {
  const response = await client.get(url(`format=csv&${query}`, q));
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toContain('text/csv');
  expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  return parse(response.rawPayload.toString('utf8').replace(/^\uFEFF/, '')) as string[][];
}

async function xlsxRows(client: Client, query: string, q = m): Promise<{ rows: string[][]; body: Buffer }> {
  const response = await client.get(url(`format=xlsx&${query}`, q));
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.rawPayload as unknown as ExcelJS.Buffer);
  const rows: string[][] = [];
  workbook.worksheets[0]!.eachRow((row) =>
    rows.push(Array.from((row.values as ExcelJS.CellValue[]).slice(1), (v) => (v === null || v === undefined ? '' : String(v)))),
  );
  return { rows, body: response.rawPayload };
}

const column = (rows: string[][], key: string) =>
  rows.slice(1).map((row) => row[rows[0]!.indexOf(exportHeader().find((h) => h.endsWith(`(${key})`))!)]);

describe('customer export', () => {
  it('the caller’s rows with Chinese headers (English key in brackets); contacts unmasked on the reporting line', async () => {
    const supervisor = await t.loginAs('supervisor');
    const rows = await csvRows(supervisor, 'sort=name');
    expect(rows[0]).toEqual(exportHeader());
    expect(rows[0]!.slice(0, 3)).toEqual(['客户名称 (name)', '类型 (kind)', '等级 (tier)']);
    expect(rows).toHaveLength(4);
    const star = rows.find((row) => row[0] === `${m}星河贸易`)!;
    const header = rows[0]!;
    const cell = (key: string) => star[header.indexOf(exportHeader().find((h) => h.endsWith(`(${key})`))!)];
    expect([
      cell('kind'),
      cell('tier'),
      cell('status'),
      cell('phone'),
      cell('email'),
      cell('annualPurchase'),
      cell('tags'),
      cell('ownerName'),
    ]).toEqual(['企业', 'A', '签约', '10012345678', 'li.na@xinghe.cn', '12500.50', '重点, 华东', expect.any(String)]);
  });

  it('contacts are masked exactly as in the list for a caller outside the reporting line (ops)', async () => {
    const ops = await t.loginAs('ops');
    const rows = await csvRows(ops, 'sort=name');
    expect(column(rows, 'phone').sort()).toEqual(['100****2222', '100****4321', '100****5678']);
    expect(column(rows, 'email')).toContain('l***@xinghe.cn');
    const listed = (await ops.get(`/api/v1/customers?q=${encodeURIComponent(m)}&pageSize=50`)).json() as {
      items: { phone: string | null }[];
    };
    expect(listed.items.map((c) => c.phone).sort()).toEqual(column(rows, 'phone').sort());
  });

  it('filters like the list and keeps its order; the export is audited with its row count and filters', async () => {
    const director = await t.loginAs('director');
    const rows = await csvRows(director, 'tier=A&sort=-name');
    expect(rows.slice(1).map((row) => row[0])).toEqual([`${m}星河贸易`]);
    const [audit] = (
      await t.db.execute<{ action: string; entity: string; summary: string; actor_id: string }>(sql`
      select action, entity, summary, actor_id from audit_log where action = 'export' and actor_id = ${t.ids.director} order by id desc limit 1`)
    ).rows;
    expect(audit).toMatchObject({ action: 'export', entity: 'customers', actor_id: t.ids.director });
    expect(audit!.summary).toContain('1 customers exported as csv');
    expect(audit!.summary).toContain('"tier":"A"');
    expect(audit!.summary).toContain(m);
  });

  it('sorts by amount and filters by segment from the RFM values (R-CUS-2), like the list', async () => {
    // the two customers named after the marker, by name, then the formula one
    const ids = (
      await t.db.execute<{ id: string; name: string }>(
        sql`select id, name from customers where name like ${`%${m}%`} order by name not like ${`${m}%`}, name`,
      )
    ).rows;
    expect(ids).toHaveLength(3);
    const values = [
      [100, 'vip'],
      [300, 'vip'],
      [200, 'stable'],
    ] as const;
    await t.db.execute(sql`insert into customer_rfm (customer_id, frequency, monetary_cents, segment)
      values ${sql.join(
        ids.map((row, i) => sql`(${row.id}, 1, ${values[i]![0] * 100}, ${values[i]![1]})`),
        sql`, `,
      )}`);
    try {
      const director = await t.loginAs('director');
      const rows = await csvRows(director, 'sort=-monetary');
      expect(column(rows, 'segment')).toEqual(['vip', 'stable', 'vip']);
      expect([rows[1]![0], rows[3]![0]]).toEqual([ids[1]!.name, ids[0]!.name]);
      const vips = await csvRows(director, 'segment=vip&sort=monetary');
      expect(vips.slice(1).map((row) => row[0])).toEqual([ids[0]!.name, ids[1]!.name]);
      const listed = (await director.get(`/api/v1/customers?q=${encodeURIComponent(m)}&segment=vip&sort=monetary`)).json() as {
        items: { name: string; rfm: { monetaryCents: number } }[];
      };
      expect(listed.items.map((c) => [c.name, c.rfm.monetaryCents])).toEqual([
        [ids[0]!.name, 10_000],
        [ids[1]!.name, 30_000],
      ]);
    } finally {
      await t.db.execute(sql`delete from customer_rfm where customer_id in ${sql.raw(`('${ids.map((row) => row.id).join("','")}')`)}`);
    }
  });

  it('a rep may not export: 403 and nothing is logged', async () => {
    const rep = await t.loginAs('rep');
    const before = await t.snapshot();
    for (const format of ['csv', 'xlsx']) {
      const response = await rep.get(url(`format=${format}`));
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('forbidden');
    }
    expect(await t.snapshot()).toBe(before);
  });

  it('every cell that a spreadsheet would run as a formula is escaped in CSV; .xlsx keeps the value as text, never a formula', async () => {
    const supervisor = await t.loginAs('supervisor');
    const csv = await csvRows(supervisor, 'sort=name');
    const evil = csv.find((row) => row[0]!.includes('HYPERLINK'))!;
    expect(evil[0]).toBe(`'=HYPERLINK("http://evil.example","${m}点我")`);
    expect(evil).toContain("'+86 上海");
    expect(evil).toContain("'-1+2");
    expect(evil).toContain("'@vip");
    const xlsx = await xlsxRows(supervisor, 'sort=name');
    const evilRow = xlsx.rows.find((row) => row[0]!.includes('HYPERLINK'))!;
    expect(evilRow[0]).toBe(`=HYPERLINK("http://evil.example","${m}点我")`);
    expect(evilRow).toContain('+86 上海');
    for (const row of csv) for (const value of row) expect(value).not.toMatch(/^[=+\-@\t\r]/);
    // no formula element anywhere in the sheet XML
    expect(xlsx.body.includes(Buffer.from('<f>'))).toBe(false);
  });

  it('round trip: an exported .xlsx uploads with every column mapped and every row recognised as a duplicate', async () => {
    const supervisor = await t.loginAs('supervisor');
    const { rows, body } = await xlsxRows(supervisor, 'sort=name');
    expect(rows[0]).toEqual(exportHeader());
    const upload = await supervisor.request({ method: 'POST', url: '/api/v1/customer-imports', ...multipartFile('export.xlsx', body) });
    expect(upload.statusCode, upload.body).toBe(201);
    const session = upload.json();
    expect(session.suggestedMapping).toMatchObject({
      '客户名称 (name)': 'name',
      '类型 (kind)': 'kind',
      '手机 (phone)': 'phone',
      '年采购额（元） (annualPurchase)': 'annualPurchase',
      // the owner by username (a display name may be shared), the name is for people; the original creation date is kept
      '负责人账号 (ownerUsername)': 'ownerUsername',
      '负责人姓名 (ownerName)': '',
      '创建时间 (createdAt)': 'createdAt',
      '联系人 (contacts)': 'contacts',
      '备注 (notes)': 'notes',
    });
    await supervisor.post(`/api/v1/customer-imports/${session.id}/validate`, { mapping: session.suggestedMapping });
    await runJobsUntilIdle(t.db, customerImportJobs, { dataDir: t.app.config.dataDir });
    const validated = (await supervisor.get(`/api/v1/customer-imports/${session.id}`)).json();
    expect(validated.validation).toMatchObject({ totalRows: 3, invalidRows: 0, duplicateRows: 3, validRows: 0 });
  });

  it('streams many rows page by page in the requested order', async () => {
    const [rep] = (await t.db.execute<{ id: string; org_unit_id: string }>(sql`select id, org_unit_id from users where username = 'rep'`))
      .rows;
    await t.db.execute(sql`
      insert into customers (kind, name, name_key, owner_id, team_id, tier, assigned_at)
      select 'person', ${`${m}批量`} || lpad(g::text, 5, '0'), ${`${m}批量`} || lpad(g::text, 5, '0'), ${rep!.id}, ${rep!.org_unit_id}, 'C', now()
        from generate_series(1, 2500) g`);
    const supervisor = await t.loginAs('supervisor');
    const response = await supervisor.get(url('format=csv&sort=-name', `${m}批量`));
    expect(response.headers['x-total-count']).toBe('2500');
    const rows = await csvRows(supervisor, 'sort=-name', `${m}批量`);
    expect(rows).toHaveLength(2501);
    expect(rows[1]![0]).toBe(`${m}批量02500`);
    expect(rows[2500]![0]).toBe(`${m}批量00001`);
    const xlsx = await xlsxRows(supervisor, 'sort=name', `${m}批量`);
    expect(xlsx.rows).toHaveLength(2501);
    expect(xlsx.rows[1]![0]).toBe(`${m}批量00001`);
  });
});
