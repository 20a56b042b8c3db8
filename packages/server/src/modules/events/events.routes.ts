import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  callListQuerySchema,
  callListSchema,
  callOutcomeSchema,
  checkInBoardSchema,
  checkInCardSchema,
  checkInResultSchema,
  checkInSchema,
  checkInSearchQuerySchema,
  walkInSchema,
  eventCopySchema,
  eventCreateSchema,
  eventListQuerySchema,
  eventMetricsSchema,
  eventPageSchema,
  eventSchema,
  eventSettingsSchema,
  eventStatusChangeSchema,
  eventUpdateSchema,
  idParamsSchema,
  invitationCreateSchema,
  invitationListQuerySchema,
  invitationPageSchema,
  invitationPlanResultSchema,
  invitationPlanSchema,
  invitationReassignSchema,
  invitationSchema,
  invitationTransitionSchema,
} from '@xiaoguan/shared';
import { ctxOf } from '../../platform/context.js';
import { diffChanges } from '../../platform/audit/audit.js';
import * as service from './events.service.js';
import * as invitations from './invitations.service.js';
import { registerWalkIn } from './walk-ins.service.js';
import { eventsAccess } from './events.access.js';
import { getEventSettings, saveEventSettings } from './events.settings.js';

/** Conference marketing (M3): thin routes, one service call each. */
export async function eventsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['events'];
  const id = { params: idParamsSchema };

  r.get('/events', { schema: { tags, querystring: eventListQuerySchema, response: { 200: eventPageSchema } } }, (req) =>
    service.listEvents(ctxOf(req), req.query),
  );
  r.post('/events', { schema: { tags, body: eventCreateSchema, response: { 201: eventSchema } } }, async (req, reply) =>
    reply.code(201).send(await service.createEvent(ctxOf(req), req.body)),
  );
  r.get('/events/:id', { schema: { tags, ...id, response: { 200: eventSchema } } }, (req) => service.getEvent(ctxOf(req), req.params.id));
  r.patch('/events/:id', { schema: { tags, ...id, body: eventUpdateSchema, response: { 200: eventSchema } } }, (req) =>
    service.updateEvent(ctxOf(req), req.params.id, req.body),
  );
  r.post('/events/:id/status', { schema: { tags, ...id, body: eventStatusChangeSchema, response: { 200: eventSchema } } }, (req) =>
    service.changeEventStatus(ctxOf(req), req.params.id, req.body),
  );
  r.post('/events/:id/copy', { schema: { tags, ...id, body: eventCopySchema, response: { 201: eventSchema } } }, async (req, reply) =>
    reply.code(201).send(await service.copyEvent(ctxOf(req), req.params.id, req.body)),
  );
  r.get('/events/:id/metrics', { schema: { tags, ...id, response: { 200: eventMetricsSchema } } }, (req) =>
    invitations.eventMetrics(ctxOf(req), req.params.id),
  );

  r.get(
    '/events/:id/invitations',
    { schema: { tags, ...id, querystring: invitationListQuerySchema, response: { 200: invitationPageSchema } } },
    (req) => invitations.listInvitations(ctxOf(req), req.params.id, req.query),
  );
  r.post(
    '/events/:id/invitations',
    { schema: { tags, ...id, body: invitationCreateSchema, response: { 201: invitationSchema } } },
    async (req, reply) => reply.code(201).send(await invitations.addInvitation(ctxOf(req), req.params.id, req.body)),
  );
  r.post(
    '/events/:id/invitation-plan',
    { schema: { tags, ...id, body: invitationPlanSchema, response: { 200: invitationPlanResultSchema } } },
    (req) => invitations.buildInvitationPlan(ctxOf(req), req.params.id, req.body),
  );
  r.post(
    '/events/:id/invitations/reassign',
    { schema: { tags, ...id, body: invitationReassignSchema, response: { 200: z.object({ updated: z.number().int() }) } } },
    (req) => invitations.reassignInvitations(ctxOf(req), req.params.id, req.body),
  );
  r.get('/events/:id/call-list', { schema: { tags, ...id, querystring: callListQuerySchema, response: { 200: callListSchema } } }, (req) =>
    invitations.getCallList(ctxOf(req), req.params.id, req.query),
  );
  r.post('/invitations/:id/outcome', { schema: { tags, ...id, body: callOutcomeSchema, response: { 200: invitationSchema } } }, (req) =>
    invitations.recordCallOutcome(ctxOf(req), req.params.id, req.body),
  );
  r.post(
    '/invitations/:id/status',
    { schema: { tags, ...id, body: invitationTransitionSchema, response: { 200: invitationSchema } } },
    (req) => invitations.changeInvitationStatus(ctxOf(req), req.params.id, req.body),
  );

  r.get(
    '/events/:id/check-in/search',
    { schema: { tags, ...id, querystring: checkInSearchQuerySchema, response: { 200: z.array(checkInCardSchema) } } },
    (req) => invitations.searchCheckIn(ctxOf(req), req.params.id, req.query.q),
  );
  r.post('/events/:id/check-in', { schema: { tags, ...id, body: checkInSchema, response: { 200: checkInResultSchema } } }, (req) =>
    invitations.checkIn(ctxOf(req), req.params.id, req.body),
  );
  r.post('/events/:id/walk-ins', { schema: { tags, ...id, body: walkInSchema, response: { 200: checkInResultSchema } } }, (req) =>
    registerWalkIn(ctxOf(req), req.params.id, req.body),
  );
  r.get('/events/:id/check-in/board', { schema: { tags, ...id, response: { 200: checkInBoardSchema } } }, (req) =>
    invitations.checkInBoard(ctxOf(req), req.params.id),
  );

  r.get('/event-settings', { schema: { tags, response: { 200: eventSettingsSchema } } }, (req) => {
    ctxOf(req);
    return getEventSettings(req.server.db, { fresh: true });
  });
  r.put('/event-settings', { schema: { tags, body: eventSettingsSchema, response: { 200: eventSettingsSchema } } }, async (req) => {
    const ctx = ctxOf(req);
    eventsAccess.require(ctx.actor, 'configure');
    await ctx.db.transaction(async (tx) => {
      const before = await getEventSettings(tx, { fresh: true });
      await saveEventSettings(tx, req.body);
      await ctx.audit(tx, { action: 'update', entity: 'settings', entityId: 'events', changes: diffChanges(before, req.body) });
    });
    return getEventSettings(ctx.db, { fresh: true });
  });
}
