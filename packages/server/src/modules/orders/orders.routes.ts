import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { exportSelectedSchema } from '@xiaoguan/shared';
import {
  idParamsSchema,
  orderCreateSchema,
  orderListQuerySchema,
  orderPageSchema,
  orderPriceQuerySchema,
  orderSchema,
  orderSettingsSchema,
  orderStatusChangeSchema,
  pricedOrderSchema,
} from '@xiaoguan/shared';
import { ctxOf } from '../../platform/context.js';
import { sendExport } from '../../platform/export-selected.js';
import { exportSelectedOrders } from './order-export.js';
import { diffChanges } from '../../platform/audit/audit.js';
import { validatePattern } from '../../platform/numbering/numbering.js';
import * as service from './orders.service.js';
import { ordersAccess } from './orders.access.js';
import { getOrderSettings, saveOrderSettings } from './orders.settings.js';

/** Orders and delivery (M2): thin routes, one service call each. */
export async function ordersRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['orders'];
  // "Export selected": the ticked rows as .xlsx/.csv, each within the caller's read scope (a foreign id refuses the file).
  r.post('/orders/export-selected', { schema: { tags, body: exportSelectedSchema } }, async (req, reply) =>
    sendExport(reply, await exportSelectedOrders(ctxOf(req), req.body), 'orders'),
  );
  const id = { params: idParamsSchema };

  r.get('/orders', { schema: { tags, querystring: orderListQuerySchema, response: { 200: orderPageSchema } } }, (req) =>
    service.listOrders(ctxOf(req), req.query),
  );
  r.post('/orders', { schema: { tags, body: orderCreateSchema, response: { 201: orderSchema } } }, async (req, reply) =>
    reply.code(201).send(await service.createOrder(ctxOf(req), req.body)),
  );
  r.post('/orders/price', { schema: { tags, body: orderPriceQuerySchema, response: { 200: pricedOrderSchema } } }, (req) =>
    service.priceDirectOrder(ctxOf(req), req.body),
  );
  r.get('/orders/:id', { schema: { tags, ...id, response: { 200: orderSchema } } }, (req) => service.getOrder(ctxOf(req), req.params.id));
  r.post('/orders/:id/status', { schema: { tags, ...id, body: orderStatusChangeSchema, response: { 200: orderSchema } } }, (req) =>
    service.changeOrderStatus(ctxOf(req), req.params.id, req.body),
  );

  r.get('/order-settings', { schema: { tags, response: { 200: orderSettingsSchema } } }, async (req) => {
    const ctx = ctxOf(req);
    if (!ordersAccess.can(ctx.actor, 'configure')) ordersAccess.require(ctx.actor, 'read');
    return getOrderSettings(ctx.db, { fresh: true });
  });
  r.put('/order-settings', { schema: { tags, body: orderSettingsSchema, response: { 200: orderSettingsSchema } } }, async (req) => {
    const ctx = ctxOf(req);
    ordersAccess.require(ctx.actor, 'configure');
    validatePattern('body.numberPattern', req.body.numberPattern);
    await ctx.db.transaction(async (tx) => {
      const before = await getOrderSettings(tx, { fresh: true });
      await saveOrderSettings(tx, req.body);
      await ctx.audit(tx, { action: 'update', entity: 'settings', entityId: 'orders', changes: diffChanges(before, req.body) });
    });
    return getOrderSettings(ctx.db, { fresh: true });
  });
}
