import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, type Client, type TestApp } from './harness.js';

/**
 * Route fuzz (issue 14): every operation of the OpenAPI document, as admin, director and rep, with
 * malformed path params, query params and bodies — wrong types, bounds, NUL / unpaired surrogates /
 * control characters, huge and deeply nested input, impossible dates, unknown enums, overflowing
 * money and versions, random uuids. Passes when no response is 5xx, the app still serves after each
 * operation, and every 400 names its field.
 *
 * Seeded: the seed is printed; `FUZZ_SEED=<n>` replays a run. `FUZZ_ROUNDS` (default 6 per operation
 * and role) makes it longer: `npm run test:fuzz` runs 40.
 */

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const ROUNDS = Math.max(1, Number(process.env.FUZZ_ROUNDS ?? 6));
/** Enough for a long run on a busy machine (the suite's 30 s default is for single requests). */
const TIMEOUT_MS = Math.max(600_000, ROUNDS * 30_000);
const ROLES = ['admin', 'director', 'rep'] as const;
/** Operations that would end the fuzzing sessions themselves. */
const SKIP = [/\/auth\/logout$/, /\/auth\/sessions/, /\/auth\/login$/];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: Json[];
  const?: Json;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  default?: Json;
  additionalProperties?: boolean | JsonSchema;
}
interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: JsonSchema;
}
interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body: JsonSchema | null;
}

/** mulberry32: small, fast, and the same sequence for the same seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Gen {
  constructor(readonly random: () => number) {}
  chance(p: number): boolean {
    return this.random() < p;
  }
  int(min: number, max: number): number {
    return Math.floor(this.random() * (max - min + 1)) + min;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }
  uuid(): string {
    const hex = () => this.int(0, 15).toString(16);
    const part = (n: number) => Array.from({ length: n }, hex).join('');
    return `${part(8)}-${part(4)}-4${part(3)}-${this.pick(['8', '9', 'a', 'b'])}${part(3)}-${part(12)}`;
  }
  word(): string {
    return this.pick([
      'a',
      '张三',
      'Acme',
      '华东',
      'x y',
      '测试客户',
      '13800138000',
      'test@example.com',
      '=1+1',
      "O'Brien",
      '%',
      '_',
      '\\',
      '"',
    ]);
  }
}

/** Strings no field should accept or choke on. */
const NASTY_STRINGS: Json[] = [
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '\u0007bell',
  '\u001B[31m',
  '\u007F',
  'line\nbreak',
  '\t',
  '',
  ' ',
  '%00',
  "'; drop table customers; --",
  '../../etc/passwd',
  '${jndi:ldap://x}',
  '0000-01-01',
  '2026-02-30',
  '2026-13-01',
  '0000-01-01T00:00:00Z',
  '2026-02-30T00:00:00Z',
  '99999-01-01',
  '9999-12-31T23:59:59.999Z',
  'NaN',
  '-1',
  '1e400',
  'true',
  'null',
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  '\u202Eevil',
  '😀'.repeat(3),
];
const NASTY_NUMBERS: Json[] = [
  0,
  -1,
  1.5,
  -0.5,
  2 ** 31,
  2 ** 31 - 1,
  -(2 ** 31),
  2 ** 53 - 1,
  2 ** 53,
  -(2 ** 53),
  10 ** 13 + 1,
  1e308,
  -1e308,
  9007199254740991,
];

