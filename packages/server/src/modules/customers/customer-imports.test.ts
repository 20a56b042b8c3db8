import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { customerCreateSchema, type ImportMapping, type ImportSession } from '@xiaoguan/shared';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';
import { multipartFile } from '../../test/multipart.js';
import { JobRunner, runJobsUntilIdle } from '../../platform/jobs/queue.js';
import { backgroundJobs } from '../../platform/jobs/jobs.schema.js';
import { iso } from '../../platform/db/client.js';
import { createCustomer } from './customers.service.js';
import { customerImportJobs } from './customer-imports.service.js';
import { flushSearchIndexes } from './search-indexes.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const runJobs = () => runJobsUntilIdle(t.db, customerImportJobs, { dataDir: t.app.config.dataDir });

async function upload(client: Client, fileName: string, content: Buffer | string) {
  return client.request({ method: 'POST', url: '/api/v1/customer-imports', ...multipartFile(fileName, content) });
}

async function uploaded(client: Client, fileName: string, content: Buffer | string): Promise<ImportSession> {
  const response = await upload(client, fileName, content);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function session(client: Client, id: string): Promise<ImportSession> {
  return (await client.get(`/api/v1/customer-imports/${id}`)).json();
}

/** Upload, validate with the suggested mapping (or the one given), run the validation job. */
async function validated(client: Client, fileName: string, content: Buffer | string, mapping?: ImportMapping): Promise<ImportSession> {
  const created = await uploaded(client, fileName, content);
  const response = await client.post(`/api/v1/customer-imports/${created.id}/validate`, { mapping: mapping ?? created.suggestedMapping });
  expect(response.statusCode, response.body).toBe(202);
  expect(response.json().status).toBe('validating');
  await runJobs();
  return session(client, created.id);
}

async function imported(client: Client, id: string, mode: 'all_or_nothing' | 'valid_only'): Promise<ImportSession> {
  const response = await client.post(`/api/v1/customer-imports/${id}/start`, { mode });
  expect(response.statusCode, response.body).toBe(202);
  await runJobs();
  return session(client, id);
}

/** A unique marker per test so rows never collide with the demo data or each other. */
let serial = 0;
const marker = () => `导入测试${Date.now().toString(36)}${++serial}`;
/** Phones starting 100…: no real mobile (and none the demo seed generates) looks like that. */
const phone = (n: number) => `100${String(serial).padStart(3, '0')}${String(n).padStart(5, '0')}`;

async function customersNamed(prefix: string) {
  return (
    await t.db.execute<{
      name: string;
      owner: string;
      team_id: string | null;
      assigned_at: string | Date | null;
      cadence_due_at: string | Date | null;
      tier: string;
      kind: string;
      source: string;
      annual_purchase_cents: number | null;
      phone: string | null;
      created_by_id: string;
    }>(sql`
      select c.name, u.username as owner, c.team_id, c.assigned_at, c.cadence_due_at, c.tier, c.kind, c.source, c.annual_purchase_cents, c.phone, c.created_by_id
        from customers c join users u on u.id = c.owner_id where c.name like ${`${prefix}%`} order by c.name`)
  ).rows;
}

/** Every table's fingerprint, without the ones an import may touch even when it writes no customer. */
async function businessSnapshot() {
  return (await t.snapshot())
    .split('\n')
    .filter((line) => !/^(customer_imports|background_jobs|audit_log|sessions):/.test(line))
    .join('\n');
}

describe('upload: encodings, formats, mapping suggestion', () => {
  it('a GBK CSV (Excel in China) is detected and read; Chinese headers are mapped', async () => {
    const rep = await t.loginAs('rep');
    const csv =
      '客户名称,手机,纳税人识别号,类型,等级,负责人,联系人,职位,备注\n上海星河贸易有限公司,13812345678,91310000MA1FL0XX1X,企业,A,rep,李娜,采购经理,老客户\n';
    const created = await uploaded(rep, 'customers.csv', iconv.encode(csv, 'gbk'));
    expect(created).toMatchObject({
      format: 'csv',
      encoding: 'gb18030',
      status: 'uploaded',
      columns: ['客户名称', '手机', '纳税人识别号', '类型', '等级', '负责人', '联系人', '职位', '备注'],
      sampleRows: [['上海星河贸易有限公司', '13812345678', '91310000MA1FL0XX1X', '企业', 'A', 'rep', '李娜', '采购经理', '老客户']],
      suggestedMapping: {
        客户名称: 'name',
        手机: 'phone',
        纳税人识别号: 'taxId',
        类型: 'kind',
        等级: 'tier',
        负责人: 'ownerUsername',
        联系人: 'contactName',
        职位: 'contactTitle',
        备注: 'notes',
      },
      mapping: null,
      validation: null,
      result: null,
      progress: { processed: 0, total: null },
    });
  });

  it('UTF-8 with a BOM; only 20 sample rows are kept', async () => {
    const rep = await t.loginAs('rep');
    const rows = Array.from({ length: 30 }, (_, i) => `客户${i},1380000${String(i).padStart(4, '0')}`);
    const created = await uploaded(rep, 'utf8.csv', `\uFEFFname,phone\n${rows.join('\n')}\n`);
    expect(created.encoding).toBe('utf-8');
    expect(created.columns).toEqual(['name', 'phone']);
    expect(created.sampleRows).toHaveLength(20);
    expect(created.suggestedMapping).toEqual({ name: 'name', phone: 'phone' });
  });

  it('refuses other files, empty files and a missing file field, naming the field', async () => {
    const rep = await t.loginAs('rep');
    for (const [name, content] of [
      ['old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0])],
      ['empty.csv', ''],
      ['header-only.csv', 'name,phone\n'],
    ] as const) {
      const response = await upload(rep, name, content);
      expect(response.statusCode, name).toBe(400);
      expect(response.json().error.field).toBe('body.file');
    }
    const wrongField = await rep.request({
      method: 'POST',
      url: '/api/v1/customer-imports',
      ...multipartFile('a.csv', 'name\nx\n', 'upload'),
    });
    expect(wrongField.statusCode).toBe(400);
    expect((await rep.post('/api/v1/customer-imports', { file: 'x' })).statusCode).toBe(400);
  });

  it('the last mapping a user confirmed is remembered and preferred', async () => {
    const rep = await t.loginAs('key_account');
    const csv = '公司,电话,手机\n某公司,021-55556666,13812340000\n';
    const first = await uploaded(rep, 'a.csv', csv);
    expect(first.suggestedMapping).toEqual({ 公司: 'name', 电话: 'phone', 手机: '' });
    const mapping = { 公司: 'name', 电话: 'contactPhone', 手机: 'phone' } as const;
    expect((await rep.post(`/api/v1/customer-imports/${first.id}/validate`, { mapping })).statusCode).toBe(202);
    expect((await rep.get('/api/v1/customer-imports/mapping')).json()).toEqual(mapping);
    const second = await uploaded(rep, 'b.csv', csv);
    expect(second.suggestedMapping).toEqual(mapping);
    await runJobs();
  });

  it('a mapping that names a missing column, maps a field twice or leaves out the name is a 400 naming it', async () => {
    const rep = await t.loginAs('rep');
    const created = await uploaded(rep, 'm.csv', '名称,电话\nx,13800000000\n');
    const tries: [ImportMapping, string][] = [
      [{ 名称: 'name', 地址: 'address' }, 'body.mapping.地址'],
      [{ 名称: 'name', 电话: 'name' }, 'body.mapping.电话'],
      [{ 名称: '', 电话: 'phone' }, 'body.mapping'],
    ];
    for (const [mapping, field] of tries) {
      const response = await rep.post(`/api/v1/customer-imports/${created.id}/validate`, { mapping });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.field).toBe(field);
    }
    const badField = await rep.post(`/api/v1/customer-imports/${created.id}/validate`, { mapping: { 名称: 'nickname' } });
    expect(badField.statusCode).toBe(400);
    expect(badField.json().error.field).toMatch(/^body\.mapping/);
  });
});

describe('access to imports', () => {
  it('only roles with customers.import may upload; a session is visible only to its creator (404 otherwise)', async () => {
    for (const username of ['finance', 'auditor', 'admin']) {
      const client = await t.loginAs(username);
      expect((await upload(client, 'x.csv', 'name\nx\n')).statusCode, username).toBe(403);
    }
    const rep = await t.loginAs('rep');
    const mine = await validated(rep, 'mine.csv', `name\n${marker()}\n`);
    for (const username of ['rep2', 'supervisor', 'director']) {
      const other = await t.loginAs(username);
      expect((await other.get(`/api/v1/customer-imports/${mine.id}`)).statusCode, username).toBe(404);
      expect((await other.get(`/api/v1/customer-imports/${mine.id}/errors.csv`)).statusCode).toBe(404);
      expect((await other.post(`/api/v1/customer-imports/${mine.id}/validate`, { mapping: { name: 'name' } })).statusCode).toBe(404);
      expect((await other.post(`/api/v1/customer-imports/${mine.id}/start`, { mode: 'valid_only' })).statusCode).toBe(404);
      expect((await other.post(`/api/v1/customer-imports/${mine.id}/cancel`)).statusCode).toBe(404);
      expect((await other.post(`/api/v1/customer-imports/${mine.id}/header`, { row: 1 })).statusCode).toBe(404);
      expect((await other.post(`/api/v1/customer-imports/${mine.id}/values`, { mapping: { name: 'name' } })).statusCode).toBe(404);
    }
    expect((await rep.get(`/api/v1/customer-imports/${mine.id}`)).statusCode).toBe(200);
  });
});

describe('R-CUS-3 duplicates on import', () => {
  it('flags rows that duplicate a customer in the database or an earlier row of the file (normalised phone, tax id, organisation name)', async () => {
    const m = marker();
    const supervisor = await t.ctxAs('supervisor');
    await createCustomer(
      supervisor,
      customerCreateSchema.parse({
        kind: 'organization',
        name: `${m}华东机械有限公司`,
        phone: phone(1),
        taxId: `91310000${m.length}DUPX`,
        ownerId: t.ids.rep,
      }),
    );
    const rep = await t.loginAs('rep');
    const csv = [
      '客户名称,类型,手机,税号',
      `${m}新客户甲,企业,${phone(2)},`, // 2 valid
      `${m}新客户乙,个人,+86 ${phone(1)},`, // 3 same phone as the one in the database (normalised)
      `${m} 华东机械有限公司 ,企业,,`, // 4 same organisation name as the database, spaces aside
      `${m}新客户丙,企业,,91310000${m.length}-dupx`, // 5 same tax id (normalised)
      `${m}新客户丁,个人,${phone(2)},`, // 6 same phone as row 2
      `${m}新客户甲,企业,,`, // 7 same organisation name as row 2
      `${m}张三,个人,,`, // 8 valid
      `${m}张三,个人,,`, // 9 a person without a phone is known by name and (no) phone: same as row 8 (issue 22 item 6)
    ].join('\n');
    const result = await validated(rep, 'dups.csv', csv);
    expect(result.status).toBe('validated');
    expect(result.validation).toMatchObject({ totalRows: 8, validRows: 2, invalidRows: 0, duplicateRows: 6 });
    expect(result.validation!.errors.map((e) => [e.row, e.column, e.reason])).toEqual([
      [3, '手机', `duplicate of the existing customer "${m}华东机械有限公司" (same phone)`],
      [4, '客户名称', `duplicate of the existing customer "${m}华东机械有限公司" (same name)`],
      [5, '税号', `duplicate of the existing customer "${m}华东机械有限公司" (same tax id)`],
      [6, '手机', 'duplicate of row 2 of this file (same phone)'],
      [7, '客户名称', 'duplicate of row 2 of this file (same name)'],
      [9, '客户名称', 'duplicate of row 8 of this file (same name and phone)'],
    ]);
    const done = await imported(rep, result.id, 'valid_only');
    expect(done.result).toEqual({ written: 2, skippedInvalid: 0, skippedDuplicates: 6 });
    expect((await customersNamed(m)).map((c) => c.name).sort()).toEqual([`${m}张三`, `${m}华东机械有限公司`, `${m}新客户甲`].sort());
  });

  it('duplicates across batches are caught (earlier rows are in the database by then)', async () => {
    const m = marker();
    const rep = await t.loginAs('rep');
    const rows = Array.from({ length: 1500 }, (_, i) => `${m}客户${i},企业,${phone(i)}`);
    rows.push(`${m}重复,企业,${phone(3)}`, `${m}客户1200,企业,`);
    const result = await validated(rep, 'big.csv', `名称,类型,电话\n${rows.join('\n')}\n`);
    expect(result.validation).toMatchObject({ totalRows: 1502, validRows: 1500, duplicateRows: 2 });
    const done = await imported(rep, result.id, 'all_or_nothing');
    expect(done.result).toEqual({ written: 1500, skippedInvalid: 0, skippedDuplicates: 2 });
    expect(await customersNamed(m)).toHaveLength(1500);
  });
});

describe('validation of every row', () => {
  it('counts valid and invalid rows, keeps the first errors on the session and writes every error to errors.csv (UTF-8 with BOM, formula-safe)', async () => {
    const m = marker();
    const rep = await t.loginAs('supervisor');
    const csv = [
      '客户名称,类型,等级,手机,邮箱,年采购额,生日,负责人,联系人电话',
      `${m}好客户,企业,A,${phone(1)},a@b.cn,1234.56,,rep,`, // 2 valid
      `,企业,A,,,,,,`, // 3 name missing
      `${m}坏等级,企业,Z,,,,,,`, // 4 tier
      `${m}坏电话,企业,B,call-me,,,,,`, // 5 phone
      `${m}坏邮箱,企业,B,,nope,,,,`, // 6 email
      `${m}坏金额,企业,B,,,12.345,,,`, // 7 money
      `${m}坏日期,个人,B,,,,1990-02-30,,`, // 8 date
      `${m}无此人,企业,B,,,,,nobody,`, // 9 unknown owner
      `${m}别组的,企业,B,,,,,rep2,`, // 10 owner outside the supervisor's team
      `${m}无联系人,企业,B,,,,,,${phone(9)}`, // 11 contact details without a contact name
      `${m}公式,企业,B,=1+2,,,,,`, // 12 a formula where the phone should be
    ].join('\n');
    const result = await validated(rep, 'errors.csv', csv);
    expect(result.validation).toMatchObject({ totalRows: 11, validRows: 1, invalidRows: 10, duplicateRows: 0 });
    const reasons = Object.fromEntries(result.validation!.errors.map((e) => [e.row, `${e.column}: ${e.reason}`]));
    expect(reasons).toEqual({
      3: '客户名称: the customer name is required',
      4: expect.stringContaining('等级: unknown value "Z"'),
      5: '手机: not a phone number',
      6: '邮箱: not an e-mail address',
      7: expect.stringContaining('年采购额: not an amount in yuan'),
      8: '生日: not a date (YYYY-MM-DD)',
      9: '负责人: no active user with the username, name or employee number "nobody"',
      10: expect.stringContaining('负责人: "rep2" is outside your team'),
      11: '联系人电话: contact details need a contact name (联系人)',
      12: '手机: not a phone number',
    });
    const report = await rep.get(`/api/v1/customer-imports/${result.id}/errors.csv`);
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toContain('text/csv');
    expect(report.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = report.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe('行号 (row),列 (column),值 (value),原因 (reason)');
    expect(lines).toHaveLength(11);
    // written in the importer's language (rep reads Chinese; issue 22 item 8)
    expect(lines[1]).toBe('3,客户名称,,客户名称必填');
    expect(lines.find((line) => line.startsWith('9,'))).toBe('9,负责人,nobody,没有账号、姓名或工号为“nobody”的在职用户');
    // nothing in the report can run as a formula in Excel
    expect(report.body).not.toMatch(/(^|,)[=+\-@]/m);
    expect(lines.find((line) => line.startsWith('12,'))).toBe("12,手机,'=1+2,不是电话号码");
  });

  it('a validation is a background job with progress; the error report exists only after one', async () => {
    const rep = await t.loginAs('rep');
    const created = await uploaded(rep, 'p.csv', `name\n${marker()}\n`);
    expect((await rep.get(`/api/v1/customer-imports/${created.id}/errors.csv`)).statusCode).toBe(404);
    await rep.post(`/api/v1/customer-imports/${created.id}/validate`, { mapping: { name: 'name' } });
    expect((await rep.post(`/api/v1/customer-imports/${created.id}/start`, { mode: 'valid_only' })).statusCode).toBe(409);
    await runJobs();
    const done = await session(rep, created.id);
    expect(done).toMatchObject({ status: 'validated', progress: { processed: 1, total: 1 } });
    expect((await rep.get(`/api/v1/customer-imports/${created.id}/errors.csv`)).statusCode).toBe(200);
  });
});

describe('import modes', () => {
  const fileWithOneBadRow = (m: string) =>
    [
      '客户名称,等级,手机,联系人,职位',
      `${m}甲,A,${phone(1)},张一,经理`,
      `${m}乙,B,${phone(2)},,`,
      `${m}丙,不存在的等级,,,`,
      `${m}丁,C,${phone(4)},,`,
    ].join('\n');

  it('all_or_nothing: one bad row writes nothing (no table changes but the import bookkeeping) and says why', async () => {
    const m = marker();
    const rep = await t.loginAs('rep');
    const result = await validated(rep, 'aon.csv', fileWithOneBadRow(m));
    expect(result.validation).toMatchObject({ validRows: 3, invalidRows: 1 });
    const before = await businessSnapshot();
    const done = await imported(rep, result.id, 'all_or_nothing');
    expect(done.status).toBe('failed');
    expect(done.error).toContain('nothing was imported: row 4 is invalid (等级: unknown value "不存在的等级"');
    expect(done.error).toContain('import only the valid rows');
    expect(done.result).toBeNull();
    expect(await businessSnapshot()).toBe(before);
    const [audit] = (
      await t.db.execute<{ n: number }>(sql`select count(*)::int as n from audit_log where summary like ${`import ${result.id}%`}`)
    ).rows;
    expect(audit!.n).toBe(0);

    // nothing was written, so the same session may go again with valid_only
    const retried = await imported(rep, result.id, 'valid_only');
    expect(retried).toMatchObject({
      status: 'completed',
      mode: 'valid_only',
      result: { written: 3, skippedInvalid: 1, skippedDuplicates: 0 },
    });
  });

  it('valid_only writes the valid rows: the count equals the rows written, with owner, team, status history, contact, cadence and one audit entry', async () => {
    const m = marker();
    const supervisor = await t.loginAs('supervisor');
    const csv = [
      '客户名称,等级,手机,联系人,职位,负责人',
      `${m}甲,A,${phone(1)},张一,经理,`,
      `${m}乙,B,${phone(2)},,,rep_sh1_2`,
      `${m}丙,不存在的等级,,,,`,
      `${m}丁,C,${phone(4)},,,`,
      `${m}戊,A,,,,`,
    ].join('\n');
    const result = await validated(supervisor, 'vo.csv', csv);
    const done = await imported(supervisor, result.id, 'valid_only');
    expect(done).toMatchObject({
      status: 'completed',
      result: { written: 4, skippedInvalid: 1, skippedDuplicates: 0 },
      progress: { processed: 5, total: 5 },
    });
    // nothing waits in the search indexes' pending lists once the import is done: 0 pages to merge
    expect(await flushSearchIndexes(t.db)).toBe(0);
    const rows = await customersNamed(m);
    expect(rows).toHaveLength(done.result!.written);
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(byName[`${m}甲`]).toMatchObject({
      owner: 'supervisor',
      tier: 'A',
      kind: 'organization',
      source: 'import',
      phone: phone(1),
      created_by_id: t.ids.supervisor,
    });
    expect(byName[`${m}乙`]).toMatchObject({ owner: 'rep_sh1_2', tier: 'B', kind: 'person' });
    const team = (await t.db.execute<{ org_unit_id: string }>(sql`select org_unit_id from users where username = 'rep_sh1_2'`)).rows[0]!
      .org_unit_id;
    expect(byName[`${m}乙`]!.team_id).toBe(team);
    for (const row of rows) {
      // R-CUS-1: A is due within 15 days of assignment, B within 31, C within 91
      const days = (new Date(iso(row.cadence_due_at)!).getTime() - new Date(iso(row.assigned_at)!).getTime()) / 86_400_000;
      expect(days).toBeGreaterThan({ A: 14, B: 30, C: 90 }[row.tier]! - 1);
      expect(days).toBeLessThanOrEqual({ A: 15, B: 31, C: 91 }[row.tier]!);
    }
    const [history] = (
      await t.db.execute<{ n: number }>(
        sql`select count(*)::int as n from customer_status_history h join customers c on c.id = h.customer_id where c.name like ${`${m}%`} and h.to_status = 'lead' and h.from_status is null`,
      )
    ).rows;
    expect(history!.n).toBe(4);
    const contacts = (
      await t.db.execute<{ name: string; title: string; is_primary: boolean }>(
        sql`select cc.name, cc.title, cc.is_primary from customer_contacts cc join customers c on c.id = cc.customer_id where c.name like ${`${m}%`}`,
      )
    ).rows;
    expect(contacts).toEqual([{ name: '张一', title: '经理', is_primary: true }]);
    const audits = (
      await t.db.execute<{ action: string; entity: string; summary: string; actor_id: string }>(
        sql`select action, entity, summary, actor_id from audit_log where summary like ${`import ${result.id}%`}`,
      )
    ).rows;
    expect(audits).toEqual([
      {
        action: 'create',
        entity: 'customers',
        actor_id: t.ids.supervisor,
        summary: expect.stringContaining('4 customers imported from "vo.csv" (valid_only)'),
      },
    ]);
  });

  it('starting twice never imports twice: concurrent starts get one 202 and one 409; a finished import cannot start again', async () => {
    const m = marker();
    const rep = await t.loginAs('rep');
    const result = await validated(rep, 'twice.csv', `名称,电话\n${m}一,${phone(1)}\n${m}二,${phone(2)}\n`);
    const starts = await Promise.all([1, 2].map(() => rep.post(`/api/v1/customer-imports/${result.id}/start`, { mode: 'valid_only' })));
    expect(starts.map((r) => r.statusCode).sort()).toEqual([202, 409]);
    await runJobs();
    expect((await session(rep, result.id)).result!.written).toBe(2);
    const again = await rep.post(`/api/v1/customer-imports/${result.id}/start`, { mode: 'valid_only' });
    expect(again.statusCode).toBe(409);
    expect((await rep.post(`/api/v1/customer-imports/${result.id}/validate`, { mapping: result.mapping })).statusCode).toBe(409);
    await runJobs();
    expect(await customersNamed(m)).toHaveLength(2);
    // the same file uploaded again: every row is now a duplicate
    const second = await validated(rep, 'twice.csv', `名称,电话\n${m}一,${phone(1)}\n${m}二,${phone(2)}\n`);
    expect(second.validation).toMatchObject({ validRows: 0, duplicateRows: 2 });
    expect((await imported(rep, second.id, 'valid_only')).result).toEqual({ written: 0, skippedInvalid: 0, skippedDuplicates: 2 });
    expect(await customersNamed(m)).toHaveLength(2);
  });

  it('an .xlsx imports like a CSV (numbers, dates and money cells)', async () => {
    const m = marker();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('客户');
    sheet.addRow(['客户名称', '类型', '手机', '年采购额', '生日', '性别']);
    sheet.addRow([`${m}表格企业`, '企业', Number(phone(1)), 98765.43, null, null]);
    sheet.addRow([`${m}表格个人`, '个人', Number(phone(2)), null, new Date(Date.UTC(1988, 10, 3)), '女']);
    sheet.getCell('E3').numFmt = 'yyyy/m/d';
    const rep = await t.loginAs('rep');
    const result = await validated(rep, 'sheet.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(result).toMatchObject({ format: 'xlsx', encoding: null, validation: { totalRows: 2, validRows: 2 } });
    const done = await imported(rep, result.id, 'all_or_nothing');
    expect(done.result!.written).toBe(2);
    const rows = (
      await t.db.execute<{
        name: string;
        annual_purchase_cents: number | null;
        birthday: string | null;
        gender: string | null;
        phone: string;
      }>(sql`
      select name, annual_purchase_cents, birthday::text as birthday, gender, phone from customers where name like ${`${m}%`} order by name`)
    ).rows;
    expect(rows).toEqual([
      { name: `${m}表格个人`, annual_purchase_cents: null, birthday: '1988-11-03', gender: 'female', phone: phone(2) },
      { name: `${m}表格企业`, annual_purchase_cents: 9_876_543, birthday: null, gender: null, phone: phone(1) },
    ]);
  });
});

describe('cancelling an import', () => {
  const bigFile = (m: string, rows: number) => `名称,电话\n${Array.from({ length: rows }, (_, i) => `${m}${i},${phone(i)}`).join('\n')}\n`;

  /** Runs the queue in the background and cancels once the import job has committed some progress. */
  async function cancelMidway(client: Client, id: string) {
    const runner = new JobRunner(t.db, customerImportJobs, { dataDir: t.app.config.dataDir });
    const running = runner.runNext();
    for (;;) {
      const [job] = await t.db
        .select({ processed: backgroundJobs.processed, status: backgroundJobs.status })
        .from(backgroundJobs)
        .where(sql`${backgroundJobs.id} = (select job_id from customer_imports where id = ${id})`);
      if (job && job.status === 'running' && job.processed > 0) break;
      if (job && job.status !== 'running' && job.status !== 'queued')
        throw new Error(`job ended before it could be cancelled: ${job.status}`);
      await new Promise((r) => setTimeout(r, 2));
    }
    const response = await client.post(`/api/v1/customer-imports/${id}/cancel`);
    expect(response.statusCode).toBe(202);
    await running;
    return session(client, id);
  }

  it('a queued import is cancelled at once and never runs', async () => {
    const m = marker();
    const rep = await t.loginAs('rep');
    const result = await validated(rep, 'q.csv', bigFile(m, 10));
    await rep.post(`/api/v1/customer-imports/${result.id}/start`, { mode: 'valid_only' });
    const cancelled = await rep.post(`/api/v1/customer-imports/${result.id}/cancel`);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    expect(await runJobs()).toEqual([]);
    expect(await customersNamed(m)).toHaveLength(0);
    expect((await rep.post(`/api/v1/customer-imports/${result.id}/cancel`)).statusCode).toBe(409);
  });

  it('all_or_nothing: cancelling midway rolls everything back', async () => {
    const m = marker();
    const rep = await t.loginAs('rep');
    const result = await validated(rep, 'c1.csv', bigFile(m, 40_000));
    expect((await rep.post(`/api/v1/customer-imports/${result.id}/start`, { mode: 'all_or_nothing' })).statusCode).toBe(202);
    const before = await businessSnapshot();
    const done = await cancelMidway(rep, result.id);
    expect(done.status).toBe('cancelled');
    expect(done.progress.processed).toBeGreaterThan(0);
    expect(done.progress.processed).toBeLessThan(40_000);
    expect(await customersNamed(m)).toHaveLength(0);
    expect(await businessSnapshot()).toBe(before);
  });

  it('valid_only: cancelling midway keeps the committed batches, counts them exactly and audits them once', async () => {
    const m = marker();
    const rep = await t.loginAs('rep');
    const result = await validated(rep, 'c2.csv', bigFile(m, 40_000));
    expect((await rep.post(`/api/v1/customer-imports/${result.id}/start`, { mode: 'valid_only' })).statusCode).toBe(202);
    const done = await cancelMidway(rep, result.id);
    expect(done.status).toBe('cancelled');
    const written = (await customersNamed(m)).length;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(40_000);
    expect(done.result!.written).toBe(written);
    const audits = (
      await t.db.execute<{ summary: string }>(sql`select summary from audit_log where summary like ${`import ${result.id}%`}`)
    ).rows;
    expect(audits).toEqual([{ summary: expect.stringContaining(`${written} customers imported`) }]);
    expect(audits[0]!.summary).toContain('before it was cancelled');
  });

  it('an import left running by a dead process is failed on recovery and its session says so', async () => {
    const rep = await t.loginAs('rep');
    const result = await validated(rep, 'dead.csv', bigFile(marker(), 3));
    await rep.post(`/api/v1/customer-imports/${result.id}/start`, { mode: 'valid_only' });
    const old = new Date(Date.now() - 5 * 60_000);
    await t.db.execute(
      sql`update background_jobs set status = 'running', locked_by = 'dead', started_at = ${old}, heartbeat_at = ${old} where id = (select job_id from customer_imports where id = ${result.id})`,
    );
    await new JobRunner(t.db, customerImportJobs, { dataDir: t.app.config.dataDir }).recoverStale();
    expect(await session(rep, result.id)).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('stopped'),
      errorMessage: { key: 'customers.importFailures.interrupted', params: {} },
    });
  });

  it('a process that died after the import completed (merging the search indexes) leaves it completed, audited once', async () => {
    const rep = await t.loginAs('rep');
    const m = marker();
    const result = await validated(rep, 'late.csv', bigFile(m, 3));
    const done = await imported(rep, result.id, 'valid_only');
    expect(done).toMatchObject({ status: 'completed', result: { written: 3 } });
    // the job's own end was never recorded: as when the server stopped during the merge
    const old = new Date(Date.now() - 5 * 60_000);
    await t.db.execute(
      sql`update background_jobs set status = 'running', locked_by = 'dead', finished_at = null, started_at = ${old}, heartbeat_at = ${old} where id = (select job_id from customer_imports where id = ${result.id})`,
    );
    expect(await new JobRunner(t.db, customerImportJobs, { dataDir: t.app.config.dataDir }).recoverStale()).toMatchObject({ failed: 1 });
    expect(await session(rep, result.id)).toMatchObject({ status: 'completed', error: null, result: { written: 3 } });
    const audits = (
      await t.db.execute<{ summary: string }>(sql`select summary from audit_log where summary like ${`import ${result.id}%`}`)
    ).rows;
    expect(audits).toHaveLength(1);
    expect(audits[0]!.summary).not.toContain('before it failed');
  });
});
