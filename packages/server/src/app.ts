import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { openapiOptions } from './platform/http/openapi.js';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from './platform/config.js';
import type { Database } from './platform/db/client.js';
import './platform/types.js';
import { registerErrorHandler } from './platform/errors.js';
import { registerSecurityHeaders } from './platform/http/security-headers.js';
import { safeTextValidatorCompiler } from './platform/http/validation.js';
import { authPlugin } from './platform/auth/auth.plugin.js';
import { authRoutes } from './platform/auth/auth.routes.js';
import { auditRoutes } from './platform/audit/audit.routes.js';
import { settingsRoutes } from './platform/settings/settings.routes.js';
import { jobsRoutes } from './platform/jobs/jobs.routes.js';
import { bulkJobsRoutes } from './platform/jobs/bulk-jobs.js';
import { notificationsRoutes } from './platform/notifications/notifications.routes.js';
import { approvalsRoutes } from './platform/approvals/approvals.routes.js';
import { viewsRoutes } from './platform/views/views.routes.js';
import { auditAccess } from './platform/audit/audit.access.js';
import { approvalsAccess } from './platform/approvals/approvals.access.js';
import { settingsAccess } from './platform/settings/settings.access.js';
import { registerModules, type AccessDeclaration } from './platform/manifest/index.js';
import { searchRoutes } from './platform/search/index.js';
import { MODULES } from './modules/index.js';
import { customersAccess } from './modules/customers/index.js';
import { seesOthers } from './platform/access/access.js';
import { registerStaticAssets } from './platform/http/static-assets.js';

export interface BuildOptions {
  config: Config;
  db: Database;
  databaseMode: 'embedded' | 'external';
  logger?: FastifyServerOptions['logger'];
}

/** The platform's own access declarations; the modules' come from their manifests. */
const PLATFORM_ACCESS: readonly AccessDeclaration[] = [auditAccess, approvalsAccess, settingsAccess];

/** Builds the app: platform plugins and routes first, then the modules of MODULES in their order. */
export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  // Refuses to boot on a module list out of dependency order; registers approval subjects and slots.
  const modules = registerModules(MODULES);
  const app = Fastify({
    logger: options.logger ?? { level: options.config.logLevel },
    trustProxy: options.config.trustProxy,
    // The request id goes into logs and the audit trail, so it is the server's own, never a client's
    // header (issue 14 item 13): a client could otherwise forge or collide ids in the audit trail.
    requestIdHeader: false,
    genReqId: () => crypto.randomUUID(),
    bodyLimit: 1024 * 1024,
    // The router's own errors (a path that is not valid percent-encoding) in the one error shape, naming the path.
    frameworkErrors: (error, request, reply) => {
      void (reply as FastifyReply)
        .code(400)
        .send({ error: { code: 'validation', message: `params: ${error.message}`, field: 'params', requestId: request.id } });
    },
  });
  app.setValidatorCompiler(safeTextValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('db', options.db);
  app.decorate('config', options.config);
  app.decorate('databaseMode', options.databaseMode);
  const dist = options.config.webDist;
  const spaShell = dist && fs.existsSync(path.join(dist, 'index.html')) ? fs.readFileSync(path.join(dist, 'index.html')) : null;
  // The public survey answer page is its own small entry (issue 20 item 6: a phone answers within a second).
  const surveyShell = dist && fs.existsSync(path.join(dist, 'survey.html')) ? fs.readFileSync(path.join(dist, 'survey.html')) : null;
  registerErrorHandler(app, spaShell, surveyShell ? [{ prefix: '/s/', html: surveyShell }] : []);

  registerSecurityHeaders(app);
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: 200 * 1024 * 1024, files: 1 } });
  await app.register(swagger, openapiOptions('0.1.0'));
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });
  await app.register(authPlugin);

  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/health',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['platform'],
        response: {
          200: z.object({
            status: z.literal('ok'),
            database: z.enum(['embedded', 'external']),
            version: z.string(),
            uptimeSeconds: z.number(),
          }),
          503: z.object({
            status: z.literal('unavailable'),
            database: z.literal('down'),
            message: z.string(),
            version: z.string(),
            uptimeSeconds: z.number(),
          }),
        },
      },
    },
    async (request, reply) => {
      try {
        await app.db.$client.query('select 1');
      } catch (error) {
        // Down, restarting, or no free connection: the process itself is alive and says so (issue 14, item 3).
        request.log.warn({ err: error }, 'health: database unavailable');
        return reply
          .code(503)
          .header('retry-after', '2')
          .send({
            status: 'unavailable' as const,
            database: 'down' as const,
            message: String(error instanceof Error ? error.message : error),
            version: '0.1.0',
            uptimeSeconds: Math.round(process.uptime()),
          });
      }
      return { status: 'ok' as const, database: app.databaseMode, version: '0.1.0', uptimeSeconds: Math.round(process.uptime()) };
    },
  );
  r.get('/api/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => app.swagger());

  await app.register(
    async (api) => {
      await api.register(authRoutes, {
        access: [...PLATFORM_ACCESS, ...modules.flatMap((module) => module.access)],
        // Customers, opportunities, quotes, orders and contracts grant the same roles read beyond their own: the customers' scope answers for all.
        seesOthers: (actor) => seesOthers(customersAccess, actor, 'read'),
      });
      await api.register(auditRoutes);
      await api.register(settingsRoutes);
      await api.register(jobsRoutes);
      await api.register(bulkJobsRoutes);
      await api.register(notificationsRoutes);
      await api.register(approvalsRoutes);
      await api.register(viewsRoutes);
      await api.register(searchRoutes);
      for (const module of modules) for (const routes of module.routes) await api.register(routes);
    },
    { prefix: '/api/v1' },
  );

  if (dist && spaShell) {
    // Built assets; client-side routes fall through to the not-found handler, which sends the SPA shell.
    await registerStaticAssets(app, dist);
  }
  return app;
}
