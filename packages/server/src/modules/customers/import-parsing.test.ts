import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { renderImportReason } from '@xiaoguan/shared';
import {
  convertRow,
  detectDelimiter,
  detectEncoding,
  detectFormat,
  parseChoice,
  parseDate,
  parseYuanToCents,
  planMapping,
  previewFile,
  readRows,
  suggestMapping,
  uniqueColumns,
  type MappingPlan,
} from './import-parsing.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xg-parse-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const CSV = '客户名称,手机,类型,等级\n上海星河贸易有限公司,13812345678,企业,A\n"张三, 个人",13900001111,个人,b\n';

async function collect(file: string, format: 'csv' | 'xlsx', encoding: 'utf-8' | 'gb18030' | null) {
  const rows = [];
  for await (const row of readRows(file, format, encoding)) rows.push(row);
  return rows;
}

describe('import files: format and encoding', () => {
  it('detects GBK (saved by Excel in China) and reads it back as the same text', async () => {
    const bytes = iconv.encode(CSV, 'gbk');
    expect(detectEncoding(bytes)).toBe('gb18030');
    const file = path.join(dir, 'gbk.csv');
    fs.writeFileSync(file, bytes);
    const rows = await collect(file, 'csv', 'gb18030');
    expect(rows.map((r) => r.cells)).toEqual([
      ['客户名称', '手机', '类型', '等级'],
      ['上海星河贸易有限公司', '13812345678', '企业', 'A'],
      ['张三, 个人', '13900001111', '个人', 'b'],
    ]);
  });

  it('detects UTF-8 with and without BOM; the BOM is not part of the first header', async () => {
    for (const [name, bytes] of [
      ['bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV)])],
      ['plain.csv', Buffer.from(CSV)],
    ] as const) {
      expect(detectEncoding(bytes)).toBe('utf-8');
      const file = path.join(dir, name);
      fs.writeFileSync(file, bytes);
      const preview = await previewFile(file, 'csv', 'utf-8');
      expect(preview!.columns[0]).toBe('客户名称');
      expect(preview!.sampleRows[1]).toEqual(['张三, 个人', '13900001111', '个人', 'b']);
    }
    // a 3-byte character cut at the end of the sniffed sample is still UTF-8
    expect(detectEncoding(Buffer.from('名称,电话\n上海').subarray(0, -1))).toBe('utf-8');
    expect(detectEncoding(Buffer.from('name,phone\nabc,123\n'))).toBe('utf-8');
  });

  it('format from the extension, confirmed by the bytes; delimiter sniffed', () => {
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]);
    expect(detectFormat('客户.xlsx', zip)).toBe('xlsx');
    expect(detectFormat('客户.CSV', Buffer.from('a,b'))).toBe('csv');
    expect(detectFormat('客户.xls', Buffer.from([0xd0, 0xcf]))).toBeNull();
    expect(detectFormat('fake.xlsx', Buffer.from('a,b'))).toBeNull();
    expect(detectDelimiter('名称;电话;地址')).toBe(';');
    expect(detectDelimiter('名称\t电话')).toBe('\t');
    expect(detectDelimiter('名称')).toBe(',');
  });

  it('reads .xlsx as text cells: numbers, dates, rich text, formulas; blank rows skipped, row numbers kept', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('客户');
    sheet.addRow(['客户名称', '手机', '生日', '年采购额']);
    sheet.addRow([{ richText: [{ text: '杭州' }, { text: '云栖' }] }, 13812345678, new Date(Date.UTC(1990, 4, 6)), 1234.5]);
    sheet.addRow([]);
    sheet.addRow(['北京', '010-88886666', null, { formula: '1+1', result: 2 }]);
    sheet.getCell('C2').numFmt = 'yyyy-mm-dd';
    const file = path.join(dir, 'sheet.xlsx');
    await workbook.xlsx.writeFile(file);
    const rows = await collect(file, 'xlsx', null);
    expect(rows).toEqual([
      { row: 1, cells: ['客户名称', '手机', '生日', '年采购额'] },
      { row: 2, cells: ['杭州云栖', '13812345678', '1990-05-06', '1234.5'] },
      { row: 4, cells: ['北京', '010-88886666', '', '2'] },
    ]);
  });

  it('.xlsx with Chinese text over many zip chunks reads back exactly (shared and inline strings)', async () => {
    const text = (i: number) => `上海星河贸易有限公司第${i}分公司·华东区域客户（重点）`;
    const rows = 6000;
    const shared = new ExcelJS.Workbook();
    const sheet = shared.addWorksheet('客户');
    for (let i = 0; i < rows; i++) sheet.addRow([text(i), `备注${i}`]);
    const sharedFile = path.join(dir, 'shared.xlsx');
    await shared.xlsx.writeFile(sharedFile);
    const inlineFile = path.join(dir, 'inline.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: inlineFile, useSharedStrings: false, useStyles: false });
    const streamed = writer.addWorksheet('客户');
    for (let i = 0; i < rows; i++) streamed.addRow([text(i), `备注${i}`]).commit();
    streamed.commit();
    await writer.commit();
    for (const file of [sharedFile, inlineFile]) {
      const read = await collect(file, 'xlsx', null);
      expect(read).toHaveLength(rows);
      const broken = read.filter((r, i) => r.cells[0] !== text(i) || r.cells[1] !== `备注${i}`);
      expect(broken, file).toEqual([]);
    }
  });

  it('blank and repeated headers get usable names', () => {
    expect(uniqueColumns(['\uFEFF名称', '', '电话', '电话'])).toEqual(['名称', '列2', '电话', '电话 (2)']);
  });
});

