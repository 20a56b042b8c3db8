import type { ReportLanguage, ReportPeriodKind } from '@xiaoguan/shared';
import type { Actor } from '../../platform/access/index.js';
import type { Ctx } from '../../platform/context.js';
import { defineSlot } from '../../platform/manifest/index.js';
import { getSettings } from '../../platform/settings/settings.js';
import { reportsAccess } from './reports.access.js';
import { reportPdf, reportXlsx } from './reports.export.js';
import { reportLabels } from './reports.labels.js';
import type { Range } from './reports.periods.js';
import { salesReport } from './reports.service.js';

/** What a scheduled run asks of a report kind: one period, as the subscriber (their record access). */
export interface ReportRequest {
  period: ReportPeriodKind;
  range: Range;
  unitId: string | null;
  language: ReportLanguage;
}

export interface RenderedReport {
  /** The title in the report's language (notification, e-mail subject, robot message). */
  title: string;
  scopeName: string;
  xlsx: Buffer | null;
  pdf: Buffer | null;
}

/**
 * A report the scheduler can deliver (subscriptions, archive, notification, e-mail, robots). The
 * sales report is built in; a later module adds its own kind — issue 21's weekly market report —
 * by contributing to the `reportKinds` slot from its manifest, without this module changing:
 * `contributes: [reportKinds.with({ key: 'events.market', periods: ['weekly'], canSubscribe, render })]`.
 */
export interface ReportKind {
  /** Unique; `sales` is taken. Stored on subscriptions and archive entries. */
  key: string;
  periods: readonly ReportPeriodKind[];
  canSubscribe(actor: Actor): boolean;
  render(ctx: Ctx, request: ReportRequest): Promise<RenderedReport>;
}

export const reportKinds = defineSlot<ReportKind>('reports.kinds');

export const salesReportKind: ReportKind = {
  key: 'sales',
  periods: ['weekly', 'monthly', 'quarterly'],
  canSubscribe: (actor) => reportsAccess.can(actor, 'subscribe'),
  async render(ctx, request) {
    const report = await salesReport(ctx, { period: request.period, date: request.range.from, unitId: request.unitId ?? undefined });
    const { companyName, timeZone } = await getSettings(ctx.db);
    const options = { language: request.language, companyName, timeZone };
    const [xlsx, pdf] = [await reportXlsx(report, options), await reportPdf(report, options)];
    return {
      title: `${reportLabels(request.language).title[request.period]} ${request.range.from} – ${request.range.to}`,
      scopeName: report.scope.name,
      xlsx,
      pdf,
    };
  },
};

/** Every kind the scheduler knows: the built-in sales report, then the contributed ones. */
export function allReportKinds(): ReportKind[] {
  return [salesReportKind, ...reportKinds.values()];
}

export function reportKind(key: string): ReportKind | undefined {
  return allReportKinds().find((kind) => kind.key === key);
}
