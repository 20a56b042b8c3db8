import { message, type ExportSelected, type Opportunity, type OpportunityStage } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { datedFileName, type StreamedExport } from '../../platform/export.js';
import { exportSelectedRows } from '../../platform/export-selected.js';
import { getSettings } from '../../platform/settings/settings.js';
import { opportunitiesByIds } from './opportunities.service.js';

const STAGE_LABELS: Record<OpportunityStage, string> = {
  lead: '线索',
  discovery: '需求挖掘',
  solution: '方案匹配',
  negotiation: '商务谈判',
  won: '赢单',
  lost: '输单',
};

const yuan = (cents: number) => cents / 100;

/** "Export selected" on the opportunity list: the ticked opportunities the caller may read, with the list's columns. */
export async function exportSelectedOpportunities(ctx: Ctx, input: ExportSelected): Promise<StreamedExport> {
  const { timeZone } = await getSettings(ctx.db);
  return exportSelectedRows<Opportunity>(ctx, {
    ids: input.ids,
    format: input.format,
    fileName: datedFileName('商机导出', ctx.now, timeZone),
    sheetName: '商机',
    noun: 'opportunities',
    entity: 'opportunities',
    summaryMessage: (count) => message('audit.messages.opportunitiesExported', { count, format: input.format }),
    load: (executor, ids) => opportunitiesByIds(ctx, ids, executor),
    columns: [
      { label: '商机名称', width: 30, value: (o) => o.name },
      { label: '客户', width: 30, value: (o) => o.customerName },
      { label: '阶段', width: 10, value: (o) => STAGE_LABELS[o.stage] },
      { label: '金额（元）', width: 16, money: true, value: (o) => yuan(o.amountCents) },
      { label: '赢率（%）', width: 10, value: (o) => o.probability },
      { label: '加权金额（元）', width: 16, money: true, value: (o) => yuan(o.weightedCents) },
      { label: '预计成交日期', width: 14, date: 'date', value: (o) => o.expectedCloseOn },
      { label: '负责人', width: 10, value: (o) => o.ownerName },
      { label: '团队', width: 12, value: (o) => o.teamName },
      { label: '下一步', width: 30, value: (o) => o.nextStep },
      { label: '阶段停留天数', width: 12, value: (o) => o.daysInStage },
    ],
  });
}
