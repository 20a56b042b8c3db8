import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exportSelectedSchema } from '@xiaoguan/shared';
import {
  boardQuerySchema,
  boardSchema,
  forecastQuerySchema,
  forecastSchema,
  funnelQuerySchema,
  funnelSchema,
  idParamsSchema,
  opportunityCreateSchema,
  opportunityDetailSchema,
  opportunityListQuerySchema,
  opportunityMoveSchema,
  opportunityPageSchema,
  opportunitySettingsSchema,
  opportunityUpdateSchema,
  productOptionSchema,
  stageHistoryEntrySchema,
} from '@xiaoguan/shared';
import { ctxOf } from '../../platform/context.js';
import { sendExport } from '../../platform/export-selected.js';
import { exportSelectedOpportunities } from './opportunity-export.js';
import { diffChanges } from '../../platform/audit/audit.js';
import * as service from './opportunities.service.js';
import { getBoard } from './opportunity-board.js';
import { forecast, funnelReport } from './opportunities.metrics.js';
import { opportunitiesAccess } from './opportunities.access.js';
import { getOpportunitySettings, saveOpportunitySettings } from './opportunities.settings.js';

/** Opportunities (M2 商机): thin routes, one service call each. */
export async function opportunitiesRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['opportunities'];
  // "Export selected": the ticked rows as .xlsx/.csv, each within the caller's read scope (a foreign id refuses the file).
  r.post('/opportunities/export-selected', { schema: { tags, body: exportSelectedSchema } }, async (req, reply) =>
    sendExport(reply, await exportSelectedOpportunities(ctxOf(req), req.body), 'opportunities'),
  );
  const id = { params: idParamsSchema };

  r.get('/opportunities', { schema: { tags, querystring: opportunityListQuerySchema, response: { 200: opportunityPageSchema } } }, (req) =>
    service.listOpportunities(ctxOf(req), req.query),
  );
  r.get('/opportunities/board', { schema: { tags, querystring: boardQuerySchema, response: { 200: boardSchema } } }, (req) =>
    getBoard(ctxOf(req), req.query),
  );
  r.get('/opportunities/funnel', { schema: { tags, querystring: funnelQuerySchema, response: { 200: funnelSchema } } }, (req) =>
    funnelReport(ctxOf(req), req.query),
  );
  r.get('/opportunities/forecast', { schema: { tags, querystring: forecastQuerySchema, response: { 200: forecastSchema } } }, (req) =>
    forecast(ctxOf(req), req.query),
  );
  r.get(
    '/opportunities/product-options',
    {
      schema: {
        tags,
        querystring: z.object({ q: z.string().trim().max(100).optional() }),
        response: { 200: z.array(productOptionSchema) },
      },
    },
    (req) => service.productOptions(ctxOf(req), req.query.q),
  );
  r.post(
    '/opportunities',
    { schema: { tags, body: opportunityCreateSchema, response: { 201: opportunityDetailSchema } } },
    async (req, reply) => reply.code(201).send(await service.createOpportunity(ctxOf(req), req.body)),
  );
  r.get('/opportunities/:id', { schema: { tags, ...id, response: { 200: opportunityDetailSchema } } }, (req) =>
    service.getOpportunity(ctxOf(req), req.params.id),
  );
  r.patch(
    '/opportunities/:id',
    { schema: { tags, ...id, body: opportunityUpdateSchema, response: { 200: opportunityDetailSchema } } },
    (req) => service.updateOpportunity(ctxOf(req), req.params.id, req.body),
  );
  r.patch(
    '/opportunities/:id/move',
    { schema: { tags, ...id, body: opportunityMoveSchema, response: { 200: opportunityDetailSchema } } },
    (req) => service.moveOpportunity(ctxOf(req), req.params.id, req.body),
  );
  r.get('/opportunities/:id/history', { schema: { tags, ...id, response: { 200: z.array(stageHistoryEntrySchema) } } }, (req) =>
    service.stageHistory(ctxOf(req), req.params.id),
  );

  r.get('/opportunity-settings', { schema: { tags, response: { 200: opportunitySettingsSchema } } }, async (req) => {
    const ctx = ctxOf(req);
    // Everyone who works with opportunities needs the labels, probabilities and gates.
    if (!opportunitiesAccess.can(ctx.actor, 'configure')) opportunitiesAccess.require(ctx.actor, 'read');
    return getOpportunitySettings(ctx.db, { fresh: true });
  });
  r.put(
    '/opportunity-settings',
    { schema: { tags, body: opportunitySettingsSchema, response: { 200: opportunitySettingsSchema } } },
    async (req) => {
      const ctx = ctxOf(req);
      opportunitiesAccess.require(ctx.actor, 'configure');
      await ctx.db.transaction(async (tx) => {
        const before = await getOpportunitySettings(tx, { fresh: true });
        await saveOpportunitySettings(tx, req.body);
        await ctx.audit(tx, { action: 'update', entity: 'settings', entityId: 'opportunities', changes: diffChanges(before, req.body) });
      });
      return getOpportunitySettings(ctx.db, { fresh: true });
    },
  );
}
