import { CUSTOMER_SOURCES, type ReportLanguage, type ReportPeriodKind, type ReportSectionKey, type ReportTotal } from '@xiaoguan/shared';

/** The words of an exported report (xlsx, PDF, the delivery message), in the report's language. */
export interface ReportLabels {
  title: Record<ReportPeriodKind, string>;
  metric: Record<ReportTotal['metric'], string>;
  section: Record<ReportSectionKey, string>;
  source: Record<string, string>;
  overview: string;
  period: string;
  scope: string;
  generatedAt: string;
  columns: {
    name: string;
    current: string;
    previous: string;
    mom: string;
    lastYear: string;
    yoy: string;
    target: string;
    attainment: string;
  };
  none: string;
  chartNote: string;
  page: (n: number, of: number) => string;
  delivered: (title: string, range: string) => string;
}

const ZH: ReportLabels = {
  title: { weekly: '销售周报', monthly: '销售月报', quarterly: '销售季报' },
  metric: { bookings: '签约额（元）', contracts: '签约合同数', collections: '回款额（元）', newCustomers: '新增客户数' },
  section: { region: '按大区', channel: '按渠道（客户来源）', productLine: '按产品线', rep: '按销售' },
  source: {
    referral: '客户转介绍',
    conference: '会议营销',
    website: '官网',
    cold_call: '陌生拜访',
    exhibition: '展会',
    channel_partner: '渠道伙伴',
    advertising: '广告投放',
    import: '批量导入',
    other: '其他',
  },
  overview: '概览',
  period: '期间',
  scope: '范围',
  generatedAt: '生成时间',
  columns: {
    name: '名称',
    current: '本期',
    previous: '上期',
    mom: '环比',
    lastYear: '去年同期',
    yoy: '同比',
    target: '目标',
    attainment: '达成率',
  },
  none: '未归属',
  chartNote: '深色：本期；浅色：上期；灰色：去年同期',
  page: (n, of) => `第 ${n} 页，共 ${of} 页`,
  delivered: (title, range) => `${title}（${range}）已生成`,
};

const EN: ReportLabels = {
  title: { weekly: 'Weekly sales report', monthly: 'Monthly sales report', quarterly: 'Quarterly sales report' },
  metric: { bookings: 'Bookings (CNY)', contracts: 'Contracts signed', collections: 'Collections (CNY)', newCustomers: 'New customers' },
  section: { region: 'By region', channel: 'By channel (customer source)', productLine: 'By product line', rep: 'By rep' },
  source: {
    referral: 'Referral',
    conference: 'Conference marketing',
    website: 'Website',
    cold_call: 'Cold call',
    exhibition: 'Exhibition',
    channel_partner: 'Channel partner',
    advertising: 'Advertising',
    import: 'Import',
    other: 'Other',
  },
  overview: 'Summary',
  period: 'Period',
  scope: 'Scope',
  generatedAt: 'Generated',
  columns: {
    name: 'Name',
    current: 'This period',
    previous: 'Previous',
    mom: 'vs prev.',
    lastYear: 'Last year',
    yoy: 'YoY',
    target: 'Target',
    attainment: 'Attained',
  },
  none: 'Unassigned',
  chartNote: 'Dark: this period; light: previous; grey: last year',
  page: (n, of) => `Page ${n} of ${of}`,
  delivered: (title, range) => `${title} (${range}) is ready`,
};

export const reportLabels = (language: ReportLanguage): ReportLabels => (language === 'en-US' ? EN : ZH);

/** A row's name in the report's language: channels by their source key, '-' as unassigned. */
export function rowLabel(labels: ReportLabels, section: ReportSectionKey, label: string): string {
  if (label === '-') return labels.none;
  if (section === 'channel' && (CUSTOMER_SOURCES as readonly string[]).includes(label)) return labels.source[label] ?? label;
  return label;
}