describe('column mapping suggestion', () => {
  it('recognises Chinese and English header names, marks and notes', () => {
    const columns = [
      '*客户名称',
      '手机号码',
      '纳税人识别号',
      '客户类型',
      '等级',
      '负责人',
      '联系人',
      '职位',
      'E-mail',
      '年采购额（元）',
      '备注',
    ];
    expect(suggestMapping(columns, null)).toEqual({
      '*客户名称': 'name',
      手机号码: 'phone',
      纳税人识别号: 'taxId',
      客户类型: 'kind',
      等级: 'tier',
      负责人: 'ownerUsername',
      联系人: 'contactName',
      职位: 'contactTitle',
      'E-mail': 'email',
      '年采购额（元）': 'annualPurchase',
      备注: 'notes',
    });
    expect(suggestMapping(['Name', 'Phone', 'Tax ID', 'Owner'], null)).toEqual({
      Name: 'name',
      Phone: 'phone',
      'Tax ID': 'taxId',
      Owner: 'ownerUsername',
    });
  });

  it('our own export headers map back (the owner by name, issue 22 item 9); a field is taken once', () => {
    expect(suggestMapping(['客户名称 (name)', '负责人姓名 (ownerName)', '团队 (teamName)'], null)).toEqual({
      '客户名称 (name)': 'name',
      '负责人姓名 (ownerName)': 'ownerUsername',
      '团队 (teamName)': '',
    });
    expect(suggestMapping(['电话', '手机'], null)).toEqual({ 电话: 'phone', 手机: '' });
  });

  it('the remembered mapping wins over the synonyms', () => {
    expect(suggestMapping(['电话', '手机', '公司'], { 手机: 'phone', 电话: 'contactPhone', 旧列: 'email' })).toEqual({
      电话: 'contactPhone',
      手机: 'phone',
      公司: 'name',
    });
  });

  it('a mapping must name existing columns, use a field once and map the name', () => {
    const columns = ['名称', '电话'];
    expect(planMapping(columns, { 名称: 'name', 电话: 'phone' })).toEqual({
      fields: { name: { index: 0, column: '名称' }, phone: { index: 1, column: '电话' } },
    });
    expect(planMapping(columns, { 名称: 'name', 地址: 'address' })).toMatchObject({ field: 'body.mapping.地址' });
    expect(planMapping(columns, { 名称: 'name', 电话: 'name' })).toMatchObject({ field: 'body.mapping.电话' });
    expect(planMapping(columns, { 名称: '', 电话: 'phone' })).toMatchObject({ field: 'body.mapping' });
  });
});

