import { message, type ExportSelected, type Task } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { datedFileName, type StreamedExport } from '../../platform/export.js';
import { exportSelectedRows } from '../../platform/export-selected.js';
import { getSettings } from '../../platform/settings/settings.js';
import { localTime } from './customer-export.service.js';
import { tasksByIds } from './interactions.service.js';

const STATE_LABELS: Record<Task['state'], string> = { open: '未到期', overdue: '已逾期', done: '已完成' };

/** "Export selected" on the task list (issue 16): the ticked tasks the caller may read, with the list's columns. */
export async function exportSelectedTasks(ctx: Ctx, input: ExportSelected): Promise<StreamedExport> {
  const { timeZone } = await getSettings(ctx.db);
  const local = localTime(timeZone);
  return exportSelectedRows<Task>(ctx, {
    ids: input.ids,
    format: input.format,
    fileName: datedFileName('跟进任务导出', ctx.now, timeZone),
    sheetName: '跟进任务',
    noun: 'tasks',
    entity: 'follow_up_tasks',
    summaryMessage: (count) => message('audit.messages.tasksExported', { count, format: input.format }),
    load: (executor, ids) => tasksByIds(ctx, ids, executor),
    columns: [
      { label: '任务', width: 32, value: (task) => task.title },
      { label: '客户', width: 30, value: (task) => task.customerName ?? '' },
      { label: '负责人', width: 10, value: (task) => task.ownerName },
      { label: '截止时间', width: 17, date: 'datetime', value: (task) => local(task.dueAt) },
      { label: '状态', width: 8, value: (task) => STATE_LABELS[task.state] },
      { label: '完成时间', width: 17, date: 'datetime', value: (task) => local(task.doneAt) },
    ],
  });
}
