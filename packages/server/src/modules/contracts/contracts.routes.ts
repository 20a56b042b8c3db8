import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { readUploadedFile } from '../../platform/files/upload.js';
import { z } from 'zod';
import {
  exportSelectedSchema,
  contractAttachmentSchema,
  contractCreateSchema,
  contractExportQuerySchema,
  contractFromQuoteSchema,
  contractLedgerSchema,
  contractListQuerySchema,
  contractMetricRowSchema,
  contractMetricsQuerySchema,
  contractSchema,
  contractSettingsSchema,
  contractStatusChangeSchema,
  contractSubmitSchema,
  contractTemplateInputSchema,
  contractTemplateSchema,
  contractTemplateUpdateSchema,
  contractUpdateSchema,
  contractVersionSchema,
  idParamsSchema,
  okSchema,
  paymentPlanSchema,
} from '@xiaoguan/shared';
import { ctxOf } from '../../platform/context.js';
import { sendExport } from '../../platform/export-selected.js';
import { badRequest } from '../../platform/errors.js';
import { diffChanges } from '../../platform/audit/audit.js';
import { validatePattern } from '../../platform/numbering/numbering.js';
import * as service from './contracts.service.js';
import * as templates from './contract-templates.service.js';
import * as files from './contract-attachments.service.js';
import { exportLedger } from './contract-export.service.js';
import { bookingsAndRevenue } from './contracts.metrics.js';
import { contractsAccess } from './contracts.access.js';
import { getContractSettings, saveContractSettings } from './contracts.settings.js';

