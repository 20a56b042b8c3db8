import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  idParamsSchema,
  okSchema,
  orgUnitCreateSchema,
  orgUnitSchema,
  orgUnitUpdateSchema,
  resetPasswordBodySchema,
  supportAssignmentsSchema,
  userCreateSchema,
  userListQuerySchema,
  userPageSchema,
  userSchema,
  userUpdateSchema,
} from '@xiaoguan/shared';
import { ctxOf } from '../../platform/context.js';
import * as org from './org.service.js';

export async function orgRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['org'];

  r.get('/users', { schema: { tags, querystring: userListQuerySchema, response: { 200: userPageSchema } } }, (req) =>
    org.listUsers(ctxOf(req), req.query),
  );
  r.post('/users', { schema: { tags, body: userCreateSchema, response: { 201: userSchema } } }, async (req, reply) =>
    reply.code(201).send(await org.createUser(ctxOf(req), req.body)),
  );
  r.get('/users/export.csv', { schema: { tags, querystring: userListQuerySchema } }, async (req, reply) => {
    const csv = await org.exportUsers(ctxOf(req), req.query);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="users.csv"').send(csv);
  });
  r.get('/users/:id', { schema: { tags, params: idParamsSchema, response: { 200: userSchema } } }, (req) =>
    org.viewUser(ctxOf(req), req.params.id),
  );
  r.patch('/users/:id', { schema: { tags, params: idParamsSchema, body: userUpdateSchema, response: { 200: userSchema } } }, (req) =>
    org.updateUser(ctxOf(req), req.params.id, req.body),
  );
  r.post(
    '/users/:id/reset-password',
    { schema: { tags, params: idParamsSchema, body: resetPasswordBodySchema, response: { 200: okSchema } } },
    async (req) => {
      await org.resetPassword(ctxOf(req), req.params.id, req.body.newPassword);
      return { ok: true as const };
    },
  );
  r.get(
    '/users/:id/support-assignments',
    { schema: { tags, params: idParamsSchema, response: { 200: supportAssignmentsSchema } } },
    async (req) => ({
      repIds: await org.getSupportAssignments(ctxOf(req), req.params.id),
    }),
  );
  r.put(
    '/users/:id/support-assignments',
    { schema: { tags, params: idParamsSchema, body: supportAssignmentsSchema, response: { 200: supportAssignmentsSchema } } },
    async (req) => ({ repIds: await org.setSupportAssignments(ctxOf(req), req.params.id, req.body.repIds) }),
  );

  r.get('/org-units', { schema: { tags, response: { 200: z.array(orgUnitSchema) } } }, (req) => org.listOrgUnits(ctxOf(req)));
  r.post('/org-units', { schema: { tags, body: orgUnitCreateSchema, response: { 201: orgUnitSchema } } }, async (req, reply) =>
    reply.code(201).send(await org.createOrgUnit(ctxOf(req), req.body)),
  );
  r.patch(
    '/org-units/:id',
    { schema: { tags, params: idParamsSchema, body: orgUnitUpdateSchema, response: { 200: orgUnitSchema } } },
    (req) => org.updateOrgUnit(ctxOf(req), req.params.id, req.body),
  );
}
