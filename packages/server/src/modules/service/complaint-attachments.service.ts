import { sql } from 'drizzle-orm';
import type { ComplaintAttachment } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { checkUpload, storeFile, storedFilePath } from '../../platform/files/store.js';
import { iso } from '../../platform/db/client.js';
import { notFound } from '../../platform/errors.js';
import { complaintAttachments } from './service.schema.js';
import { complaintsAccess } from './service.access.js';
import { complaintScope } from './complaints.service.js';

async function complaintInReach(ctx: Ctx, complaintId: string, action: 'read' | 'write') {
  complaintsAccess.require(ctx.actor, action);
  const found = await ctx.db.execute<{ id: string; number: string; status: string }>(
    sql`select id, number, status from complaints where id = ${complaintId} and ${complaintScope(ctx, action)}`,
  );
  if (!found.rows[0]) throw notFound('complaint');
  return found.rows[0];
}

/**
 * A file of a complaint (photos of the damaged goods, the customer's letter), stored under
 * DATA_DIR/files by content hash — the same store as interaction and contract files.
 */
export async function addComplaintAttachment(
  ctx: Ctx,
  dataDir: string,
  complaintId: string,
  file: { fileName: string; mimeType: string; content: Buffer },
): Promise<ComplaintAttachment> {
  checkUpload(file.content);
  const complaint = await complaintInReach(ctx, complaintId, 'write');
  const storageKey = await storeFile(dataDir, file.content);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(complaintAttachments)
      .values({
        complaintId,
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
      entity: 'complaint_attachments',
      entityId: row!.id,
      summary: `${complaint.number}: ${row!.fileName}`,
    });
    return { id: row!.id, fileName: row!.fileName, mimeType: row!.mimeType, size: row!.size, createdAt: iso(row!.createdAt)! };
  });
}

export async function readComplaintAttachment(ctx: Ctx, dataDir: string, id: string) {
  const [row] = await ctx.db
    .select()
    .from(complaintAttachments)
    .where(sql`${complaintAttachments.id} = ${id}`);
  if (!row) throw notFound('attachment');
  await complaintInReach(ctx, row.complaintId, 'read');
  return { file: row, storagePath: storedFilePath(dataDir, row.storageKey) };
}