/** Contracts (M2): the ledger, contracts with payment plans and files, templates, settings. Thin routes. */
export async function contractsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['contracts'];
  const id = { params: idParamsSchema };

  r.get('/contracts', { schema: { tags, querystring: contractListQuerySchema, response: { 200: contractLedgerSchema } } }, (req) =>
    service.listContracts(ctxOf(req), req.query),
  );
  r.get('/contracts/export', { schema: { tags, querystring: contractExportQuerySchema } }, async (req, reply) => {
    const file = await exportLedger(ctxOf(req), req.query);
    return reply
      .type(file.contentType)
      .header(
        'content-disposition',
        `attachment; filename="contracts.${file.extension}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      )
      .header('x-total-count', String(file.total))
      .send(file.stream);
  });
  // "Export selected": the ticked contracts through the ledger's export (same columns, scope and totals row).
  r.post('/contracts/export-selected', { schema: { tags, body: exportSelectedSchema } }, async (req, reply) =>
    sendExport(
      reply,
      await exportLedger(ctxOf(req), contractExportQuerySchema.parse({ format: req.body.format }), req.body.ids),
      'contracts',
    ),
  );
  r.get(
    '/contracts/metrics',
    { schema: { tags, querystring: contractMetricsQuerySchema, response: { 200: z.array(contractMetricRowSchema) } } },
    (req) => {
      if (req.query.to < req.query.from) throw badRequest('query.to', 'the end is before the start');
      return bookingsAndRevenue(ctxOf(req), req.query);
    },
  );
  r.post('/contracts', { schema: { tags, body: contractCreateSchema, response: { 201: contractSchema } } }, async (req, reply) =>
    reply.code(201).send(await service.createContract(ctxOf(req), req.body)),
  );
  r.post(
    '/contracts/from-quote/:quoteId',
    { schema: { tags, params: z.object({ quoteId: z.uuid() }), body: contractFromQuoteSchema, response: { 201: contractSchema } } },
    async (req, reply) => reply.code(201).send(await service.createContractFromQuote(ctxOf(req), req.params.quoteId, req.body)),
  );
  r.get('/contracts/:id', { schema: { tags, ...id, response: { 200: contractSchema } } }, (req) =>
    service.getContract(ctxOf(req), req.params.id),
  );
  r.patch('/contracts/:id', { schema: { tags, ...id, body: contractUpdateSchema, response: { 200: contractSchema } } }, (req) =>
    service.updateContract(ctxOf(req), req.params.id, req.body),
  );
  r.put('/contracts/:id/plan', { schema: { tags, ...id, body: paymentPlanSchema, response: { 200: contractSchema } } }, (req) =>
    service.savePaymentPlan(ctxOf(req), req.params.id, req.body),
  );
  r.post('/contracts/:id/submit', { schema: { tags, ...id, body: contractSubmitSchema, response: { 200: contractSchema } } }, (req) =>
    service.submitContract(ctxOf(req), req.params.id, req.body),
  );
  r.post('/contracts/:id/withdraw', { schema: { tags, ...id, body: contractVersionSchema, response: { 200: contractSchema } } }, (req) =>
    service.withdrawContract(ctxOf(req), req.params.id, req.body.version),
  );
  r.post('/contracts/:id/status', { schema: { tags, ...id, body: contractStatusChangeSchema, response: { 200: contractSchema } } }, (req) =>
    service.changeContractStatus(ctxOf(req), req.params.id, req.body),
  );

  r.post(
    '/contracts/:id/attachments',
    { schema: { tags, ...id, consumes: ['multipart/form-data'], response: { 201: contractAttachmentSchema } } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const upload = await readUploadedFile(req);
      return reply.code(201).send(await files.addContractAttachment(ctx, app.config.dataDir, req.params.id, upload));
    },
  );
  r.get('/contract-attachments/:id', { schema: { tags, ...id } }, async (req, reply) => {
    const file = await files.readContractAttachment(ctxOf(req), app.config.dataDir, req.params.id);
    return reply
      .type(file.mimeType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
      .header('x-content-type-options', 'nosniff')
      .send(file.content);
  });
  r.delete('/contract-attachments/:id', { schema: { tags, ...id, response: { 200: okSchema } } }, async (req) => {
    await files.deleteContractAttachment(ctxOf(req), req.params.id);
    return { ok: true as const };
  });

  r.get('/contract-templates', { schema: { tags, response: { 200: z.array(contractTemplateSchema) } } }, (req) =>
    templates.listTemplates(ctxOf(req)),
  );
  r.post(
    '/contract-templates',
    { schema: { tags, body: contractTemplateInputSchema, response: { 201: contractTemplateSchema } } },
    async (req, reply) => reply.code(201).send(await templates.createTemplate(ctxOf(req), req.body)),
  );
  r.patch(
    '/contract-templates/:id',
    { schema: { tags, ...id, body: contractTemplateUpdateSchema, response: { 200: contractTemplateSchema } } },
    (req) => templates.updateTemplate(ctxOf(req), req.params.id, req.body),
  );
  r.delete('/contract-templates/:id', { schema: { tags, ...id, response: { 200: okSchema } } }, async (req) => {
    await templates.deleteTemplate(ctxOf(req), req.params.id);
    return { ok: true as const };
  });

  r.get('/contract-settings', { schema: { tags, response: { 200: contractSettingsSchema } } }, async (req) => {
    const ctx = ctxOf(req);
    if (!contractsAccess.can(ctx.actor, 'configure')) contractsAccess.require(ctx.actor, 'read');
    return getContractSettings(ctx.db, { fresh: true });
  });
  r.put(
    '/contract-settings',
    { schema: { tags, body: contractSettingsSchema, response: { 200: contractSettingsSchema } } },
    async (req) => {
      const ctx = ctxOf(req);
      contractsAccess.require(ctx.actor, 'configure');
      validatePattern('body.numberPattern', req.body.numberPattern);
      await ctx.db.transaction(async (tx) => {
        const before = await getContractSettings(tx, { fresh: true });
        await saveContractSettings(tx, req.body);
        await ctx.audit(tx, { action: 'update', entity: 'settings', entityId: 'contracts', changes: diffChanges(before, req.body) });
      });
      return getContractSettings(ctx.db, { fresh: true });
    },
  );
}
