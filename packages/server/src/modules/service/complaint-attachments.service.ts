import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { ComplaintAttachment } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { iso } from '../../platform/db/client.js';
import { badRequest, notFound } from '../../platform/errors.js';
import { complaintAttachments } from './service.schema.js';
import { complaintsAccess } from './service.access.js';
import { complaintScope } from './complaints.service.js';

export const MAX_COMPLAINT_FILE_BYTES = 20 * 1024 * 1024;
const filesDir = (dataDir: string) => path.join(dataDir, 'files');

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
  if (file.content.length > MAX_COMPLAINT_FILE_BYTES) throw badRequest('body.file', 'the file is larger than 20 MB');
  if (file.content.length === 0) throw badRequest('body.file', 'the file is empty');
  const complaint = await complaintInReach(ctx, complaintId, 'write');
  const storageKey = crypto.createHash('sha256').update(file.content).digest('hex');
  await fs.mkdir(filesDir(dataDir), { recursive: true });
  await fs.writeFile(path.join(filesDir(dataDir), storageKey), file.content, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
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
  return { file: row, storagePath: path.join(filesDir(dataDir), row.storageKey) };
}
