import { describe, expect, it } from 'vitest';
import { escapeFormula, toCsv } from './export.js';

describe('export cells are safe against formula injection', () => {
  it('prefixes cells beginning with = + - @ tab or CR', () => {
    for (const dangerous of ['=1+1', '+86 138', '-2', '@SUM(A1)', '\tx', '\rx']) expect(escapeFormula(dangerous)).toBe(`'${dangerous}`);
    expect(escapeFormula('张三')).toBe('张三');
    expect(escapeFormula(null)).toBe('');
  });
  it('writes a BOM and quotes commas and quotes', () => {
    expect(toCsv(['a', 'b'], [['x,y', 'say "hi"']])).toBe('\uFEFFa,b\n"x,y","say ""hi"""\n');
  });
});
