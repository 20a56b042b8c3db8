import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fastJson from 'fast-json-stringify';
import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

/**
 * z.toJSONSchema writes a nullable as `anyOf: [X, { type: 'null' }]`; fast-json-stringify serializes
 * an anyOf by validating each branch at run time, so these become `type: [X.type, 'null']`.
 */
function simplify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(simplify);
  if (!node || typeof node !== 'object') return node;
  const schema = node as JsonSchema;
  const branches = schema.anyOf as JsonSchema[] | undefined;
  if (branches?.length === 2) {
    const nullIndex = branches.findIndex((b) => b.type === 'null' && Object.keys(b).length === 1);
    const other = branches[1 - nullIndex];
    if (nullIndex >= 0 && other && typeof other.type === 'string') {
      const { anyOf: _anyOf, ...rest } = schema;
      return simplify({ ...rest, ...other, type: [other.type, 'null'] });
    }
  }
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$schema' || key === 'format' || key === 'pattern') continue;
    out[key] = key === 'properties' ? Object.fromEntries(Object.entries(value as JsonSchema).map(([k, v]) => [k, simplify(v)])) : simplify(value);
  }
  return out;
}

/** The JSON Schema fast-json-stringify compiles for a zod response schema. */
export function serializerSchema(schema: z.ZodType): JsonSchema {
  return simplify(z.toJSONSchema(schema, { target: 'draft-7', io: 'output', unrepresentable: 'any' })) as JsonSchema;
}

/**
 * A compiled serializer for a hot route's response: the schema's fields only (anything else on the
 * object is left out, as zod's parse would), written without a generic walk of the object. Under
 * test it also checks the value against the zod schema, so a response that breaks its contract
 * fails the suite just as it does on the routes serialized by fastify-type-provider-zod.
 */
export function compileSerializer(schema: z.ZodType): (data: unknown) => string {
  const stringify = fastJson(serializerSchema(schema) as unknown as Parameters<typeof fastJson>[0]);
  if (process.env.NODE_ENV !== 'test') return stringify;
  return (data) => {
    const checked = schema.safeParse(data);
    if (!checked.success) throw new Error(`response does not match its schema: ${z.prettifyError(checked.error)}`);
    return stringify(data);
  };
}

// A body's entity tag, computed once per Buffer (a kept page is the same Buffer every time).
const tags = new WeakMap<Buffer, string>();
const entityTag = (body: Buffer) => tags.get(body) ?? tags.set(body, `"${crypto.createHash('sha1').update(body).digest('base64url')}"`).get(body)!;

/**
 * Sends a body that is already JSON (a compiled serializer's output, or a kept page) as it is: a
 * string or Buffer payload with a JSON content type skips the route's serializer.
 *
 * With the request, a Buffer body also gets an entity tag, and a request that already holds it
 * (If-None-Match, which the browser sends by itself when it has the earlier answer) gets 304 and
 * no body: a refetch of an unchanged list page costs a few hundred bytes instead of its 30 KB.
 * `private, no-cache`: the browser keeps it for this user only, and always asks again.
 */
export function sendJson(reply: unknown, body: Buffer | string, request?: FastifyRequest): FastifyReply {
  const r = reply as FastifyReply;
  if (request && typeof body !== 'string') {
    const tag = entityTag(body);
    r.header('etag', tag).header('cache-control', 'private, no-cache');
    if (request.headers['if-none-match'] === tag) return r.code(304).send();
  }
  return r.type('application/json; charset=utf-8').send(body);
}
