import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { readUploadedFile } from '../../platform/files/upload.js';
import {
  budgetInputSchema,
  budgetListQuerySchema,
  budgetListSchema,
  budgetSubmitSchema,
  budgetUpdateSchema,
  claimFileSchema,
  claimInputSchema,
  claimListQuerySchema,
  claimPageSchema,
  claimPaySchema,
  claimReviewSchema,
  claimSubmitSchema,
  claimUpdateSchema,
  expenseAnalysisQuerySchema,
  expenseAnalysisSchema,
  expenseBudgetSchema,
  expenseClaimSchema,
  expenseExportQuerySchema,
  expenseSettingsSchema,
  idParamsSchema,
  okSchema,
  overBudgetRequestSchema,
  message,
} from '@xiaoguan/shared';
import { ctxOf } from '../../platform/context.js';
import { badRequest } from '../../platform/errors.js';
import * as budgets from './budgets.service.js';
import * as claims from './claims.service.js';
import * as files from './claim-files.service.js';
import { expenseAnalysis, exportExpenseAnalysis } from './expense-analysis.js';
import { expensesAccess } from './expenses.access.js';
import { getExpenseSettings, saveExpenseSettings } from './expenses.settings.js';

/** Expenses (M7): thin routes, one service call each. */
export async function expensesRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['expenses'];
  const id = { params: idParamsSchema };

  r.get('/expense-settings', { schema: { tags, response: { 200: expenseSettingsSchema } } }, (req) => {
    ctxOf(req);
    return getExpenseSettings(app.db);
  });
  r.put('/expense-settings', { schema: { tags, body: expenseSettingsSchema, response: { 200: expenseSettingsSchema } } }, async (req) => {
    const ctx = ctxOf(req);
    expensesAccess.require(ctx.actor, 'configure');
    await ctx.db.transaction(async (tx) => {
      await saveExpenseSettings(tx, req.body);
      await ctx.audit(tx, {
        action: 'update',
        entity: 'module_settings',
        summary: 'expenses',
        summaryMessage: message('audit.messages.expenseSettings'),
      });
    });
    return getExpenseSettings(app.db, { fresh: true });
  });

  r.get('/expense-budgets', { schema: { tags, querystring: budgetListQuerySchema, response: { 200: budgetListSchema } } }, (req) =>
    budgets.listBudgets(ctxOf(req), req.query),
  );
  r.post('/expense-budgets', { schema: { tags, body: budgetInputSchema, response: { 201: expenseBudgetSchema } } }, async (req, reply) =>
    reply.code(201).send(await budgets.createBudget(ctxOf(req), req.body)),
  );
  r.get('/expense-budgets/:id', { schema: { tags, ...id, response: { 200: expenseBudgetSchema } } }, (req) =>
    budgets.getBudget(ctxOf(req), req.params.id),
  );
  r.patch('/expense-budgets/:id', { schema: { tags, ...id, body: budgetUpdateSchema, response: { 200: expenseBudgetSchema } } }, (req) =>
    budgets.updateBudget(ctxOf(req), req.params.id, req.body),
  );
  r.post(
    '/expense-budgets/:id/submit',
    { schema: { tags, ...id, body: budgetSubmitSchema, response: { 200: expenseBudgetSchema } } },
    (req) => budgets.submitBudget(ctxOf(req), req.params.id, req.body),
  );

  r.get('/expense-claims', { schema: { tags, querystring: claimListQuerySchema, response: { 200: claimPageSchema } } }, (req) =>
    claims.listClaims(ctxOf(req), req.query),
  );
  r.post('/expense-claims', { schema: { tags, body: claimInputSchema, response: { 201: expenseClaimSchema } } }, async (req, reply) =>
    reply.code(201).send(await claims.createClaim(ctxOf(req), req.body)),
  );
  r.get('/expense-claims/:id', { schema: { tags, ...id, response: { 200: expenseClaimSchema } } }, (req) =>
    claims.getClaim(ctxOf(req), req.params.id),
  );
  r.put('/expense-claims/:id', { schema: { tags, ...id, body: claimUpdateSchema, response: { 200: expenseClaimSchema } } }, (req) =>
    claims.updateClaim(ctxOf(req), req.params.id, req.body),
  );
  r.post('/expense-claims/:id/submit', { schema: { tags, ...id, body: claimSubmitSchema, response: { 200: expenseClaimSchema } } }, (req) =>
    claims.submitClaim(ctxOf(req), req.params.id, req.body),
  );
  r.post(
    '/expense-claims/:id/over-budget',
    { schema: { tags, ...id, body: overBudgetRequestSchema, response: { 200: expenseClaimSchema } } },
    (req) => claims.requestOverBudget(ctxOf(req), req.params.id, req.body),
  );
  r.post('/expense-claims/:id/review', { schema: { tags, ...id, body: claimReviewSchema, response: { 200: expenseClaimSchema } } }, (req) =>
    claims.reviewClaim(ctxOf(req), req.params.id, req.body),
  );
  r.post('/expense-claims/:id/pay', { schema: { tags, ...id, body: claimPaySchema, response: { 200: expenseClaimSchema } } }, (req) =>
    claims.payClaim(ctxOf(req), req.params.id, req.body),
  );

  r.post(
    '/expense-claims/:id/files',
    { schema: { tags, ...id, consumes: ['multipart/form-data'], response: { 201: claimFileSchema } } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const upload = await readUploadedFile(req);
      const lineField = upload.fields.lineId;
      const lineId = lineField && !Array.isArray(lineField) && lineField.type === 'field' ? String(lineField.value) : null;
      if (lineId && !/^[0-9a-f-]{36}$/i.test(lineId)) throw badRequest('body.lineId', 'not a line id');
      return reply.code(201).send(
        await files.addClaimFile(ctx, app.config.dataDir, req.params.id, {
          fileName: upload.fileName,
          mimeType: upload.mimeType,
          content: upload.content,
          lineId,
        }),
      );
    },
  );
  r.get('/expense-claim-files/:id', { schema: { tags, ...id } }, async (req, reply) => {
    const file = await files.readClaimFile(ctxOf(req), app.config.dataDir, req.params.id);
    return reply
      .type(file.mimeType)
      .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
      .header('cache-control', 'private, no-store')
      .send(file.content);
  });
  r.delete('/expense-claim-files/:id', { schema: { tags, ...id, response: { 200: okSchema } } }, async (req) => {
    await files.deleteClaimFile(ctxOf(req), req.params.id);
    return { ok: true as const };
  });

  r.get(
    '/expense-analysis',
    { schema: { tags, querystring: expenseAnalysisQuerySchema, response: { 200: expenseAnalysisSchema } } },
    (req) => expenseAnalysis(ctxOf(req), req.query),
  );
  r.get('/expense-analysis/export', { schema: { tags, querystring: expenseExportQuerySchema } }, async (req, reply) => {
    const file = await exportExpenseAnalysis(ctxOf(req), req.query);
    return reply
      .type(file.contentType)
      .header(
        'content-disposition',
        `attachment; filename="expenses.${file.extension}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      )
      .header('x-total-count', String(file.total))
      .send(file.stream);
  });
}
