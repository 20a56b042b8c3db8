import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { renderImportFailure, type ImportMapping, type ImportSession, type ImportValueMapping, type ImportValues } from '@xiaoguan/shared';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';
import { multipartFile } from '../../test/multipart.js';
import { runJobsUntilIdle } from '../../platform/jobs/queue.js';
import { customerImportJobs } from './customer-imports.service.js';

/** Issue 22: the import wizard's header row, value mapping, notes, creation date, employee numbers, reasons. */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const runJobs = (app: TestApp = t) => runJobsUntilIdle(app.db, customerImportJobs, { dataDir: app.app.config.dataDir });

async function uploaded(client: Client, fileName: string, content: Buffer | string): Promise<ImportSession> {
  const response = await client.request({ method: 'POST', url: '/api/v1/customer-imports', ...multipartFile(fileName, content) });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function validate(client: Client, id: string, mapping: ImportMapping, valueMapping?: ImportValueMapping, app: TestApp = t) {
  const response = await client.post(`/api/v1/customer-imports/${id}/validate`, { mapping, valueMapping });
  expect(response.statusCode, response.body).toBe(202);
  await runJobs(app);
  return (await client.get(`/api/v1/customer-imports/${id}`)).json() as ImportSession;
}

async function start(client: Client, id: string, mode: 'all_or_nothing' | 'valid_only' = 'all_or_nothing', app: TestApp = t) {
  const response = await client.post(`/api/v1/customer-imports/${id}/start`, { mode });
  expect(response.statusCode, response.body).toBe(202);
  await runJobs(app);
  return (await client.get(`/api/v1/customer-imports/${id}`)).json() as ImportSession;
}

let serial = 0;
const marker = () => `向导${Date.now().toString(36)}${++serial}`;

async function named(prefix: string) {
  return (
    await t.db.execute<{
      name: string;
      source: string;
      tier: string;
      industry: string | null;
      notes: string | null;
      created_at: Date;
      owner: string;
    }>(
      sql`select c.name, c.source, c.tier, c.industry, c.notes, c.created_at, u.username as owner
            from customers c join users u on u.id = c.owner_id where c.name like ${`${prefix}%`} order by c.name`,
    )
  ).rows;
}

describe('header row picked by hand (issue 22 item 2)', () => {
  it('a title row taken for the header is replaced by the row the user picks; the next file with that header finds it', async () => {
    const rep = await t.loginAs('rep');
    const m = marker();
    const csv = `客户导出,2026-12\nFirma,Tel,Ort\n${m}甲,13800000001,上海\n${m}乙,13800000002,杭州\n`;
    const first = await uploaded(rep, 'title.csv', csv);
    expect(first.headerRow).toBe(1);
    expect(first.columns).toEqual(['客户导出', '2026-12']);
    expect(first.headerCandidates.map((c) => c.row)).toEqual([1, 2, 3, 4]);

    expect((await rep.post(`/api/v1/customer-imports/${first.id}/header`, { row: 9 })).statusCode).toBe(400);
    const picked = await rep.post(`/api/v1/customer-imports/${first.id}/header`, { row: 2 });
    expect(picked.statusCode, picked.body).toBe(200);
    const session: ImportSession = picked.json();
    expect(session).toMatchObject({ headerRow: 2, columns: ['Firma', 'Tel', 'Ort'], status: 'uploaded' });
    expect(session.sampleRows).toEqual([
      [`${m}甲`, '13800000001', '上海'],
      [`${m}乙`, '13800000002', '杭州'],
    ]);
    // Ort maps to nothing: listed before the import as "will be ignored" (issue 22 item 4)
    const result = await validate(rep, session.id, { Firma: 'name', Tel: 'phone', Ort: '' });
    expect(result.ignoredColumns).toEqual(['Ort']);
    expect(result.validation).toMatchObject({ totalRows: 2, validRows: 2 });
    expect((await start(rep, session.id)).result).toMatchObject({ written: 2 });
    expect((await named(m)).map((c) => c.name).sort()).toEqual([`${m}甲`, `${m}乙`].sort());

    // the same header in the next file is found without asking, and its mapping remembered
    const again = await uploaded(rep, 'again.csv', `客户导出,2027-01\nFirma,Tel,Ort\n${m}丙,13800000003,北京\n`);
    expect(again.headerRow).toBe(2);
    expect(again.suggestedMapping).toEqual({ Firma: 'name', Tel: 'phone', Ort: '' });
    expect(again.ignoredColumns).toEqual(['Ort']);
  });
});

describe('value mapping (issue 22 item 5)', () => {
  it('lists the values of the mapped columns, imports what the user mapped them to, and remembers it', async () => {
    const rep = await t.loginAs('rep');
    const m = marker();
    const csv = `客户名称,来源,等级,行业\n${m}甲,地推,金牌,IT\n${m}乙,百度推广,金牌,IT\n${m}丙,地推,B,制造\n`;
    const first = await uploaded(rep, 'values.csv', csv);
    const values = await rep.post(`/api/v1/customer-imports/${first.id}/values`, { mapping: first.suggestedMapping });
    expect(values.statusCode, values.body).toBe(200);
    const listed: ImportValues = values.json();
    expect(listed.scannedRows).toBe(3);
    expect(listed.fields.find((f) => f.field === 'source')!.values).toEqual([
      { value: '地推', count: 2, suggested: null, known: false },
      { value: '百度推广', count: 1, suggested: 'advertising', known: true },
    ]);
    expect(listed.fields.find((f) => f.field === 'tier')!.values).toEqual([
      { value: '金牌', count: 2, suggested: null, known: false },
      { value: 'B', count: 1, suggested: 'B', known: true },
    ]);

    const refused = await validate(rep, first.id, first.suggestedMapping);
    expect(refused.validation).toMatchObject({ validRows: 0, invalidRows: 3 });
    const valueMapping = { source: { 地推: 'exhibition' }, tier: { 金牌: 'A' }, industry: { IT: '信息技术' } };
    const accepted = await validate(rep, first.id, first.suggestedMapping, valueMapping);
    expect(accepted.valueMapping).toEqual(valueMapping);
    expect(accepted.validation).toMatchObject({ validRows: 3, invalidRows: 0 });
    await start(rep, first.id);
    expect(Object.fromEntries((await named(m)).map((c) => [c.name, [c.source, c.tier, c.industry]]))).toEqual({
      [`${m}甲`]: ['exhibition', 'A', '信息技术'],
      [`${m}乙`]: ['advertising', 'A', '信息技术'],
      [`${m}丙`]: ['exhibition', 'B', '制造'],
    });

    const next = await uploaded(rep, 'values2.csv', `客户名称,来源\n${marker()}丁,地推\n`);
    const remembered: ImportValues = (
      await rep.post(`/api/v1/customer-imports/${next.id}/values`, { mapping: next.suggestedMapping })
    ).json();
    expect(remembered.fields[0]!.values).toEqual([{ value: '地推', count: 1, suggested: 'exhibition', known: false }]);
    // another user's session is not the caller's: 404, and a bad mapping names the field
    expect((await (await t.loginAs('rep2')).post(`/api/v1/customer-imports/${next.id}/values`, { mapping: {} })).statusCode).toBe(404);
    expect((await (await t.loginAs('rep2')).post(`/api/v1/customer-imports/${next.id}/header`, { row: 1 })).statusCode).toBe(404);
    const bad = await rep.post(`/api/v1/customer-imports/${next.id}/values`, { mapping: { 不存在: 'name' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('body.mapping.不存在');
  });
});

describe('notes, original creation date, employee numbers, persons without a phone (issue 22 items 3, 4, 6)', () => {
  it('imports notes and the creation date as written, owners by employee number, and no copies of persons on a re-import', async () => {
    const admin = await t.loginAs('admin');
    const user = (await admin.get(`/api/v1/users/${t.ids.rep}`)).json();
    const set = await admin.patch(`/api/v1/users/${t.ids.rep}`, { version: user.version, employeeNo: 'XG-0042' });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().employeeNo).toBe('XG-0042');
    const other = (await admin.get(`/api/v1/users/${t.ids.rep2}`)).json();
    const taken = await admin.patch(`/api/v1/users/${t.ids.rep2}`, { version: other.version, employeeNo: 'xg-0042' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.field).toBe('body.employeeNo');

    const supervisor = await t.loginAs('supervisor');
    const m = marker();
    const csv = `客户名称,负责人工号,备注,创建时间\n${m}张三,XG-0042,春节前回访,2021-06-01 09:30\n${m}李四,xg-0042,,2020/1/2\n`;
    const first = await uploaded(supervisor, 'notes.csv', csv);
    expect(first.suggestedMapping).toEqual({ 客户名称: 'name', 负责人工号: 'ownerUsername', 备注: 'notes', 创建时间: 'createdAt' });
    const result = await validate(supervisor, first.id, first.suggestedMapping);
    expect(result.validation, JSON.stringify(result.validation?.errors)).toMatchObject({ validRows: 2 });
    await start(supervisor, first.id);
    const rows = await named(m);
    // the company's time zone (Asia/Shanghai): 09:30 there is 01:30 UTC
    expect(Object.fromEntries(rows.map((r) => [r.name, [r.owner, r.notes, new Date(r.created_at).toISOString()]]))).toEqual({
      [`${m}张三`]: ['rep', '春节前回访', '2021-06-01T01:30:00.000Z'],
      [`${m}李四`]: ['rep', null, '2020-01-01T16:00:00.000Z'],
    });

    // persons without a phone: the same file again finds them by name (issue 22 item 6)
    const second = await uploaded(supervisor, 'notes.csv', csv);
    const again = await validate(supervisor, second.id, second.suggestedMapping);
    expect(again.validation).toMatchObject({ validRows: 0, duplicateRows: 2 });
    expect(again.validation!.errors[0]!.message).toEqual({
      key: 'customers.importReasons.duplicateCustomerPerson',
      params: { name: `${m}张三` },
    });
  });
});

describe('reasons in the reader language (issue 22 item 8)', () => {
  it('each error carries its message; the error report is written in the importer language', async () => {
    const rep = await t.loginAs('rep');
    const csv = `客户名称,手机,等级\n${marker()}甲,1381234567,Z\n`;
    for (const [locale, expected] of [
      ['zh-CN', '大陆手机号应为 11 位数字'],
      ['en-US', 'a mainland mobile number has 11 digits'],
    ] as const) {
      expect((await rep.patch('/api/v1/auth/profile', { locale })).statusCode).toBeLessThan(300);
      const created = await uploaded(rep, 'bad.csv', csv);
      const result = await validate(rep, created.id, created.suggestedMapping);
      expect(result.validation!.errors.map((e) => e.message?.key)).toEqual([
        'customers.importReasons.mobileDigits',
        'customers.importReasons.unknownValue',
      ]);
      const report = await rep.get(`/api/v1/customer-imports/${created.id}/errors.csv`);
      expect(report.body).toContain(expected);
    }
  });
});

/** Every listed customer (not in the pool, not merged) as the fields a user sees, owner and contacts included. */
async function company(app: TestApp) {
  const rows = (
    await app.db.execute<{ line: string }>(sql`
      select json_build_array(
               c.kind, c.name, c.tier, c.status, c.source, c.tags, c.phone, c.email, c.wechat, c.address, c.needs, c.pain_points,
               c.industry, c.size, c.annual_purchase_cents, c.tax_id, c.decision_chain, c.gender, c.birthday, c.occupation,
               c.interests, c.notes, u.username, to_char(date_trunc('minute', c.created_at) at time zone 'UTC', 'YYYY-MM-DD HH24:MI'),
               (select coalesce(json_agg(json_build_array(k.name, k.title, k.phone, k.email, k.wechat, k.decision_role, k.is_primary)
                                         order by k.is_primary desc, k.name, k.phone), '[]'::json)
                  from customer_contacts k where k.customer_id = c.id)
             )::text as line
        from customers c join users u on u.id = c.owner_id
       where c.merged_into_id is null and c.owner_id is not null`)
  ).rows.map((r) => r.line);
  return rows.sort();
}

describe('round trip (issue 22 item 9)', () => {
  it('every customer of a company exported as .xlsx imports into an empty company as the same customers, every column mapped', async () => {
    const director = await t.loginAs('director');
    // a customer with everything the import reads back: notes, several contacts, dates
    const source = await company(t);
    const m = marker();
    const created = await director.post('/api/v1/customers', {
      kind: 'organization',
      name: `${m}往返有限公司`,
      phone: '+85261234567',
      notes: '备注第一行\n第二行',
      tags: ['往返', '测试'],
      birthday: null,
      ownerId: t.ids.rep,
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    for (const contact of [
      { name: '张三', title: '经理', phone: '13800000001', email: 'z@a.cn', wechat: 'zs', decisionRole: 'decision_maker', isPrimary: true },
      { name: '李四', phone: '021-55556666' },
    ])
      expect((await director.post(`/api/v1/customers/${id}/contacts`, contact)).statusCode).toBe(201);
    const before = await company(t);
    expect(before.length).toBe(source.length + 1);

    const exported = await director.get('/api/v1/customers/export?format=xlsx&sort=name');
    expect(exported.statusCode).toBe(200);

    const target = await buildTestApp();
    try {
      await target.ownerDb.execute(sql`truncate customers cascade`);
      expect(await company(target)).toEqual([]);
      const importer = await target.loginAs('director');
      const upload = await importer.request({
        method: 'POST',
        url: '/api/v1/customer-imports',
        ...multipartFile('export.xlsx', exported.rawPayload),
      });
      expect(upload.statusCode, upload.body).toBe(201);
      const session: ImportSession = upload.json();
      // every column is mapped, or is one the system computes (team, segment, contact dates, owner's name)
      expect(session.ignoredColumns).toEqual([
        '负责人姓名 (ownerName)',
        '团队 (teamName)',
        '客户分群 (segment)',
        '最近联系时间 (lastContactAt)',
        '跟进截止时间 (dueAt)',
      ]);
      const result = await validate(importer, session.id, session.suggestedMapping, undefined, target);
      expect(result.validation!.errors.slice(0, 5)).toEqual([]);
      expect(result.validation).toMatchObject({ totalRows: before.length, validRows: before.length });
      expect((await start(importer, session.id, 'all_or_nothing', target)).result).toMatchObject({ written: before.length });
      const after = await company(target);
      const missing = before.filter((line) => !after.includes(line));
      const extra = after.filter((line) => !before.includes(line));
      expect({ missing: missing.length, extra: extra.length, first: [missing.slice(0, 2), extra.slice(0, 2)] }).toEqual({
        missing: 0,
        extra: 0,
        first: [[], []],
      });
      expect(after).toEqual(before);
    } finally {
      await target.close();
    }
  }, 600_000);
});

describe('refusals and stopped imports in the reader language (issue 22 item 8)', () => {
  const zh = (m: { key: string; params: Record<string, string | number> }) => renderImportFailure(m.key, m.params, 'zh-CN');

  it('an upload refused says why as a message: a zh-CN reader reads Chinese, never the English sentence', async () => {
    const rep = await t.loginAs('rep');
    for (const [name, content, key, chinese] of [
      ['old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'fileType', '请上传 .csv 或 .xlsx 文件'],
      ['notes.pdf', '%PDF-1.4 not a table', 'fileType', '请上传 .csv 或 .xlsx 文件'],
      ['damaged.xlsx', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(64, 7)]), 'unreadableXlsx', '不是可读取的 .xlsx 工作簿'],
      ['header-only.csv', '客户名称,电话\n', 'noRows', '表头下面没有数据行'],
    ] as const) {
      const response = await rep.request({ method: 'POST', url: '/api/v1/customer-imports', ...multipartFile(name, content) });
      expect(response.statusCode, name).toBe(400);
      const error = response.json().error;
      expect(error.field).toBe('body.file');
      expect(error.data?.message, name).toEqual({ key: `customers.importFailures.${key}`, params: {} });
      expect(zh(error.data.message), name).toContain(chinese);
      expect(zh(error.data.message)).not.toBe(error.message);
    }
    const noFile = await rep.post('/api/v1/customer-imports', { file: 'x' });
    expect(noFile.json().error.data?.message?.key).toBe('customers.importFailures.noFile');
  });

  it('an all_or_nothing import stopped by an invalid row names the row, the column and its reason, all in the reader language', async () => {
    const rep = await t.loginAs('rep');
    const m = marker();
    const created = await uploaded(rep, 'aon.csv', `客户名称,等级\n${m}甲,A\n${m}乙,不存在的等级\n${m}丙,也不存在\n`);
    const result = await validate(rep, created.id, created.suggestedMapping);
    expect(result.validation).toMatchObject({ validRows: 1, invalidRows: 2 });
    const stopped = await start(rep, created.id, 'all_or_nothing');
    expect(stopped.status).toBe('failed');
    expect(stopped.errorMessage).toMatchObject({
      key: 'customers.importFailures.invalidRows',
      params: { failedRow: 3, failedColumn: '等级', moreRows: 1, reasonKey: 'customers.importReasons.unknownValue', value: '不存在的等级' },
    });
    const chinese = zh(stopped.errorMessage!)!;
    expect(chinese).toContain('没有导入任何客户：第 3 行有误（等级：无法识别的值“不存在的等级”');
    expect(chinese).toContain('另有 1 行有误');
    expect(chinese).not.toMatch(/nothing|invalid|unknown value/);
    expect(stopped.error).toContain('nothing was imported: row 3 is invalid (等级: unknown value "不存在的等级"');
    expect(await named(m)).toEqual([]);
    // a new validation and start clear the old failure
    await validate(rep, created.id, created.suggestedMapping, { tier: { 不存在的等级: 'B', 也不存在: 'C' } });
    const done = await start(rep, created.id, 'all_or_nothing');
    expect(done).toMatchObject({ status: 'completed', error: null, errorMessage: null });
  });

  it('an import whose importer lost the right to import stops with a message, not a raw error', async () => {
    const rep = await t.loginAs('rep_hz_2');
    const created = await uploaded(rep, 'blocked.csv', `客户名称\n${marker()}甲\n`);
    await validate(rep, created.id, created.suggestedMapping);
    expect((await rep.post(`/api/v1/customer-imports/${created.id}/start`, { mode: 'all_or_nothing' })).statusCode).toBe(202);
    await t.db.execute(sql`update users set roles = '{finance}' where username = 'rep_hz_2'`);
    try {
      await runJobs();
    } finally {
      await t.db.execute(sql`update users set roles = '{rep}' where username = 'rep_hz_2'`);
    }
    const stopped: ImportSession = (await rep.get(`/api/v1/customer-imports/${created.id}`)).json();
    expect(stopped).toMatchObject({ status: 'failed', errorMessage: { key: 'customers.importFailures.importerBlocked', params: {} } });
    expect(zh(stopped.errorMessage!)).toBe('发起导入的账号已停用或不再有导入权限，导入未执行');
  });
});

describe('owner picker of the value-mapping step (issue 22 item 3)', () => {
  const owners = async (client: Client, q?: string) => {
    const response = await client.get(`/api/v1/customer-imports/owners${q === undefined ? '' : `?q=${encodeURIComponent(q)}`}`);
    expect(response.statusCode, response.body).toBe(200);
    return (
      response.json() as { items: { username: string; displayName: string; employeeNo: string | null; orgUnitName: string | null }[] }
    ).items;
  };

  it('finds the users the caller may import for by name, username or employee number, with unit; a picked username imports', async () => {
    const supervisor = await t.loginAs('supervisor');
    const [rep] = (
      await t.db.execute<{ display_name: string; employee_no: string }>(
        sql`select display_name, employee_no from users where username = 'rep_sh1_2'`,
      )
    ).rows;
    expect(rep!.employee_no).toMatch(/^XG\d{4}$/);
    for (const q of [rep!.display_name, 'rep_sh1_2', rep!.employee_no.toLowerCase()])
      expect((await owners(supervisor, q))[0], q).toMatchObject({
        username: 'rep_sh1_2',
        displayName: rep!.display_name,
        employeeNo: rep!.employee_no,
        orgUnitName: '上海一组',
      });
    // outside the supervisor's team: not offered
    expect(await owners(supervisor, 'rep2')).toEqual([]);

    const m = marker();
    const created = await uploaded(supervisor, 'owner.csv', `客户名称,负责人\n${m}甲,老王\n`);
    const values: ImportValues = (
      await supervisor.post(`/api/v1/customer-imports/${created.id}/values`, { mapping: created.suggestedMapping })
    ).json();
    expect(values.fields.map((f) => f.field)).toContain('ownerUsername');
    const result = await validate(supervisor, created.id, created.suggestedMapping, { ownerUsername: { 老王: 'rep_sh1_2' } });
    expect(result.validation).toMatchObject({ validRows: 1 });
    await start(supervisor, created.id);
    expect((await named(m)).map((c) => c.owner)).toEqual(['rep_sh1_2']);
  });
});
