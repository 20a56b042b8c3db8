import { useMemo } from 'react';
import { Card, Col, DatePicker, Flex, Row, Statistic, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import dayjs from 'dayjs';
import type { SurveyResults, SurveyScores } from '@xiaoguan/shared';
import { PageHeader } from '../../components/PageHeader';
import { Chart, type ChartOption } from '../../components/Chart';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useIsPhone } from '../../components/useMediaQuery';
import { useSurveyResults } from './api';

const fmt = (value: number | null) => (value === null ? '—' : String(value));

function scoreColumns<T extends SurveyScores>(t: (key: string) => string): ColumnsType<T> {
  return [
    { title: t('service.results.responses'), dataIndex: 'responses', align: 'right' },
    { title: t('service.results.csat'), render: (_: unknown, row) => (row.csat === null ? '—' : `${row.csat}%`), align: 'right' },
    { title: t('service.results.nps'), render: (_: unknown, row) => fmt(row.nps), align: 'right' },
    { title: t('service.results.detractors'), dataIndex: 'detractors', align: 'right' },
  ];
}

/** R-SVC-2 results in the caller's reach: the scores, their monthly trend, per rep and team, recent answers. */
export default function SurveyResultsPage() {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const [search, setSearch] = useSearchParams();
  const query = useMemo(
    () => ({ from: search.get('from') ?? undefined, to: search.get('to') ?? undefined, ownerId: search.get('ownerId') ?? undefined }),
    [search],
  );
  const results = useSurveyResults(query);
  const data = results.data;
  const trend: ChartOption | null = data
    ? {
        tooltip: { trigger: 'axis' },
        legend: { top: 0, data: [t('service.results.csat'), t('service.results.nps')] },
        grid: { left: 40, right: 16, top: 36, bottom: 28 },
        xAxis: { type: 'category', data: data.byMonth.map((m) => m.month) },
        yAxis: { type: 'value', min: -100, max: 100 },
        series: [
          { name: t('service.results.csat'), type: 'bar', data: data.byMonth.map((m) => m.csat), itemStyle: { color: '#1f4fa3' } },
          { name: t('service.results.nps'), type: 'bar', data: data.byMonth.map((m) => m.nps), itemStyle: { color: '#15803d' } },
        ],
      }
    : null;
  // Per team and month: one CSAT bar series per team (the trend of each team's score).
  const teamTrend: ChartOption | null = useMemo(() => {
    if (!data || data.teamTrend.length === 0) return null;
    const months = [...new Set(data.teamTrend.map((row) => row.month))].sort();
    const teams = [...new Map(data.teamTrend.map((row) => [row.orgUnitId ?? 'none', row.orgUnitName ?? '—'])).entries()];
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, type: 'scroll', data: teams.map(([, name]) => name) },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: months },
      yAxis: { type: 'value', min: 0, max: 100 },
      series: teams.map(([id, name]) => ({
        name,
        type: 'bar' as const,
        data: months.map((month) => data.teamTrend.find((row) => (row.orgUnitId ?? 'none') === id && row.month === month)?.csat ?? null),
      })),
    };
  }, [data]);
  const recentColumns: ColumnsType<SurveyResults['recent'][number]> = [
    {
      title: t('service.fields.customer'),
      render: (_: unknown, row) => <Link to={`/customers/${row.customerId}`}>{row.customerName}</Link>,
    },
    { title: 'CSAT', dataIndex: 'csat', align: 'right', render: fmt },
    { title: 'NPS', dataIndex: 'nps', align: 'right', render: fmt },
    ...(isPhone
      ? []
      : [
          { title: t('service.results.owner'), dataIndex: 'ownerName' },
          { title: t('service.results.comment'), dataIndex: 'comment' },
          {
            title: t('service.results.answeredAt'),
            render: (_: unknown, row: SurveyResults['recent'][number]) => <DateTimeText value={row.answeredAt} />,
          },
        ]),
    {
      title: '',
      render: (_: unknown, row) => (row.detractor ? <Tag color="red">{t('service.results.detractor')}</Tag> : null),
    },
  ];
  return (
    <>
      <PageHeader
        title={t('service.results.title')}
        subtitle={isPhone ? undefined : t('service.results.subtitle')}
        extra={
          <DatePicker.RangePicker
            value={query.from && query.to ? [dayjs(query.from), dayjs(query.to)] : null}
            onChange={(range) => {
              const next = new URLSearchParams(search);
              if (range?.[0] && range[1]) {
                next.set('from', range[0].format('YYYY-MM-DD'));
                next.set('to', range[1].format('YYYY-MM-DD'));
              } else {
                next.delete('from');
                next.delete('to');
              }
              setSearch(next, { replace: true });
            }}
          />
        }
      />
      {results.error ? <ErrorAlert error={results.error} onReload={() => void results.refetch()} /> : null}
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('service.results.responses')} value={data?.overall.responses ?? 0} loading={results.isPending} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t('service.results.csat')}
              value={data?.overall.csat ?? '—'}
              suffix={data?.overall.csat === null ? undefined : '%'}
              loading={results.isPending}
            />
            <span data-testid="results-csat" style={{ display: 'none' }}>
              {fmt(data?.overall.csat ?? null)}
            </span>
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('service.results.csatAverage')} value={data?.overall.csatAverage ?? '—'} loading={results.isPending} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('service.results.nps')} value={data?.overall.nps ?? '—'} loading={results.isPending} />
          </Card>
        </Col>
      </Row>
      <Card title={t('service.results.trend')} size="small" style={{ marginTop: 12 }}>
        {trend ? <Chart option={trend} height={isPhone ? 220 : 280} ariaLabel={t('service.results.trend')} /> : null}
      </Card>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} lg={12}>
          <Card title={t('service.results.byOwner')} size="small">
            <Table
              size="small"
              rowKey="ownerId"
              dataSource={data?.byOwner ?? []}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              scroll={{ x: true }}
              columns={[
                { title: t('service.results.owner'), dataIndex: 'ownerName' },
                ...scoreColumns<SurveyResults['byOwner'][number]>(t),
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('service.results.byTeam')} size="small">
            <Table
              size="small"
              rowKey={(row) => row.orgUnitId ?? 'none'}
              dataSource={data?.byTeam ?? []}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              scroll={{ x: true }}
              columns={[
                { title: t('service.results.team'), dataIndex: 'orgUnitName' },
                ...scoreColumns<SurveyResults['byTeam'][number]>(t),
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} lg={12}>
          <Card title={t('service.results.byProduct')} size="small" data-testid="results-by-product">
            <Table
              size="small"
              rowKey="productId"
              dataSource={data?.byProduct ?? []}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              scroll={{ x: true }}
              columns={[
                { title: t('service.results.product'), dataIndex: 'productName' },
                ...scoreColumns<SurveyResults['byProduct'][number]>(t),
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('service.results.teamTrend')} size="small">
            {teamTrend ? <Chart option={teamTrend} height={isPhone ? 220 : 280} ariaLabel={t('service.results.teamTrend')} /> : null}
          </Card>
        </Col>
      </Row>
      <Card title={t('service.results.recent')} size="small" style={{ marginTop: 12 }}>
        <Flex vertical>
          <Table
            size="small"
            rowKey="id"
            dataSource={data?.recent ?? []}
            columns={recentColumns}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            scroll={{ x: true }}
            data-testid="results-recent"
          />
        </Flex>
      </Card>
    </>
  );
}
