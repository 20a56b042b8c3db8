import type { FastifyInstance } from 'fastify';
import type {} from '@fastify/rate-limit'; // its route config (rateLimit), for projects that compile this file without app.ts
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { readUploadedFile } from '../../platform/files/upload.js';
import { z } from 'zod';
import {
  assignBodySchema,
  claimBodySchema,
  contactInputSchema,
  contactSchema,
  contactUpdateSchema,
  customerCreateSchema,
  customerListQuerySchema,
  customerListPageSchema,
  customerSchema,
  customerSettingsSchema,
  customerUpdateSchema,
  duplicateSchema,
  idParamsSchema,
  interactionInputSchema,
  interactionSchema,
  mergeBodySchema,
  myDaySchema,
  statusChangeSchema,
  customerOrderSchema,
  okSchema,
  pageOf,
  pageQuerySchema,
  pointsEntrySchema,
  pointsInputSchema,
  releaseBodySchema,
  taskInputSchema,
  taskListQuerySchema,
  taskSchema,
  taskUpdateSchema,
  tierProposalDecisionSchema,
  tierProposalSchema,
  CUSTOMER_KINDS,
} from '@xiaoguan/shared';
import { ctxOf } from '../../platform/context.js';
import { privateEntityTag } from '../../platform/http/etag.js';
import { diffChanges } from '../../platform/audit/audit.js';
import * as customers from './customers.service.js';
import * as pool from './customer-pool.js';
import * as activity from './interactions.service.js';
import { addContact, deleteContact, listContacts, updateContact } from './contacts.service.js';
import { recentOrders, statusHistory } from './customer-history.service.js';
import { addPoints, pointsEntries } from './points.service.js';
import { mergeCustomers } from './customer-merge.service.js';
import { decideTierProposal, generateTierProposals, listTierProposals, recomputeRfmNow } from './tier-proposals.service.js';
import { customersAccess } from './customers.access.js';
import { checkDuplicates, DUPLICATE_CHECKS_PER_MINUTE } from './duplicate-check.js';
import { getCustomerSettings, saveCustomerSettings } from './customers.settings.js';

