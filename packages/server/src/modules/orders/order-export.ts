import { message, type ExportSelected, type OrderRow, type OrderStatus } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { datedFileName, type StreamedExport } from '../../platform/export.js';
import { exportSelectedRows } from '../../platform/export-selected.js';
import { getSettings } from '../../platform/settings/settings.js';
import { ordersByIds } from './orders.service.js';

const STATUS_LABELS: Record<OrderStatus, string> = {
  pending: '待生产',
  in_production: '生产中',
  shipped: '已发货',
  delivered: '已送达',
  accepted: '已验收',
  cancelled: '已取消',
};

/** "Export selected" on the order list: the ticked orders the caller may read, with the list's columns. */
export async function exportSelectedOrders(ctx: Ctx, input: ExportSelected): Promise<StreamedExport> {
  const { timeZone } = await getSettings(ctx.db);
  const day = (iso: string) =>
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
  return exportSelectedRows<OrderRow>(ctx, {
    ids: input.ids,
    format: input.format,
    fileName: datedFileName('订单导出', ctx.now, timeZone),
    sheetName: '订单',
    noun: 'orders',
    entity: 'orders',
    summaryMessage: (count) => message('audit.messages.ordersExported', { count, format: input.format }),
    load: (executor, ids) => ordersByIds(ctx, ids, executor),
    columns: [
      { label: '订单编号', width: 18, value: (o) => o.number },
      { label: '客户', width: 30, value: (o) => o.customerName },
      { label: '合同编号', width: 18, value: (o) => o.contractNumber ?? '直接下单' },
      { label: '负责人', width: 10, value: (o) => o.ownerName },
      { label: '团队', width: 12, value: (o) => o.teamName },
      { label: '交付状态', width: 10, value: (o) => STATUS_LABELS[o.status] },
      { label: '金额（元）', width: 16, money: true, value: (o) => o.amountCents / 100 },
      { label: '下单日期', width: 12, date: 'date', value: (o) => day(o.orderedAt) },
    ],
  });
}
