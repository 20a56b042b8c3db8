import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { iso, parsePgTimestamp, parseTextArray, prerendered } from './client.js';

describe('iso', () => {
  it('writes PostgreSQL UTC text exactly as Date#toISOString would', () => {
    for (const text of ['2026-11-23 05:23:22+00', '2026-11-23 05:23:22.1+00', '2026-11-23 05:23:22.18+00', '2026-11-23 05:23:22.182+00', '2026-11-23 05:23:22.182345+00', '2026-01-01 00:00:00.999999+00']) {
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

describe('prerendered', () => {
  it('renders a constant fragment to the same text once', () => {
    const fragment = sql`${sql.identifier('customers')}.${sql.identifier('name')} as "name"`;
    expect(prerendered(fragment).queryChunks).toHaveLength(1);
  });

  it('refuses a fragment with parameters (they would be baked into the text)', () => {
    expect(() => prerendered(sql`name = ${'x'}`)).toThrow(/parameters/);
  });
});

describe('parseTextArray', () => {
  it('splits bare elements and hands quoted ones, nulls and nesting to the full parser', () => {
    expect(parseTextArray('{}')).toEqual([]);
    expect(parseTextArray('{有预算,重点客户,vip}')).toEqual(['有预算', '重点客户', 'vip']);
    expect(parseTextArray('{a,NULL,b}')).toEqual(['a', null, 'b']);
    expect(parseTextArray('{"a,b","x y","",NULL,"NULL","引号\\"","back\\\\slash",有预算}')).toEqual(['a,b', 'x y', '', null, 'NULL', '引号"', 'back\\slash', '有预算']);
  });
});
