import { z } from 'zod';
import { dateSchema } from './input.js';
import { cockpitLinkSchema } from './targets.js';

/** Sales reports (issue 18 item 4): weekly, monthly, quarterly; exports; scheduled delivery; archive. */

export const REPORT_PERIODS = ['weekly', 'monthly', 'quarterly'] as const;
export type ReportPeriodKind = (typeof REPORT_PERIODS)[number];
/** The sections of a sales report: bookings split four ways. */
export const REPORT_SECTIONS = ['region', 'channel', 'productLine', 'rep'] as const;
export type ReportSectionKey = (typeof REPORT_SECTIONS)[number];
export const REPORT_FORMATS = ['xlsx', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const REPORT_LANGUAGES = ['zh-CN', 'en-US'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];
/** Where a scheduled report goes besides the in-app notification. */
export const REPORT_CHANNELS = ['email', 'wecom', 'dingtalk'] as const;
export type ReportChannel = (typeof REPORT_CHANNELS)[number];

export const reportQuerySchema = z.object({
  period: z.enum(REPORT_PERIODS).default('monthly'),
  /** Any day inside the period (company zone); default: the last complete period. */
  date: dateSchema.optional(),
  /** A region or team inside the caller's scope; default the whole scope. */
  unitId: z.uuid().optional(),
});
export type ReportQuery = z.infer<typeof reportQuerySchema>;

export const reportExportQuerySchema = reportQuerySchema.extend({
  format: z.enum(REPORT_FORMATS),
  lang: z.enum(REPORT_LANGUAGES).default('zh-CN'),
});
export type ReportExportQuery = z.infer<typeof reportExportQuerySchema>;

const rangeSchema = z.object({ from: z.string(), to: z.string() });

/** One figure with its comparisons: the previous period (MoM, week-on-week, quarter-on-quarter) and the same period a year earlier (YoY). */
export const reportFigureSchema = z.object({
  current: z.number(),
  previous: z.number(),
  lastYear: z.number(),
  /** (current − previous) / previous; null when previous is 0. */
  mom: z.number().nullable(),
  yoy: z.number().nullable(),
});
export type ReportFigure = z.infer<typeof reportFigureSchema>;

export const reportRowSchema = reportFigureSchema.extend({
  key: z.string(),
  label: z.string(),
  /** Bookings target for the period (regions and reps with a plan); null otherwise. */
  target: z.number().nullable(),
  attainment: z.number().nullable(),
  /** The list behind the figure (count and sum equal it); null when no list filters that way. */
  link: cockpitLinkSchema.nullable(),
});
export type ReportRow = z.infer<typeof reportRowSchema>;

export const reportTotalSchema = reportFigureSchema.extend({
  metric: z.enum(['bookings', 'contracts', 'collections', 'newCustomers']),
  target: z.number().nullable(),
  attainment: z.number().nullable(),
  link: cockpitLinkSchema.nullable(),
});
export type ReportTotal = z.infer<typeof reportTotalSchema>;

export const salesReportSchema = z.object({
  period: z.enum(REPORT_PERIODS),
  range: rangeSchema,
  previous: rangeSchema,
  lastYear: rangeSchema,
  scope: z.object({ kind: z.enum(['company', 'unit', 'self']), name: z.string(), unitId: z.string().nullable() }),
  /** Regions and teams the caller may narrow the report to. */
  units: z.array(z.object({ id: z.uuid(), name: z.string(), kind: z.string(), depth: z.number() })),
  generatedAt: z.string(),
  totals: z.array(reportTotalSchema),
  sections: z.array(z.object({ key: z.enum(REPORT_SECTIONS), rows: z.array(reportRowSchema) })),
});
export type SalesReport = z.infer<typeof salesReportSchema>;

// ——— Subscriptions and the archive ———

export const reportSubscriptionInputSchema = z.object({
  /** A registered report kind: `sales` here; other modules add theirs (reportKinds slot). */
  kind: z.string().trim().min(1).max(60).default('sales'),
  period: z.enum(REPORT_PERIODS),
  unitId: z.uuid().nullable().default(null),
  language: z.enum(REPORT_LANGUAGES).default('zh-CN'),
  channels: z.array(z.enum(REPORT_CHANNELS)).max(REPORT_CHANNELS.length).default([]),
});
export type ReportSubscriptionInput = z.infer<typeof reportSubscriptionInputSchema>;

export const reportSubscriptionSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  period: z.enum(REPORT_PERIODS),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  language: z.enum(REPORT_LANGUAGES),
  channels: z.array(z.enum(REPORT_CHANNELS)),
  /** When the next delivery is due (ISO instant). */
  nextAt: z.string(),
  lastDeliveredAt: z.string().nullable(),
  createdAt: z.string(),
});
export type ReportSubscription = z.infer<typeof reportSubscriptionSchema>;

export const reportKindInfoSchema = z.object({ key: z.string(), periods: z.array(z.enum(REPORT_PERIODS)) });
export const reportSubscriptionListSchema = z.object({
  items: z.array(reportSubscriptionSchema),
  kinds: z.array(reportKindInfoSchema),
});
export type ReportSubscriptionList = z.infer<typeof reportSubscriptionListSchema>;

export const reportArchiveEntrySchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  period: z.enum(REPORT_PERIODS),
  from: z.string(),
  to: z.string(),
  scopeName: z.string(),
  language: z.enum(REPORT_LANGUAGES),
  generatedAt: z.string(),
  files: z.array(z.object({ format: z.enum(REPORT_FORMATS), bytes: z.number() })),
});
export type ReportArchiveEntry = z.infer<typeof reportArchiveEntrySchema>;
export const reportArchiveListSchema = z.object({ items: z.array(reportArchiveEntrySchema) });
export type ReportArchiveList = z.infer<typeof reportArchiveListSchema>;
