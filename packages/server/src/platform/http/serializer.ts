import crypto from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

/**
 * The JSON writer of a hot route's response, built by its service from object literals typed with
 * the DTO (TypeScript rejects a field the DTO lacks in such a literal): V8's own JSON.stringify.
 * fast-json-stringify, which wrote only the schema's fields, builds the same text by concatenating
 * hundreds of pieces; for a customer page of 50 that was 110 KB of short-lived strings a request
 * (a quarter of the request's allocations), and the garbage collector's work showed in the search's
 * p95 (see the customers module README). Under test the writer checks the value against the zod
 * schema and that it holds nothing the schema lacks, so a response that breaks its contract, or
 * carries a field past it, fails the suite.
 */
export function responseWriter(schema: z.ZodType): (data: unknown) => string {
  if (process.env.NODE_ENV !== 'test') return JSON.stringify;
  return (data) => {
    const checked = schema.safeParse(data);
    if (!checked.success) throw new Error(`response does not match its schema: ${z.prettifyError(checked.error)}`);
    const written = JSON.stringify(data);
    // zod's parse leaves out what the schema lacks: anything more in the value would go out.
    if (!isDeepStrictEqual(JSON.parse(written), JSON.parse(JSON.stringify(checked.data)))) throw new Error('response carries fields its schema does not have');
    return written;
  };
}

// A body's entity tag, computed once per Buffer (a kept page is the same Buffer every time).
const tags = new WeakMap<Buffer, string>();
const entityTag = (body: Buffer) => tags.get(body) ?? tags.set(body, `"${crypto.createHash('sha1').update(body).digest('base64url')}"`).get(body)!;

/**
 * Sends a body that is already JSON (a response writer's output, or a kept page) as it is: a
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
