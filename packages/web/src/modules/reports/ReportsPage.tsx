import { useMemo, useState } from 'react';
import { App, Button, Card, Col, DatePicker, Empty, Flex, Row, Segmented, Select, Skeleton, Statistic, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, ScheduleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import dayjs from 'dayjs';
import { REPORT_PERIODS, type ReportPeriodKind, type ReportRow, type ReportTotal, type SalesReport } from '@xiaoguan/shared';
import { apiUrl } from '../../core/api';
import { useCan } from '../../core/session';
import { Chart, type ChartOption } from '../../components/Chart';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatCents } from '../../components/MoneyText';
import { PageHeader } from '../../components/PageHeader';
import { useIsPhone } from '../../components/useMediaQuery';
import { useSalesReport, useSubscribe } from './api';

const COLORS = ['#1f4fa3', '#8fb3e8', '#c9ced6'];
const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
const isMoney = (metric: ReportTotal['metric']) => metric === 'bookings' || metric === 'collections';
const PICKERS = { weekly: 'week', monthly: 'month', quarterly: 'quarter' } as const;

/** A change against the period before or last year, coloured by its sign. */
function Change({ value, label }: { value: number | null; label: string }) {
  const color = value === null ? 'default' : value >= 0 ? 'green' : 'red';
  return (
    <Tag color={color} style={{ marginInlineEnd: 4 }}>
      {label} {value !== null && value > 0 ? '+' : ''}
      {percent(value)}
    </Tag>
  );
}

function TotalCard({ total }: { total: ReportTotal }) {
  const { t } = useTranslation();
  const format = (value: number | null) => (value === null ? '—' : isMoney(total.metric) ? formatCents(value) : String(value));
  const value = <span style={{ fontVariantNumeric: 'tabular-nums' }}>{format(total.current)}</span>;
  return (
    <Card styles={{ body: { padding: 16 } }} data-testid={`report-total-${total.metric}`}>
      <Statistic
        title={t(`reports.metrics.${total.metric}`)}
        valueRender={() =>
          total.link ? (
            <Link to={total.link.page} style={{ color: 'inherit' }} data-testid={`report-total-${total.metric}-link`}>
              {value}
            </Link>
          ) : (
            value
          )
        }
      />
      <Flex wrap gap={4} style={{ marginTop: 8 }}>
        <Change value={total.mom} label={t('reports.columns.mom')} />
        <Change value={total.yoy} label={t('reports.columns.yoy')} />
      </Flex>
      {total.target !== null ? (
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t('reports.columns.target')} {format(total.target)} · {t('reports.columns.attainment')} {percent(total.attainment)}
        </Typography.Text>
      ) : null}
    </Card>
  );
}

function SectionCard({ section, report }: { section: SalesReport['sections'][number]; report: SalesReport }) {
  const { t, i18n } = useTranslation();
  const phone = useIsPhone();
  const compact = new Intl.NumberFormat(i18n.language, { notation: 'compact', maximumFractionDigits: 1 });
  const label = (row: ReportRow) =>
    row.label === '-'
      ? t('reports.page.none')
      : section.key === 'channel'
        ? t(`reports.sources.${row.label}`, { defaultValue: row.label })
        : row.label;
  const top = section.rows.slice(0, 10);
  const option: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', axisLabel: { formatter: (value: number) => compact.format(value / 100) } },
    yAxis: { type: 'category', inverse: true, data: top.map(label), axisLabel: { width: phone ? 80 : 140, overflow: 'truncate' } },
    series: (['current', 'previous', 'lastYear'] as const).map((key, index) => ({
      type: 'bar',
      name: t(`reports.chart.${key}`),
      data: top.map((row) => row[key]),
      itemStyle: { color: COLORS[index] },
      barMaxWidth: 10,
    })),
  };
  const columns = [
    {
      title: t('reports.columns.name'),
      key: 'name',
      ellipsis: true,
      render: (_: unknown, row: ReportRow) => (row.link ? <Link to={row.link.page}>{label(row)}</Link> : label(row)),
    },
    {
      title: t('reports.columns.current'),
      key: 'current',
      align: 'right' as const,
      render: (_: unknown, row: ReportRow) => formatCents(row.current),
    },
    ...(phone
      ? []
      : [
          {
            title: t('reports.columns.previous'),
            key: 'previous',
            align: 'right' as const,
            render: (_: unknown, row: ReportRow) => formatCents(row.previous),
          },
          {
            title: t('reports.columns.lastYear'),
            key: 'lastYear',
            align: 'right' as const,
            render: (_: unknown, row: ReportRow) => formatCents(row.lastYear),
          },
        ]),
    { title: t('reports.columns.mom'), key: 'mom', align: 'right' as const, render: (_: unknown, row: ReportRow) => percent(row.mom) },
    { title: t('reports.columns.yoy'), key: 'yoy', align: 'right' as const, render: (_: unknown, row: ReportRow) => percent(row.yoy) },
    ...(section.key === 'region' || section.key === 'rep'
      ? [
          {
            title: t('reports.columns.attainment'),
            key: 'attainment',
            align: 'right' as const,
            render: (_: unknown, row: ReportRow) => percent(row.attainment),
          },
        ]
      : []),
  ];
  return (
    <Card
      title={t(`reports.sections.${section.key}`)}
      data-testid={`report-section-${section.key}`}
      styles={{ body: { padding: phone ? 8 : 16 } }}
    >
      {section.rows.length === 0 ? (
        <Empty description={t('reports.page.empty')} />
      ) : (
        <>
          <Chart option={option} height={Math.max(160, top.length * 34 + 48)} ariaLabel={t(`reports.sections.${section.key}`)} />
          <Table
            size="small"
            rowKey="key"
            columns={columns}
            dataSource={section.rows}
            pagination={section.rows.length > 10 ? { pageSize: 10, size: 'small' } : false}
            scroll={{ x: 'max-content' }}
            key={report.range.from}
          />
        </>
      )}
    </Card>
  );
}

