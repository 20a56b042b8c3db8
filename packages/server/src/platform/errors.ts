import type { FastifyError, FastifyInstance } from 'fastify';
import type { ErrorCode } from '@xiaoguan/shared';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { databaseErrorOf, UNAVAILABLE_MESSAGES, unavailableReason } from './db/db-errors.js';
import { isClientRoute } from './http/static-assets.js';

const STATUS: Record<ErrorCode, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rule: 422,
  locked: 423,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

/** The one error type: a code that maps to HTTP, the offending field, the rule that said no. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { field?: string; rule?: string; data?: Record<string, unknown> } = {},
  ) {
    super(message);
  }
  get status(): number {
    return STATUS[this.code];
  }
}

export const badRequest = (field: string, message: string) => new AppError('validation', message, { field });
export const notFound = (what = 'record') => new AppError('not_found', `${what} not found`);
export const forbidden = (message = 'not allowed') => new AppError('forbidden', message);
export const conflict = (message = 'the record was changed by someone else; reload and try again') => new AppError('conflict', message);
export const ruleViolation = (rule: string, message: string) => new AppError('rule', message, { rule });

/**
 * A database error as an answer, wherever it came from (Drizzle wraps pg's error in `cause`): a
 * unique key taken by a concurrent create → 409, a reference that is gone or still in use → 422 /
 * 409, a serialization failure or deadlock left after the transaction's retries
 * (platform/db/transactions.ts) → 409, a database that cannot serve now → 503.
 */
export function fromDatabase(error: unknown): AppError | null {
  const unavailable = unavailableReason(error);
  if (unavailable) return new AppError('unavailable', UNAVAILABLE_MESSAGES[unavailable], { data: { reason: unavailable } });
  const pgError = databaseErrorOf(error);
  if (!pgError) return null;
  switch (pgError.code) {
    case '23505':
      return new AppError('conflict', `already exists${pgError.detail ? `: ${pgError.detail}` : ''}`, {
        field: pgError.constraint,
      });
    case '23503':
      return pgError.detail?.includes('is still referenced')
        ? new AppError('conflict', 'the record is still used by other records', { field: pgError.constraint })
        : new AppError('rule', 'refers to a record that does not exist (it may have just been deleted)', { field: pgError.constraint });
    case '40001':
    case '40P01':
      return new AppError('conflict', 'a concurrent change got there first; try again');
    default:
      return null;
  }
}

/** A page of the built web app with its own entry, sent for client-side routes under `prefix` instead of the SPA shell. */
export interface PageShell {
  prefix: string;
  html: Buffer;
}

/**
 * `spaShell`: the built web app's index.html, sent for client-side routes (GET, not /api);
 * `pages`: entries of their own (the public survey page), chosen by path prefix first.
 */
export function registerErrorHandler(app: FastifyInstance, spaShell: Buffer | null = null, pages: readonly PageShell[] = []): void {
  app.setNotFoundHandler((request, reply) => {
    if (request.method === 'GET' && isClientRoute(request.url)) {
      const page = pages.find((p) => request.url.startsWith(p.prefix));
      const html = page?.html ?? spaShell;
      if (html) return reply.type('text/html').header('cache-control', 'no-cache').send(html);
    }
    return reply
      .code(404)
      .header('cache-control', 'no-store')
      .send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}`, requestId: request.id } });
  });
  app.setErrorHandler((error: FastifyError & { code?: string }, request, reply) => {
    const requestId = request.id;
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issue = error.validation[0];
      const where = error.validationContext ?? 'body';
      const pathParts = String(issue?.instancePath ?? '')
        .split('/')
        .filter(Boolean);
      const field = [where, ...pathParts].join('.');
      return reply.code(400).send({
        error: { code: 'validation', message: `${field}: ${issue?.message ?? 'invalid'}`, field, requestId },
      });
    }
    if (error instanceof AppError) {
      if (error.status >= 500) request.log.error({ err: error }, 'application error');
      return reply.code(error.status).send({ error: { code: error.code, message: error.message, ...error.details, requestId } });
    }
    const pgError = fromDatabase(error);
    if (pgError) {
      if (pgError.status >= 500) {
        request.log.warn({ err: error }, pgError.message);
        reply.header('retry-after', '2');
      }
      return reply.code(pgError.status).send({ error: { code: pgError.code, message: pgError.message, ...pgError.details, requestId } });
    }
    if (error.statusCode === 429) {
      return reply.code(429).send({ error: { code: 'rate_limited', message: 'too many requests; wait and try again', requestId } });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500 && !isResponseSerializationError(error)) {
      // Fastify's own client errors: malformed JSON, wrong content type, body too large …
      const field = error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error.code?.startsWith('FST_ERR_CTP') ? 'body' : undefined;
      return reply.code(error.statusCode).send({
        error: { code: error.statusCode === 404 ? 'not_found' : 'validation', message: error.message, field, requestId },
      });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({ error: { code: 'internal', message: 'internal error', requestId } });
  });
}
