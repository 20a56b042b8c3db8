import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  customerExportQuerySchema,
  idParamsSchema,
  importHeaderBodySchema,
  importOwnerListSchema,
  importOwnerQuerySchema,
  importMappingSchema,
  importSessionSchema,
  importStartBodySchema,
  importValidateBodySchema,
  importValuesBodySchema,
  importValuesSchema,
} from '@xiaoguan/shared';
import { ctxOf } from '../../platform/context.js';
import * as imports from './customer-imports.service.js';
import { exportCustomers } from './customer-export.service.js';
import { uploadRefusal } from './import-failures.js';
import { listImportOwners } from './import-owner-options.js';

/** Customer import (upload → validate → start, as background jobs) and export, under /api/v1. */
export async function customerImportsRoutes(app: FastifyInstance): Promise<void> {
  // app.ts may already register multipart for every route; otherwise it is registered for these.
  if (!app.hasContentTypeParser('multipart/form-data'))
    await app.register(multipart, { limits: { fileSize: imports.MAX_IMPORT_BYTES, files: 1 } });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['customers'];
  const id = { params: idParamsSchema };

  r.post(
    '/customer-imports',
    { schema: { tags, consumes: ['multipart/form-data'], response: { 201: importSessionSchema } } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      if (!req.isMultipart()) throw uploadRefusal('body.file', 'noFile');
      const file = await req.file({ limits: { fileSize: imports.MAX_IMPORT_BYTES, files: 1 } });
      if (!file || file.fieldname !== 'file') {
        file?.file.resume();
        throw uploadRefusal('body.file', 'noFile');
      }
      return reply.code(201).send(await imports.uploadImport(ctx, app.config.dataDir, { fileName: file.filename, stream: file.file }));
    },
  );
  r.get('/customer-imports/mapping', { schema: { tags, response: { 200: importMappingSchema } } }, (req) =>
    imports.getRememberedMapping(ctxOf(req)),
  );
  r.get(
    '/customer-imports/owners',
    { schema: { tags, querystring: importOwnerQuerySchema, response: { 200: importOwnerListSchema } } },
    (req) => listImportOwners(ctxOf(req), req.query),
  );
  r.get('/customer-imports/:id', { schema: { tags, ...id, response: { 200: importSessionSchema } } }, (req) =>
    imports.getImport(ctxOf(req), req.params.id),
  );
  r.post(
    '/customer-imports/:id/validate',
    { schema: { tags, ...id, body: importValidateBodySchema, response: { 202: importSessionSchema } } },
    async (req, reply) =>
      reply.code(202).send(await imports.validateImport(ctxOf(req), req.params.id, req.body.mapping, req.body.valueMapping)),
  );
  r.post(
    '/customer-imports/:id/header',
    { schema: { tags, ...id, body: importHeaderBodySchema, response: { 200: importSessionSchema } } },
    (req) => imports.chooseHeaderRow(ctxOf(req), app.config.dataDir, req.params.id, req.body.row),
  );
  r.post(
    '/customer-imports/:id/values',
    { schema: { tags, ...id, body: importValuesBodySchema, response: { 200: importValuesSchema } } },
    (req) => imports.importValues(ctxOf(req), app.config.dataDir, req.params.id, req.body.mapping),
  );
  r.get('/customer-imports/:id/errors.csv', { schema: { tags, ...id } }, async (req, reply) => {
    const report = await imports.errorReport(ctxOf(req), app.config.dataDir, req.params.id);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="errors.csv"; filename*=UTF-8''${encodeURIComponent(report.fileName)}`)
      .send(fs.createReadStream(report.path));
  });
  r.post(
    '/customer-imports/:id/start',
    { schema: { tags, ...id, body: importStartBodySchema.default({ mode: 'all_or_nothing' }), response: { 202: importSessionSchema } } },
    async (req, reply) => reply.code(202).send(await imports.startImport(ctxOf(req), req.params.id, req.body.mode)),
  );
  r.post('/customer-imports/:id/cancel', { schema: { tags, ...id, response: { 202: importSessionSchema } } }, async (req, reply) =>
    reply.code(202).send(await imports.cancelImport(ctxOf(req), req.params.id)),
  );

  r.get('/customers/export', { schema: { tags, querystring: customerExportQuerySchema } }, async (req, reply) => {
    const file = await exportCustomers(ctxOf(req), req.query);
    return reply
      .type(file.contentType)
      .header(
        'content-disposition',
        `attachment; filename="customers.${file.extension}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      )
      .header('x-total-count', String(file.total))
      .send(file.stream);
  });
}
