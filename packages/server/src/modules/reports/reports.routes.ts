import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  idParamsSchema,
  message,
  reportArchiveListSchema,
  reportExportQuerySchema,
  reportQuerySchema,
  reportSubscriptionInputSchema,
  reportSubscriptionListSchema,
  reportSubscriptionSchema,
  salesReportSchema,
  REPORT_FORMATS,
} from '@xiaoguan/shared';
import { ctxOf } from '../../platform/context.js';
import { getSettings } from '../../platform/settings/settings.js';
import { salesReport } from './reports.service.js';
import { reportFileName, reportPdf, reportXlsx } from './reports.export.js';
import { archiveFile, listArchive, listSubscriptions, subscribe, unsubscribe } from './reports.subscriptions.js';

const CONTENT_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

const disposition = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

/** Sales reports (issue 18 item 4): view, export, subscriptions and the archive. Thin routes. */
export async function reportsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['reports'];
  r.get('/reports/sales', { schema: { tags, querystring: reportQuerySchema, response: { 200: salesReportSchema } } }, (req) =>
    salesReport(ctxOf(req), req.query),
  );
  r.get(
    '/reports/sales/export',
    { schema: { tags, querystring: reportExportQuerySchema, produces: [CONTENT_TYPES.xlsx, CONTENT_TYPES.pdf] } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const { format, lang, ...query } = req.query;
      const report = await salesReport(ctx, query);
      const { companyName, timeZone } = await getSettings(ctx.db);
      const options = { language: lang, companyName, timeZone };
      const bytes = format === 'xlsx' ? await reportXlsx(report, options) : await reportPdf(report, options);
      // R-SEC-1: figures leave the system; the export is logged.
      await ctx.audit(ctx.db, {
        action: 'export',
        entity: 'reports',
        entityId: null,
        summary: `sales report ${report.range.from}–${report.range.to} ${format} (${lang})`,
        summaryMessage: message('audit.messages.reportExport', { from: report.range.from, to: report.range.to, format, lang }),
      });
      return reply
        .type(CONTENT_TYPES[format])
        .header('content-disposition', disposition(reportFileName(report, format, lang)))
        .header('cache-control', 'no-store')
        .send(bytes);
    },
  );
  r.get('/reports/subscriptions', { schema: { tags, response: { 200: reportSubscriptionListSchema } } }, (req) =>
    listSubscriptions(ctxOf(req)),
  );
  r.post(
    '/reports/subscriptions',
    { schema: { tags, body: reportSubscriptionInputSchema, response: { 201: reportSubscriptionSchema } } },
    async (req, reply) => reply.code(201).send(await subscribe(ctxOf(req), req.body)),
  );
  r.delete('/reports/subscriptions/:id', { schema: { tags, params: idParamsSchema } }, async (req, reply) => {
    await unsubscribe(ctxOf(req), req.params.id);
    return reply.code(204).send();
  });
  r.get('/reports/archive', { schema: { tags, response: { 200: reportArchiveListSchema } } }, (req) => listArchive(ctxOf(req)));
  r.get(
    '/reports/archive/:id/:format',
    {
      schema: {
        tags,
        params: idParamsSchema.extend({ format: z.enum(REPORT_FORMATS) }),
        produces: [CONTENT_TYPES.xlsx, CONTENT_TYPES.pdf],
      },
    },
    async (req, reply) => {
      const file = await archiveFile(ctxOf(req), req.params.id, req.params.format);
      return reply
        .type(CONTENT_TYPES[req.params.format])
        .header('content-disposition', disposition(file.name))
        .header('cache-control', 'no-store')
        .send(file.bytes);
    },
  );
}
