import { describe, expect, it } from 'vitest';
import { counterKey, formatNumber, validatePattern } from './numbering.js';

describe('document numbers', () => {
  it('formats HT-{YYYY}-{SEQ:6}', () => {
    expect(formatNumber('HT-{YYYY}-{SEQ:6}', 2026, 3, 123)).toBe('HT-2026-000123');
    expect(formatNumber('Q{YY}{MM}-{SEQ:4}', 2026, 3, 7)).toBe('Q2603-0007');
    expect(formatNumber('N-{SEQ}', 2026, 3, 1234567)).toBe('N-1234567');
  });
  it('restarts the counter per year or month only when the pattern shows it', () => {
    expect(counterKey('contract', 'HT-{YYYY}-{SEQ:6}', 2026, 3)).toBe('contract:2026');
    expect(counterKey('contract', 'HT-{YY}{MM}-{SEQ:6}', 2026, 3)).toBe('contract:2026-3');
    expect(counterKey('contract', 'HT-{SEQ:6}', 2026, 3)).toBe('contract');
  });
  it('refuses a pattern without a counter', () => {
    expect(() => validatePattern('numberPattern', 'HT-{YYYY}')).toThrow(/SEQ/);
  });
});
