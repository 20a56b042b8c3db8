import { describe, expect, it } from 'vitest';
import {
  convertRow,
  detectHeaderIndex,
  excelSerialToText,
  parseContactsCell,
  parseDate,
  parseDateTime,
  planMapping,
  suggestMapping,
  type MappingPlan,
  type SheetRow,
} from './import-parsing.js';
import { contactLine } from './customer-export.service.js';
import { inBatches } from './customer-imports.service.js';

const planOf = (columns: string[], fields: string[]) =>
  planMapping(columns, Object.fromEntries(columns.map((c, i) => [c, fields[i]!])) as never) as MappingPlan;

describe('import wizard: header row (issue 22 item 2)', () => {
  const rows: SheetRow[] = [
    { row: 1, cells: ['客户导出 2026-12'] },
    { row: 2, cells: ['公司', '电话号'] },
    { row: 3, cells: ['甲公司', '13800000000'] },
  ];

  it('a header the user picked before is found again before any guess', () => {
    // neither header names two known fields: the widest row would be guessed, which is row 2 anyway; a remembered row 3-like header wins
    expect(detectHeaderIndex(rows)).toBe(1);
    expect(detectHeaderIndex(rows, [['甲公司', '13800000000']])).toBe(2);
    expect(detectHeaderIndex(rows, [['甲公司', '13800000000', '', '']])).toBe(2);
    expect(detectHeaderIndex(rows, [['别的', '表头']])).toBe(1);
  });
});

describe('import wizard: values the user mapped (issue 22 item 5)', () => {
  const plan = planOf(['名称', '来源', '等级', '行业', '负责人'], ['name', 'source', 'tier', 'industry', 'ownerUsername']);
  const row = (cells: string[]): SheetRow => ({ row: 2, cells });

  it('a label we do not know is refused until mapped, then read as what it maps to', () => {
    expect(
      convertRow(row(['甲公司', '地推', '金牌', '', '']), plan, '2026-01-15')
        .errors.map((e) => e.value)
        .sort(),
    ).toEqual(['地推', '金牌'].sort());
    const mapped = convertRow(row(['甲公司', '地推', '金牌', 'IT', '小王']), plan, '2026-01-15', {
      valueMapping: { source: { 地推: 'exhibition' }, tier: { 金牌: 'A' }, industry: { it: '信息技术' }, ownerUsername: { 小王: 'rep' } },
    });
    expect(mapped.errors).toEqual([]);
    expect(mapped.customer).toMatchObject({ source: 'exhibition', tier: 'A', industry: '信息技术' });
    expect(mapped.ownerUsername).toBe('rep');
  });

  it('a mapping to something that is not one of our values is still refused', () => {
    const wrong = convertRow(row(['甲公司', '地推', '', '', '']), plan, '2026-01-15', { valueMapping: { source: { 地推: 'nonsense' } } });
    expect(wrong.customer).toBeNull();
  });
});

describe('import wizard: notes, original creation date, contacts (issue 22 items 4 and 9)', () => {
  const plan = planOf(['名称', '备注', '创建时间', '联系人'], ['name', 'notes', 'createdAt', 'contacts']);
  const row = (cells: string[]): SheetRow => ({ row: 2, cells });

  it('notes import as the customer notes, the creation date as written, every contact of the cell', () => {
    const result = convertRow(
      row(['甲公司', '老客户，春节前回访', '2021-06-01 09:30', '张三 | 经理 | 13800000000 | z@a.cn | zs\n李四 |  | 021-55556666']),
      plan,
      '2026-01-15',
    );
    expect(result.errors).toEqual([]);
    expect(result.customer).toMatchObject({ notes: '老客户，春节前回访' });
    expect(result.createdAt).toBe('2021-06-01 09:30:00');
    expect(result.contacts).toEqual([
      expect.objectContaining({ name: '张三', title: '经理', phone: '13800000000', email: 'z@a.cn', wechat: 'zs', isPrimary: true }),
      expect.objectContaining({ name: '李四', title: null, phone: '021-55556666', isPrimary: false }),
    ]);
  });

  it('a creation date in the future or not a date is refused', () => {
    expect(convertRow(row(['甲公司', '', '2030-01-01', '']), plan, '2026-01-15').errors[0]?.reason).toBe(
      'the creation date is in the future',
    );
    expect(convertRow(row(['甲公司', '', '昨天', '']), plan, '2026-01-15').errors[0]?.reason).toBe('not a date (YYYY-MM-DD)');
  });

  it('the contacts cell reads what the export writes', () => {
    const line = contactLine({ name: '王|五', title: null, phone: '+85261234567', email: null, wechat: null });
    expect(line).toBe('王 五 |  | +85261234567');
    expect(parseContactsCell(`${line}\n | 无名`).bad).toEqual([2]);
    expect(parseContactsCell(line).contacts).toEqual([
      { name: '王 五', title: '', phone: '+85261234567', email: '', wechat: '', decisionRole: '' },
    ]);
  });

  it('our export headers map back: notes, contacts, the owner by username, the creation date', () => {
    expect(
      suggestMapping(
        ['备注 (notes)', '联系人 (contacts)', '负责人账号 (ownerUsername)', '负责人姓名 (ownerName)', '创建时间 (createdAt)'],
        null,
      ),
    ).toEqual({
      '备注 (notes)': 'notes',
      '联系人 (contacts)': 'contacts',
      '负责人账号 (ownerUsername)': 'ownerUsername',
      '负责人姓名 (ownerName)': '',
      '创建时间 (createdAt)': 'createdAt',
    });
  });
});

describe('import wizard: Excel serial dates (issue 22 item 4)', () => {
  it('a serial number in a date column is the date Excel shows', () => {
    expect(excelSerialToText('45292')).toBe('2024-01-01 00:00:00');
    expect(excelSerialToText('45292.5')).toBe('2024-01-01 12:00:00');
    expect(excelSerialToText('32874')).toBe('1990-01-01 00:00:00');
    expect(parseDate('45292')).toBe('2024-01-01');
    expect(parseDateTime('45292.75')).toEqual({ date: '2024-01-01', time: '18:00:00' });
    expect(excelSerialToText('0')).toBeNull();
    expect(excelSerialToText('13800000000')).toBeNull();
  });
});

describe('import wizard: progress while a file is read (issue 22 item 8)', () => {
  it('the first batches are small, so a file of a few hundred rows reports rows done before it is done', async () => {
    async function* rows(n: number): AsyncGenerator<SheetRow> {
      for (let i = 0; i < n; i++) yield { row: i + 2, cells: [`客户${i}`] };
    }
    const sizes = async (n: number) => {
      const seen: number[] = [];
      for await (const batch of inBatches(rows(n), 1000)) seen.push(batch.length);
      return seen;
    };
    expect(await sizes(600)).toEqual([100, 250, 250]);
    expect(await sizes(3000)).toEqual([100, 250, 500, 1000, 1000, 150]);
    expect(await sizes(50)).toEqual([50]);
  });
});
