import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  idParamsSchema,
  okSchema,
  savedViewCreateSchema,
  savedViewDefaultSchema,
  savedViewListQuerySchema,
  savedViewSchema,
  savedViewUpdateSchema,
} from '@xiaoguan/shared';
import { ctxOf } from '../context.js';
import { chooseDefaultView, createView, deleteView, listViews, updateView } from './views.service.js';

/** Saved list views for every list (a platform mechanism: a list names itself by its list key). */
export async function viewsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['views'];
  const id = { params: idParamsSchema };
  r.get('/views', { schema: { tags, querystring: savedViewListQuerySchema, response: { 200: z.array(savedViewSchema) } } }, (req) =>
    listViews(ctxOf(req), req.query.listKey),
  );
  r.post('/views', { schema: { tags, body: savedViewCreateSchema, response: { 201: savedViewSchema } } }, async (req, reply) =>
    reply.code(201).send(await createView(ctxOf(req), req.body)),
  );
  r.put('/views/default', { schema: { tags, body: savedViewDefaultSchema, response: { 200: z.array(savedViewSchema) } } }, (req) =>
    chooseDefaultView(ctxOf(req), req.body.listKey, req.body.viewId),
  );
  r.patch('/views/:id', { schema: { tags, ...id, body: savedViewUpdateSchema, response: { 200: savedViewSchema } } }, (req) =>
    updateView(ctxOf(req), req.params.id, req.body),
  );
  r.delete('/views/:id', { schema: { tags, ...id, response: { 200: okSchema } } }, async (req) => {
    await deleteView(ctxOf(req), req.params.id);
    return { ok: true as const };
  });
}
