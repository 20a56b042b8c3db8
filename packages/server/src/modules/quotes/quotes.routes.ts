import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exportSelectedSchema } from '@xiaoguan/shared';
import {
  idParamsSchema,
  quoteCreateSchema,
  quoteDeclineBodySchema,
  quoteListQuerySchema,
  quotePageSchema,
  quotePreviewInputSchema,
  quotePreviewSchema,
  quoteRevisionSchema,
  quoteSchema,
  quoteSettingsSchema,
  quoteUpdateSchema,
  quoteVersionBodySchema,
  message,
} from '@xiaoguan/shared';
import { ctxOf } from '../../platform/context.js';
import { sendExport } from '../../platform/export-selected.js';
import { exportSelectedQuotes } from './quote-export.js';
import { getSettings } from '../../platform/settings/settings.js';
import * as quotes from './quotes.service.js';
import { quotesAccess } from './quotes.access.js';
import { getQuoteSettings, saveQuoteSettings } from './quotes.settings.js';
import { renderQuotePdf } from './quotes.pdf.js';

/** Quotes (R-QUO-1): thin routes, one service call each. */
export async function quotesRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['quotes'];
  // "Export selected": the ticked rows as .xlsx/.csv, each within the caller's read scope (a foreign id refuses the file).
  r.post('/quotes/export-selected', { schema: { tags, body: exportSelectedSchema } }, async (req, reply) =>
    sendExport(reply, await exportSelectedQuotes(ctxOf(req), req.body), 'quotes'),
  );
  const id = { params: idParamsSchema };

  r.get('/quotes', { schema: { tags, querystring: quoteListQuerySchema, response: { 200: quotePageSchema } } }, (req) =>
    quotes.listQuotes(ctxOf(req), req.query),
  );
  r.post('/quotes', { schema: { tags, body: quoteCreateSchema, response: { 201: quoteSchema } } }, async (req, reply) =>
    reply.code(201).send(await quotes.createQuote(ctxOf(req), req.body)),
  );
  r.post('/quotes/authority-preview', { schema: { tags, body: quotePreviewInputSchema, response: { 200: quotePreviewSchema } } }, (req) =>
    quotes.previewQuote(ctxOf(req), req.body),
  );
  r.get('/quotes/settings', { schema: { tags, response: { 200: quoteSettingsSchema } } }, async (req) => {
    const ctx = ctxOf(req);
    quotesAccess.require(ctx.actor, 'configure');
    return getQuoteSettings(ctx.db, { fresh: true });
  });
  r.put('/quotes/settings', { schema: { tags, body: quoteSettingsSchema, response: { 200: quoteSettingsSchema } } }, async (req) => {
    const ctx = ctxOf(req);
    quotesAccess.require(ctx.actor, 'configure');
    const before = await getQuoteSettings(ctx.db, { fresh: true });
    return ctx.db.transaction(async (tx) => {
      const saved = await saveQuoteSettings(tx, req.body);
      await ctx.audit(tx, {
        action: 'update',
        entity: 'settings',
        entityId: 'quotes',
        changes: Object.fromEntries(
          Object.entries(req.body)
            .filter(([key, value]) => before[key as keyof typeof before] !== value)
            .map(([key, value]) => [key, [before[key as keyof typeof before], value]]),
        ),
      });
      return saved;
    });
  });
  r.get('/quotes/:id', { schema: { tags, ...id, response: { 200: quoteSchema } } }, (req) => quotes.getQuote(ctxOf(req), req.params.id));
  r.patch('/quotes/:id', { schema: { tags, ...id, body: quoteUpdateSchema, response: { 200: quoteSchema } } }, (req) =>
    quotes.updateQuote(ctxOf(req), req.params.id, req.body),
  );
  r.get('/quotes/:id/revisions', { schema: { tags, ...id, response: { 200: z.array(quoteRevisionSchema) } } }, (req) =>
    quotes.listRevisions(ctxOf(req), req.params.id),
  );
  r.post('/quotes/:id/submit', { schema: { tags, ...id, body: quoteVersionBodySchema, response: { 200: quoteSchema } } }, (req) =>
    quotes.submitQuote(ctxOf(req), req.params.id, req.body.version),
  );
  r.post('/quotes/:id/withdraw', { schema: { tags, ...id, body: quoteVersionBodySchema, response: { 200: quoteSchema } } }, (req) =>
    quotes.withdrawQuote(ctxOf(req), req.params.id, req.body.version),
  );
  r.post('/quotes/:id/send', { schema: { tags, ...id, body: quoteVersionBodySchema, response: { 200: quoteSchema } } }, (req) =>
    quotes.sendQuote(ctxOf(req), req.params.id, req.body.version),
  );
  r.post('/quotes/:id/accept', { schema: { tags, ...id, body: quoteVersionBodySchema, response: { 200: quoteSchema } } }, (req) =>
    quotes.acceptQuote(ctxOf(req), req.params.id, req.body.version),
  );
  r.post('/quotes/:id/decline', { schema: { tags, ...id, body: quoteDeclineBodySchema, response: { 200: quoteSchema } } }, (req) =>
    quotes.declineQuote(ctxOf(req), req.params.id, req.body.version, req.body.reason),
  );
  r.post('/quotes/:id/copy', { schema: { tags, ...id, response: { 201: quoteSchema } } }, async (req, reply) =>
    reply.code(201).send(await quotes.copyQuote(ctxOf(req), req.params.id)),
  );
  r.get(
    '/quotes/:id/pdf',
    {
      schema: {
        tags,
        ...id,
        querystring: z.object({ lang: z.enum(['zh-CN', 'en-US']).default('zh-CN'), download: z.stringbool().default(false) }),
        produces: ['application/pdf'],
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const quote = await quotes.getQuote(ctx, req.params.id);
      const settings = await getSettings(ctx.db);
      const pdf = await renderQuotePdf(quote, { language: req.query.lang, companyName: settings.companyName, timeZone: settings.timeZone });
      // R-SEC-1: prices leave the system; the print is logged.
      await ctx.audit(ctx.db, {
        action: 'export',
        entity: 'quotes',
        entityId: quote.id,
        summary: `${quote.number} PDF (${req.query.lang})`,
        summaryMessage: message('audit.messages.quotePdf', { number: quote.number, lang: req.query.lang }),
      });
      const fileName = `${quote.number}${req.query.lang === 'en-US' ? '-en' : ''}.pdf`;
      return reply
        .type('application/pdf')
        .header('content-disposition', `${req.query.download ? 'attachment' : 'inline'}; filename*=UTF-8''${encodeURIComponent(fileName)}`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );
}
