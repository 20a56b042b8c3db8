import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify';
import type { Receipt, ReceiptExportQuery } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { escapeFormula } from '../../platform/export.js';
import { receivablesAccess } from './receivables.access.js';
import { receiptFilters } from './receipts.service.js';
import { presentReceipt, RECEIPT_FROM, RECEIPT_SELECT, type ReceiptRow } from './receivables.queries.js';

const PAGE_SIZE = 1000;
type Cell = string | number | null;

const METHOD_LABELS: Record<Receipt['method'], string> = {
  bank_transfer: '银行转账',
  cash: '现金',
  check: '支票',
  acceptance_bill: '承兑汇票',
  online: '在线支付',
  other: '其他',
};

const COLUMNS: { label: string; value: (r: Receipt) => Cell; money?: true }[] = [
  { label: '回款日期', value: (r) => r.receivedOn },
  { label: '合同编号', value: (r) => r.contractNumber },
  { label: '期次', value: (r) => r.installmentSeq },
  { label: '客户', value: (r) => r.customerName },
  { label: '负责人', value: (r) => r.ownerName },
  { label: '金额（元）', value: (r) => r.amountCents / 100, money: true },
  { label: '方式', value: (r) => METHOD_LABELS[r.method] },
  { label: '流水号/参考', value: (r) => r.reference },
  { label: '登记人', value: (r) => r.recordedByName },
];

interface SheetWriter {
  write(cells: Cell[]): Promise<void>;
  end(): Promise<void>;
}

async function drained(stream: NodeJS.EventEmitter, output: PassThrough): Promise<void> {
  if (output.destroyed) return;
  await Promise.race([once(stream, 'drain'), once(output, 'close')]);
}

function csvWriter(output: PassThrough): SheetWriter {
  const csv = stringify({ bom: true });
  csv.pipe(output);
  return {
    async write(cells) {
      const record = cells.map((cell, index) => (typeof cell === 'number' && COLUMNS[index]?.money ? cell.toFixed(2) : escapeFormula(cell)));
      if (!csv.write(record)) await drained(csv, output);
    },
    async end() {
      csv.end();
    },
  };
}

function xlsxWriter(output: PassThrough): SheetWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet('回款');
  sheet.columns = COLUMNS.map((column, index) => ({ key: String(index), width: Math.max(10, column.label.length * 2 + 4) }));
  return {
    async write(cells) {
      sheet.addRow(cells.map((cell) => (typeof cell === 'number' ? cell : escapeFormula(cell)))).commit();
      if (output.writableNeedDrain) await drained(output, output);
    },
    async end() {
      sheet.commit();
      await workbook.commit();
    },
  };
}

export interface ReceiptExport {
  stream: Readable;
  total: number;
  contentType: string;
  extension: 'csv' | 'xlsx';
  fileName: string;
}

/**
 * Streams the receipts the caller may export that match the list's filters (newest first) as CSV
 * (UTF-8 with BOM) or .xlsx, cells escaped against formula injection. Needs receivables.export (403
 * before anything is read); audited with the row count and filters. One repeatable-read transaction
 * with a cursor, so memory holds one page.
 */
export async function exportReceipts(ctx: Ctx, query: ReceiptExportQuery): Promise<ReceiptExport> {
  receivablesAccess.require(ctx.actor, 'export');
  const { format, ...filters } = query;
  const where = sql`${receiptFilters(ctx, filters)} and ${receivablesAccess.where(ctx.actor, 'export', sql`i.owner_id`)}`;
  const output = new PassThrough();
  let announce: (total: number) => void = () => undefined;
  const counted = new Promise<number>((resolve) => (announce = resolve));
  const streaming = ctx.db.transaction(
    async (tx) => {
      const total = (await tx.execute<{ n: number }>(sql`select count(*)::int as n ${RECEIPT_FROM} where ${where}`)).rows[0]!.n;
      const applied = Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined));
      await ctx.audit(ctx.db, { action: 'export', entity: 'receipts', summary: `${total} receipts exported as ${format}; filters ${JSON.stringify(applied)}` });
      announce(total);
      await tx.execute(sql`declare receipt_export no scroll cursor for ${RECEIPT_SELECT} ${RECEIPT_FROM} where ${where} order by r.received_on desc, r.created_at desc, r.id`);
      const writer = format === 'csv' ? csvWriter(output) : xlsxWriter(output);
      await writer.write(COLUMNS.map((column) => column.label));
      while (!output.destroyed) {
        const page = (await tx.execute<ReceiptRow>(sql`fetch ${sql.raw(String(PAGE_SIZE))} from receipt_export`)).rows;
        if (!page.length) break;
        for (const row of page) {
          const receipt = presentReceipt(row);
          await writer.write(COLUMNS.map((column) => column.value(receipt)));
        }
      }
      if (!output.destroyed) await Promise.race([writer.end(), once(output, 'close')]);
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  const failed = streaming.then(
    () => null,
    (error: unknown) => {
      output.destroy(error instanceof Error ? error : new Error(String(error)));
      return error;
    },
  );
  const first = await Promise.race([counted, failed]);
  if (first !== null && typeof first !== 'number') throw first;
  return {
    stream: output,
    total: typeof first === 'number' ? first : await counted,
    contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: format,
    fileName: `回款导出-${ctx.now.toISOString().slice(0, 10)}.${format}`,
  };
}
