import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ACTION_ITEM_STATES,
  actionItemInputSchema,
  actionItemReviewSchema,
  actionItemSchema,
  escalationInputSchema,
  escalationListQuerySchema,
  escalationResolveSchema,
  escalationSchema,
  handoverDecisionSchema,
  handoverInputSchema,
  handoverSchema,
  handoverTargetQuerySchema,
  handoverTargetSchema,
  idParamsSchema,
  meetingInputSchema,
  meetingListQuerySchema,
  meetingMinutesSchema,
  meetingRowSchema,
  meetingSchema,
  pageOf,
  queryBooleanSchema,
} from '@xiaoguan/shared';
import { ctxOf } from '../../platform/context.js';
import * as meetings from './meetings.service.js';
import * as escalations from './escalations.service.js';

/** Team work (M11): meetings, action items, escalations, handovers. Thin routes, one service call each. */
export async function teamworkRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['teamwork'];
  const id = { params: idParamsSchema };

  r.get(
    '/teamwork/meetings',
    { schema: { tags, querystring: meetingListQuerySchema, response: { 200: pageOf(meetingRowSchema) } } },
    (req) => meetings.listMeetings(ctxOf(req), req.query),
  );
  r.post('/teamwork/meetings', { schema: { tags, body: meetingInputSchema, response: { 201: meetingSchema } } }, async (req, reply) =>
    reply.code(201).send(await meetings.createMeeting(ctxOf(req), req.body)),
  );
  r.get('/teamwork/meetings/:id', { schema: { tags, ...id, response: { 200: meetingSchema } } }, (req) =>
    meetings.getMeeting(ctxOf(req), req.params.id),
  );
  r.patch('/teamwork/meetings/:id', { schema: { tags, ...id, body: meetingMinutesSchema, response: { 200: meetingSchema } } }, (req) =>
    meetings.saveMinutes(ctxOf(req), req.params.id, req.body),
  );
  r.post(
    '/teamwork/meetings/:id/action-items',
    { schema: { tags, ...id, body: actionItemInputSchema, response: { 201: meetingSchema } } },
    async (req, reply) => reply.code(201).send(await meetings.addActionItem(ctxOf(req), req.params.id, req.body)),
  );
  r.get(
    '/teamwork/action-items',
    {
      schema: {
        tags,
        querystring: z.object({ mine: queryBooleanSchema.optional(), state: z.enum(ACTION_ITEM_STATES).optional() }),
        response: { 200: z.array(actionItemSchema) },
      },
    },
    (req) => meetings.listActionItems(ctxOf(req), req.query),
  );
  r.post(
    '/teamwork/action-items/:id/review',
    { schema: { tags, ...id, body: actionItemReviewSchema, response: { 200: meetingSchema } } },
    (req) => meetings.reviewActionItem(ctxOf(req), req.params.id, req.body),
  );

  r.get(
    '/teamwork/escalations',
    { schema: { tags, querystring: escalationListQuerySchema, response: { 200: z.array(escalationSchema) } } },
    (req) => escalations.listEscalations(ctxOf(req), req.query),
  );
  r.post(
    '/teamwork/escalations',
    { schema: { tags, body: escalationInputSchema, response: { 201: escalationSchema } } },
    async (req, reply) => reply.code(201).send(await escalations.raiseEscalation(ctxOf(req), req.body)),
  );
  r.get('/teamwork/escalations/:id', { schema: { tags, ...id, response: { 200: escalationSchema } } }, (req) =>
    escalations.getEscalation(ctxOf(req), req.params.id),
  );
  r.post(
    '/teamwork/escalations/:id/resolve',
    { schema: { tags, ...id, body: escalationResolveSchema, response: { 200: escalationSchema } } },
    (req) => escalations.resolveEscalation(ctxOf(req), req.params.id, req.body),
  );

  r.get('/teamwork/handovers', { schema: { tags, response: { 200: z.array(handoverSchema) } } }, (req) =>
    escalations.listHandovers(ctxOf(req)),
  );
  r.get(
    '/teamwork/handover-targets',
    { schema: { tags, querystring: handoverTargetQuerySchema, response: { 200: z.array(handoverTargetSchema) } } },
    (req) => escalations.listHandoverTargets(ctxOf(req), req.query),
  );
  r.post('/teamwork/handovers', { schema: { tags, body: handoverInputSchema, response: { 201: handoverSchema } } }, async (req, reply) =>
    reply.code(201).send(await escalations.createHandover(ctxOf(req), req.body)),
  );
  r.post(
    '/teamwork/handovers/:id/decide',
    { schema: { tags, ...id, body: handoverDecisionSchema, response: { 200: handoverSchema } } },
    (req) => escalations.decideHandover(ctxOf(req), req.params.id, req.body),
  );
}
