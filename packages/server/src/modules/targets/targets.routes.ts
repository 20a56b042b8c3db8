import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  cockpitQuerySchema,
  cockpitSchema,
  letterAckSchema,
  letterPdfQuerySchema,
  letterQuerySchema,
  letterSchema,
  letterStatusListSchema,
  targetGridQuerySchema,
  targetGridSchema,
  targetSaveSchema,
} from '@xiaoguan/shared';
import { ctxOf } from '../../platform/context.js';
import * as service from './targets.service.js';
import { cockpit } from './cockpit.service.js';

/** Targets (M4) and the role cockpit (M5): thin routes, one service call each. */
export async function targetsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['targets'];
  r.get('/targets', { schema: { tags, querystring: targetGridQuerySchema, response: { 200: targetGridSchema } } }, (req) =>
    service.getGrid(ctxOf(req), req.query),
  );
  r.put('/targets', { schema: { tags, body: targetSaveSchema, response: { 200: targetGridSchema } } }, (req) =>
    service.saveGrid(ctxOf(req), req.body),
  );
  r.get('/targets/letter', { schema: { tags, querystring: letterQuerySchema, response: { 200: letterSchema } } }, (req) =>
    service.myLetter(ctxOf(req), req.query.year),
  );
  r.get(
    '/targets/letter/pdf',
    { schema: { tags, querystring: letterPdfQuerySchema, produces: ['application/pdf'] } },
    async (req, reply) => {
      const pdf = await service.myLetterPdf(ctxOf(req), req.query.year, req.query.lang);
      const fileName = `${req.query.lang === 'en-US' ? 'target-letter' : '目标责任书'}-${req.query.year}.pdf`;
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(fileName)}`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );
  r.post('/targets/letter/acknowledge', { schema: { tags, body: letterAckSchema, response: { 200: letterSchema } } }, (req) =>
    service.acknowledgeLetter(ctxOf(req), req.body.year),
  );
  r.get('/targets/letters', { schema: { tags, querystring: letterQuerySchema, response: { 200: letterStatusListSchema } } }, (req) =>
    service.letterStatuses(ctxOf(req), req.query.year),
  );
  r.get('/cockpit', { schema: { tags: ['cockpit'], querystring: cockpitQuerySchema, response: { 200: cockpitSchema } } }, (req) =>
    cockpit(ctxOf(req), req.query),
  );
}
