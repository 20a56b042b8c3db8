import { message, type ExportSelected, type QuoteStatus, type QuoteSummary } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { datedFileName, type StreamedExport } from '../../platform/export.js';
import { exportSelectedRows } from '../../platform/export-selected.js';
import { getSettings } from '../../platform/settings/settings.js';
import { quotesByIds } from './quotes.service.js';

const STATUS_LABELS: Record<QuoteStatus, string> = {
  draft: '草稿',
  pending_approval: '审批中',
  approved: '已批准',
  rejected: '已驳回',
  sent: '已发送',
  accepted: '已接受',
  declined: '已拒绝',
  expired: '已过期',
};

const yuan = (cents: number) => cents / 100;

/** "Export selected" on the quote list: the ticked quotes the caller may read, with the list's columns. */
export async function exportSelectedQuotes(ctx: Ctx, input: ExportSelected): Promise<StreamedExport> {
  const { timeZone } = await getSettings(ctx.db);
  return exportSelectedRows<QuoteSummary>(ctx, {
    ids: input.ids,
    format: input.format,
    fileName: datedFileName('报价导出', ctx.now, timeZone),
    sheetName: '报价',
    noun: 'quotes',
    entity: 'quotes',
    summaryMessage: (count) => message('audit.messages.quotesExported', { count, format: input.format }),
    load: (executor, ids) => quotesByIds(ctx, ids, executor),
    columns: [
      { label: '报价编号', width: 18, value: (q) => q.number },
      { label: '标题', width: 30, value: (q) => q.title },
      { label: '客户', width: 30, value: (q) => q.customerName },
      { label: '商机', width: 24, value: (q) => q.opportunityName },
      { label: '负责人', width: 10, value: (q) => q.ownerName },
      { label: '状态', width: 10, value: (q) => STATUS_LABELS[q.status] },
      { label: '版本', width: 6, value: (q) => q.revision },
      { label: '标价合计（元）', width: 16, money: true, value: (q) => yuan(q.listTotalCents) },
      { label: '折扣（元）', width: 14, money: true, value: (q) => yuan(q.totalDiscountCents) },
      { label: '报价金额（元）', width: 16, money: true, value: (q) => yuan(q.totalCents) },
      { label: '有效期至', width: 12, date: 'date', value: (q) => q.validUntil },
    ],
  });
}
