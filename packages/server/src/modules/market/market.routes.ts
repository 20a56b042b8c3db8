import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  competitorDetailSchema,
  competitorInputSchema,
  competitorSchema,
  competitorShareInputSchema,
  competitorUpdateSchema,
  feedbackInputSchema,
  feedbackListQuerySchema,
  feedbackSchema,
  idParamsSchema,
  marketOptionsSchema,
  marketReportGenerateSchema,
  marketReportListQuerySchema,
  marketReportSchema,
  marketReportUpdateSchema,
  marketReportVersionSchema,
  marketRollupQuerySchema,
  marketRollupSchema,
} from '@xiaoguan/shared';
import { ctxOf } from '../../platform/context.js';
import * as feedback from './market-feedback.service.js';
import * as reports from './market-reports.service.js';

/** Market intelligence (M10): thin routes, one service call each. */
export async function marketRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['market'];
  const id = { params: idParamsSchema };

  r.get('/market/options', { schema: { tags, response: { 200: marketOptionsSchema } } }, (req) => feedback.marketOptions(ctxOf(req)));
  r.get('/market/feedback', { schema: { tags, querystring: feedbackListQuerySchema, response: { 200: z.array(feedbackSchema) } } }, (req) =>
    feedback.listFeedback(ctxOf(req), req.query),
  );
  r.post('/market/feedback', { schema: { tags, body: feedbackInputSchema, response: { 201: feedbackSchema } } }, async (req, reply) =>
    reply.code(201).send(await feedback.createFeedback(ctxOf(req), req.body)),
  );
  r.get('/market/competitors', { schema: { tags, response: { 200: z.array(competitorSchema) } } }, (req) =>
    feedback.listCompetitors(ctxOf(req)),
  );
  r.post(
    '/market/competitors',
    { schema: { tags, body: competitorInputSchema, response: { 201: competitorDetailSchema } } },
    async (req, reply) => reply.code(201).send(await feedback.createCompetitor(ctxOf(req), req.body)),
  );
  r.get('/market/competitors/:id', { schema: { tags, ...id, response: { 200: competitorDetailSchema } } }, (req) =>
    feedback.getCompetitor(ctxOf(req), req.params.id),
  );
  r.patch(
    '/market/competitors/:id',
    { schema: { tags, ...id, body: competitorUpdateSchema, response: { 200: competitorDetailSchema } } },
    (req) => feedback.updateCompetitor(ctxOf(req), req.params.id, req.body),
  );
  r.post(
    '/market/competitors/:id/shares',
    { schema: { tags, ...id, body: competitorShareInputSchema, response: { 200: competitorDetailSchema } } },
    (req) => feedback.addShare(ctxOf(req), req.params.id, req.body),
  );
  r.get(
    '/market/reports',
    { schema: { tags, querystring: marketReportListQuerySchema, response: { 200: z.array(marketReportSchema) } } },
    (req) => reports.listReports(ctxOf(req), req.query),
  );
  r.post(
    '/market/reports/generate',
    { schema: { tags, body: marketReportGenerateSchema, response: { 200: z.array(marketReportSchema) } } },
    (req) => reports.generateForCaller(ctxOf(req), req.body),
  );
  r.get(
    '/market/reports/rollup',
    { schema: { tags, querystring: marketRollupQuerySchema, response: { 200: marketRollupSchema } } },
    (req) => reports.rollup(ctxOf(req), req.query),
  );
  r.get('/market/reports/:id', { schema: { tags, ...id, response: { 200: marketReportSchema } } }, (req) =>
    reports.getReport(ctxOf(req), req.params.id),
  );
  r.patch(
    '/market/reports/:id',
    { schema: { tags, ...id, body: marketReportUpdateSchema, response: { 200: marketReportSchema } } },
    (req) => reports.updateReport(ctxOf(req), req.params.id, req.body),
  );
  r.post(
    '/market/reports/:id/publish',
    { schema: { tags, ...id, body: marketReportVersionSchema, response: { 200: marketReportSchema } } },
    (req) => reports.publishReport(ctxOf(req), req.params.id, req.body.version),
  );
}
