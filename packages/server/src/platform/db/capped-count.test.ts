import { PgDialect } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { literalCount } from './capped-count.js';

describe('literalCount', () => {
  it('writes a LIMIT and OFFSET into the statement text, so its prepared plan can be kept', () => {
    const dialect = new PgDialect();
    const query = dialect.sqlToQuery(sql`select 1 from t limit ${literalCount(50)} offset ${literalCount(1e18)}`);
    expect(query.sql).toBe('select 1 from t limit 50 offset 1000000000000000000');
    expect(query.params).toEqual([]);
  });

  it('refuses anything but a whole number ≥ 0', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => literalCount(bad)).toThrow(RangeError);
  });
});