describe('import values', () => {
  it('money in yuan → exact cents, never floating point', () => {
    expect(parseYuanToCents('1234.56')).toBe(123456);
    expect(parseYuanToCents('¥1,234.5')).toBe(123450);
    expect(parseYuanToCents('0.07')).toBe(7);
    expect(parseYuanToCents('1.1')).toBe(110);
    expect(parseYuanToCents('８００元')).toBe(80000);
    expect(parseYuanToCents('1.5万')).toBe(1_500_000);
    expect(parseYuanToCents('1.234')).toBeNull();
    expect(parseYuanToCents('-5')).toBeNull();
    expect(parseYuanToCents('abc')).toBeNull();
    expect(parseYuanToCents('99999999999999999999')).toBeNull();
  });

  it('dates in the usual spellings, checked against the calendar', () => {
    expect(parseDate('2024-3-5')).toBe('2024-03-05');
    expect(parseDate('2024/03/05')).toBe('2024-03-05');
    expect(parseDate('2024年3月5日')).toBe('2024-03-05');
    expect(parseDate('1990-05-06 00:00:00')).toBe('1990-05-06');
    expect(parseDate('2023-02-29')).toBeNull();
    expect(parseDate('05/03/2024')).toBeNull();
  });

  it('choices in Chinese or English, any case or width', () => {
    expect(parseChoice('kind', '企业')).toBe('organization');
    expect(parseChoice('kind', 'Person')).toBe('person');
    expect(parseChoice('tier', 'ａ')).toBe('A');
    expect(parseChoice('tier', 'B类')).toBe('B');
    expect(parseChoice('gender', '女')).toBe('female');
    expect(parseChoice('status', '意向')).toBe('intent');
    expect(parseChoice('source', '转介绍')).toBe('referral');
    expect(parseChoice('tier', 'D')).toBeNull();
  });
});

