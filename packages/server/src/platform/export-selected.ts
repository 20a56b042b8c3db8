import type { FastifyReply } from 'fastify';
import type { Message } from '@xiaoguan/shared';
import type { Ctx } from './context.js';
import type { Executor } from './db/client.js';
import { outsideTransaction } from './db/transactions.js';
import { AppError } from './errors.js';
import { streamExport, type Cell, type ExportColumn, type StreamedExport } from './export.js';

/**
 * "Export selected" (issue 16, bulk actions): the rows a reader ticked, as a file. A ticked id the
 * caller may not export (another team's record, a deleted one) refuses the whole export with 403
 * naming the refused ids — a file never silently leaves rows out, and never holds a row the caller
 * cannot see.
 */
export function refuseUnselectable(ids: readonly string[], found: ReadonlySet<string>, noun: string): void {
  const refusedIds = [...new Set(ids)].filter((id) => !found.has(id));
  if (refusedIds.length)
    throw new AppError(
      'forbidden',
      `${refusedIds.length} of ${new Set(ids).size} ${noun} are outside what you may export; nothing was exported`,
      {
        field: 'body.ids',
        data: { refusedIds },
      },
    );
}

export interface SelectedExportSpec<Row extends { id: string }> {
  ids: string[];
  format: 'csv' | 'xlsx';
  fileName: string;
  sheetName: string;
  columns: (ExportColumn & { value: (row: Row) => Cell })[];
  /** English plural for messages ("opportunities"). */
  noun: string;
  /** The audit entry's table name and message. */
  entity: string;
  summaryMessage: (count: number) => Message;
  /**
   * The selected rows inside the caller's export scope, presented as the list presents them (the
   * list's own masking applies); a row missing from the answer is refused.
   */
  load: (executor: Executor, ids: string[]) => Promise<Row[]>;
}

/**
 * The selected rows of a list that has no full export of its own, streamed like every export
 * (platform/export.ts): checked first (all or nothing), audited with the count, then written in the
 * order the reader ticked them.
 */
export async function exportSelectedRows<Row extends { id: string }>(ctx: Ctx, spec: SelectedExportSpec<Row>): Promise<StreamedExport> {
  const ids = [...new Set(spec.ids)];
  const rows = await spec.load(ctx.db, ids);
  const byId = new Map(rows.map((row) => [row.id, row]));
  refuseUnselectable(ids, new Set(byId.keys()), spec.noun);
  return streamExport(ctx.db, {
    format: spec.format,
    fileName: spec.fileName,
    sheetName: spec.sheetName,
    columns: spec.columns,
    async count() {
      await outsideTransaction(() =>
        ctx.audit(ctx.db, {
          action: 'export',
          entity: spec.entity,
          summary: `${ids.length} selected ${spec.noun} exported as ${spec.format}`,
          summaryMessage: spec.summaryMessage(ids.length),
        }),
      );
      return ids.length;
    },
    async rows(_tx, write) {
      for (const id of ids) {
        const row = byId.get(id)!;
        if (!(await write(spec.columns.map((column) => column.value(row))))) return;
      }
    },
  });
}

/** Sends an export as a download (the same headers as the full exports). */
export function sendExport(reply: FastifyReply, file: StreamedExport, asciiName: string) {
  return reply
    .type(file.contentType)
    .header(
      'content-disposition',
      `attachment; filename="${asciiName}.${file.extension}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    )
    .header('x-total-count', String(file.total))
    .send(file.stream);
}