/** Customers (M1): thin routes, one service call each. */
export async function customersRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['customers'];
  const id = { params: idParamsSchema };

  // The lists carry an entity tag: the browser's refetch of an unchanged page gets 304.
  r.get(
    '/customers',
    { schema: { tags, querystring: customerListQuerySchema, response: { 200: customerListPageSchema } }, onSend: privateEntityTag },
    (req) => customers.listCustomers(ctxOf(req), req.query),
  );
  r.get(
    '/customers/pool',
    { schema: { tags, querystring: customerListQuerySchema, response: { 200: customerListPageSchema } }, onSend: privateEntityTag },
    (req) => customers.listCustomers(ctxOf(req), req.query, { pool: true }),
  );
  r.post('/customers', { schema: { tags, body: customerCreateSchema, response: { 201: customerSchema } } }, async (req, reply) =>
    reply.code(201).send(await customers.createCustomer(ctxOf(req), req.body)),
  );
  r.post(
    '/customers/duplicates',
    {
      // Per user, counted once the session is known: the answer tells whether a phone number is a customer's (R-SEC-1).
      config: {
        rateLimit: {
          max: DUPLICATE_CHECKS_PER_MINUTE,
          timeWindow: '1 minute',
          hook: 'preHandler',
          keyGenerator: (req) => `duplicates:${req.actor?.id ?? req.ip}`,
        },
      },
      schema: {
        tags,
        body: z.object({
          name: z.string().trim().min(1).max(200),
          phone: z.string().max(30).nullable().optional(),
          taxId: z.string().max(30).nullable().optional(),
          kind: z.enum(CUSTOMER_KINDS).optional(),
          excludeId: z.uuid().optional(),
        }),
        response: { 200: z.array(duplicateSchema) },
      },
    },
    (req) => checkDuplicates(ctxOf(req), req.body, req.body.excludeId),
  );
  r.post(
    '/customers/rfm/recompute',
    { schema: { tags, response: { 200: z.object({ updated: z.number().int(), ms: z.number().int() }) } } },
    (req) => recomputeRfmNow(ctxOf(req)),
  );
  r.get('/customers/:id', { schema: { tags, ...id, response: { 200: customerSchema } } }, (req) =>
    customers.getCustomer(ctxOf(req), req.params.id),
  );
  r.patch('/customers/:id', { schema: { tags, ...id, body: customerUpdateSchema, response: { 200: customerSchema } } }, (req) =>
    customers.updateCustomer(ctxOf(req), req.params.id, req.body),
  );
  r.post('/customers/:id/reveal', { schema: { tags, ...id, response: { 200: customerSchema } } }, (req) =>
    customers.revealCustomer(ctxOf(req), req.params.id),
  );
  r.post('/customers/:id/claim', { schema: { tags, ...id, body: claimBodySchema, response: { 200: customerSchema } } }, (req) =>
    pool.claimCustomer(ctxOf(req), req.params.id, req.body.version),
  );
  r.post('/customers/:id/release', { schema: { tags, ...id, body: releaseBodySchema, response: { 200: customerSchema } } }, (req) =>
    pool.releaseCustomer(ctxOf(req), req.params.id, req.body),
  );
  r.post('/customers/:id/assign', { schema: { tags, ...id, body: assignBodySchema, response: { 200: customerSchema } } }, (req) =>
    pool.assignCustomer(ctxOf(req), req.params.id, req.body),
  );
  r.post('/customers/:id/merge', { schema: { tags, ...id, body: mergeBodySchema, response: { 200: customerSchema } } }, (req) =>
    mergeCustomers(ctxOf(req), req.params.id, req.body),
  );
  r.get('/customers/:id/status-history', { schema: { tags, ...id, response: { 200: z.array(statusChangeSchema) } } }, (req) =>
    statusHistory(ctxOf(req), req.params.id),
  );
  r.get('/customers/:id/orders', { schema: { tags, ...id, response: { 200: z.array(customerOrderSchema) } } }, (req) =>
    recentOrders(ctxOf(req), req.params.id),
  );
  r.get('/customers/:id/points', { schema: { tags, ...id, response: { 200: z.array(pointsEntrySchema) } } }, (req) =>
    pointsEntries(ctxOf(req), req.params.id),
  );
  r.post(
    '/customers/:id/points',
    { schema: { tags, ...id, body: pointsInputSchema, response: { 201: z.array(pointsEntrySchema) } } },
    async (req, reply) => reply.code(201).send(await addPoints(ctxOf(req), req.params.id, req.body)),
  );

  r.get('/customers/:id/contacts', { schema: { tags, ...id, response: { 200: z.array(contactSchema) } } }, (req) =>
    listContacts(ctxOf(req), req.params.id),
  );
  r.post(
    '/customers/:id/contacts',
    { schema: { tags, ...id, body: contactInputSchema, response: { 201: contactSchema } } },
    async (req, reply) => reply.code(201).send(await addContact(ctxOf(req), req.params.id, req.body)),
  );
  r.patch('/customer-contacts/:id', { schema: { tags, ...id, body: contactUpdateSchema, response: { 200: contactSchema } } }, (req) =>
    updateContact(ctxOf(req), req.params.id, req.body),
  );
  r.delete('/customer-contacts/:id', { schema: { tags, ...id, response: { 200: okSchema } } }, async (req) => {
    await deleteContact(ctxOf(req), req.params.id);
    return { ok: true as const };
  });

  r.get(
    '/customers/:id/interactions',
    {
      schema: {
        tags,
        ...id,
        querystring: pageQuerySchema.extend({ includeArchived: z.stringbool().default(false) }),
        response: { 200: pageOf(interactionSchema) },
      },
    },
    (req) => activity.listInteractions(ctxOf(req), req.params.id, req.query),
  );
  r.post(
    '/customers/:id/interactions',
    { schema: { tags, ...id, body: interactionInputSchema, response: { 201: interactionSchema } } },
    async (req, reply) => reply.code(201).send(await activity.logInteraction(ctxOf(req), req.params.id, req.body)),
  );
  r.post('/interactions/:id/attachments', { schema: { tags, ...id, consumes: ['multipart/form-data'] } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const upload = await readUploadedFile(req);
    return reply.code(201).send(await activity.addAttachment(ctx, app.config.dataDir, req.params.id, upload));
  });
  r.get('/attachments/:id', { schema: { tags, ...id } }, async (req, reply) => {
    const file = await activity.readAttachment(ctxOf(req), app.config.dataDir, req.params.id);
    return reply
      .type(file.mimeType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
      .header('x-content-type-options', 'nosniff')
      .send(file.content);
  });

  r.get('/tasks', { schema: { tags, querystring: taskListQuerySchema, response: { 200: pageOf(taskSchema) } } }, (req) =>
    activity.listTasks(ctxOf(req), req.query),
  );
  r.post('/tasks', { schema: { tags, body: taskInputSchema, response: { 201: taskSchema } } }, async (req, reply) =>
    reply.code(201).send(await activity.createTask(ctxOf(req), req.body)),
  );
  r.patch('/tasks/:id', { schema: { tags, ...id, body: taskUpdateSchema, response: { 200: taskSchema } } }, (req) =>
    activity.updateTask(ctxOf(req), req.params.id, req.body),
  );
  r.get('/my-day', { schema: { tags, response: { 200: myDaySchema } } }, async (req) => {
    const ctx = ctxOf(req);
    return activity.myDay(ctx, (ids) => customers.getCustomers(ctx, ids));
  });

  r.get(
    '/tier-proposals',
    {
      schema: {
        tags,
        querystring: pageQuerySchema.extend({ status: z.enum(['pending', 'accepted', 'rejected']).optional() }),
        response: { 200: pageOf(tierProposalSchema) },
      },
    },
    (req) => listTierProposals(ctxOf(req), req.query),
  );
  r.post(
    '/tier-proposals/:id/decision',
    { schema: { tags, ...id, body: tierProposalDecisionSchema, response: { 200: okSchema } } },
    (req) => decideTierProposal(ctxOf(req), req.params.id, req.body.decision),
  );
  r.post('/tier-proposals/generate', { schema: { tags, response: { 200: z.object({ created: z.number().int() }) } } }, async (req) => {
    const ctx = ctxOf(req);
    customersAccess.require(ctx.actor, 'configure');
    return { created: await generateTierProposals(ctx.db, ctx.now) };
  });

  r.get('/customer-settings', { schema: { tags, response: { 200: customerSettingsSchema } } }, async (req) => {
    const ctx = ctxOf(req);
    if (!customersAccess.can(ctx.actor, 'configure')) customersAccess.require(ctx.actor, 'read');
    return getCustomerSettings(ctx.db, { fresh: true });
  });
  r.put(
    '/customer-settings',
    { schema: { tags, body: customerSettingsSchema, response: { 200: customerSettingsSchema } } },
    async (req) => {
      const ctx = ctxOf(req);
      customersAccess.require(ctx.actor, 'configure');
      await ctx.db.transaction(async (tx) => {
        const before = await getCustomerSettings(tx, { fresh: true });
        await saveCustomerSettings(tx, req.body);
        await ctx.audit(tx, { action: 'update', entity: 'settings', entityId: 'customers', changes: diffChanges(before, req.body) });
      });
      return getCustomerSettings(ctx.db, { fresh: true });
    },
  );
}
