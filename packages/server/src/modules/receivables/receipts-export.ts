import { message } from '@xiaoguan/shared';
import { sql } from 'drizzle-orm';
import type { Receipt, ReceiptExportQuery } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { getSettings } from '../../platform/settings/settings.js';
import { outsideTransaction } from '../../platform/db/transactions.js';
import { datedFileName, streamExport, type Cell, type ExportColumn, type StreamedExport } from '../../platform/export.js';
import { receivablesAccess } from './receivables.access.js';
import { receiptFilters } from './receipts.service.js';
import { presentReceipt, RECEIPT_FROM, RECEIPT_SELECT, type ReceiptRow } from './receivables.queries.js';

const PAGE_SIZE = 1000;

const METHOD_LABELS: Record<Receipt['method'], string> = {
  bank_transfer: '银行转账',
  cash: '现金',
  check: '支票',
  acceptance_bill: '承兑汇票',
  online: '在线支付',
  other: '其他',
};

const COLUMNS: (ExportColumn & { value: (r: Receipt) => Cell })[] = [
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

export type ReceiptExport = StreamedExport;

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
  return streamExport(ctx.db, {
    format,
    fileName: datedFileName('回款导出', ctx.now, (await getSettings(ctx.db)).timeZone),
    sheetName: '回款',
    columns: COLUMNS,
    async count(tx) {
      const total = (await tx.execute<{ n: number }>(sql`select count(*)::int as n ${RECEIPT_FROM} where ${where}`)).rows[0]!.n;
      const applied = Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined));
      // Committed before the first byte on its own connection: the export reads a read-only snapshot.
      await outsideTransaction(() =>
        ctx.audit(ctx.db, {
          action: 'export',
          entity: 'receipts',
          summary: `${total} receipts exported as ${format}; filters ${JSON.stringify(applied)}`,
          summaryMessage: message('audit.messages.receiptsExported', { count: total, format }),
        }),
      );
      return total;
    },
    async rows(tx, write) {
      await tx.execute(
        sql`declare receipt_export no scroll cursor for ${RECEIPT_SELECT} ${RECEIPT_FROM} where ${where} order by r.received_on desc, r.created_at desc, r.id`,
      );
      for (;;) {
        const page = (await tx.execute<ReceiptRow>(sql`fetch ${sql.raw(String(PAGE_SIZE))} from receipt_export`)).rows;
        if (!page.length) return;
        for (const row of page) {
          const receipt = presentReceipt(row);
          if (!(await write(COLUMNS.map((column) => column.value(receipt))))) return;
        }
      }
    },
  });
}