/** A value for a schema: mostly plausible, often wrong in one of the ways above. */
function valueFor(g: Gen, schema: JsonSchema | undefined, depth: number, ids: string[], noise = 0.12): Json {
  if (!schema) return g.word();
  if (depth > 6) return null;
  if (g.chance(noise)) return nasty(g, depth);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return g.chance(noise) ? 'not_an_option' : g.pick(schema.enum);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length) return valueFor(g, g.pick(variants), depth, ids, noise);
  if (schema.allOf?.length) return valueFor(g, schema.allOf[0], depth, ids, noise);
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : ['string'];
  const type = g.pick(types);
  switch (type) {
    case 'null':
      return null;
    case 'boolean':
      return g.chance(0.5);
    case 'integer':
    case 'number': {
      if (g.chance(noise * 2.5)) return g.pick(NASTY_NUMBERS);
      const min = Math.max(schema.minimum ?? -1000, -1e6);
      const max = Math.min(schema.maximum ?? 1_000_000, 1e9);
      const n = g.int(Math.ceil(min), Math.floor(Math.max(min, max)));
      return type === 'number' && g.chance(0.3) ? n + 0.25 : n;
    }
    case 'array': {
      const min = schema.minItems ?? 0;
      // An oversized array near the top, of plausible items: oversized values nested in each other
      // (2,000 × 2,000 × 200,000 characters) would only test the fuzzer's own memory.
      const long = depth <= 2 && g.chance(noise / 2);
      const length = long ? 2000 : g.int(min, Math.min(schema.maxItems ?? 3, min + 3));
      return Array.from({ length }, () => valueFor(g, schema.items, depth + 1, ids, long ? 0 : noise));
    }
    case 'object': {
      const out: Record<string, Json> = {};
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        const required = schema.required?.includes(key);
        if (required ? g.chance(1 - noise / 2) : g.chance(0.6)) out[key] = valueFor(g, property, depth + 1, ids, noise);
      }
      if (g.chance(noise / 2)) out['unknown\u0000key'] = 1;
      return out;
    }
    default: {
      if (schema.format === 'uuid') return g.chance(0.4) && ids.length ? g.pick(ids) : g.uuid();
      if (schema.format === 'date')
        return noise === 0
          ? '2026-06-15'
          : g.pick(['2026-01-15', '2026-12-31', '2024-02-29', '0000-01-01', '2026-02-30', '1899-12-31', '10000-01-01']);
      if (schema.format === 'date-time')
        return noise === 0
          ? '2026-06-15T08:00:00Z'
          : g.pick(['2026-06-01T08:00:00Z', '2026-06-01T08:00:00+08:00', '0000-01-01T00:00:00Z', '2026-02-30T00:00:00Z']);
      if (schema.format === 'email') return noise === 0 ? 'a@b.cn' : g.pick(['a@b.cn', 'x@example.com', '@', 'a@\u0000.cn']);
      if (depth <= 2 && g.chance(noise / 4)) return 'x'.repeat(200_000);
      const text = g.word();
      return schema.minLength && text.length < schema.minLength ? text.padEnd(schema.minLength, 'x') : text;
    }
  }
}

function nasty(g: Gen, depth: number): Json {
  switch (g.int(0, 5)) {
    case 0:
      return g.pick(NASTY_NUMBERS);
    case 1:
      return deep(g.int(50, 3000));
    case 2:
      return depth === 0 ? g.pick([[], 'x', 1]) : {};
    case 3:
      return null;
    default:
      return g.pick(NASTY_STRINGS);
  }
}

function deep(levels: number): Json {
  let value: Json = 'bottom';
  for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

/** A query-string value: a plausible one from the schema, or raw bytes no decoder should trip on. */
function queryValue(g: Gen, schema: JsonSchema | undefined, ids: string[], noise = 0.25): string {
  if (g.chance(noise))
    return g.pick([
      '%00',
      'a%00b',
      '%ED%A0%80',
      '%C0%80',
      '%FF',
      '%',
      '%%',
      '%1B',
      'x'.repeat(5000),
      '-1',
      '0',
      '2147483648',
      '9007199254740993',
      '1e20',
      '1e400',
      'NaN',
      'true',
      'false',
      'yes',
      '0000-01-01',
      '2026-02-30',
      '[]',
      '{}',
    ]);
  const value = valueFor(g, schema, 1, ids, noise / 2);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80'; // an unpaired surrogate cannot be percent-encoded as UTF-8; send its CESU bytes
  }
}

