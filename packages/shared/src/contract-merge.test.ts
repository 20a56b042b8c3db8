import { describe, expect, it } from 'vitest';
import { amountInWords, formatCny, mergeTemplate, unknownMergeFields, type MergeValues } from './contract-merge.js';

describe('CON-AMOUNT upper-case amount (大写金额)', () => {
  it('writes whole yuan with 整 and the places 拾佰仟万亿', () => {
    expect(amountInWords(0)).toBe('零元整');
    expect(amountInWords(100)).toBe('壹元整');
    expect(amountInWords(1000)).toBe('壹拾元整');
    expect(amountInWords(10_000)).toBe('壹佰元整');
    expect(amountInWords(12_345_600)).toBe('壹拾贰万叁仟肆佰伍拾陆元整');
    expect(amountInWords(100_000_000)).toBe('壹佰万元整');
    expect(amountInWords(2_000_000_000)).toBe('贰仟万元整');
    expect(amountInWords(10_000_000_000)).toBe('壹亿元整');
  });
  it('writes one 零 for zeros inside a number and across skipped groups', () => {
    expect(amountInWords(100_500)).toBe('壹仟零伍元整');
    expect(amountInWords(1_000_100)).toBe('壹万零壹元整');
    expect(amountInWords(100_001_000)).toBe('壹佰万零壹拾元整');
    expect(amountInWords(10_001_000_000)).toBe('壹亿零壹万元整');
    expect(amountInWords(100_000_000_100)).toBe('壹拾亿零壹元整');
    expect(amountInWords(1_010_000)).toBe('壹万零壹佰元整');
    expect(amountInWords(11_000_000)).toBe('壹拾壹万元整');
  });
  it('writes 角 and 分 the way banks do', () => {
    expect(amountInWords(123_456_789)).toBe('壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分');
    expect(amountInWords(1_050)).toBe('壹拾元伍角整');
    expect(amountInWords(105)).toBe('壹元零伍分');
    expect(amountInWords(50)).toBe('伍角整');
    expect(amountInWords(5)).toBe('伍分');
    expect(amountInWords(-100)).toBe('负壹元整');
  });
  it('formats CNY with separators, exactly', () => {
    expect(formatCny(123_456_789)).toBe('¥1,234,567.89');
    expect(formatCny(5)).toBe('¥0.05');
    expect(formatCny(-100_000)).toBe('-¥1,000.00');
  });
});

describe('CON-MERGE contract template merge fields', () => {
  const values: MergeValues = {
    customer: { name: '杭州西湖科技有限公司', address: '杭州市西湖区文三路 1 号', taxId: '91330100MA2XXXXX1Y' },
    contract: {
      number: 'HT-2026-000007',
      title: '年度采购合同',
      amountCents: 123_456_700,
      signedOn: null,
      startsOn: '2026-04-01',
      endsOn: '2027-03-31',
    },
    owner: { name: '张三' },
    today: '2026-03-05',
  };
  it('fills every field; the amount in figures and in upper-case words', () => {
    const body =
      '甲方：{{customer.name}}（税号 {{ customer.taxId }}，地址 {{customer.address}}）\n合同编号：{{contract.number}}\n金额：{{contract.amount}}\n签订日期：{{contract.signedOn}}\n期限：{{contract.startsOn}}至{{contract.endsOn}}\n经办人：{{owner.name}}　日期：{{today}}';
    expect(mergeTemplate(body, values)).toBe(
      '甲方：杭州西湖科技有限公司（税号 91330100MA2XXXXX1Y，地址 杭州市西湖区文三路 1 号）\n合同编号：HT-2026-000007\n金额：¥1,234,567.00（人民币壹佰贰拾叁万肆仟伍佰陆拾柒元整）\n签订日期：____年__月__日\n期限：2026年4月1日至2027年3月31日\n经办人：张三　日期：2026年3月5日',
    );
  });
  it('a signed date is written out; a missing address becomes empty', () => {
    const merged = mergeTemplate('{{contract.signedOn}}|{{customer.address}}|{{contract.amountInWords}}', {
      ...values,
      customer: { ...values.customer, address: null },
      contract: { ...values.contract, signedOn: '2026-03-06' },
    });
    expect(merged).toBe('2026年3月6日||人民币壹佰贰拾叁万肆仟伍佰陆拾柒元整');
  });
  it('unknown placeholders stay as written and are reported; a merged text merges to itself', () => {
    expect(mergeTemplate('{{customer.phone}} {{customer.name}}', values)).toBe('{{customer.phone}} 杭州西湖科技有限公司');
    expect(unknownMergeFields('{{customer.phone}} {{customer.name}} {{x}} {{x}}')).toEqual(['customer.phone', 'x']);
    const once = mergeTemplate('{{customer.name}} {{today}}', values);
    expect(mergeTemplate(once, { ...values, today: '2030-01-01' })).toBe(once);
  });
});

describe('CON-PLAN splitting a payment plan', () => {
  it('splits evenly in N or by percentages, always adding up to the amount', async () => {
    const { splitAmount } = await import('./contracts.js');
    expect(splitAmount(100_000, [1, 1, 1])).toEqual([33_334, 33_333, 33_333]);
    expect(splitAmount(100_001, [30, 60, 10])).toEqual([30_000, 60_001, 10_000]);
    expect(splitAmount(7, [1, 1, 1, 1])).toEqual([2, 2, 2, 1]);
    for (const n of [1, 3, 7, 12]) expect(splitAmount(123_456_789, Array(n).fill(1)).reduce((a, b) => a + b, 0)).toBe(123_456_789);
    expect(splitAmount(100, [])).toEqual([]);
  });
});
