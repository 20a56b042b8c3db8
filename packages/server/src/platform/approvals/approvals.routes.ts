import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import {
  approvalDecisionSchema,
  approvalListQuerySchema,
  approvalPageSchema,
  approvalPolicyInputSchema,
  approvalPolicySchema,
  approvalPolicyUpdateSchema,
  approvalRequestSchema,
  delegationInputSchema,
  delegationSchema,
  idParamsSchema,
  okSchema,
  versionSchema,
} from '@xiaoguan/shared';
import { ctxOf } from '../context.js';
import { iso } from '../db/client.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { diffChanges } from '../audit/audit.js';
import { users } from '../identity/index.js';
import { approvalDelegations, approvalPolicies } from './approvals.schema.js';
import { approvalsAccess } from './approvals.access.js';
import { cancelApproval, decideApproval, getApproval, listApprovals } from './approvals.engine.js';

const presentPolicy = (row: typeof approvalPolicies.$inferSelect) => ({
  id: row.id,
  subjectType: row.subjectType,
  name: row.name,
  nameEn: row.nameEn ?? null,
  minAmountCents: row.minAmountCents,
  minPercent: row.minPercent === null ? null : Number(row.minPercent),
  steps: row.steps as z.infer<typeof approvalPolicySchema>['steps'],
  active: row.active,
  version: row.version,
});

