import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import swagger from '@fastify/swagger';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { buildTestApp, type TestApp } from '../../test/harness.js';
import { checkResponsesAgainstOpenApi } from '../../test/openapi-conformance.js';
import { openapiOptions, operationIdOf } from './openapi.js';

type Operation = {
  operationId?: string;
  summary?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
};
type Document = { openapi: string; paths: Record<string, Record<string, Operation>>; components: Record<string, Record<string, unknown>> };

let t: TestApp;
let doc: Document;
beforeAll(async () => {
  t = await buildTestApp();
  doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
});
afterAll(() => t.close());

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));

describe('the OpenAPI document a generated client is built from (issue 22 item 10)', () => {
  it('passes Redocly’s recommended rules without an error', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'openapi.json', config });
    const errors = problems.filter((problem) => problem.severity === 'error');
    expect(errors.map((e) => `${e.ruleId}: ${e.message} at ${e.location[0]?.pointer}`)).toEqual([]);
  });

  it('every operation has a unique operationId and a summary; writes ask for the CSRF header, public routes for nothing', () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(150);
    const ids = ops.map(({ op }) => op.operationId);
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ops.every(({ op }) => op.summary)).toBe(true);
    const login = doc.paths['/api/v1/auth/login']!.post!;
    expect(login.security).toEqual([]);
    expect(doc.paths['/api/v1/customers']!.get!.security).toEqual([{ session: [] }]);
    expect(doc.paths['/api/v1/customers']!.post!.security).toEqual([{ session: [], csrf: [] }]);
    expect(Object.keys(doc.components.securitySchemes!)).toEqual(['session', 'csrf']);
    expect(operationIdOf('GET', '/api/v1/customers/:id/contacts')).toBe('getCustomersByIdContacts');
  });

  it('errors are documented in the one error shape: a 409 with its duplicates can be handled in typed code', () => {
    const create = doc.paths['/api/v1/customers']!.post!;
    for (const status of ['400', '401', '403', '409', '422', '503'])
      expect(create.responses[status]?.content?.['application/json']?.schema).toEqual({ $ref: '#/components/schemas/Error' });
    expect(doc.components.schemas!.Error).toMatchObject({ type: 'object', required: ['error'] });
    expect(doc.paths['/api/v1/customers/{id}']!.get!.responses['404']).toBeDefined();
  });

  it('uploads have a multipart body with the file; timestamps are date-time; nullable enums admit null', () => {
    const upload = doc.paths['/api/v1/customer-imports']!.post;
    expect(upload?.requestBody?.content['multipart/form-data']?.schema).toMatchObject({
      properties: { file: { type: 'string', format: 'binary' } },
      required: ['file'],
    });
    expect(doc.paths['/api/v1/customers/{id}']!.get!.responses['200']!.content!['application/json']!.schema).toEqual({
      $ref: '#/components/schemas/Customer',
    });
    const customer = doc.components.schemas!.Customer as { properties: Record<string, unknown> };
    expect(customer.properties.createdAt).toMatchObject({ type: 'string', format: 'date-time' });
    const gender = JSON.stringify(customer.properties.gender);
    expect(gender).toContain('"type":"null"');
    expect(gender).toContain('"female"');
    const overdue = doc.paths['/api/v1/customers']!.get! as Operation & { parameters: { name: string; schema: unknown }[] };
    expect(overdue.parameters.find((p) => p.name === 'overdue')?.schema).toEqual({ type: 'boolean' });
  });

  it('a response the document does not describe fails the test that sees it', async () => {
    const app = Fastify().withTypeProvider<ZodTypeProvider>();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    await app.register(swagger, openapiOptions('test'));
    // A status the route never declared.
    app.get('/api/v1/thing', async (_request, reply) => reply.code(207).send({ n: 1 }));
    app.get('/api/v1/fine', { schema: { response: { 200: z.object({ n: z.number() }) } } }, async () => ({ n: 1 }));
    checkResponsesAgainstOpenApi(app);
    await app.ready();
    const wrong = await app.inject({ url: '/api/v1/thing' });
    expect(wrong.statusCode).toBe(500);
    expect(wrong.json().error.message).toContain('status 207 is not documented');
    expect((await app.inject({ url: '/api/v1/fine' })).statusCode).toBe(200);
    await app.close();
  });
});
