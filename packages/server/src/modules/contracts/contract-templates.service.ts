import { asc, eq, sql } from 'drizzle-orm';
import { unknownMergeFields, type ContractTemplate } from '@xiaoguan/shared';
import type { z } from 'zod';
import type { contractTemplateInputSchema, contractTemplateUpdateSchema } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { iso } from '../../platform/db/client.js';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js';
import { diffChanges } from '../../platform/audit/audit.js';
import { contracts, contractTemplates } from './contracts.schema.js';
import { contractsAccess } from './contracts.access.js';

type TemplateRecord = typeof contractTemplates.$inferSelect;

function present(row: TemplateRecord): ContractTemplate {
  return { id: row.id, name: row.name, body: row.body, active: row.active, updatedAt: iso(row.updatedAt)!, version: row.version };
}

function checkFields(body: string | undefined): void {
  if (body === undefined) return;
  const unknown = unknownMergeFields(body);
  if (unknown.length) throw badRequest('body.body', `unknown merge fields: ${unknown.map((f) => `{{${f}}}`).join(', ')}`);
}

/** Templates: everyone who writes contracts picks from the active ones; configurers see all. */
export async function listTemplates(ctx: Ctx): Promise<ContractTemplate[]> {
  const configure = contractsAccess.can(ctx.actor, 'configure');
  if (!configure) contractsAccess.require(ctx.actor, 'read');
  const rows = await ctx.db
    .select()
    .from(contractTemplates)
    .where(configure ? undefined : eq(contractTemplates.active, true))
    .orderBy(asc(contractTemplates.name));
  return rows.map(present);
}

export async function createTemplate(ctx: Ctx, input: z.infer<typeof contractTemplateInputSchema>): Promise<ContractTemplate> {
  contractsAccess.require(ctx.actor, 'configure');
  checkFields(input.body);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(contractTemplates)
      .values({ ...input, createdAt: ctx.now, updatedAt: ctx.now })
      .returning();
    await ctx.audit(tx, {
      action: 'create',
      entity: 'contract_templates',
      entityId: row!.id,
      changes: diffChanges(null, { name: input.name, active: input.active }),
      summary: input.name,
    });
    return present(row!);
  });
}

export async function updateTemplate(ctx: Ctx, id: string, input: z.infer<typeof contractTemplateUpdateSchema>): Promise<ContractTemplate> {
  contractsAccess.require(ctx.actor, 'configure');
  checkFields(input.body);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(contractTemplates).where(eq(contractTemplates.id, id)).for('update');
    if (!before) throw notFound('template');
    if (before.version !== input.version) throw conflict();
    const { version: _version, ...fields } = input;
    const [after] = await tx
      .update(contractTemplates)
      .set({ ...fields, updatedAt: ctx.now, version: sql`${contractTemplates.version} + 1` })
      .where(eq(contractTemplates.id, id))
      .returning();
    await ctx.audit(tx, {
      action: 'update',
      entity: 'contract_templates',
      entityId: id,
      changes: diffChanges(before, after!),
      summary: after!.name,
    });
    return present(after!);
  });
}

/** Deletes an unused template; one that contracts were made from is deactivated instead (409 says so). */
export async function deleteTemplate(ctx: Ctx, id: string): Promise<void> {
  contractsAccess.require(ctx.actor, 'configure');
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(contractTemplates).where(eq(contractTemplates.id, id)).for('update');
    if (!before) throw notFound('template');
    const [used] = await tx.select({ id: contracts.id }).from(contracts).where(eq(contracts.templateId, id)).limit(1);
    if (used) throw new AppError('conflict', 'contracts were made from this template; deactivate it instead', { field: 'active' });
    await tx.delete(contractTemplates).where(eq(contractTemplates.id, id));
    await ctx.audit(tx, {
      action: 'delete',
      entity: 'contract_templates',
      entityId: id,
      changes: diffChanges({ name: before.name }, null),
      summary: before.name,
    });
  });
}
