import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  idParamsSchema,
  okSchema,
  pageOf,
  priceListCreateSchema,
  priceListItemSchema,
  priceListItemsUpdateSchema,
  priceListSchema,
  priceListUpdateSchema,
  pricingPreviewResultSchema,
  pricingPreviewSchema,
  productCategoryInputSchema,
  productCategorySchema,
  productCategoryUpdateSchema,
  productCreateSchema,
  productLineInputSchema,
  productLineSchema,
  productLineUpdateSchema,
  productListQuerySchema,
  productPageSchema,
  productSchema,
  productTiersUpdateSchema,
  productUpdateSchema,
  promotionCreateSchema,
  promotionListQuerySchema,
  promotionSchema,
  promotionUpdateSchema,
  versionSchema,
} from '@xiaoguan/shared';
import { ctxOf } from '../../platform/context.js';
import * as catalogue from './products.service.js';

const versionQuery = z.object({ version: z.coerce.number().pipe(versionSchema) });

/** Products, price lists, ladder tiers, promotions (R-PRC-1) and the pricing preview: thin routes. */
export async function productsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['products'];
  const id = { params: idParamsSchema };
  const ok = { ok: true as const };

  r.get('/product-lines', { schema: { tags, response: { 200: z.array(productLineSchema) } } }, (req) =>
    catalogue.listProductLines(ctxOf(req)),
  );
  r.post('/product-lines', { schema: { tags, body: productLineInputSchema, response: { 201: productLineSchema } } }, async (req, reply) =>
    reply.code(201).send(await catalogue.createProductLine(ctxOf(req), req.body)),
  );
  r.patch('/product-lines/:id', { schema: { tags, ...id, body: productLineUpdateSchema, response: { 200: okSchema } } }, (req) =>
    catalogue.updateProductLine(ctxOf(req), req.params.id, req.body),
  );
  r.delete('/product-lines/:id', { schema: { tags, ...id, response: { 200: okSchema } } }, async (req) => {
    await catalogue.deleteProductLine(ctxOf(req), req.params.id);
    return ok;
  });
  r.post(
    '/product-categories',
    { schema: { tags, body: productCategoryInputSchema, response: { 201: productCategorySchema } } },
    async (req, reply) => reply.code(201).send(await catalogue.createProductCategory(ctxOf(req), req.body)),
  );
  r.patch(
    '/product-categories/:id',
    { schema: { tags, ...id, body: productCategoryUpdateSchema, response: { 200: productCategorySchema } } },
    (req) => catalogue.updateProductCategory(ctxOf(req), req.params.id, req.body),
  );
  r.delete('/product-categories/:id', { schema: { tags, ...id, response: { 200: okSchema } } }, async (req) => {
    await catalogue.deleteProductCategory(ctxOf(req), req.params.id);
    return ok;
  });

  r.get('/products', { schema: { tags, querystring: productListQuerySchema, response: { 200: productPageSchema } } }, (req) =>
    catalogue.listProducts(ctxOf(req), req.query),
  );
  r.post('/products', { schema: { tags, body: productCreateSchema, response: { 201: productSchema } } }, async (req, reply) =>
    reply.code(201).send(await catalogue.createProduct(ctxOf(req), req.body)),
  );
  r.get('/products/:id', { schema: { tags, ...id, response: { 200: productSchema } } }, (req) =>
    catalogue.getProduct(ctxOf(req), req.params.id),
  );
  r.patch('/products/:id', { schema: { tags, ...id, body: productUpdateSchema, response: { 200: productSchema } } }, (req) =>
    catalogue.updateProduct(ctxOf(req), req.params.id, req.body),
  );
  r.put('/products/:id/tiers', { schema: { tags, ...id, body: productTiersUpdateSchema, response: { 200: productSchema } } }, (req) =>
    catalogue.setProductTiers(ctxOf(req), req.params.id, req.body),
  );
  r.delete('/products/:id', { schema: { tags, ...id, querystring: versionQuery, response: { 200: okSchema } } }, async (req) => {
    await catalogue.deleteProduct(ctxOf(req), req.params.id, req.query.version);
    return ok;
  });

  r.get('/price-lists', { schema: { tags, response: { 200: z.array(priceListSchema) } } }, (req) => catalogue.listPriceLists(ctxOf(req)));
  r.post('/price-lists', { schema: { tags, body: priceListCreateSchema, response: { 201: priceListSchema } } }, async (req, reply) =>
    reply.code(201).send(await catalogue.createPriceList(ctxOf(req), req.body)),
  );
  r.get('/price-lists/:id', { schema: { tags, ...id, response: { 200: priceListSchema } } }, (req) =>
    catalogue.getPriceList(ctxOf(req), req.params.id),
  );
  r.patch('/price-lists/:id', { schema: { tags, ...id, body: priceListUpdateSchema, response: { 200: priceListSchema } } }, (req) =>
    catalogue.updatePriceList(ctxOf(req), req.params.id, req.body),
  );
  r.delete('/price-lists/:id', { schema: { tags, ...id, querystring: versionQuery, response: { 200: okSchema } } }, async (req) => {
    await catalogue.deletePriceList(ctxOf(req), req.params.id, req.query.version);
    return ok;
  });
  r.get('/price-lists/:id/items', { schema: { tags, ...id, response: { 200: z.array(priceListItemSchema) } } }, (req) =>
    catalogue.listPriceListItems(ctxOf(req), req.params.id),
  );
  r.put(
    '/price-lists/:id/items',
    { schema: { tags, ...id, body: priceListItemsUpdateSchema, response: { 200: z.array(priceListItemSchema) } } },
    (req) => catalogue.setPriceListItems(ctxOf(req), req.params.id, req.body),
  );

  r.get('/promotions', { schema: { tags, querystring: promotionListQuerySchema, response: { 200: pageOf(promotionSchema) } } }, (req) =>
    catalogue.listPromotions(ctxOf(req), req.query),
  );
  r.post('/promotions', { schema: { tags, body: promotionCreateSchema, response: { 201: promotionSchema } } }, async (req, reply) =>
    reply.code(201).send(await catalogue.createPromotion(ctxOf(req), req.body)),
  );
  r.get('/promotions/:id', { schema: { tags, ...id, response: { 200: promotionSchema } } }, (req) =>
    catalogue.getPromotion(ctxOf(req), req.params.id),
  );
  r.patch('/promotions/:id', { schema: { tags, ...id, body: promotionUpdateSchema, response: { 200: promotionSchema } } }, (req) =>
    catalogue.updatePromotion(ctxOf(req), req.params.id, req.body),
  );
  r.delete('/promotions/:id', { schema: { tags, ...id, querystring: versionQuery, response: { 200: okSchema } } }, async (req) => {
    await catalogue.deletePromotion(ctxOf(req), req.params.id, req.query.version);
    return ok;
  });

  r.post('/pricing/preview', { schema: { tags, body: pricingPreviewSchema, response: { 200: pricingPreviewResultSchema } } }, (req) =>
    catalogue.previewPricing(ctxOf(req), req.body),
  );
}
