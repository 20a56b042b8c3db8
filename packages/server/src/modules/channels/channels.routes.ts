import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { readUploadedFile } from '../../platform/files/upload.js';
import { z } from 'zod';
import {
  attributeDealSchema,
  channelCockpitSchema,
  channelOptionsSchema,
  channelWarningSchema,
  contributionQuerySchema,
  contributionSchema,
  idParamsSchema,
  okSchema,
  partnerContactInputSchema,
  partnerTrainingInputSchema,
  trainingSessionOptionSchema,
  partnerDetailSchema,
  partnerInputSchema,
  partnerListQuerySchema,
  partnerRowSchema,
  partnerUpdateSchema,
  qualificationSubmitSchema,
  rebateComputeSchema,
  rebateExportQuerySchema,
  rebateListQuerySchema,
  rebateProgrammeInputSchema,
  rebateProgrammeSchema,
  rebateStatementSchema,
  rebateVersionSchema,
  registrationDecisionSchema,
  registrationInputSchema,
  registrationListQuerySchema,
  registrationSchema,
} from '@xiaoguan/shared';
import { ctxOf } from '../../platform/context.js';
import { getSettings } from '../../platform/settings/settings.js';
import * as partners from './partners.service.js';
import * as registrations from './registrations.service.js';
import * as rebates from './rebates.service.js';
import { findDirectConflicts } from './channels.alerts.js';
import { channelsAccess } from './channels.access.js';
import { quarterOf } from './rebates.js';