/** The sales report page (issue 18 item 4): period and scope, totals with MoM/YoY, four sections, export and subscribe. */
export default function ReportsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const [search, setSearch] = useSearchParams();
  const period = (REPORT_PERIODS as readonly string[]).includes(search.get('period') ?? '')
    ? (search.get('period') as ReportPeriodKind)
    : 'monthly';
  const date = search.get('date') ?? undefined;
  const unitId = search.get('unitId') ?? undefined;
  const query = useMemo(() => ({ period, date, unitId }), [period, date, unitId]);
  const report = useSalesReport(query);
  const subscribe = useSubscribe();
  const [subscribedAt, setSubscribedAt] = useState<string | null>(null);
  const update = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(search);
    for (const [key, value] of Object.entries(patch)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setSearch(next, { replace: true });
  };
  const data = report.data;
  const exportUrl = (format: 'xlsx' | 'pdf', lang: string) =>
    apiUrl('/reports/sales/export', { period, date: data?.range.from ?? date, unitId, format, lang });
  const onSubscribe = async () => {
    try {
      const created = await subscribe.mutateAsync({
        period,
        unitId: unitId ?? null,
        language: i18n.language.startsWith('en') ? 'en-US' : 'zh-CN',
      });
      setSubscribedAt(created.nextAt);
      message.success(t('reports.subscriptions.saved'));
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <div data-testid="reports-page">
      <PageHeader
        title={t('reports.page.title')}
        subtitle={data ? `${t('reports.page.range', { from: data.range.from, to: data.range.to })} · ${data.scope.name}` : undefined}
        extra={
          <>
            <Button icon={<DownloadOutlined />} href={exportUrl('xlsx', i18n.language)} data-testid="report-export-xlsx" disabled={!data}>
              {t('reports.page.exportXlsx')}
            </Button>
            <Button icon={<DownloadOutlined />} href={exportUrl('pdf', 'zh-CN')} data-testid="report-export-pdf" disabled={!data}>
              {t('reports.page.exportPdf')}
            </Button>
            <Button href={exportUrl('pdf', 'en-US')} data-testid="report-export-pdf-en" disabled={!data}>
              {t('reports.page.exportPdfEn')}
            </Button>
            {can('reports.subscribe') ? (
              <Button icon={<ScheduleOutlined />} onClick={onSubscribe} loading={subscribe.isPending} data-testid="report-subscribe">
                {t('reports.page.subscribe')}
              </Button>
            ) : null}
          </>
        }
      />
      <Flex wrap gap={12} align="center" style={{ marginBottom: 16 }}>
        <Segmented
          value={period}
          options={REPORT_PERIODS.map((value) => ({ value, label: t(`reports.periods.${value}`) }))}
          onChange={(value) => update({ period: value as string, date: undefined })}
          data-testid="report-period"
        />
        <DatePicker
          picker={PICKERS[period]}
          value={data ? dayjs(data.range.from) : date ? dayjs(date) : null}
          allowClear={false}
          onChange={(value) => update({ date: value ? value.format('YYYY-MM-DD') : undefined })}
          aria-label={t('reports.page.period')}
          data-testid="report-date"
        />
        {data && data.units.length > 0 ? (
          <Select
            style={{ minWidth: 200 }}
            value={unitId ?? ''}
            onChange={(value) => update({ unitId: value || undefined })}
            aria-label={t('reports.page.unit')}
            data-testid="report-unit"
            options={[
              { value: '', label: t('reports.page.wholeScope', { name: data.scope.kind === 'self' || unitId ? '' : data.scope.name }) },
              ...data.units.map((unit) => ({ value: unit.id, label: `${'\u00a0\u00a0'.repeat(Math.max(0, unit.depth - 1))}${unit.name}` })),
            ]}
          />
        ) : null}
        {data ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('reports.page.generatedAt', { at: dayjs(data.generatedAt).format('YYYY-MM-DD HH:mm') })}
          </Typography.Text>
        ) : null}
        {subscribedAt ? (
          <Typography.Text type="success" style={{ fontSize: 12 }} data-testid="report-subscribed">
            {t('reports.page.subscribed', { at: dayjs(subscribedAt).format('YYYY-MM-DD HH:mm') })}
          </Typography.Text>
        ) : null}
      </Flex>
      {report.error ? <ErrorAlert error={report.error} /> : null}
      {!data ? (
        <Skeleton active />
      ) : (
        <Flex vertical gap={16}>
          <Row gutter={[16, 16]}>
            {data.totals.map((total) => (
              <Col xs={24} sm={12} xl={6} key={total.metric}>
                <TotalCard total={total} />
              </Col>
            ))}
          </Row>
          <Row gutter={[16, 16]}>
            {data.sections.map((section) => (
              // Full width: a section's table has eight columns, too many for half a 1366 px screen.
              <Col span={24} key={section.key}>
                <SectionCard section={section} report={data} />
              </Col>
            ))}
          </Row>
        </Flex>
      )}
    </div>
  );
}
