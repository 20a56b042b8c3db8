import { useMemo, useState } from 'react';
import { Card, Col, DatePicker, Flex, Row, Segmented, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import type { EventReportRow } from '@xiaoguan/shared';
import { dayjs } from '../../core/time';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/ErrorAlert';
import { MoneyText, formatCents } from '../../components/MoneyText';
import { Chart, type ChartOption } from '../../components/Chart';
import { useIsPhone } from '../../components/useMediaQuery';
import { useEventReport } from './api-onsite';

const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 1000) / 10}%`);

/**
 * R-EVT-2 per rep and per event type (issue 17 item 4): invitation success, attendance,
 * conversion, revenue, cost per result and one ROI number each, with charts.
 */
export default function EventReportsPage() {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().subtract(12, 'month').startOf('month'), dayjs().endOf('month')]);
  const [by, setBy] = useState<'byRep' | 'byType' | 'byEvent'>('byRep');
  const report = useEventReport({ from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') });
  const rows = useMemo(() => report.data?.[by] ?? [], [report.data, by]);

  const revenueChart = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 32, containLabel: true },
      xAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { interval: 0, rotate: rows.length > 4 ? 30 : 0 } },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatCents(v * 100) } },
      series: [
        { name: t('events.onsite.booked'), type: 'bar', data: rows.map((r) => r.bookedCents / 100) },
        { name: t('events.onsite.collected'), type: 'bar', data: rows.map((r) => r.collectedCents / 100) },
        { name: t('events.onsite.cost'), type: 'bar', data: rows.map((r) => r.totalCostCents / 100) },
      ],
    }),
    [rows, t],
  );
  const ratesChart = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v) => `${v}%` },
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 32, containLabel: true },
      xAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { interval: 0, rotate: rows.length > 4 ? 30 : 0 } },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: (['acceptanceRate', 'attendanceRate', 'conversionRate'] as const).map((key) => ({
        name: t(`events.onsite.${key}`),
        type: 'bar' as const,
        data: rows.map((r) => (r[key] === null ? 0 : Math.round(r[key] * 1000) / 10)),
      })),
    }),
    [rows, t],
  );

  const columns: ColumnsType<EventReportRow> = [
    { title: t(`events.onsite.${by}`), dataIndex: 'label', fixed: 'left', width: isPhone ? 110 : 180 },
    { title: t('events.onsite.invitations'), dataIndex: 'invitations', align: 'right' },
    { title: t('events.onsite.acceptanceRate'), render: (_, r) => percent(r.acceptanceRate), align: 'right' },
    { title: t('events.onsite.attendees'), dataIndex: 'attendees', align: 'right' },
    { title: t('events.onsite.attendanceRate'), render: (_, r) => percent(r.attendanceRate), align: 'right' },
    { title: t('events.onsite.deals'), dataIndex: 'deals', align: 'right' },
    { title: t('events.onsite.conversionRate'), render: (_, r) => percent(r.conversionRate), align: 'right' },
    { title: t('events.onsite.booked'), render: (_, r) => <MoneyText cents={r.bookedCents} />, align: 'right' },
    { title: t('events.onsite.collected'), render: (_, r) => <MoneyText cents={r.collectedCents} />, align: 'right' },
    { title: t('events.onsite.cost'), render: (_, r) => <MoneyText cents={r.totalCostCents} />, align: 'right' },
    {
      title: t('events.onsite.costPerDeal'),
      render: (_, r) => (r.costPerDealCents === null ? '—' : <MoneyText cents={r.costPerDealCents} />),
      align: 'right',
    },
    { title: t('events.onsite.roi'), render: (_, r) => percent(r.roiBooked), align: 'right' },
  ];

  return (
    <>
      <PageHeader title={t('events.onsite.reports')} subtitle={isPhone ? undefined : t('events.onsite.reportsHint')} />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={by}
          onChange={(value) => setBy(value as typeof by)}
          options={(['byRep', 'byType', 'byEvent'] as const).map((key) => ({ value: key, label: t(`events.onsite.${key}`) }))}
          data-testid="event-report-by"
        />
        <DatePicker.RangePicker
          picker="month"
          allowClear={false}
          value={range}
          onChange={(value) => (value?.[0] && value[1] ? setRange([value[0].startOf('month'), value[1].endOf('month')]) : undefined)}
        />
      </Flex>
      {report.error ? <ErrorAlert error={report.error} /> : null}
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('events.onsite.revenueAndCost')}>
            <Chart option={revenueChart} height={isPhone ? 240 : 300} ariaLabel={t('events.onsite.revenueAndCost')} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('events.onsite.rates')}>
            <Chart option={ratesChart} height={isPhone ? 240 : 300} ariaLabel={t('events.onsite.rates')} />
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small" styles={{ body: { padding: 0 } }}>
            <Table
              size="small"
              rowKey="key"
              loading={report.isFetching}
              columns={columns}
              dataSource={rows}
              pagination={false}
              scroll={{ x: 1200 }}
              data-testid="event-report-table"
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
