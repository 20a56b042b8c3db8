import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * A route's `onSend` hook: its JSON answer gets an entity tag and `private, no-cache` (the browser
 * keeps it for this user only and always asks again, sending the tag by itself as If-None-Match).
 * A request that already holds the tag of the answer gets 304 and no body: a refetch of an unchanged
 * list page costs a few hundred bytes instead of its 30 KB.
 */
export async function privateEntityTag(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if (reply.statusCode !== 200 || typeof payload !== 'string') return payload;
  const tag = `"${crypto.createHash('sha1').update(payload).digest('base64url')}"`;
  reply.header('etag', tag).header('cache-control', 'private, no-cache');
  if (request.headers['if-none-match'] !== tag) return payload;
  reply.code(304);
  return '';
}
