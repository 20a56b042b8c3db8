import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  commissionPlanInputSchema,
  commissionPlanSchema,
  commissionPlanUpdateSchema,
  commissionRunResultSchema,
  commissionRunSchema,
  commissionSplitsInputSchema,
  commissionSplitsSchema,
  commissionStatementSchema,
  honourConfirmSchema,
  honourListQuerySchema,
  honourProposeSchema,
  honourSchema,
  idParamsSchema,
  incentiveSettingsSchema,
  leaderboardQuerySchema,
  leaderboardSchema,
  message,
  statementExportQuerySchema,
  statementListQuerySchema,
  statementListSchema,
  statementSubmitSchema,
  versionSchema,
} from '@xiaoguan/shared';
import { ctxOf } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import * as commission from './commission.service.js';
import * as honours from './honours.service.js';
import { certificatePdf, companyName, exportStatements, statementPdf } from './incentives.documents.js';
import { incentivesAccess } from './incentives.access.js';

const pdfQuery = z.object({ lang: z.enum(['zh-CN', 'en-US']).default('zh-CN') });
const reviewSchema = z.object({
  decision: z.enum(['approve', 'reject']),
  comment: z.string().trim().max(1000).optional(),
  version: versionSchema,
});

/** Incentives (M6): thin routes, one service call each. */
export async function incentivesRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['incentives'];
  const id = { params: idParamsSchema };
  const pdf = (reply: FastifyReply, fileName: string, bytes: Buffer) =>
    reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(fileName)}`)
      .header('cache-control', 'private, no-store')
      .send(bytes);

  r.get('/incentive-settings', { schema: { tags, response: { 200: incentiveSettingsSchema } } }, (req) => {
    ctxOf(req);
    return honours.getIncentiveSettings(app.db);
  });
  r.put(
    '/incentive-settings',
    { schema: { tags, body: incentiveSettingsSchema, response: { 200: incentiveSettingsSchema } } },
    async (req) => {
      const ctx = ctxOf(req);
      incentivesAccess.require(ctx.actor, 'honour');
      await ctx.db.transaction(async (tx) => {
        await honours.saveIncentiveSettings(tx, req.body);
        await ctx.audit(tx, {
          action: 'update',
          entity: 'module_settings',
          summary: 'incentives',
          summaryMessage: message('audit.messages.incentiveSettings'),
        });
      });
      return honours.getIncentiveSettings(app.db, { fresh: true });
    },
  );

  r.get('/commission-plans', { schema: { tags, response: { 200: z.array(commissionPlanSchema) } } }, (req) =>
    commission.listPlans(ctxOf(req)),
  );
  r.post(
    '/commission-plans',
    { schema: { tags, body: commissionPlanInputSchema, response: { 201: commissionPlanSchema } } },
    async (req, reply) => reply.code(201).send(await commission.createPlan(ctxOf(req), req.body)),
  );
  r.put(
    '/commission-plans/:id',
    { schema: { tags, ...id, body: commissionPlanUpdateSchema, response: { 200: commissionPlanSchema } } },
    (req) => commission.updatePlan(ctxOf(req), req.params.id, req.body),
  );
  r.get('/commission-splits/:id', { schema: { tags, ...id, response: { 200: commissionSplitsSchema } } }, (req) =>
    commission.getSplits(ctxOf(req), req.params.id),
  );
  r.put(
    '/commission-splits/:id',
    { schema: { tags, ...id, body: commissionSplitsInputSchema, response: { 200: commissionSplitsSchema } } },
    (req) => commission.putSplits(ctxOf(req), req.params.id, req.body),
  );

  r.post('/commission-runs', { schema: { tags, body: commissionRunSchema, response: { 200: commissionRunResultSchema } } }, (req) =>
    commission.runCommission(ctxOf(req), req.body),
  );
  r.get(
    '/commission-statements',
    { schema: { tags, querystring: statementListQuerySchema, response: { 200: statementListSchema } } },
    (req) => commission.listStatements(ctxOf(req), req.query),
  );
  r.get('/commission-statements/export', { schema: { tags, querystring: statementExportQuerySchema } }, async (req, reply) => {
    const file = await exportStatements(ctxOf(req), req.query.period);
    return reply
      .type(file.contentType)
      .header(
        'content-disposition',
        `attachment; filename="commission-${req.query.period}.${file.extension}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      )
      .header('x-total-count', String(file.total))
      .send(file.stream);
  });
  r.get('/commission-statements/:id', { schema: { tags, ...id, response: { 200: commissionStatementSchema } } }, (req) =>
    commission.getStatement(ctxOf(req), req.params.id),
  );
  r.post(
    '/commission-statements/:id/submit',
    { schema: { tags, ...id, body: statementSubmitSchema, response: { 200: commissionStatementSchema } } },
    (req) => commission.submitStatement(ctxOf(req), req.params.id, req.body),
  );
  r.post(
    '/commission-statements/:id/review',
    { schema: { tags, ...id, body: reviewSchema, response: { 200: commissionStatementSchema } } },
    (req) => commission.reviewStatement(ctxOf(req), req.params.id, req.body),
  );
  r.get(
    '/commission-statements/:id/pdf',
    { schema: { tags, ...id, querystring: pdfQuery, produces: ['application/pdf'] } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const statement = await commission.getStatement(ctx, req.params.id);
      const bytes = await statementPdf(statement, req.query.lang, await companyName(ctx));
      await ctx.audit(ctx.db, {
        action: 'export',
        entity: 'commission_statements',
        entityId: statement.id,
        summary: `${statement.userName} ${statement.period} PDF`,
        summaryMessage: message('audit.messages.commissionStatementPdf', { name: statement.userName, period: statement.period }),
      });
      return pdf(reply, `commission-${statement.period}-${statement.userName}.pdf`, bytes);
    },
  );

  r.get('/leaderboard', { schema: { tags, querystring: leaderboardQuerySchema, response: { 200: leaderboardSchema } } }, (req) =>
    honours.leaderboard(ctxOf(req), req.query),
  );
  r.get('/honours', { schema: { tags, querystring: honourListQuerySchema, response: { 200: z.array(honourSchema) } } }, (req) =>
    honours.listHonours(ctxOf(req), req.query.period),
  );
  r.post('/honours/propose', { schema: { tags, body: honourProposeSchema, response: { 200: z.array(honourSchema) } } }, (req) =>
    honours.proposeHonours(ctxOf(req), req.body.period),
  );
  r.post('/honours/:id/confirm', { schema: { tags, ...id, body: honourConfirmSchema, response: { 200: honourSchema } } }, (req) =>
    honours.confirmHonour(ctxOf(req), req.params.id, req.body),
  );
  r.get(
    '/honours/:id/certificate',
    { schema: { tags, ...id, querystring: pdfQuery, produces: ['application/pdf'] } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const honour = await honours.getHonour(ctx, req.params.id);
      if (honour.status !== 'confirmed') throw notFound('honour');
      return pdf(
        reply,
        `certificate-${honour.period}-${honour.userName}.pdf`,
        await certificatePdf(honour, req.query.lang, await companyName(ctx)),
      );
    },
  );
}
