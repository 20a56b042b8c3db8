import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { iso, parsePgTimestamp, parseTextArray, prerendered, RenderedStatements } from './client.js';

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

describe('RenderedStatements', () => {
  const dialect = new PgDialect();
  it('renders a shape once and fills in each execution’s values', () => {
    const statements = new RenderedStatements();
    let builds = 0;
    const build = () => {
      builds++;
      return sql`select ${sql.placeholder('a')}::int + ${7}::int where ${sql.placeholder('b')} and name = any(${sql.param(['x', 'y'])})`;
    };
    const first = dialect.sqlToQuery(statements.statement('k', build, { a: 1, b: true }));
    const second = dialect.sqlToQuery(statements.statement('k', build, { a: 2, b: false }));
    expect(builds).toBe(1);
    expect(second.sql).toBe(first.sql);
    expect(first.params).toEqual([1, 7, true, ['x', 'y']]);
    expect(second.params).toEqual([2, 7, false, ['x', 'y']]);
  });

  it('refuses a text holding a "$" that is not a parameter', () => {
    expect(() => new RenderedStatements().statement('k', () => sql`select '$1' || ${sql.placeholder('a')}`, { a: 'x' })).toThrow(/not a parameter/);
  });
});