describe('one row → one customer', () => {
  const columns = [
    '名称',
    '类型',
    '等级',
    '状态',
    '来源',
    '手机',
    '邮箱',
    '行业',
    '规模',
    '年采购额',
    '税号',
    '性别',
    '生日',
    '兴趣',
    '标签',
    '负责人',
    '联系人',
    '职位',
    '联系人电话',
    '联系人邮箱',
  ];
  const fields = [
    'name',
    'kind',
    'tier',
    'status',
    'source',
    'phone',
    'email',
    'industry',
    'size',
    'annualPurchase',
    'taxId',
    'gender',
    'birthday',
    'interests',
    'tags',
    'ownerUsername',
    'contactName',
    'contactTitle',
    'contactPhone',
    'contactEmail',
  ] as const;
  const plan = planMapping(columns, Object.fromEntries(columns.map((c, i) => [c, fields[i]!]))) as MappingPlan;
  const row = (values: Partial<Record<(typeof fields)[number], string>>) => ({ row: 7, cells: fields.map((f) => values[f] ?? '') });
  const convert = (values: Partial<Record<(typeof fields)[number], string>>) => convertRow(row(values), plan, '2026-01-15');
  const reasons = (values: Partial<Record<(typeof fields)[number], string>>) =>
    convert(values).errors.map((e) => `${e.column}: ${e.reason}`);

  it('a full organisation row', () => {
    const result = convert({
      name: ' 上海星河贸易有限公司 ',
      kind: '企业',
      tier: 'A',
      status: '签约',
      phone: '１３８１２３４５６７８',
      email: 'li@xinghe.cn',
      industry: '制造业',
      size: '200-999人',
      annualPurchase: '12,500.50',
      taxId: '91310000MA1FL0XX1X',
      tags: '重点，华东',
      ownerUsername: 'rep',
      contactName: '李娜',
      contactTitle: '采购经理',
      contactPhone: '021-55556666',
    });
    expect(result.errors).toEqual([]);
    expect(result.customer).toMatchObject({
      name: '上海星河贸易有限公司',
      kind: 'organization',
      tier: 'A',
      status: 'signed',
      source: 'import',
      phone: '13812345678',
      size: '200-999',
      annualPurchaseCents: 1_250_050,
      tags: ['重点', '华东'],
    });
    expect(result.contacts[0]).toMatchObject({ name: '李娜', title: '采购经理', phone: '021-55556666', isPrimary: true });
    expect(result.ownerUsername).toBe('rep');
  });

  it('the type defaults to organisation when an organisation-only field is filled, else person', () => {
    expect(convert({ name: '某公司', taxId: '91310000MA1FL0XX1X' }).customer!.kind).toBe('organization');
    expect(convert({ name: '某公司', contactName: '王五' }).customer!.kind).toBe('organization');
    expect(convert({ name: '张三', phone: '13900001111', gender: '男' }).customer).toMatchObject({
      kind: 'person',
      gender: 'male',
      tier: 'C',
      status: 'lead',
    });
  });

  it('every reason a row is refused names its column and value', () => {
    expect(reasons({ phone: '13900001111' })).toEqual(['名称: the customer name is required']);
    expect(reasons({ name: 'x', kind: '合作社' })).toEqual([
      expect.stringMatching(/^类型: unknown value "合作社" \(expected 企业\/organization/),
    ]);
    expect(reasons({ name: 'x', tier: 'D' })).toEqual(['等级: unknown value "D" (expected A, B or C); map it in the value-mapping step']);
    expect(reasons({ name: 'x', status: '观望' })).toEqual([expect.stringMatching(/^状态: unknown value "观望"/)]);
    expect(reasons({ name: 'x', source: '地推' })).toEqual([expect.stringMatching(/^来源: unknown value "地推"/)]);
    expect(reasons({ name: 'x', gender: '未知' })).toEqual([expect.stringMatching(/^性别: unknown value "未知"/)]);
    expect(reasons({ name: 'x', size: '很大' })).toEqual([expect.stringMatching(/^规模: unknown value "很大"/)]);
    expect(reasons({ name: 'x', phone: '138-abc' })).toEqual(['手机: not a phone number']);
    expect(reasons({ name: 'x', email: 'not-an-email' })).toEqual(['邮箱: not an e-mail address']);
    expect(reasons({ name: 'x', annualPurchase: '12.345' })).toEqual([
      '年采购额: not an amount in yuan with at most 2 decimals (e.g. 12500.50)',
    ]);
    expect(reasons({ name: 'x', birthday: '1990-13-01' })).toEqual(['生日: not a date (YYYY-MM-DD)']);
    expect(reasons({ name: 'x', birthday: '2030-01-01' })).toEqual(['生日: the birthday is in the future']);
    expect(reasons({ name: 'x'.repeat(201) })).toEqual(['名称: too long (at most 200 characters)']);
    expect(reasons({ name: 'x', contactPhone: '13900001111' })).toEqual(['联系人电话: contact details need a contact name (联系人)']);
    expect(reasons({ name: 'x', contactName: '王五', contactEmail: 'bad' })).toEqual(['联系人邮箱: not an e-mail address']);
    // several problems in one row are all reported
    expect(reasons({ name: 'x', tier: 'Z', phone: 'abc' })).toHaveLength(2);
    const refused = convert({ tier: 'Z' });
    expect(refused.customer).toBeNull();
    expect(refused.errors[1]).toEqual({
      row: 7,
      column: '等级',
      value: 'Z',
      reason: 'unknown value "Z" (expected A, B or C); map it in the value-mapping step',
      message: { key: 'customers.importReasons.unknownValue', params: { value: 'Z', expected: 'A, B or C' } },
    });
  });

  it('issue 22 item 8: every reason is also a message the reader sees in their language', () => {
    const refused = convert({ name: 'x', phone: '1381234567', birthday: '1990-13-01' });
    expect(refused.errors.map((e) => renderImportReason(e.message!.key, e.message!.params, 'zh-CN'))).toEqual([
      '大陆手机号应为 11 位数字',
      '不是日期（YYYY-MM-DD）',
    ]);
    expect(refused.errors.map((e) => e.reason)).toEqual(['a mainland mobile number has 11 digits', 'not a date (YYYY-MM-DD)']);
  });
});
