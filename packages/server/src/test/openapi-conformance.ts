import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

type Document = {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
  components?: { schemas?: Record<string, unknown> };
};

/**
 * Checks every JSON response the integration tests see against the OpenAPI document the app
 * publishes (issue 22 item 10): a response that a generated client would reject is turned into a
 * 500 naming the route and the mismatch, so the test that made the request fails on it. The zod
 * serializer already checks bodies against zod; this checks the document says the same thing.
 */
export function checkResponsesAgainstOpenApi(app: FastifyInstance): void {
  let validators: ((path: string, method: string, status: number) => ValidateFunction | null) | null = null;
  const load = () => {
    const document = app.swagger() as unknown as Document;
    const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
    (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
    ajv.addSchema({ $id: 'doc', components: document.components ?? {} });
    const cache = new Map<string, ValidateFunction | null>();
    return (path: string, method: string, status: number) => {
      const key = `${method} ${path} ${status}`;
      if (!cache.has(key)) {
        const responses = document.paths[path]?.[method]?.responses;
        const response = responses?.[String(status)] ?? responses?.default;
        if (!response) return null;
        // A status documented without a body shape accepts any body.
        const schema = response.content?.['application/json']?.schema ?? {};
        // `#/components/…` references resolve inside the registered document.
        cache.set(key, ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/'))));
      }
      return cache.get(key)!;
    };
  };
  app.addHook('onSend', async (request, reply, payload) => {
    const url = request.routeOptions.url;
    if (
      !url ||
      typeof payload !== 'string' ||
      payload === '' ||
      !String(reply.getHeader('content-type') ?? '').includes('application/json')
    )
      return payload;
    if (url === '/api/openapi.json' || !url.startsWith('/api/')) return payload;
    validators ??= load();
    const path = url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const method = request.method.toLowerCase();
    const documented = (app.swagger() as unknown as Document).paths[path]?.[method];
    if (!documented) return payload;
    const validate = validators(path, method, reply.statusCode);
    const problem = !validate
      ? `status ${reply.statusCode} is not documented`
      : validate(JSON.parse(payload))
        ? null
        : JSON.stringify(validate.errors?.slice(0, 3));
    if (!problem) return payload;
    reply.code(500);
    return JSON.stringify({
      error: {
        code: 'internal',
        message: `${request.method} ${url} ${reply.statusCode}: response does not match the OpenAPI document: ${problem}`,
      },
    });
  });
}
