import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  bulkJobStartedSchema,
  bulkResultSchema,
  customerBulkSchema,
  customerExportQuerySchema,
  exportSelectedSchema,
  taskBulkCloseSchema,
} from '@xiaoguan/shared';
import { sendExport } from '../../platform/export-selected.js';
import { exportCustomers } from './customer-export.service.js';
import { exportSelectedTasks } from './task-export.js';
import { ctxOf } from '../../platform/context.js';
import { bulkChangeCustomers, bulkCloseTasks } from './customer-bulk.service.js';

/** Bulk actions on the customer list and the task list: one service call each, one transaction per batch or a background job above BULK_LIMIT. */
export async function customerBulkRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['customers'];
  // Up to BULK_LIMIT records: done at once (200). Above it: queued as a background job (202), read at /bulk-jobs/:id.
  r.post(
    '/customers/bulk',
    { schema: { tags, body: customerBulkSchema, response: { 200: bulkResultSchema, 202: bulkJobStartedSchema } } },
    async (req, reply) => {
      const result = await bulkChangeCustomers(ctxOf(req), req.body);
      return 'jobId' in result ? reply.code(202).send(result) : result;
    },
  );
  r.post('/tasks/bulk-close', { schema: { tags, body: taskBulkCloseSchema, response: { 200: bulkResultSchema } } }, (req) =>
    bulkCloseTasks(ctxOf(req), req.body),
  );
  r.post('/tasks/export-selected', { schema: { tags, body: exportSelectedSchema } }, async (req, reply) =>
    sendExport(reply, await exportSelectedTasks(ctxOf(req), req.body), 'tasks'),
  );
  // "Export selected": the ticked customers through the full export (same columns, masking and scope).
  r.post('/customers/export-selected', { schema: { tags, body: exportSelectedSchema } }, async (req, reply) =>
    sendExport(
      reply,
      await exportCustomers(ctxOf(req), customerExportQuerySchema.parse({ format: req.body.format }), req.body.ids),
      'customers',
    ),
  );
}
