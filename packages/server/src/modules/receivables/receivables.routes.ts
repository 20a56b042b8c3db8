import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  agingQuerySchema,
  agingReportSchema,
  collectionsQuerySchema,
  collectionsRowSchema,
  contractReceivablesSchema,
  creditLimitInputSchema,
  creditOverrideInputSchema,
  creditOverrideQuerySchema,
  creditOverrideSchema,
  customerCreditSchema,
  idParamsSchema,
  installmentQuerySchema,
  installmentSchema,
  invoiceInputSchema,
  invoiceSchema,
  overduePageSchema,
  overdueQuerySchema,
  pageOf,
  periodQuerySchema,
  receiptExportQuerySchema,
  receiptInputSchema,
  receiptQuerySchema,
  receiptSchema,
  receivablesSettingsSchema,
  receivablesSummarySchema,
  writeOffInputSchema,
  writeOffQuerySchema,
  writeOffSchema,
} from '@xiaoguan/shared';
import { ctxOf } from '../../platform/context.js';
import { diffChanges } from '../../platform/audit/audit.js';
import { receivablesAccess } from './receivables.access.js';
import * as credit from './credit.service.js';
import * as receipts from './receipts.service.js';
import * as writeOffs from './write-offs.service.js';
import * as metrics from './receivables.metrics.js';
import { exportReceipts } from './receipts-export.js';
import { getReceivablesSettings, saveReceivablesSettings } from './receivables.settings.js';

/** Receivables (M2): credit limits and overrides (R-AR-2), receipts, invoices, write-offs, aging (R-AR-1), KPIs. Thin routes. */
export async function receivablesRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['receivables'];
  const id = { params: idParamsSchema };

  // R-AR-2 credit limits and overrides
  r.get('/customers/:id/credit', { schema: { tags, ...id, response: { 200: customerCreditSchema } } }, (req) =>
    credit.getCustomerCredit(ctxOf(req), req.params.id),
  );
  r.put(
    '/customers/:id/credit-limit',
    { schema: { tags, ...id, body: creditLimitInputSchema, response: { 200: customerCreditSchema } } },
    (req) => credit.setCreditLimit(ctxOf(req), req.params.id, req.body),
  );
  r.post(
    '/credit-overrides',
    { schema: { tags, body: creditOverrideInputSchema, response: { 201: creditOverrideSchema } } },
    async (req, reply) => reply.code(201).send(await credit.requestCreditOverride(ctxOf(req), req.body)),
  );
  r.get(
    '/credit-overrides',
    { schema: { tags, querystring: creditOverrideQuerySchema, response: { 200: pageOf(creditOverrideSchema) } } },
    (req) => credit.listCreditOverrides(ctxOf(req), req.query),
  );

  // installments, receipts, invoices
  r.get('/installments', { schema: { tags, querystring: installmentQuerySchema, response: { 200: pageOf(installmentSchema) } } }, (req) =>
    receipts.listInstallments(ctxOf(req), req.query),
  );
  r.post(
    '/receipts',
    { schema: { tags, body: receiptInputSchema, response: { 200: receiptSchema, 201: receiptSchema } } },
    async (req, reply) => {
      const { receipt, created } = await receipts.recordReceipt(ctxOf(req), req.body);
      return reply.code(created ? 201 : 200).send(receipt);
    },
  );
  r.get('/receipts', { schema: { tags, querystring: receiptQuerySchema, response: { 200: pageOf(receiptSchema) } } }, (req) =>
    receipts.listReceipts(ctxOf(req), req.query),
  );
  r.get('/receipts/export', { schema: { tags, querystring: receiptExportQuerySchema } }, async (req, reply) => {
    const file = await exportReceipts(ctxOf(req), req.query);
    return reply
      .type(file.contentType)
      .header(
        'content-disposition',
        `attachment; filename="receipts.${file.extension}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      )
      .header('x-total-count', String(file.total))
      .send(file.stream);
  });
  r.get('/receipts/:id', { schema: { tags, ...id, response: { 200: receiptSchema } } }, (req) =>
    receipts.getReceipt(ctxOf(req), req.params.id),
  );
  r.post('/invoices', { schema: { tags, body: invoiceInputSchema, response: { 201: invoiceSchema } } }, async (req, reply) =>
    reply.code(201).send(await receipts.createInvoice(ctxOf(req), req.body)),
  );
  r.get('/contracts/:id/invoices', { schema: { tags, ...id, response: { 200: z.array(invoiceSchema) } } }, (req) =>
    receipts.listContractInvoices(ctxOf(req), req.params.id),
  );
  r.get('/contracts/:id/receivables', { schema: { tags, ...id, response: { 200: contractReceivablesSchema } } }, (req) =>
    receipts.contractReceivables(ctxOf(req), req.params.id),
  );

  // bad-debt write-offs
  r.post('/write-offs', { schema: { tags, body: writeOffInputSchema, response: { 201: writeOffSchema } } }, async (req, reply) =>
    reply.code(201).send(await writeOffs.requestWriteOff(ctxOf(req), req.body)),
  );
  r.get('/write-offs', { schema: { tags, querystring: writeOffQuerySchema, response: { 200: pageOf(writeOffSchema) } } }, (req) =>
    writeOffs.listWriteOffs(ctxOf(req), req.query),
  );

  // R-AR-1 aging, overdue, KPIs
  r.get('/receivables/aging', { schema: { tags, querystring: agingQuerySchema, response: { 200: agingReportSchema } } }, (req) =>
    metrics.agingReport(ctxOf(req), req.query),
  );
  r.get('/receivables/overdue', { schema: { tags, querystring: overdueQuerySchema, response: { 200: overduePageSchema } } }, (req) =>
    metrics.overdueList(ctxOf(req), req.query),
  );
  r.get('/receivables/summary', { schema: { tags, querystring: periodQuerySchema, response: { 200: receivablesSummarySchema } } }, (req) =>
    metrics.receivablesSummary(ctxOf(req), req.query),
  );
  r.get(
    '/receivables/collections',
    { schema: { tags, querystring: collectionsQuerySchema, response: { 200: z.array(collectionsRowSchema) } } },
    (req) => metrics.collections(ctxOf(req), req.query),
  );

  r.get('/receivables/settings', { schema: { tags, response: { 200: receivablesSettingsSchema } } }, async (req) => {
    const ctx = ctxOf(req);
    if (!receivablesAccess.can(ctx.actor, 'configure')) receivablesAccess.require(ctx.actor, 'read');
    return getReceivablesSettings(ctx.db, { fresh: true });
  });
  r.put(
    '/receivables/settings',
    { schema: { tags, body: receivablesSettingsSchema, response: { 200: receivablesSettingsSchema } } },
    async (req) => {
      const ctx = ctxOf(req);
      receivablesAccess.require(ctx.actor, 'configure');
      await ctx.db.transaction(async (tx) => {
        const before = await getReceivablesSettings(tx, { fresh: true });
        await saveReceivablesSettings(tx, req.body);
        await ctx.audit(tx, { action: 'update', entity: 'settings', entityId: 'receivables', changes: diffChanges(before, req.body) });
      });
      return getReceivablesSettings(ctx.db, { fresh: true });
    },
  );
}
