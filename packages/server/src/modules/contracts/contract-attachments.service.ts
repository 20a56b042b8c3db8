import { and, eq } from 'drizzle-orm';
import type { ContractAttachment } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { checkUpload, storeFile, readStoredFile } from '../../platform/files/store.js';
import { iso } from '../../platform/db/client.js';
import { notFound, ruleViolation } from '../../platform/errors.js';
import { contractAttachments, contracts } from './contracts.schema.js';
import { contractsAccess } from './contracts.access.js';

/** The contract, if the caller may `action` it (access goes through the parent contract, as for interaction files). */
async function contractInScope(ctx: Ctx, contractId: string, action: 'read' | 'write') {
  contractsAccess.require(ctx.actor, action);
  const [contract] = await ctx.db
    .select({ id: contracts.id, number: contracts.number, status: contracts.status })
    .from(contracts)
    .where(and(eq(contracts.id, contractId), contractsAccess.where(ctx.actor, action, contracts.ownerId)));
  if (!contract) throw notFound('contract');
  return contract;
}

/**
 * Stores a file of a contract (the signed scan, annexes) under DATA_DIR/files by content hash
 * (the same store as interaction attachments); the row and its audit entry commit together.
 */
export async function addContractAttachment(
  ctx: Ctx,
  dataDir: string,
  contractId: string,
  file: { fileName: string; mimeType: string; content: Buffer },
): Promise<ContractAttachment> {
  checkUpload(file.content);
  const contract = await contractInScope(ctx, contractId, 'write');
  if (contract.status === 'terminated') throw ruleViolation('CON-STATUS', 'a terminated contract takes no more files');
  const storageKey = await storeFile(dataDir, file.content);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(contractAttachments)
      .values({
        contractId,
        fileName: file.fileName.slice(0, 200),
        mimeType: file.mimeType,
        size: file.content.length,
        storageKey,
        uploadedById: ctx.actor.id,
        createdAt: ctx.now,
      })
      .returning();
    await ctx.audit(tx, {
      action: 'create',
      entity: 'contract_attachments',
      entityId: row!.id,
      summary: `${contract.number}: ${row!.fileName}`,
    });
    return {
      id: row!.id,
      fileName: row!.fileName,
      size: row!.size,
      mimeType: row!.mimeType,
      uploadedByName: ctx.actor.displayName,
      createdAt: iso(row!.createdAt)!,
    };
  });
}

async function attachmentRow(ctx: Ctx, id: string) {
  const [row] = await ctx.db.select().from(contractAttachments).where(eq(contractAttachments.id, id));
  if (!row) throw notFound('attachment');
  return row;
}

export async function readContractAttachment(ctx: Ctx, dataDir: string, id: string) {
  const row = await attachmentRow(ctx, id);
  await contractInScope(ctx, row.contractId, 'read');
  return { fileName: row.fileName, mimeType: row.mimeType, content: await readStoredFile(dataDir, row.storageKey) };
}

/** Removes a file from a contract (the content stays in the store: other records may share it). */
export async function deleteContractAttachment(ctx: Ctx, id: string): Promise<void> {
  const row = await attachmentRow(ctx, id);
  const contract = await contractInScope(ctx, row.contractId, 'write');
  await ctx.db.transaction(async (tx) => {
    await tx.delete(contractAttachments).where(eq(contractAttachments.id, id));
    await ctx.audit(tx, { action: 'delete', entity: 'contract_attachments', entityId: id, summary: `${contract.number}: ${row.fileName}` });
  });
}
