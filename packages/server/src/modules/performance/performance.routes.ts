import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  acknowledgeInputSchema,
  appealDecisionSchema,
  appealInputSchema,
  comparisonSchema,
  cycleActionSchema,
  cycleInputSchema,
  feedbackInputSchema,
  idParamsSchema,
  kpiTemplateInputSchema,
  kpiTemplateSchema,
  kpiTemplateUpdateSchema,
  okSchema,
  peersInputSchema,
  performanceReviewSchema,
  performanceSettingsSchema,
  ratingInputSchema,
  reviewCycleSchema,
  reviewListQuerySchema,
  reviewListSchema,
} from '@xiaoguan/shared';
import { ctxOf } from '../../platform/context.js';
import { performanceAccess } from './performance.access.js';
import { getPerformanceSettings, savePerformanceSettings } from './performance.settings.js';
import * as reviews from './reviews.service.js';

/** Performance (M6, issue 19 items 1–3): thin routes, one service call each. */
export async function performanceRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['performance'];
  const id = { params: idParamsSchema };

  r.get('/performance-settings', { schema: { tags, response: { 200: performanceSettingsSchema } } }, (req) => {
    ctxOf(req);
    return getPerformanceSettings(app.db);
  });
  r.put(
    '/performance-settings',
    { schema: { tags, body: performanceSettingsSchema, response: { 200: performanceSettingsSchema } } },
    async (req) => {
      const ctx = ctxOf(req);
      performanceAccess.require(ctx.actor, 'configure');
      await ctx.db.transaction(async (tx) => {
        await savePerformanceSettings(tx, req.body);
        await ctx.audit(tx, {
          action: 'update',
          entity: 'module_settings',
          entityId: null,
          changes: { performance: [null, req.body.grades] },
        });
      });
      return getPerformanceSettings(app.db, { fresh: true });
    },
  );

  r.get('/kpi-templates', { schema: { tags, response: { 200: z.object({ rows: z.array(kpiTemplateSchema) }) } } }, (req) =>
    reviews.listTemplates(ctxOf(req)),
  );
  r.post('/kpi-templates', { schema: { tags, body: kpiTemplateInputSchema, response: { 201: kpiTemplateSchema } } }, async (req, reply) =>
    reply.code(201).send(await reviews.createTemplate(ctxOf(req), req.body)),
  );
  r.put('/kpi-templates/:id', { schema: { tags, ...id, body: kpiTemplateUpdateSchema, response: { 200: kpiTemplateSchema } } }, (req) =>
    reviews.updateTemplate(ctxOf(req), req.params.id, req.body),
  );

  r.get('/review-cycles', { schema: { tags, response: { 200: z.object({ rows: z.array(reviewCycleSchema) }) } } }, (req) =>
    reviews.listCycles(ctxOf(req)),
  );
  r.post('/review-cycles', { schema: { tags, body: cycleInputSchema, response: { 201: reviewCycleSchema } } }, async (req, reply) =>
    reply.code(201).send(await reviews.openCycle(ctxOf(req), req.body)),
  );
  r.get('/review-cycles/:id', { schema: { tags, ...id, response: { 200: reviewCycleSchema } } }, (req) =>
    reviews.getCycle(ctxOf(req), req.params.id),
  );
  r.post('/review-cycles/:id/compute', { schema: { tags, ...id, response: { 200: reviewCycleSchema } } }, (req) =>
    reviews.recomputeCycle(ctxOf(req), req.params.id),
  );
  r.post('/review-cycles/:id/close', { schema: { tags, ...id, body: cycleActionSchema, response: { 200: reviewCycleSchema } } }, (req) =>
    reviews.closeCycle(ctxOf(req), req.params.id, req.body),
  );

  r.get('/performance-reviews', { schema: { tags, querystring: reviewListQuerySchema, response: { 200: reviewListSchema } } }, (req) =>
    reviews.listReviews(ctxOf(req), req.query),
  );
  r.get('/performance-reviews/:id', { schema: { tags, ...id, response: { 200: performanceReviewSchema } } }, (req) =>
    reviews.getReview(ctxOf(req), req.params.id),
  );
  r.get('/performance-reviews/:id/comparison', { schema: { tags, ...id, response: { 200: comparisonSchema } } }, (req) =>
    reviews.reviewComparison(ctxOf(req), req.params.id),
  );
  r.put(
    '/performance-reviews/:id/peers',
    { schema: { tags, ...id, body: peersInputSchema, response: { 200: performanceReviewSchema } } },
    (req) => reviews.setPeers(ctxOf(req), req.params.id, req.body),
  );
  r.post(
    '/performance-reviews/:id/rating',
    { schema: { tags, ...id, body: ratingInputSchema, response: { 200: performanceReviewSchema } } },
    (req) => reviews.submitRating(ctxOf(req), req.params.id, req.body),
  );
  r.post(
    '/performance-reviews/:id/feedback',
    { schema: { tags, ...id, body: feedbackInputSchema, response: { 200: performanceReviewSchema } } },
    (req) => reviews.recordFeedback(ctxOf(req), req.params.id, req.body),
  );
  r.post(
    '/performance-reviews/:id/acknowledge',
    { schema: { tags, ...id, body: acknowledgeInputSchema, response: { 200: performanceReviewSchema } } },
    (req) => reviews.acknowledgeReview(ctxOf(req), req.params.id, req.body),
  );
  r.post(
    '/performance-reviews/:id/appeals',
    { schema: { tags, ...id, body: appealInputSchema, response: { 200: performanceReviewSchema } } },
    (req) => reviews.appealScore(ctxOf(req), req.params.id, req.body),
  );
  r.post(
    '/review-appeals/:id/decision',
    { schema: { tags, ...id, body: appealDecisionSchema, response: { 200: performanceReviewSchema } } },
    (req) => reviews.decideAppeal(ctxOf(req), req.params.id, req.body),
  );
  r.post(
    '/review-actions/:id/done',
    { schema: { tags, ...id, body: z.object({ done: z.boolean() }), response: { 200: okSchema } } },
    (req) => reviews.toggleAction(ctxOf(req), req.params.id, req.body.done),
  );
}