function pathValue(g: Gen, schema: JsonSchema | undefined, ids: string[]): string {
  const roll = g.random();
  if (roll < 0.45 && ids.length) return g.pick(ids);
  if (roll < 0.75) return g.uuid();
  if (roll < 0.85) return queryValue(g, schema, ids);
  return g.pick([
    'not-a-uuid',
    '%00',
    '0',
    '-1',
    '2147483648',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    'x'.repeat(300),
    '%ED%A0%80',
  ]);
}

function operationsOf(document: {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
}): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      if (SKIP.some((skip) => skip.test(path))) continue;
      operations.push({
        method: method.toUpperCase(),
        path,
        parameters: operation.parameters ?? [],
        body: operation.requestBody?.content?.['application/json']?.schema ?? null,
      });
    }
  }
  return operations;
}

let t: TestApp;
let clients: Record<(typeof ROLES)[number], Client>;
let operations: Operation[] = [];
/** Real record ids seen in responses, so the fuzz reaches past "not found" too. */
const ids: string[] = [];
const protectedIds = new Set<string>();
const tally = { requests: 0, serverErrors: 0, crashes: 0, unnamed400: 0 };
const findings: string[] = [];

function harvest(response: LightMyRequestResponse): void {
  if (ids.length > 400 || !response.headers['content-type']?.toString().includes('json')) return;
  const found = response.body.match(/"id":"[0-9a-f-]{36}"/g) ?? [];
  for (const match of found.slice(0, 5)) {
    const id = match.slice(6, -1);
    if (!protectedIds.has(id) && !ids.includes(id)) ids.push(id);
  }
}

async function check(client: Client, who: string, operation: Operation, url: string, body: string | undefined): Promise<void> {
  const response = await client.request({
    method: operation.method as 'GET',
    url,
    ...(body === undefined ? {} : { payload: body, headers: { 'content-type': 'application/json' } }),
  });
  tally.requests++;
  harvest(response);
  const what = `${who} ${operation.method} ${url.slice(0, 200)} ${body?.slice(0, 300) ?? ''}`;
  if (response.statusCode >= 500) {
    tally.serverErrors++;
    findings.push(`${response.statusCode} ${what} → ${response.body.slice(0, 200)}`);
  } else if (response.statusCode === 400 && !response.json().error?.field) {
    tally.unnamed400++;
    findings.push(`400 without field: ${what} → ${response.body.slice(0, 200)}`);
  }
}

async function checkServing(index: number, operation: Operation): Promise<void> {
  const health = await t.app.inject({ method: 'GET', url: '/api/health' });
  if (health.statusCode !== 200) {
    tally.crashes++;
    findings.push(`not serving after operation ${index} ${operation.method} ${operation.path}: ${health.statusCode}`);
  }
}

/** A crash would be an uncaught exception in this process (as the unhandled export 'error' was). */
const onCrash = (error: unknown) => {
  tally.crashes++;
  findings.push(`uncaught: ${String(error).slice(0, 300)}`);
};

