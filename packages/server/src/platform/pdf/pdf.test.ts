import { describe, expect, it } from 'vitest';
import { formatYuan, pickFont, rmbInWords } from './pdf.js';

describe('PDF helpers', () => {
  it('amounts in Chinese capital numerals, as on invoices', () => {
    expect(rmbInWords(0)).toBe('零元整');
    expect(rmbInWords(100)).toBe('壹元整');
    expect(rmbInWords(5)).toBe('伍分');
    expect(rmbInWords(1_050)).toBe('壹拾元伍角整');
    expect(rmbInWords(10_005)).toBe('壹佰元零伍分');
    expect(rmbInWords(123_456_789)).toBe('壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分');
    expect(rmbInWords(100_000_000)).toBe('壹佰万元整');
    expect(rmbInWords(1_000_010_000)).toBe('壹仟万零壹佰元整');
    expect(rmbInWords(10_000_000_000)).toBe('壹亿元整');
    expect(rmbInWords(10_000_100_000)).toBe('壹亿零壹仟元整');
    expect(rmbInWords(300_000_000_000_00)).toBe('叁仟亿元整');
  });
  it('yuan from cents, exactly, with thousands separators', () => {
    expect(formatYuan(0)).toBe('¥0.00');
    expect(formatYuan(5)).toBe('¥0.05');
    expect(formatYuan(123_456_789)).toBe('¥1,234,567.89');
    expect(formatYuan(-1_000_000)).toBe('-¥10,000.00');
    expect(formatYuan(900_719_925_474_099)).toBe('¥9,007,199,254,740.99');
  });
  it('the bundled Noto Sans SC subset prints common Chinese, Latin and money symbols on any machine', () => {
    expect(
      pickFont(['示例科技有限公司', '报价单 Quotation ¥1,234.56，（含税）— 张伟 · 销管', 'Precision machining centre × 3']),
    ).toMatchObject({ bundled: true });
  });
});
