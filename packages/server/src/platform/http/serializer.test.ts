import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileSerializer, serializerSchema } from './serializer.js';
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

describe('compiled response serializer', () => {
  it('writes what JSON.stringify of the zod-parsed value writes', () => {
    const value = { items: [{ id: '1', name: '华东"客户"\n', tier: null, tags: ['a', '引号"'], flags: { claim: true }, nested: { n: null } }], total: 1 };
    expect(JSON.parse(compileSerializer(page)(value))).toEqual(page.parse(value));
  });

  it('leaves out fields the schema does not have (nothing leaks past the contract)', () => {
    const value = { items: [{ id: '1', name: 'x', tier: 'A', tags: [], flags: {}, nested: { n: 1 }, email: 'secret@example.com' }], total: 1, debug: 'x' };
    const written = compileSerializer(page)(value);
    expect(written).not.toContain('secret');
    expect(written).not.toContain('debug');
  });

  it('turns nullable unions into type lists (no run-time branch validation)', () => {
    const schema = serializerSchema(item) as { properties: Record<string, { type?: unknown; anyOf?: unknown }> };
    expect(schema.properties.name).toMatchObject({ type: ['string', 'null'] });
    expect(schema.properties.tier).toMatchObject({ type: ['string', 'null'] });
    expect(schema.properties.name!.anyOf).toBeUndefined();
  });

  it('under test, a value that breaks the schema fails loudly', () => {
    expect(() => compileSerializer(page)({ items: [{ id: 1 }], total: 1 })).toThrow(/does not match its schema/);
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
