import { sql } from 'drizzle-orm';
import type { ExpenseClaim } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { checkUpload, storeFile, readStoredFile } from '../../platform/files/store.js';
import { AppError, badRequest, forbidden, notFound } from '../../platform/errors.js';
import { expensesAccess } from './expenses.access.js';
import { CLAIM_MOVES } from './expense-rules.js';
import { getClaim } from './claims.service.js';

/** Invoices are photographs or PDFs (R-EXP-1). The browser's type is checked against the content's signature. */
function invoiceType(content: Buffer, declared: string): string | null {
  if (content.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (content[0] === 0xff && content[1] === 0xd8 && content[2] === 0xff) return 'image/jpeg';
  if (content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (content.subarray(0, 4).toString('latin1') === 'RIFF' && content.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  if (content.subarray(4, 12).toString('latin1').startsWith('ftyphei') || content.subarray(4, 12).toString('latin1').startsWith('ftypmif'))
    return declared.startsWith('image/') ? declared : 'image/heic';
  return null;
}

/**
 * Stores an invoice file of a claim under DATA_DIR/files by content hash (the store contract and
 * interaction attachments use); only the claimant, while the claim is a draft or returned. Access to
 * the file goes through the claim.
 */
export async function addClaimFile(
  ctx: Ctx,
  dataDir: string,
  claimId: string,
  file: { fileName: string; mimeType: string; content: Buffer; lineId?: string | null },
): Promise<ExpenseClaim['files'][number]> {
  expensesAccess.require(ctx.actor, 'claim');
  checkUpload(file.content);
  const mimeType = invoiceType(file.content, file.mimeType);
  if (!mimeType) throw badRequest('body.file', 'an invoice is a photo (JPEG, PNG, WebP, HEIC) or a PDF');
  const claim = await getClaim(ctx, claimId);
  if (claim.claimantId !== ctx.actor.id) throw forbidden('only the claimant attaches invoices');
  if (!CLAIM_MOVES[claim.status].edit) throw new AppError('conflict', `the claim is ${claim.status}; it takes no more files`);
  if (file.lineId && !claim.lines.some((l) => l.id === file.lineId)) throw badRequest('body.lineId', 'not a line of this claim');
  const storageKey = await storeFile(dataDir, file.content);
  return ctx.db.transaction(async (tx) => {
    const row = (
      await tx.execute<{ id: string; created_at: string }>(sql`
        insert into expense_claim_files (claim_id, line_id, file_name, mime_type, size, storage_key, uploaded_by_id, created_at)
        values (${claimId}, ${file.lineId ?? null}, ${file.fileName.slice(0, 200)}, ${mimeType}, ${file.content.length}, ${storageKey},
                ${ctx.actor.id}, ${ctx.now.toISOString()}::timestamptz)
        returning id, created_at`)
    ).rows[0]!;
    await ctx.audit(tx, {
      action: 'create',
      entity: 'expense_claim_files',
      entityId: row.id,
      summary: `${claim.number}: ${file.fileName}`,
    });
    return {
      id: row.id,
      lineId: file.lineId ?? null,
      fileName: file.fileName.slice(0, 200),
      mimeType,
      size: file.content.length,
      createdAt: new Date(row.created_at).toISOString(),
    };
  });
}

async function fileRow(ctx: Ctx, id: string) {
  const row = (
    await ctx.db.execute<{ claim_id: string; file_name: string; mime_type: string; storage_key: string }>(
      sql`select claim_id, file_name, mime_type, storage_key from expense_claim_files where id = ${id}`,
    )
  ).rows[0];
  if (!row) throw notFound('file');
  return row;
}

/** An invoice file, to whoever may read its claim (the claimant, the reviewers, finance). */
export async function readClaimFile(ctx: Ctx, dataDir: string, id: string) {
  const row = await fileRow(ctx, id);
  await getClaim(ctx, row.claim_id);
  return { fileName: row.file_name, mimeType: row.mime_type, content: await readStoredFile(dataDir, row.storage_key) };
}

/** The claimant removes a file from a draft or returned claim (the content stays in the store: others may share it). */
export async function deleteClaimFile(ctx: Ctx, id: string): Promise<void> {
  expensesAccess.require(ctx.actor, 'claim');
  const row = await fileRow(ctx, id);
  const claim = await getClaim(ctx, row.claim_id);
  if (claim.claimantId !== ctx.actor.id) throw forbidden('only the claimant removes invoices');
  if (!CLAIM_MOVES[claim.status].edit) throw new AppError('conflict', `the claim is ${claim.status}; its files stay`);
  await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`delete from expense_claim_files where id = ${id}`);
    await ctx.audit(tx, { action: 'delete', entity: 'expense_claim_files', entityId: id, summary: `${claim.number}: ${row.file_name}` });
  });
}