beforeAll(async () => {
  process.on('uncaughtException', onCrash);
  console.log(`route fuzz: FUZZ_SEED=${SEED} FUZZ_ROUNDS=${ROUNDS}`);
  t = await buildTestApp();
  clients = { admin: await t.loginAs('admin'), director: await t.loginAs('director'), rep: await t.loginAs('rep') };
  for (const role of ROLES) protectedIds.add(clients[role].userId);
  operations = operationsOf((await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json());
  // Seed the id pool from the lists every role can read.
  for (const url of [
    '/api/v1/customers',
    '/api/v1/opportunities',
    '/api/v1/quotes',
    '/api/v1/contracts',
    '/api/v1/products',
    '/api/v1/orders',
    '/api/v1/receipts',
    '/api/v1/org-units',
  ])
    harvest(await clients.director.get(url));
}, 120_000);

afterAll(async () => {
  process.off('uncaughtException', onCrash);
  console.log(
    `route fuzz: FUZZ_SEED=${SEED} FUZZ_ROUNDS=${ROUNDS}: ${operations.length} operations, ${tally.requests} requests, ${tally.serverErrors} 5xx, ${tally.crashes} crashes, ${tally.unnamed400} 400s without a field`,
  );
  for (const finding of findings.slice(0, 50)) console.log(`  ${finding}`);
  await t?.close();
});

describe('route fuzz over the OpenAPI document', () => {
  it('covers every operation of the document', () => {
    expect(operations.length).toBeGreaterThan(150);
  });

  it(
    'a sweep: each query parameter and body field in turn set to NUL, an unpaired surrogate, int4 + 1, year 0000, 10^13 + 1 cents',
    async () => {
      const g = new Gen(prng(SEED ^ 0x5eed));
      for (const [index, operation] of operations.entries()) {
        const client = clients[index % 2 ? 'admin' : 'director'];
        const fill = (name: string) => pathValue(g, operation.parameters.find((p) => p.in === 'path' && p.name === name)?.schema, ids);
        const plainQuery = () =>
          operation.parameters
            .filter((p) => p.in === 'query' && p.required)
            .map((p) => `${encodeURIComponent(p.name)}=${queryValue(g, p.schema, ids, 0)}`);
        for (const parameter of operation.parameters.filter((p) => p.in === 'query')) {
          for (const bad of ['%00', '%ED%A0%80', 'a%07b', '2147483648', '9007199254740993', '1e20', '0000-01-01', '2026-02-30']) {
            const query = [
              ...plainQuery().filter((q) => !q.startsWith(`${encodeURIComponent(parameter.name)}=`)),
              `${encodeURIComponent(parameter.name)}=${bad}`,
            ];
            await check(
              client,
              'sweep',
              operation,
              `${operation.path.replace(/\{(\w+)\}/g, (_m, name: string) => fill(name))}?${query.join('&')}`,
              undefined,
            );
          }
        }
        const properties = Object.keys(operation.body?.properties ?? {});
        if (operation.method !== 'GET' && operation.method !== 'DELETE' && operation.body) {
          for (const property of properties) {
            for (const bad of [
              'a\u0000b',
              '\uD800',
              'a\u0007b',
              2 ** 31,
              10 ** 13 + 1,
              '0000-01-01',
              '2026-02-30T00:00:00Z',
              deep(200),
            ] as Json[]) {
              const body = { ...(valueFor(g, operation.body, 0, ids, 0) as Record<string, Json>), [property]: bad };
              await check(
                client,
                'sweep',
                operation,
                operation.path.replace(/\{(\w+)\}/g, (_m, name: string) => fill(name)),
                JSON.stringify(body),
              );
            }
          }
        }
        await checkServing(index, operation);
      }
      expect(findings, `FUZZ_SEED=${SEED}`).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'no 5xx, still serving after every operation, every 400 names its field',
    async () => {
      const g = new Gen(prng(SEED));
      for (const [index, operation] of operations.entries()) {
        for (const role of ROLES) {
          for (let round = 0; round < ROUNDS; round++) {
            let url = operation.path.replace(/\{(\w+)\}/g, (_m, name: string) =>
              pathValue(g, operation.parameters.find((p) => p.in === 'path' && p.name === name)?.schema, ids),
            );
            const query = operation.parameters
              .filter((p) => p.in === 'query' && (p.required || g.chance(0.5)))
              .map((p) => `${encodeURIComponent(p.name)}=${queryValue(g, p.schema, ids)}`);
            if (g.chance(0.05)) query.push('unknown=%00');
            if (query.length) url += `?${query.join('&')}`;
            const withBody = operation.method !== 'GET' && operation.method !== 'DELETE' && (operation.body || g.chance(0.2));
            const body = withBody ? JSON.stringify(valueFor(g, operation.body ?? undefined, 0, ids)) : undefined;
            await check(clients[role], role, operation, url, body);
          }
        }
        await checkServing(index, operation);
      }
      expect(findings, `FUZZ_SEED=${SEED}`).toEqual([]);
    },
    TIMEOUT_MS,
  );
});
