import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  budgetRevisionInputSchema,
  budgetSaveSchema,
  eventBudgetSubmitSchema,
  costInputSchema,
  eventBudgetSchema,
  eventFollowUpListSchema,
  eventOpsSettingsSchema,
  idParamsSchema,
  prepListSchema,
  prepTaskCreateSchema,
  prepTaskUpdateSchema,
  reconfirmListSchema,
  reconfirmOutcomeSchema,
  versionSchema,
} from '@xiaoguan/shared';
import { ctxOf } from '../../platform/context.js';
import { diffChanges } from '../../platform/audit/audit.js';
import { eventsAccess } from './events.access.js';
import { getEventBudget, recordEventCost, reviseEventBudget, saveEventBudget, submitEventBudget } from './event-budget.service.js';
import { addPrepTask, deletePrepTask, generatePrepTasks, getPrepList, updatePrepTask } from './event-prep.service.js';
import { getReconfirmList, recordReconfirmation } from './reconfirmation.service.js';
import { listEventFollowUps } from './event-follow-ups.service.js';
import { getEventOpsSettings, saveEventOpsSettings } from './event-ops.settings.js';

/** Budget and costs, preparation checklist, reconfirmation and follow-ups (issue 17 items 2, 5, 8): one service call each. */
export async function eventOpsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['events'];
  const id = { params: idParamsSchema };

  r.get('/events/:id/budget', { schema: { tags, ...id, response: { 200: eventBudgetSchema } } }, (req) =>
    getEventBudget(ctxOf(req), req.params.id),
  );
  r.put('/events/:id/budget', { schema: { tags, ...id, body: budgetSaveSchema, response: { 200: eventBudgetSchema } } }, (req) =>
    saveEventBudget(ctxOf(req), req.params.id, req.body),
  );
  r.post(
    '/events/:id/budget/submit',
    { schema: { tags, ...id, body: eventBudgetSubmitSchema, response: { 200: eventBudgetSchema } } },
    (req) => submitEventBudget(ctxOf(req), req.params.id, req.body.version),
  );
  r.post(
    '/events/:id/budget/revisions',
    { schema: { tags, ...id, body: budgetRevisionInputSchema, response: { 200: eventBudgetSchema } } },
    (req) => reviseEventBudget(ctxOf(req), req.params.id, req.body),
  );
  r.post('/events/:id/costs', { schema: { tags, ...id, body: costInputSchema, response: { 200: eventBudgetSchema } } }, (req) =>
    recordEventCost(ctxOf(req), req.params.id, req.body),
  );

  r.get('/events/:id/prep-tasks', { schema: { tags, ...id, response: { 200: prepListSchema } } }, (req) =>
    getPrepList(ctxOf(req), req.params.id),
  );
  r.post('/events/:id/prep-tasks/generate', { schema: { tags, ...id, response: { 200: prepListSchema } } }, (req) =>
    generatePrepTasks(ctxOf(req), req.params.id),
  );
  r.post('/events/:id/prep-tasks', { schema: { tags, ...id, body: prepTaskCreateSchema, response: { 200: prepListSchema } } }, (req) =>
    addPrepTask(ctxOf(req), req.params.id, req.body),
  );
  r.patch('/event-prep-tasks/:id', { schema: { tags, ...id, body: prepTaskUpdateSchema, response: { 200: prepListSchema } } }, (req) =>
    updatePrepTask(ctxOf(req), req.params.id, req.body),
  );
  r.delete(
    '/event-prep-tasks/:id',
    {
      schema: { tags, ...id, querystring: z.object({ version: z.coerce.number().pipe(versionSchema) }), response: { 200: prepListSchema } },
    },
    (req) => deletePrepTask(ctxOf(req), req.params.id, req.query.version),
  );

  r.get('/events/:id/reconfirmations', { schema: { tags, ...id, response: { 200: reconfirmListSchema } } }, (req) =>
    getReconfirmList(ctxOf(req), req.params.id),
  );
  r.post(
    '/event-reconfirmations/:id/outcome',
    { schema: { tags, ...id, body: reconfirmOutcomeSchema, response: { 200: reconfirmListSchema } } },
    (req) => recordReconfirmation(ctxOf(req), req.params.id, req.body),
  );
  r.get('/events/:id/follow-ups', { schema: { tags, ...id, response: { 200: eventFollowUpListSchema } } }, (req) =>
    listEventFollowUps(ctxOf(req), req.params.id),
  );

  r.get('/event-ops-settings', { schema: { tags, response: { 200: eventOpsSettingsSchema } } }, (req) => {
    ctxOf(req);
    return getEventOpsSettings(req.server.db, { fresh: true });
  });
  r.put(
    '/event-ops-settings',
    { schema: { tags, body: eventOpsSettingsSchema, response: { 200: eventOpsSettingsSchema } } },
    async (req) => {
      const ctx = ctxOf(req);
      eventsAccess.require(ctx.actor, 'configure');
      await ctx.db.transaction(async (tx) => {
        const before = await getEventOpsSettings(tx, { fresh: true });
        await saveEventOpsSettings(tx, req.body);
        await ctx.audit(tx, { action: 'update', entity: 'settings', entityId: 'event-ops', changes: diffChanges(before, req.body) });
      });
      return getEventOpsSettings(ctx.db, { fresh: true });
    },
  );
}
