import fs from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  apiErrorSchema,
  complaintActionSchema,
  complaintAttachmentSchema,
  complaintCreateSchema,
  complaintListQuerySchema,
  complaintPageSchema,
  complaintSchema,
  criticalComplaintsSchema,
  customerServiceSummarySchema,
  idParamsSchema,
  okSchema,
  publicSurveySchema,
  revisitAnswerSchema,
  revisitListQuerySchema,
  revisitSchema,
  serviceSettingsSchema,
  slaSweepResultSchema,
  surveyAnswerSchema,
  surveyResultsQuerySchema,
  surveyResultsSchema,
  surveySendSchema,
  surveyTemplateInputSchema,
  surveyTemplateSchema,
  surveyTemplateUpdateSchema,
  surveyTokenParamsSchema,
} from '@xiaoguan/shared';
import { ctxOf } from '../../platform/context.js';
import { diffChanges } from '../../platform/audit/audit.js';
import { badRequest } from '../../platform/errors.js';
import * as complaints from './complaints.service.js';
import * as surveys from './surveys.service.js';
import { answerRevisit, listRevisits } from './survey-revisits.service.js';
import { addComplaintAttachment, readComplaintAttachment } from './complaint-attachments.service.js';
import { complaintsAccess } from './service.access.js';
import { getServiceSettings, saveServiceSettings } from './service.settings.js';

/** Service quality (M9): thin routes, one service call each. */
export async function serviceRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['service'];
  const id = { params: idParamsSchema };

  r.get('/complaints', { schema: { tags, querystring: complaintListQuerySchema, response: { 200: complaintPageSchema } } }, (req) =>
    complaints.listComplaints(ctxOf(req), req.query),
  );
  r.post('/complaints', { schema: { tags, body: complaintCreateSchema, response: { 201: complaintSchema } } }, async (req, reply) =>
    reply.code(201).send(await complaints.createComplaint(ctxOf(req), req.body)),
  );
  r.get('/complaints/:id', { schema: { tags, ...id, response: { 200: complaintSchema } } }, (req) =>
    complaints.getComplaint(ctxOf(req), req.params.id),
  );
  r.post('/complaints/:id/actions', { schema: { tags, ...id, body: complaintActionSchema, response: { 200: complaintSchema } } }, (req) =>
    complaints.actOnComplaint(ctxOf(req), req.params.id, req.body),
  );
  r.post(
    '/complaints/:id/attachments',
    { schema: { tags, ...id, consumes: ['multipart/form-data'], response: { 201: complaintAttachmentSchema } } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const file = await req.file().catch(() => undefined);
      if (!file) throw badRequest('body.file', 'send the file as multipart/form-data field "file"');
      const content = await file.toBuffer().catch(() => {
        throw badRequest('body.file', 'the file is larger than 20 MB');
      });
      return reply.code(201).send(
        await addComplaintAttachment(ctx, app.config.dataDir, req.params.id, {
          fileName: file.filename,
          mimeType: file.mimetype,
          content,
        }),
      );
    },
  );
  r.get('/complaint-attachments/:id', { schema: { tags, ...id } }, async (req, reply) => {
    const { file, storagePath } = await readComplaintAttachment(ctxOf(req), app.config.dataDir, req.params.id);
    return reply
      .header('content-type', file.mimeType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
      .send(await fs.readFile(storagePath));
  });
  r.post('/service/sla-sweep', { schema: { tags, response: { 200: slaSweepResultSchema } } }, (req) => {
    const ctx = ctxOf(req);
    complaintsAccess.require(ctx.actor, 'configure');
    return complaints.sweepSla(ctx.db, ctx.now);
  });

  r.get('/service-settings', { schema: { tags, response: { 200: serviceSettingsSchema } } }, (req) => {
    ctxOf(req);
    return getServiceSettings(req.server.db, { fresh: true });
  });
  r.put('/service-settings', { schema: { tags, body: serviceSettingsSchema, response: { 200: serviceSettingsSchema } } }, async (req) => {
    const ctx = ctxOf(req);
    complaintsAccess.require(ctx.actor, 'configure');
    await ctx.db.transaction(async (tx) => {
      const before = await getServiceSettings(tx, { fresh: true });
      await saveServiceSettings(tx, req.body);
      // The queues as rows, so the access predicate can read their members in SQL.
      await complaints.syncQueues(tx, req.body.queues);
      await ctx.audit(tx, { action: 'update', entity: 'settings', entityId: 'service', changes: diffChanges(before, req.body) });
    });
    return getServiceSettings(ctx.db, { fresh: true });
  });

  r.get('/survey-templates', { schema: { tags, response: { 200: z.array(surveyTemplateSchema) } } }, (req) =>
    surveys.listTemplates(ctxOf(req)),
  );
  r.post(
    '/survey-templates',
    { schema: { tags, body: surveyTemplateInputSchema, response: { 201: surveyTemplateSchema } } },
    async (req, reply) => reply.code(201).send(await surveys.createTemplate(ctxOf(req), req.body)),
  );
  r.put(
    '/survey-templates/:id',
    { schema: { tags, ...id, body: surveyTemplateUpdateSchema, response: { 200: surveyTemplateSchema } } },
    (req) => surveys.updateTemplate(ctxOf(req), req.params.id, req.body),
  );
  r.post(
    '/surveys/send',
    { schema: { tags, body: surveySendSchema, response: { 201: z.object({ token: z.string(), expiresAt: z.string() }) } } },
    async (req, reply) => reply.code(201).send(await surveys.sendSurvey(ctxOf(req), req.body)),
  );
  r.get('/survey-results', { schema: { tags, querystring: surveyResultsQuerySchema, response: { 200: surveyResultsSchema } } }, (req) =>
    surveys.surveyResults(ctxOf(req), req.query),
  );
  r.get('/customers/:id/service', { schema: { tags, ...id, response: { 200: customerServiceSummarySchema } } }, (req) =>
    surveys.customerServiceSummary(ctxOf(req), req.params.id),
  );

  r.get('/service/critical-complaints', { schema: { tags, response: { 200: criticalComplaintsSchema } } }, (req) =>
    complaints.criticalComplaints(ctxOf(req)),
  );
  r.get('/survey-revisits', { schema: { tags, querystring: revisitListQuerySchema, response: { 200: z.array(revisitSchema) } } }, (req) =>
    listRevisits(ctxOf(req), req.query),
  );
  r.post('/survey-revisits/:id', { schema: { tags, ...id, body: revisitAnswerSchema, response: { 200: okSchema } } }, (req) =>
    answerRevisit(ctxOf(req), req.params.id, req.body),
  );

  // The public answer page (no sign-in, issue 20 item 6): the token is the only key; rate-limited.
  const publicConfig = { auth: 'public' as const, rateLimit: { max: 60, timeWindow: '1 minute' } };
  r.get(
    '/public/surveys/:token',
    { config: publicConfig, schema: { tags, params: surveyTokenParamsSchema, response: { 200: publicSurveySchema, 404: apiErrorSchema } } },
    (req) => surveys.getPublicSurvey(req.server.db, req.params.token, new Date()),
  );
  r.post(
    '/public/surveys/:token',
    {
      config: publicConfig,
      schema: { tags, params: surveyTokenParamsSchema, body: surveyAnswerSchema, response: { 200: okSchema, 404: apiErrorSchema } },
    },
    (req) => surveys.answerSurvey(req.server.db, req.params.token, req.body, new Date()),
  );
}
