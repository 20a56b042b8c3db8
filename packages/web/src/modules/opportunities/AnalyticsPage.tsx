import { useMemo, useState } from 'react';
import { Card, Col, DatePicker, Empty, Flex, Row, Segmented, Select, Table, Tooltip, TreeSelect, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { Forecast } from '@xiaoguan/shared';
import { useTimeZone } from '../../core/session';
import { dayjs, inZone } from '../../core/time';
import { Chart, type ChartOption } from '../../components/Chart';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatCents, MoneyText } from '../../components/MoneyText';
import { PageHeader } from '../../components/PageHeader';
import { useIsPhone } from '../../components/useMediaQuery';
import { useSeesOthers } from '../../components/useSeesOthers';
import { useOrgUnits } from '../org/api';
import { unitTreeSelectData } from '../org/orgTree';
import { UserSelect } from '../org/UserSelect';
import { useForecast, useFunnel, type ForecastParams, type FunnelParams } from './api';
import { STAGE_HEX } from './labels';

const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 1000) / 10}%`);

function Kpi({ title, value, hint, testId }: { title: string; value: string; hint?: string; testId: string }) {
  return (
    <Card styles={{ body: { padding: 16 } }} style={{ height: '100%' }} data-testid={testId}>
      <Typography.Text type="secondary">{title}</Typography.Text>
      <div style={{ fontSize: 24, fontWeight: 600, marginTop: 4, fontVariantNumeric: 'tabular-nums' }}>{value}</div>
      {hint ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {hint}
        </Typography.Text>
      ) : null}
    </Card>
  );
}

type ForecastRow = { key: string; groupName: string; byMonth: Record<string, Forecast['rows'][number]> };

/** Funnel conversion, days per stage, win rate, cycle, weighted pipeline and the monthly forecast by rep or team. */
export default function AnalyticsPage() {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const timeZone = useTimeZone();
  const seesOthers = useSeesOthers();
  const today = inZone(new Date(), timeZone);
  const [people, setPeople] = useState<{ ownerId?: string; teamId?: string }>({});
  const [period, setPeriod] = useState<{ from: string; to: string }>({
    from: today.subtract(89, 'day').format('YYYY-MM-DD'),
    to: today.format('YYYY-MM-DD'),
  });
  const [forecastParams, setForecastParams] = useState<Omit<ForecastParams, 'ownerId' | 'teamId'>>({
    fromMonth: today.format('YYYY-MM'),
    months: 3,
    groupBy: 'owner',
  });
  const funnelParams: FunnelParams = { ...period, ...people };
  const funnel = useFunnel(funnelParams);
  const forecast = useForecast({ ...forecastParams, ...people });
  const units = useOrgUnits();
  const teamOptions = useMemo(() => unitTreeSelectData(units.data ?? [], (unit) => unit.kind !== 'team'), [units.data]);

  const funnelOption = useMemo<ChartOption | null>(() => {
    if (!funnel.data || funnel.data.stages.every((stage) => stage.reached === 0)) return null;
    return {
      tooltip: { trigger: 'item' },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          left: '8%',
          width: '84%',
          minSize: '12%',
          gap: 2,
          label: { position: 'inside', formatter: '{b}  {c}' },
          data: funnel.data.stages.map((stage) => ({
            name: t(`opportunities.stages.${stage.stage}`),
            value: stage.reached,
            itemStyle: { color: STAGE_HEX[stage.stage] },
          })),
        },
      ],
    };
  }, [funnel.data, t]);

  const daysOption = useMemo<ChartOption | null>(() => {
    if (!funnel.data || funnel.data.daysPerStage.every((stage) => stage.averageDays === null)) return null;
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: funnel.data.daysPerStage.map((stage) => t(`opportunities.stages.${stage.stage}`)) },
      yAxis: { type: 'value', name: t('opportunities.analytics.averageDays') },
      series: [
        {
          type: 'bar',
          barMaxWidth: 48,
          label: { show: true, position: 'top' },
          data: funnel.data.daysPerStage.map((stage) => ({ value: stage.averageDays ?? 0, itemStyle: { color: STAGE_HEX[stage.stage] } })),
        },
      ],
    };
  }, [funnel.data, t]);

  const forecastRows = useMemo<ForecastRow[]>(() => {
    const groups = new Map<string, ForecastRow>();
    for (const row of forecast.data?.rows ?? []) {
      const key = row.groupId ?? 'none';
      const group = groups.get(key) ?? { key, groupName: row.groupName ?? t('opportunities.analytics.unassigned'), byMonth: {} };
      group.byMonth[row.month] = row;
      groups.set(key, group);
    }
    return [...groups.values()];
  }, [forecast.data, t]);

  const months = forecast.data?.months ?? [];
  const measures = [
    { key: 'wonCents', label: t('opportunities.analytics.won') },
    { key: 'committedCents', label: t('opportunities.analytics.committed') },
    { key: 'bestCaseCents', label: t('opportunities.analytics.bestCase') },
    { key: 'pipelineCents', label: t('opportunities.analytics.pipeline') },
  ] as const;
  // Issue 16: each figure says what it counts, where it is read.
  const measureHelp: Record<(typeof measures)[number]['key'], string> = {
    wonCents: t('opportunities.analytics.help.won'),
    committedCents: t('opportunities.analytics.help.committed'),
    bestCaseCents: t('opportunities.analytics.help.bestCase'),
    pipelineCents: t('opportunities.analytics.help.pipeline'),
  };
  const forecastColumns: ColumnsType<ForecastRow> = [
    {
      key: 'group',
      title: t('opportunities.analytics.group'),
      fixed: isPhone ? undefined : 'left',
      render: (_, row) => row.groupName,
      width: 140,
    },
    ...months.map((month) => ({
      key: month,
      title: month,
      children: measures.map((measure) => ({
        key: `${month}-${measure.key}`,
        title: (
          <Tooltip title={measureHelp[measure.key]}>
            <span data-testid={`forecast-measure-${measure.key}`} style={{ cursor: 'help', borderBottom: '1px dotted #9ca3af' }}>
              {measure.label}
            </span>
          </Tooltip>
        ),
        align: 'right' as const,
        render: (_: unknown, row: ForecastRow) => <MoneyText cents={row.byMonth[month]?.[measure.key] ?? 0} />,
      })),
    })),
  ];

  const data = funnel.data;
  return (
    <>
      <PageHeader title={t('opportunities.analytics.title')} subtitle={isPhone ? undefined : t('opportunities.analytics.subtitle')} />
      <Flex gap={8} wrap style={{ marginBottom: 16 }} data-testid="analytics-filters">
        <DatePicker.RangePicker
          allowClear={false}
          value={[dayjs(period.from), dayjs(period.to)]}
          onChange={(values) => {
            if (values?.[0] && values[1]) setPeriod({ from: values[0].format('YYYY-MM-DD'), to: values[1].format('YYYY-MM-DD') });
          }}
          style={isPhone ? { flex: '1 1 100%' } : undefined}
          data-testid="analytics-period"
        />
        {seesOthers ? (
          <>
            <div style={isPhone ? { flex: '1 1 45%', minWidth: 0 } : { width: 200 }}>
              <UserSelect
                value={people.ownerId ?? null}
                onChange={(value) => setPeople({ ...people, ownerId: value ?? undefined })}
                placeholder={t('opportunities.filters.owner')}
                testId="analytics-owner"
              />
            </div>
            <TreeSelect
              allowClear
              treeData={teamOptions}
              treeDefaultExpandAll
              placeholder={t('opportunities.filters.team')}
              value={people.teamId}
              onChange={(value: string | undefined) => setPeople({ ...people, teamId: value ?? undefined })}
              style={isPhone ? { flex: '1 1 45%', minWidth: 0 } : { width: 200 }}
              data-testid="analytics-team"
            />
          </>
        ) : null}
      </Flex>
      <ErrorAlert error={funnel.error} onReload={() => void funnel.refetch()} />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} lg={6}>
          <Kpi
            testId="kpi-win-rate"
            title={t('opportunities.analytics.winRate')}
            value={percent(data?.winRate ?? null)}
            hint={data ? t('opportunities.analytics.wonLost', { won: data.won, lost: data.lost }) : undefined}
          />
        </Col>
        <Col xs={12} lg={6}>
          <Kpi
            testId="kpi-cycle"
            title={t('opportunities.analytics.cycle')}
            value={
              data?.averageCycleDays !== null && data?.averageCycleDays !== undefined
                ? t('opportunities.days', { count: data.averageCycleDays })
                : '—'
            }
          />
        </Col>
        <Col xs={24} lg={12}>
          <Kpi
            testId="kpi-pipeline"
            title={t('opportunities.analytics.pipeline')}
            value={data ? formatCents(data.pipeline.amountCents) : '—'}
            hint={
              data
                ? `${t('opportunities.analytics.pipelineCount', { count: data.pipeline.count })} · ${t('opportunities.analytics.weighted', { amount: formatCents(data.pipeline.weightedCents) })}`
                : undefined
            }
          />
        </Col>
      </Row>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={12}>
          <Card
            title={t('opportunities.analytics.funnel')}
            extra={
              isPhone ? null : (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('opportunities.analytics.funnelHint')}
                </Typography.Text>
              )
            }
            style={{ height: '100%' }}
            data-testid="analytics-funnel"
          >
            {funnelOption ? (
              <Chart option={funnelOption} height={280} ariaLabel={t('opportunities.analytics.funnel')} />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('opportunities.analytics.noData')} />
            )}
            {data ? (
              <Table
                size="small"
                rowKey="stage"
                pagination={false}
                style={{ marginTop: 12 }}
                dataSource={data.stages}
                columns={[
                  { key: 'stage', title: t('opportunities.fields.stage'), render: (_, row) => t(`opportunities.stages.${row.stage}`) },
                  { key: 'reached', title: t('opportunities.analytics.reached'), align: 'right', dataIndex: 'reached' },
                  {
                    key: 'advanced',
                    title: t('opportunities.analytics.advanced'),
                    align: 'right',
                    render: (_, row) => (row.stage === 'won' ? '—' : row.advanced),
                  },
                  {
                    key: 'conversion',
                    title: t('opportunities.analytics.conversion'),
                    align: 'right',
                    render: (_, row) => percent(row.conversion),
                  },
                ]}
                data-testid="funnel-table"
              />
            ) : null}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            title={t('opportunities.analytics.daysPerStage')}
            extra={
              isPhone ? null : (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('opportunities.analytics.daysHint')}
                </Typography.Text>
              )
            }
            style={{ height: '100%' }}
            data-testid="analytics-days"
          >
            {daysOption ? (
              <Chart option={daysOption} height={280} ariaLabel={t('opportunities.analytics.daysPerStage')} />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('opportunities.analytics.noData')} />
            )}
          </Card>
        </Col>
      </Row>
      <Card
        title={t('opportunities.analytics.forecast')}
        data-testid="analytics-forecast"
        extra={
          <Flex gap={8} wrap>
            <DatePicker
              picker="month"
              allowClear={false}
              value={dayjs(`${forecastParams.fromMonth}-01`)}
              onChange={(value) => value && setForecastParams({ ...forecastParams, fromMonth: value.format('YYYY-MM') })}
              data-testid="forecast-from"
            />
            <Select
              value={forecastParams.months}
              onChange={(value) => setForecastParams({ ...forecastParams, months: value })}
              options={[3, 6, 12].map((count) => ({ value: count, label: t('opportunities.analytics.months', { count }) }))}
              style={{ width: 110 }}
              data-testid="forecast-months"
            />
            <Segmented
              value={forecastParams.groupBy}
              onChange={(value) => setForecastParams({ ...forecastParams, groupBy: value as ForecastParams['groupBy'] })}
              options={[
                { value: 'owner', label: t('opportunities.analytics.byOwner') },
                { value: 'team', label: t('opportunities.analytics.byTeam') },
              ]}
              data-testid="forecast-group"
            />
          </Flex>
        }
      >
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('opportunities.analytics.forecastHint')}
        </Typography.Paragraph>
        <ErrorAlert error={forecast.error} onReload={() => void forecast.refetch()} />
        <Table<ForecastRow>
          size="small"
          bordered
          rowKey="key"
          loading={forecast.isFetching}
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={forecastRows}
          columns={forecastColumns}
          locale={{ emptyText: t('opportunities.analytics.noData') }}
          data-testid="forecast-table"
          summary={() =>
            forecast.data && forecastRows.length ? (
              <Table.Summary.Row style={{ fontWeight: 600 }}>
                <Table.Summary.Cell index={0}>{t('opportunities.analytics.total')}</Table.Summary.Cell>
                {forecast.data.totals.flatMap((total, monthIndex) =>
                  measures.map((measure, measureIndex) => (
                    <Table.Summary.Cell
                      key={`${total.month}-${measure.key}`}
                      index={1 + monthIndex * measures.length + measureIndex}
                      align="right"
                    >
                      <MoneyText cents={total[measure.key]} />
                    </Table.Summary.Cell>
                  )),
                )}
              </Table.Summary.Row>
            ) : null
          }
        />
      </Card>
    </>
  );
}
