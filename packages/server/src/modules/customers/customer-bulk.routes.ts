import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { bulkResultSchema, customerBulkSchema, taskBulkCloseSchema } from '@xiaoguan/shared';
import { ctxOf } from '../../platform/context.js';
import { bulkChangeCustomers, bulkCloseTasks } from './customer-bulk.service.js';

/** Bulk actions on the customer list and the task list: one service call each, one transaction per batch. */
export async function customerBulkRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['customers'];
  r.post('/customers/bulk', { schema: { tags, body: customerBulkSchema, response: { 200: bulkResultSchema } } }, (req) =>
    bulkChangeCustomers(ctxOf(req), req.body),
  );
  r.post('/tasks/bulk-close', { schema: { tags, body: taskBulkCloseSchema, response: { 200: bulkResultSchema } } }, (req) =>
    bulkCloseTasks(ctxOf(req), req.body.ids),
  );
}
