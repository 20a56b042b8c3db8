import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { responseWriter } from './serializer.js';
import { helmetHeaders } from './security-headers.js';

const item = z.object({
  id: z.string(),
  name: z.string().nullable(),
  tier: z.enum(['A', 'B', 'C']).nullable(),
  tags: z.array(z.string()),
  flags: z.record(z.string(), z.boolean()),
  nested: z.object({ n: z.number().int().nullable() }),
});
const page = z.object({ items: z.array(item), total: z.number().int(), capped: z.boolean().optional() });

describe('response writer', () => {
  it('writes what JSON.stringify of the zod-parsed value writes', () => {
    const value = { items: [{ id: '1', name: '华东"客户"\n', tier: null, tags: ['a', '引号"'], flags: { claim: true }, nested: { n: null } }], total: 1 };
    expect(JSON.parse(responseWriter(page)(value))).toEqual(page.parse(value));
  });

  it('under test, a field the schema does not have fails loudly (nothing leaks past the contract)', () => {
    const value = { items: [{ id: '1', name: 'x', tier: 'A', tags: [], flags: {}, nested: { n: 1 }, email: 'secret@example.com' }], total: 1 };
    expect(() => responseWriter(page)(value)).toThrow(/fields its schema does not have/);
    expect(() => responseWriter(page)({ ...value, items: [], debug: 'x' })).toThrow(/fields its schema does not have/);
    expect(JSON.parse(responseWriter(page)({ ...value, items: [] }))).toEqual({ items: [], total: 1 });
  });

  it('under test, a value that breaks the schema fails loudly', () => {
    expect(() => responseWriter(page)({ items: [{ id: 1 }], total: 1 })).toThrow(/does not match its schema/);
  });
});

describe('security headers', () => {
  it('are helmet’s, computed once, with our CSP', () => {
    const headers = helmetHeaders();
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['strict-transport-security']).toBeDefined();
  });
});