/** Channel partners (M10): thin routes, one service call each. */
export async function channelsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['channels'];
  const id = { params: idParamsSchema };

  r.get('/channels/options', { schema: { tags, response: { 200: channelOptionsSchema } } }, (req) => partners.channelOptions(ctxOf(req)));
  r.get(
    '/channels/customer-options',
    {
      schema: {
        tags,
        querystring: z.object({ q: z.string().trim().max(60).default('') }),
        response: { 200: z.array(z.object({ id: z.uuid(), name: z.string() })) },
      },
    },
    (req) => partners.customerOptions(ctxOf(req), req.query.q),
  );
  r.get(
    '/channels/partners',
    { schema: { tags, querystring: partnerListQuerySchema, response: { 200: z.array(partnerRowSchema) } } },
    (req) => partners.listPartners(ctxOf(req), req.query),
  );
  r.post('/channels/partners', { schema: { tags, body: partnerInputSchema, response: { 201: partnerDetailSchema } } }, async (req, reply) =>
    reply.code(201).send(await partners.createPartner(ctxOf(req), req.body)),
  );
  r.get('/channels/partners/:id', { schema: { tags, ...id, response: { 200: partnerDetailSchema } } }, (req) =>
    partners.getPartner(ctxOf(req), req.params.id),
  );
  r.patch('/channels/partners/:id', { schema: { tags, ...id, body: partnerUpdateSchema, response: { 200: partnerDetailSchema } } }, (req) =>
    partners.updatePartner(ctxOf(req), req.params.id, req.body),
  );
  r.post(
    '/channels/partners/:id/contacts',
    { schema: { tags, ...id, body: partnerContactInputSchema, response: { 200: partnerDetailSchema } } },
    (req) => partners.addContact(ctxOf(req), req.params.id, req.body),
  );
  r.post(
    '/channels/partners/:id/trainings',
    { schema: { tags, ...id, body: partnerTrainingInputSchema, response: { 200: partnerDetailSchema } } },
    (req) => partners.addTraining(ctxOf(req), req.params.id, req.body),
  );
  r.get(
    '/channels/training-sessions',
    {
      schema: {
        tags,
        querystring: z.object({ q: z.string().trim().max(60).default('') }),
        response: { 200: z.array(trainingSessionOptionSchema) },
      },
    },
    (req) => partners.trainingSessionOptions(ctxOf(req), req.query.q),
  );
  r.post(
    '/channels/partners/:id/qualification',
    { schema: { tags, ...id, body: qualificationSubmitSchema, response: { 200: partnerDetailSchema } } },
    (req) => partners.submitQualification(ctxOf(req), req.params.id, req.body),
  );
  r.post(
    '/channels/partners/:id/documents',
    { schema: { tags, ...id, consumes: ['multipart/form-data'], response: { 201: partnerDetailSchema } } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      channelsAccess.require(ctx.actor, 'manage');
      const upload = await readUploadedFile(req);
      return reply.code(201).send(await partners.addDocument(ctx, app.config.dataDir, req.params.id, upload));
    },
  );
  r.get('/channels/partner-documents/:id', { schema: { tags, ...id } }, async (req, reply) => {
    const file = await partners.readDocument(ctxOf(req), app.config.dataDir, req.params.id);
    return reply
      .type(file.mimeType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
      .header('x-content-type-options', 'nosniff')
      .send(file.content);
  });
  r.post(
    '/channels/tiers/recompute',
    {
      schema: {
        tags,
        response: { 200: z.array(z.object({ partnerId: z.uuid(), name: z.string(), fromTier: z.string(), toTier: z.string() })) },
      },
    },
    (req) => partners.recomputeTiers(ctxOf(req)),
  );
  r.get(
    '/channels/contribution',
    { schema: { tags, querystring: contributionQuerySchema, response: { 200: z.array(contributionSchema) } } },
    async (req) => {
      const ctx = ctxOf(req);
      const { timeZone } = await getSettings(ctx.db);
      return partners.contributionReport(
        ctx,
        req.query.period ?? quarterOf(new Intl.DateTimeFormat('en-CA', { timeZone }).format(ctx.now)),
      );
    },
  );

  r.get(
    '/channels/registrations',
    { schema: { tags, querystring: registrationListQuerySchema, response: { 200: z.array(registrationSchema) } } },
    (req) => registrations.listRegistrations(ctxOf(req), req.query),
  );
  r.post(
    '/channels/registrations',
    { schema: { tags, body: registrationInputSchema, response: { 201: registrationSchema } } },
    async (req, reply) => reply.code(201).send(await registrations.createRegistration(ctxOf(req), req.body)),
  );
  r.post(
    '/channels/registrations/:id/decide',
    { schema: { tags, ...id, body: registrationDecisionSchema, response: { 200: registrationSchema } } },
    (req) => registrations.decideRegistration(ctxOf(req), req.params.id, req.body),
  );
  r.post('/channels/deals', { schema: { tags, body: attributeDealSchema, response: { 200: okSchema } } }, (req) =>
    registrations.attributeDeal(ctxOf(req), req.body),
  );
  r.get('/channels/customers/:id/warnings', { schema: { tags, ...id, response: { 200: z.array(channelWarningSchema) } } }, (req) =>
    registrations.customerWarnings(ctxOf(req), req.params.id),
  );
  r.get('/channels/opportunities/:id/warnings', { schema: { tags, ...id, response: { 200: z.array(channelWarningSchema) } } }, (req) =>
    registrations.opportunityWarnings(ctxOf(req), req.params.id),
  );

  r.get('/channels/programmes', { schema: { tags, response: { 200: z.array(rebateProgrammeSchema) } } }, (req) =>
    rebates.listProgrammes(ctxOf(req)),
  );
  r.post(
    '/channels/programmes',
    { schema: { tags, body: rebateProgrammeInputSchema, response: { 201: z.array(rebateProgrammeSchema) } } },
    async (req, reply) => reply.code(201).send(await rebates.createProgramme(ctxOf(req), req.body)),
  );
  r.post(
    '/channels/rebates/compute',
    { schema: { tags, body: rebateComputeSchema, response: { 200: z.array(rebateStatementSchema) } } },
    (req) => rebates.computeStatements(ctxOf(req), req.body.period),
  );
  r.get(
    '/channels/rebates',
    { schema: { tags, querystring: rebateListQuerySchema, response: { 200: z.array(rebateStatementSchema) } } },
    (req) => rebates.listStatements(ctxOf(req), req.query),
  );
  r.get('/channels/rebates/export', { schema: { tags, querystring: rebateExportQuerySchema } }, async (req, reply) => {
    const file = await rebates.exportStatements(ctxOf(req), req.query.period);
    return reply
      .type(file.contentType)
      .header(
        'content-disposition',
        `attachment; filename="rebates-${req.query.period}.${file.extension}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      )
      .header('x-total-count', String(file.total))
      .send(file.stream);
  });
  r.get('/channels/rebates/:id', { schema: { tags, ...id, response: { 200: rebateStatementSchema } } }, (req) =>
    rebates.getStatement(ctxOf(req), req.params.id),
  );
  r.post(
    '/channels/rebates/:id/approve',
    { schema: { tags, ...id, body: rebateVersionSchema, response: { 200: rebateStatementSchema } } },
    (req) => rebates.approveStatement(ctxOf(req), req.params.id, req.body.version),
  );
  r.get('/channels/cockpit', { schema: { tags, response: { 200: channelCockpitSchema } } }, async (req) => {
    const ctx = ctxOf(req);
    return rebates.cockpit(ctx, async () => {
      const { timeZone } = await getSettings(ctx.db);
      return (await findDirectConflicts(ctx.db, timeZone)).length;
    });
  });
}
