import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { readUploadedFile } from '../../platform/files/upload.js';
import { z } from 'zod';
import {
  auditPlanInputSchema,
  auditPlanRowSchema,
  auditPlanSchema,
  auditPlanUpdateSchema,
  confidentialTrailEntrySchema,
  confidentialTrailQuerySchema,
  findingCloseSchema,
  findingInputSchema,
  findingListQuerySchema,
  findingSchema,
  findingsDashboardSchema,
  idParamsSchema,
  pageOf,
  rectificationInputSchema,
  rectificationSubmitSchema,
  rectificationVerifySchema,
  sampleRecordSchema,
  sampleRequestSchema,
  versionSchema,
} from '@xiaoguan/shared';
import { ctxOf } from '../../platform/context.js';
import { getSettings } from '../../platform/settings/settings.js';
import * as audits from './audits.service.js';
import { renderAuditReport } from './audit-report.pdf.js';

/** Internal audit (M12): plans, samples, findings, rectification (R-AUD-1), report, dashboard, confidential trail. */
export async function internalauditRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['internalaudit'];
  const id = { params: idParamsSchema };

  r.get('/internal-audit/plans', { schema: { tags, response: { 200: z.array(auditPlanRowSchema) } } }, (req) =>
    audits.listPlans(ctxOf(req)),
  );
  r.post(
    '/internal-audit/plans',
    { schema: { tags, body: auditPlanInputSchema, response: { 201: auditPlanSchema } } },
    async (req, reply) => reply.code(201).send(await audits.createPlan(ctxOf(req), req.body)),
  );
  r.get('/internal-audit/plans/:id', { schema: { tags, ...id, response: { 200: auditPlanSchema } } }, (req) =>
    audits.getPlan(ctxOf(req), req.params.id),
  );
  r.patch(
    '/internal-audit/plans/:id',
    { schema: { tags, ...id, body: auditPlanUpdateSchema, response: { 200: auditPlanSchema } } },
    (req) => audits.updatePlan(ctxOf(req), req.params.id, req.body),
  );
  r.post(
    '/internal-audit/plans/:id/close',
    { schema: { tags, ...id, body: z.object({ version: versionSchema }), response: { 200: auditPlanSchema } } },
    (req) => audits.closePlan(ctxOf(req), req.params.id, req.body.version),
  );
  r.post(
    '/internal-audit/plans/:id/samples',
    { schema: { tags, ...id, body: sampleRequestSchema, response: { 200: auditPlanSchema } } },
    (req) => audits.addSamples(ctxOf(req), req.params.id, req.body),
  );
  r.get('/internal-audit/samples/:id', { schema: { tags, ...id, response: { 200: sampleRecordSchema } } }, (req) =>
    audits.viewSample(ctxOf(req), req.params.id),
  );
  r.post(
    '/internal-audit/plans/:id/findings',
    { schema: { tags, ...id, body: findingInputSchema, response: { 201: findingSchema } } },
    async (req, reply) => reply.code(201).send(await audits.addFinding(ctxOf(req), req.params.id, req.body)),
  );
  r.get(
    '/internal-audit/plans/:id/report',
    {
      schema: { tags, ...id, querystring: z.object({ lang: z.enum(['zh-CN', 'en-US']).default('zh-CN') }), produces: ['application/pdf'] },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const plan = await audits.getPlan(ctx, req.params.id);
      const settings = await getSettings(ctx.db);
      const pdf = await renderAuditReport(plan, { language: req.query.lang, companyName: settings.companyName });
      await ctx.audit(ctx.db, { action: 'export', entity: 'audit_plans', entityId: plan.id, summary: plan.title });
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(`${plan.title}.pdf`)}`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );

  r.get(
    '/internal-audit/findings',
    { schema: { tags, querystring: findingListQuerySchema, response: { 200: z.array(findingSchema) } } },
    (req) => audits.listFindings(ctxOf(req), req.query),
  );
  r.get('/internal-audit/findings/:id', { schema: { tags, ...id, response: { 200: findingSchema } } }, (req) =>
    audits.getFinding(ctxOf(req), req.params.id),
  );
  r.post(
    '/internal-audit/findings/:id/rectifications',
    { schema: { tags, ...id, body: rectificationInputSchema, response: { 201: findingSchema } } },
    async (req, reply) => reply.code(201).send(await audits.addRectification(ctxOf(req), req.params.id, req.body)),
  );
  r.post(
    '/internal-audit/findings/:id/close',
    { schema: { tags, ...id, body: findingCloseSchema, response: { 200: findingSchema } } },
    (req) => audits.closeFinding(ctxOf(req), req.params.id, req.body),
  );
  r.post(
    '/internal-audit/rectifications/:id/files',
    { schema: { tags, ...id, consumes: ['multipart/form-data'], response: { 201: findingSchema } } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const upload = await readUploadedFile(req);
      return reply.code(201).send(await audits.addEvidenceFile(ctx, app.config.dataDir, req.params.id, upload));
    },
  );
  r.get('/internal-audit/evidence-files/:id', { schema: { tags, ...id } }, async (req, reply) => {
    const file = await audits.readEvidenceFile(ctxOf(req), app.config.dataDir, req.params.id);
    return reply
      .type('application/octet-stream')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
      .header('cache-control', 'private, no-store')
      .send(file.content);
  });
  r.post(
    '/internal-audit/rectifications/:id/submit',
    { schema: { tags, ...id, body: rectificationSubmitSchema, response: { 200: findingSchema } } },
    (req) => audits.submitRectification(ctxOf(req), req.params.id, req.body),
  );
  r.post(
    '/internal-audit/rectifications/:id/verify',
    { schema: { tags, ...id, body: rectificationVerifySchema, response: { 200: findingSchema } } },
    (req) => audits.verifyRectification(ctxOf(req), req.params.id, req.body),
  );
  r.get('/internal-audit/dashboard', { schema: { tags, response: { 200: findingsDashboardSchema } } }, (req) =>
    audits.findingsDashboard(ctxOf(req)),
  );
  r.get(
    '/internal-audit/confidential-trail',
    { schema: { tags, querystring: confidentialTrailQuerySchema, response: { 200: pageOf(confidentialTrailEntrySchema) } } },
    (req) => audits.confidentialTrail(ctxOf(req), req.query),
  );
}
