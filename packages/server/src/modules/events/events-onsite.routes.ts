import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  checkInBatchResultSchema,
  checkInBatchSchema,
  eventCalendarItemSchema,
  eventCalendarQuerySchema,
  eventDealAttributeSchema,
  eventDealsSchema,
  eventOfferCreateSchema,
  eventOfferSchema,
  eventPipelineAttributeSchema,
  eventPipelineCandidateSchema,
  eventPipelineLinkSchema,
  EVENT_PIPELINE_KINDS,
  eventReportQuerySchema,
  eventReportSchema,
  idParamsSchema,
  invitationBadgeSchema,
} from '@xiaoguan/shared';
import { ctxOf } from '../../platform/context.js';
import { getInvitationBadge } from './invitation-qr.js';
import { attributeDeal, createEventOffer, listEventDeals, listEventOffers, removeDealAttribution } from './event-deals.service.js';
import { eventCalendar, eventReport } from './event-reports.service.js';
import { attributePipelineRecord, pipelineCandidates, removePipelineAttribution } from './event-pipeline-links.service.js';
import { renderEventPrint, type PrintKind } from './event-print.js';
import { checkInBatch } from './invitations.service.js';

/** Issue 17 items 1–5: QR badges, deals at the event, event offers, reports per rep and type, the calendar. */
export async function eventsOnsiteRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['events'];
  const id = { params: idParamsSchema };

  r.get('/invitations/:id/badge', { schema: { tags, ...id, response: { 200: invitationBadgeSchema } } }, (req) =>
    getInvitationBadge(ctxOf(req), req.params.id),
  );
  r.get('/events/:id/deals', { schema: { tags, ...id, response: { 200: eventDealsSchema } } }, (req) =>
    listEventDeals(ctxOf(req), req.params.id),
  );
  r.post('/events/:id/deals', { schema: { tags, ...id, body: eventDealAttributeSchema, response: { 200: eventDealsSchema } } }, (req) =>
    attributeDeal(ctxOf(req), req.params.id, req.body.orderId),
  );
  r.delete(
    '/events/:id/deals/:orderId',
    { schema: { tags, params: z.object({ id: z.uuid(), orderId: z.uuid() }), response: { 200: eventDealsSchema } } },
    (req) => removeDealAttribution(ctxOf(req), req.params.id, req.params.orderId),
  );
  r.post(
    '/events/:id/check-in/batch',
    { schema: { tags, ...id, body: checkInBatchSchema, response: { 200: checkInBatchResultSchema } } },
    (req) => checkInBatch(ctxOf(req), req.params.id, req.body.scans),
  );
  r.get('/events/:id/pipeline/candidates', { schema: { tags, ...id, response: { 200: z.array(eventPipelineCandidateSchema) } } }, (req) =>
    pipelineCandidates(ctxOf(req), req.params.id),
  );
  r.post(
    '/events/:id/pipeline',
    { schema: { tags, ...id, body: eventPipelineAttributeSchema, response: { 200: eventPipelineLinkSchema } } },
    (req) => attributePipelineRecord(ctxOf(req), req.params.id, req.body),
  );
  r.delete(
    '/events/:id/pipeline/:kind/:recordId',
    {
      schema: {
        tags,
        params: z.object({ id: z.uuid(), kind: z.enum(EVENT_PIPELINE_KINDS), recordId: z.uuid() }),
        response: { 200: eventPipelineLinkSchema },
      },
    },
    (req) => removePipelineAttribution(ctxOf(req), req.params.id, { kind: req.params.kind, recordId: req.params.recordId }),
  );
  r.get('/events/:id/offers', { schema: { tags, ...id, response: { 200: z.array(eventOfferSchema) } } }, (req) =>
    listEventOffers(ctxOf(req), req.params.id),
  );
  r.post(
    '/events/:id/offers',
    { schema: { tags, ...id, body: eventOfferCreateSchema, response: { 201: eventOfferSchema } } },
    async (req, reply) => reply.code(201).send(await createEventOffer(ctxOf(req), req.params.id, req.body)),
  );
  r.get('/event-reports', { schema: { tags, querystring: eventReportQuerySchema, response: { 200: eventReportSchema } } }, (req) =>
    eventReport(ctxOf(req), req.query),
  );
  for (const [path, kind] of [
    ['/events/:id/sign-in-sheet.pdf', 'sign-in-sheet'],
    ['/events/:id/badges.pdf', 'badges'],
  ] as const satisfies readonly (readonly [string, PrintKind])[]) {
    r.get(
      path,
      {
        schema: {
          tags,
          ...id,
          querystring: z.object({ lang: z.enum(['zh-CN', 'en-US']).default('zh-CN'), download: z.stringbool().default(false) }),
          produces: ['application/pdf'],
        },
      },
      async (req, reply) => {
        const { pdf, fileName } = await renderEventPrint(ctxOf(req), req.params.id, kind, req.query.lang);
        return reply
          .type('application/pdf')
          .header(
            'content-disposition',
            `${req.query.download ? 'attachment' : 'inline'}; filename*=UTF-8''${encodeURIComponent(fileName)}`,
          )
          .header('cache-control', 'no-store')
          .send(pdf);
      },
    );
  }
  r.get(
    '/event-calendar',
    { schema: { tags, querystring: eventCalendarQuerySchema, response: { 200: z.array(eventCalendarItemSchema) } } },
    (req) => eventCalendar(ctxOf(req), req.query),
  );
}
