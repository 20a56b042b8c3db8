import { describe, expect, it } from 'vitest';
import { iso, parsePgTimestamp } from './client.js';

describe('iso', () => {
  it('writes PostgreSQL UTC text exactly as Date#toISOString would', () => {
    for (const text of [
      '2026-11-23 05:23:22+00',
      '2026-11-23 05:23:22.1+00',
      '2026-11-23 05:23:22.18+00',
      '2026-11-23 05:23:22.182+00',
      '2026-11-23 05:23:22.182345+00',
      '2026-01-01 00:00:00.999999+00',
    ]) {
      expect(iso(text), text).toBe(parsePgTimestamp(text).toISOString());
    }
    expect(iso('2026-11-23 05:23:22.182345+00')).toBe('2026-11-23T05:23:22.182Z');
  });

  it('falls back to a Date for other offsets and takes Dates and nulls', () => {
    expect(iso('2026-11-23 13:23:22.5+08')).toBe('2026-11-23T05:23:22.500Z');
    expect(iso(new Date('2026-11-23T05:23:22.182Z'))).toBe('2026-11-23T05:23:22.182Z');
    expect(iso(null)).toBeNull();
    expect(iso(undefined)).toBeNull();
  });
});
