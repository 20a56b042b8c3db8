import { describe, expect, it } from 'vitest';
import { normalizePhone } from './normalize.js';
import { detectHeaderIndex, joinAddress, looksLikeOrganization, parseChoice, stripFormulaGuard, suggestMapping } from './import-parsing.js';

describe('phone normalisation (R-CUS-3, issue 22 item 7)', () => {
  it.each([
    ['+86 138 1234 5678', '13812345678'],
    ['0086-13812345678', '13812345678'],
    ['8613812345678', '13812345678'],
    ["'+86 138 1234 5678", '13812345678'],
    ['１３８１２３４５６７８', '13812345678'],
    ['021-62345678', '021-62345678'],
    ['025 8456 7890', '025-84567890'],
    ['(0571) 8888 6666', '0571-88886666'],
    ['+86 571 8888 6666', '0571-88886666'],
    ['4008001234', '400-800-1234'],
    ['+1 (415) 555-0100', '+14155550100'],
  ])('%s → %s', (typed, phone) => {
    expect(normalizePhone(typed)).toEqual({ phone });
  });

  it.each([
    ['1381234567', 'a mainland mobile number has 11 digits'],
    ['62345678', 'a landline number needs its area code (e.g. 0571-88886666)'],
    ['call-me', 'not a phone number'],
    ['=1+2', 'not a phone number'],
  ])('refuses %s: %s', (typed, error) => {
    expect(normalizePhone(typed)).toEqual({ error });
  });
});

describe('header row detection (issue 22 item 2)', () => {
  it('skips a title row above the header', () => {
    const rows = [
      { row: 1, cells: ['客户导出 2026-12'] },
      { row: 2, cells: ['客户名称', '手机', '负责人'] },
      { row: 3, cells: ['杭州星河科技有限公司', '13812345678', 'rep'] },
    ];
    expect(detectHeaderIndex(rows)).toBe(1);
  });

  it('takes the first wide row when no header names a known field', () => {
    const rows = [
      { row: 1, cells: ['Report'] },
      { row: 2, cells: ['', ''] },
      { row: 3, cells: ['A', 'B', 'C'] },
      { row: 4, cells: ['1', '2', '3'] },
    ];
    expect(detectHeaderIndex(rows)).toBe(2);
  });
});

describe('organisation by name (issue 22 item 6)', () => {
  it.each(['杭州星河科技有限公司', '上海云帆集团', 'Northwind Trading Ltd', 'Acme Holdings Inc.', 'Umbrella Co.', '南京远山建材股份'])(
    '%s is an organisation',
    (name) => expect(looksLikeOrganization(name)).toBe(true),
  );
  it.each(['王小明', 'Alice Smith', '李华'])('%s is not', (name) => expect(looksLikeOrganization(name)).toBe(false));
});

describe('columns that are not dropped (issue 22 item 4)', () => {
  it('joins province, city and street without repeating a part', () => {
    expect(joinAddress('浙江省', '杭州市', '文三路 90 号')).toBe('浙江省杭州市文三路 90 号');
    expect(joinAddress('上海市', '上海市', '南京西路 1266 号')).toBe('上海市南京西路 1266 号');
    expect(joinAddress('江苏省', '南京市', '江苏省南京市江东中路 1 号')).toBe('江苏省南京市江东中路 1 号');
    expect(joinAddress('Guangdong', 'Guangzhou', '')).toBe('Guangdong, Guangzhou');
  });

  it('suggests landline, province and city for the headers Chinese CRMs export', () => {
    expect(suggestMapping(['客户名称', '手机', '座机', '省份', '城市', '负责人姓名'], null)).toEqual({
      客户名称: 'name',
      手机: 'phone',
      座机: 'landline',
      省份: 'province',
      城市: 'city',
      负责人姓名: 'ownerUsername',
    });
  });
});

describe('values other systems write (issue 22 item 5)', () => {
  it.each([
    ['source', '电话营销', 'cold_call'],
    ['source', '百度推广', 'advertising'],
    ['tier', '重要客户', 'A'],
    ['status', 'Marketing Qualified Lead', 'lead'],
    ['status', 'salesqualifiedlead', 'intent'],
    ['status', 'Opportunity', 'intent'],
    ['status', 'Customer', 'signed'],
    ['status', 'Evangelist', 'repeat'],
  ] as const)('%s "%s" → %s', (field, label, value) => {
    expect(parseChoice(field, label)).toBe(value);
  });
});

describe('round trip (issue 22 item 9)', () => {
  it("strips the CSV export's formula guard", () => {
    expect(stripFormulaGuard("'+86 138 1234 5678")).toBe('+86 138 1234 5678');
    expect(stripFormulaGuard("'=SUM(A1)")).toBe('=SUM(A1)');
    expect(stripFormulaGuard("it's")).toBe("it's");
  });

  it('maps every column of our own export back, the owner name included', () => {
    const mapping = suggestMapping(['客户名称 (name)', '手机 (phone)', '负责人姓名 (ownerName)'], null);
    expect(mapping).toEqual({ '客户名称 (name)': 'name', '手机 (phone)': 'phone', '负责人姓名 (ownerName)': 'ownerUsername' });
  });
});