export async function approvalsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['approvals'];

  r.get('/approvals', { schema: { tags, querystring: approvalListQuerySchema, response: { 200: approvalPageSchema } } }, (req) =>
    listApprovals(ctxOf(req), req.query),
  );
  r.get('/approvals/:id', { schema: { tags, params: idParamsSchema, response: { 200: approvalRequestSchema } } }, (req) =>
    getApproval(ctxOf(req), req.params.id),
  );
  r.post(
    '/approvals/:id/decision',
    { schema: { tags, params: idParamsSchema, body: approvalDecisionSchema, response: { 200: approvalRequestSchema } } },
    (req) => decideApproval(ctxOf(req), req.params.id, req.body),
  );
  r.post(
    '/approvals/:id/cancel',
    { schema: { tags, params: idParamsSchema, body: z.object({ version: versionSchema }), response: { 200: approvalRequestSchema } } },
    (req) => cancelApproval(ctxOf(req), req.params.id, req.body.version),
  );

  // The decision-authority matrix (职责矩阵).
  r.get('/approval-policies', { schema: { tags, response: { 200: z.array(approvalPolicySchema) } } }, async (req) => {
    const ctx = ctxOf(req);
    if (!approvalsAccess.can(ctx.actor, 'configure') && !approvalsAccess.can(ctx.actor, 'read'))
      approvalsAccess.require(ctx.actor, 'configure');
    const rows = await ctx.db
      .select()
      .from(approvalPolicies)
      .orderBy(asc(approvalPolicies.subjectType), asc(approvalPolicies.minAmountCents));
    return rows.map(presentPolicy);
  });
  r.post(
    '/approval-policies',
    { schema: { tags, body: approvalPolicyInputSchema, response: { 201: approvalPolicySchema } } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      approvalsAccess.require(ctx.actor, 'configure');
      const row = await ctx.db.transaction(async (tx) => {
        const [created] = await tx.insert(approvalPolicies).values(req.body).returning();
        await ctx.audit(tx, {
          action: 'create',
          entity: 'approval_policies',
          entityId: created!.id,
          changes: diffChanges(null, created!),
          summary: created!.name,
        });
        return created!;
      });
      return reply.code(201).send(presentPolicy(row));
    },
  );
  r.patch(
    '/approval-policies/:id',
    { schema: { tags, params: idParamsSchema, body: approvalPolicyUpdateSchema, response: { 200: approvalPolicySchema } } },
    async (req) => {
      const ctx = ctxOf(req);
      approvalsAccess.require(ctx.actor, 'configure');
      const { version, ...patch } = req.body;
      return ctx.db.transaction(async (tx) => {
        const [before] = await tx.select().from(approvalPolicies).where(eq(approvalPolicies.id, req.params.id)).for('update');
        if (!before) throw notFound('approval policy');
        if (before.version !== version) throw conflict();
        const [after] = await tx
          .update(approvalPolicies)
          .set({ ...patch, updatedAt: ctx.now, version: sql`${approvalPolicies.version} + 1` })
          .where(eq(approvalPolicies.id, req.params.id))
          .returning();
        await ctx.audit(tx, {
          action: 'update',
          entity: 'approval_policies',
          entityId: before.id,
          changes: diffChanges(before, after!),
          summary: after!.name,
        });
        return presentPolicy(after!);
      });
    },
  );

  // Delegation while away: my own delegations.
  const toUser = alias(users, 'to_user');
  const fromUser = alias(users, 'from_user');
  const listDelegations = (userId: string, db = app.db): Promise<z.infer<typeof delegationSchema>[]> =>
    db
      .select({ d: approvalDelegations, fromUserName: fromUser.displayName, toUserName: toUser.displayName })
      .from(approvalDelegations)
      .innerJoin(fromUser, eq(fromUser.id, approvalDelegations.fromUserId))
      .innerJoin(toUser, eq(toUser.id, approvalDelegations.toUserId))
      .where(
        sql`(${approvalDelegations.fromUserId} = ${userId} or ${approvalDelegations.toUserId} = ${userId}) and ${approvalDelegations.endsAt} > now()`,
      )
      .orderBy(desc(approvalDelegations.startsAt))
      .then((rows) =>
        rows.map(({ d, fromUserName, toUserName }) => ({
          id: d.id,
          fromUserId: d.fromUserId,
          fromUserName,
          toUserId: d.toUserId,
          toUserName,
          startsAt: iso(d.startsAt)!,
          endsAt: iso(d.endsAt)!,
          reason: d.reason,
          abilities: { delete: d.fromUserId === userId },
        })),
      );
  r.get('/approval-delegations', { schema: { tags, response: { 200: z.array(delegationSchema) } } }, (req) =>
    listDelegations(ctxOf(req).actor.id),
  );
  r.post(
    '/approval-delegations',
    { schema: { tags, body: delegationInputSchema, response: { 201: z.array(delegationSchema) } } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      if (req.body.toUserId === ctx.actor.id) throw badRequest('body.toUserId', 'delegate to someone else');
      await ctx.db.transaction(async (tx) => {
        const [target] = await tx.select({ disabled: users.disabled }).from(users).where(eq(users.id, req.body.toUserId));
        if (!target || target.disabled) throw badRequest('body.toUserId', 'no such active user');
        const [created] = await tx
          .insert(approvalDelegations)
          .values({
            fromUserId: ctx.actor.id,
            toUserId: req.body.toUserId,
            startsAt: new Date(req.body.startsAt),
            endsAt: new Date(req.body.endsAt),
            reason: req.body.reason ?? null,
          })
          .returning();
        await ctx.audit(tx, {
          action: 'create',
          entity: 'approval_delegations',
          entityId: created!.id,
          changes: diffChanges(null, created!),
        });
      });
      return reply.code(201).send(await listDelegations(ctx.actor.id));
    },
  );
  r.delete('/approval-delegations/:id', { schema: { tags, params: idParamsSchema, response: { 200: okSchema } } }, async (req) => {
    const ctx = ctxOf(req);
    await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .delete(approvalDelegations)
        .where(and(eq(approvalDelegations.id, req.params.id), eq(approvalDelegations.fromUserId, ctx.actor.id)))
        .returning();
      if (!row) throw notFound('delegation');
      await ctx.audit(tx, { action: 'delete', entity: 'approval_delegations', entityId: row.id, changes: diffChanges(row, null) });
    });
    return { ok: true as const };
  });
}
