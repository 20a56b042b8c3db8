import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { globalRegistry, z } from 'zod';
import {
  apiErrorSchema,
  approvalRequestSchema,
  contractSchema,
  customerListItemSchema,
  customerSchema,
  invoiceSchema,
  meSchema,
  opportunitySchema,
  orderSchema,
  productSchema,
  quoteSchema,
  receiptSchema,
  userSchema,
} from '@xiaoguan/shared';
import { CSRF_HEADER, SESSION_COOKIE } from '../auth/sessions.js';

type TransformInput = Parameters<typeof jsonSchemaTransform>[0];
type RouteSchema = Record<string, unknown> & {
  response?: Record<string, unknown>;
  consumes?: string[];
  querystring?: unknown;
  params?: unknown;
  body?: unknown;
};

const ERROR = { $ref: '#/components/schemas/Error' };
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** What each documented error status means, for a generated client's reader. */
const ERROR_RESPONSES = {
  400: 'Invalid input; `error.field` names the offending field (`body.name`, `query.page`).',
  401: 'No valid session (sign in first), or a sign-in refused.',
  403: 'Signed in, but your role or record access does not allow this.',
  404: 'No such record, or not one you may see.',
  413: 'The body or the uploaded file is larger than the server accepts.',
  409: 'Changed by someone else since you read it (version mismatch), or a likely duplicate (`error.data.duplicates`).',
  422: 'A business rule refused it; `error.rule` names the rule.',
  423: 'Too many failed sign-ins: the account is locked for a while.',
  429: 'Too many requests; wait and try again.',
  500: 'An unexpected failure; `error.requestId` finds it in the server log.',
  503: 'The database is unavailable or busy; retry after the `retry-after` header.',
} as const;

/**
 * operationId from the method and path, stable across releases: `GET /api/v1/customers/{id}/contacts`
 * → `getCustomersByIdContacts`. Generated clients name their functions after it.
 */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/api(\/v1)?/, '')
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      const param = /^:(.+)$/.exec(segment) ?? /^\{(.+)\}$/.exec(segment);
      const text = param ? `by-${param[1]}` : segment;
      return text
        .split(/[-_.]/)
        .filter(Boolean)
        .map((word) => word[0]!.toUpperCase() + word.slice(1))
        .join('');
    });
  return method.toLowerCase() + (words.join('') || 'Root');
}

/** A readable one-line summary when a route declares none: "GET customers › {id} › contacts". */
function summaryOf(method: string, url: string): string {
  const path = url
    .replace(/^\/api(\/v1)?/, '')
    .split('/')
    .filter(Boolean)
    .map((segment) => segment.replace(/^:(.+)$/, '{$1}'))
    .join(' › ');
  return `${method} ${path || '/'}`;
}

/**
 * The per-route part of the OpenAPI document (issue 22 item 10): the zod schemas turned into JSON
 * Schema by fastify-type-provider-zod, plus an operationId and summary, the security the route
 * really needs (session cookie; CSRF header on writes; nothing on public routes), the error
 * responses it can give in the one error shape, and a multipart body for upload routes.
 */
export function transformRoute(input: TransformInput): ReturnType<typeof jsonSchemaTransform> {
  const result = jsonSchemaTransform(input);
  const schema = result.schema as RouteSchema | undefined;
  const source = (input.schema ?? {}) as RouteSchema;
  if (!schema || schema.hide) return result;
  const route = (input as TransformInput & { route?: { method: string | string[]; config?: { auth?: string; rateLimit?: unknown } } })
    .route;
  const methods = route ? [route.method].flat() : ['GET'];
  const method = methods.find((m) => m !== 'HEAD') ?? 'GET';
  const isPublic = route?.config?.auth === 'public';
  schema.operationId ??= operationIdOf(method, input.url);
  schema.summary ??= summaryOf(method, input.url);
  schema.security = isPublic ? [] : UNSAFE.has(method) ? [{ session: [], csrf: [] }] : [{ session: [] }];
  if (source.consumes?.includes('multipart/form-data')) {
    schema.body = {
      type: 'object',
      properties: { file: { type: 'string', format: 'binary', description: 'The file, as the form field "file".' } },
      required: ['file'],
    };
  }
  const response: Record<string, unknown> = { ...(schema.response ?? {}) };
  const has = (status: number) => String(status) in response;
  const add = (status: keyof typeof ERROR_RESPONSES) => {
    if (!has(status)) response[status] = { description: ERROR_RESPONSES[status], ...ERROR };
  };
  if (source.querystring || source.params || source.body || source.consumes) add(400);
  // Public routes too: sign-in answers a wrong password with 401.
  add(401);
  if (!isPublic) {
    add(403);
    // A path's record, or one named in the body or query (a customerId), that is gone or out of scope.
    add(404);
  }
  if (source.body || source.consumes) add(413);
  if (UNSAFE.has(method)) {
    add(409);
    add(422);
  }
  if (route?.config?.rateLimit) add(429);
  if (isPublic && input.url.endsWith('/auth/login')) add(423);
  add(500);
  add(503);
  // A route without a declared success body (a download, an attachment upload): its success statuses, body undescribed.
  if (!Object.keys(response).some((status) => status.startsWith('2'))) {
    response[200] = { description: 'Done.' };
    if (method === 'POST') response[201] = { description: 'Created.' };
  }
  schema.response = response;
  return result;
}

/**
 * The records most routes answer with, as named components a generated client imports by name
 * (`components['schemas']['Customer']`) instead of one anonymous copy per operation.
 */
const COMPONENTS = {
  Customer: customerSchema,
  CustomerListItem: customerListItemSchema,
  Opportunity: opportunitySchema,
  Quote: quoteSchema,
  Contract: contractSchema,
  Order: orderSchema,
  Receipt: receiptSchema,
  Invoice: invoiceSchema,
  Product: productSchema,
  User: userSchema,
  Me: meSchema,
  ApprovalRequest: approvalRequestSchema,
};

function registerComponents(): void {
  for (const [id, schema] of Object.entries(COMPONENTS)) if (!globalRegistry.has(schema)) globalRegistry.add(schema, { id });
}

/** @fastify/swagger options: OpenAPI 3.1 (nullable values as JSON Schema unions), security schemes, the Error schema. */
export function openapiOptions(version: string): FastifyDynamicSwaggerOptions {
  registerComponents();
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Xiaoguan (销管) API',
        version,
        description:
          'Sales management system API. Business routes under /api/v1. Sign in with POST /api/v1/auth/login: the answer sets the ' +
          `session cookie \`${SESSION_COOKIE}\` and carries \`csrfToken\`, which every write sends back in the \`${CSRF_HEADER}\` header. ` +
          'Every failure answers in one shape (`Error`).',
        license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Set by POST /api/v1/auth/login.' },
          csrf: {
            type: 'apiKey',
            in: 'header',
            name: CSRF_HEADER,
            description: 'The `csrfToken` from the login answer (or GET /api/v1/auth/me); required on POST, PUT, PATCH and DELETE.',
          },
        },
        schemas: { Error: errorJsonSchema() },
      },
    },
    transform: transformRoute as FastifyDynamicSwaggerOptions['transform'],
    transformObject: jsonSchemaTransformObject as FastifyDynamicSwaggerOptions['transformObject'],
  };
}

function errorJsonSchema(): Record<string, unknown> {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(apiErrorSchema, { target: 'draft-2020-12', io: 'output' }) as Record<
    string,
    unknown
  >;
  return { description: 'Every failure: a code, a message, and where it applies the field, the rule and extra data.', ...schema };
}
