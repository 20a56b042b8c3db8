import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { okSchema, recordRefSchema, recordShortcutListSchema, searchQuerySchema, searchResultSchema } from '@xiaoguan/shared';
import { ctxOf } from '../context.js';
import { addFavourite, globalSearch, listFavourites, listRecent, recordVisit, removeFavourite } from './search.service.js';

/**
 * The header's global search, recent items and favourites (issue 16). Every signed-in user may call
 * them; what each returns is limited to the records the caller may read (R-SEC-1), per user.
 */
export async function searchRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['search'];
  r.get('/search', { schema: { tags, querystring: searchQuerySchema, response: { 200: searchResultSchema } } }, async (request) =>
    globalSearch(ctxOf(request), request.query.q, request.query.limit),
  );
  r.get('/recent', { schema: { tags, response: { 200: recordShortcutListSchema } } }, async (request) => listRecent(ctxOf(request)));
  r.post('/recent', { schema: { tags, body: recordRefSchema, response: { 200: okSchema } } }, async (request) => {
    await recordVisit(ctxOf(request), request.body);
    return { ok: true as const };
  });
  r.get('/favourites', { schema: { tags, response: { 200: recordShortcutListSchema } } }, async (request) =>
    listFavourites(ctxOf(request)),
  );
  r.put('/favourites/:type/:id', { schema: { tags, params: recordRefSchema, response: { 200: okSchema } } }, async (request) => {
    await addFavourite(ctxOf(request), request.params);
    return { ok: true as const };
  });
  r.delete('/favourites/:type/:id', { schema: { tags, params: recordRefSchema, response: { 200: okSchema } } }, async (request) => {
    await removeFavourite(ctxOf(request), request.params);
    return { ok: true as const };
  });
}
