import { useMemo, useState } from 'react';
import { Card, Col, Empty, Flex, Progress, Row, Segmented, Select, Skeleton, Statistic, Table, Typography } from 'antd';
import { DashboardOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import {
  COCKPIT_PERIODS,
  type Attainment,
  type Cockpit,
  type CockpitComparison,
  type CockpitPeriod,
  type RankedRow,
} from '@xiaoguan/shared';
import { Chart, type ChartOption } from '../../components/Chart';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatCents } from '../../components/MoneyText';
import { useCockpit } from './api';
import { formatMetric, percent } from './format';

const BLUE = '#1f4fa3';

/** A figure that opens the list behind it (the list's count and sum equal it). */
function LinkedValue({ to, children, testId }: { to: string; children: React.ReactNode; testId?: string }) {
  return (
    <Link to={to} data-testid={testId} style={{ color: 'inherit' }}>
      {children}
    </Link>
  );
}

/** One comparison (previous period, same period last year): the change, linking to the list of that period. */
function ComparisonLine({ card, kind }: { card: Attainment; kind: CockpitComparison }) {
  const { t } = useTranslation();
  const comparison = card.comparisons[kind];
  const delta = card.actual - comparison.value;
  return (
    <Typography.Text type={delta >= 0 ? 'success' : 'danger'}>
      {t('targets.compare.' + kind)}{' '}
      <LinkedValue to={comparison.link.page} testId={`cockpit-${card.metric}-${kind}`}>
        <span
          title={formatMetric(card.metric, comparison.value)}
        >{`${delta >= 0 ? '+' : '−'}${formatMetric(card.metric, Math.abs(delta))}`}</span>
      </LinkedValue>
    </Typography.Text>
  );
}

function AttainmentCard({ card }: { card: Attainment }) {
  const { t } = useTranslation();
  return (
    <Card styles={{ body: { padding: 16 } }} data-testid={`cockpit-${card.metric}`}>
      <Statistic
        title={t(`targets.metrics.${card.metric}`)}
        valueRender={() => (
          <LinkedValue to={card.link.page} testId={`cockpit-${card.metric}-actual`}>
            <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatMetric(card.metric, card.actual)}</span>
          </LinkedValue>
        )}
      />
      {card.target !== null ? (
        <>
          <Progress
            percent={Math.min(100, Math.round((card.attainment ?? 0) * 1000) / 10)}
            format={() => percent(card.attainment)}
            status={(card.attainment ?? 0) >= 1 ? 'success' : 'normal'}
            data-testid={`cockpit-${card.metric}-attainment`}
          />
          <Flex vertical gap={2} style={{ fontSize: 13 }}>
            <Typography.Text type="secondary">
              {t('targets.cockpit.target')} {formatMetric(card.metric, card.target)} · {t('targets.cockpit.gap')}{' '}
              {formatMetric(card.metric, card.gap)}
            </Typography.Text>
            <Typography.Text type="secondary">
              {t('targets.cockpit.projection')} {formatMetric(card.metric, card.projection)}
            </Typography.Text>
          </Flex>
        </>
      ) : (
        <Typography.Text type="secondary">{t('targets.cockpit.noTarget')}</Typography.Text>
      )}
      <Flex gap={12} wrap style={{ fontSize: 13, marginTop: 4 }}>
        <ComparisonLine card={card} kind="previous" />
        <ComparisonLine card={card} kind="lastYear" />
      </Flex>
    </Card>
  );
}

function PipelineCard({ pipeline }: { pipeline: NonNullable<Cockpit['pipeline']> }) {
  const { t } = useTranslation();
  const option = useMemo<ChartOption>(
    () => ({
      color: ['#8fb3e8', BLUE],
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (value) => formatCents(Number(value) * 100) },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 8, bottom: 32, containLabel: true },
      xAxis: { type: 'category', data: pipeline.map((row) => t(`targets.cockpit.stages.${row.stage}`)) },
      yAxis: { type: 'value' },
      series: [
        { type: 'bar', name: t('targets.cockpit.pipelineAmount'), data: pipeline.map((row) => row.amountCents / 100), barMaxWidth: 22 },
        { type: 'bar', name: t('targets.cockpit.pipelineWeighted'), data: pipeline.map((row) => row.weightedCents / 100), barMaxWidth: 22 },
      ],
    }),
    [pipeline, t],
  );
  return (
    <Card title={t('targets.cockpit.pipeline')} styles={{ body: { padding: 12 } }} data-testid="cockpit-pipeline">
      <Chart option={option} height={220} ariaLabel={t('targets.cockpit.pipeline')} />
      <Flex wrap gap={12} style={{ marginTop: 8, fontSize: 13 }}>
        {pipeline.map((row) => (
          <LinkedValue key={row.stage} to={row.link.page} testId={`cockpit-stage-${row.stage}`}>
            {t(`targets.cockpit.stages.${row.stage}`)} {row.count} · {formatCents(row.weightedCents)}
          </LinkedValue>
        ))}
      </Flex>
    </Card>
  );
}

function ReceivablesCard({ receivables }: { receivables: NonNullable<Cockpit['receivables']> }) {
  const { t } = useTranslation();
  const option = useMemo<ChartOption>(
    () => ({
      color: ['#fa8c16'],
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (value) => formatCents(Number(value) * 100) },
      grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: receivables.buckets.map((row) => t(`targets.cockpit.buckets.${row.bucket}`)) },
      yAxis: { type: 'value' },
      series: [
        { type: 'bar', name: t('targets.cockpit.overdue'), data: receivables.buckets.map((row) => row.cents / 100), barMaxWidth: 28 },
      ],
    }),
    [receivables, t],
  );
  return (
    <Card title={t('targets.cockpit.receivables')} styles={{ body: { padding: 12 } }} data-testid="cockpit-receivables">
      <Row gutter={16}>
        <Col span={12}>
          <Statistic
            title={t('targets.cockpit.dso')}
            value={receivables.dsoDays === null ? '—' : t('targets.cockpit.days', { value: receivables.dsoDays })}
          />
        </Col>
        <Col span={12}>
          <Statistic title={t('targets.cockpit.overdue')} value={formatCents(receivables.overdueCents)} />
        </Col>
      </Row>
      <Chart option={option} height={170} ariaLabel={t('targets.cockpit.receivables')} />
      <Flex wrap gap={12} style={{ fontSize: 13 }}>
        {receivables.buckets.map((row) => (
          <LinkedValue key={row.bucket} to={row.link.page} testId={`cockpit-bucket-${row.bucket}`}>
            {t(`targets.cockpit.buckets.${row.bucket}`)} {formatCents(row.cents)}
          </LinkedValue>
        ))}
      </Flex>
    </Card>
  );
}

function RankingCard({ rows }: { rows: RankedRow[] }) {
  const { t } = useTranslation();
  return (
    <Card title={t('targets.cockpit.ranking')} styles={{ body: { padding: 0 } }} data-testid="cockpit-ranking">
      <Table<RankedRow>
        size="small"
        rowKey="nodeId"
        pagination={false}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('targets.cockpit.rank'), dataIndex: 'rank', width: 60 },
          { title: t('targets.cockpit.name'), dataIndex: 'name' },
          {
            title: t('targets.cockpit.actual'),
            dataIndex: 'actual',
            align: 'right',
            render: (_, row) => <LinkedValue to={row.link.page}>{formatCents(row.actual)}</LinkedValue>,
          },
          {
            title: t('targets.cockpit.target'),
            dataIndex: 'target',
            align: 'right',
            render: (value: number | null) => formatMetric('bookings', value),
          },
          {
            title: t('targets.cockpit.attainment'),
            dataIndex: 'attainment',
            align: 'right',
            render: (value: number | null) => percent(value),
          },
        ]}
      />
    </Card>
  );
}

/** The role cockpit (M5) at the top of the home page; what it shows is decided by the server per role and scope. */
export function CockpitCard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [period, setPeriod] = useState<CockpitPeriod>('month');
  const [unitId, setUnitId] = useState<string | undefined>(undefined);
  const [productLineId, setProductLineId] = useState<string | undefined>(undefined);
  // Both comparisons are on every card; the query's `compare` stays the API default.
  const cockpit = useCockpit(period, 'previous', undefined, unitId, productLineId);
  const data = cockpit.data;
  if (cockpit.error) return <ErrorAlert error={cockpit.error} onReload={() => void cockpit.refetch()} />;
  const scopeName = data
    ? data.scope.unitId
      ? data.scope.name
      : t(`targets.cockpit.scope.${data.scope.kind}`, { name: data.scope.name })
    : '';
  return (
    <div data-testid="cockpit" style={{ marginBottom: 16 }}>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          <DashboardOutlined style={{ color: BLUE, marginInlineEnd: 8 }} />
          {data?.view === 'operations' ? t('targets.cockpit.operations') : t('targets.cockpit.title')}
          {data && data.view !== 'operations' ? ` · ${scopeName}` : ''}
        </Typography.Title>
        {data?.view !== 'operations' ? (
          <Flex gap={8} wrap>
            <Segmented<CockpitPeriod>
              value={period}
              onChange={setPeriod}
              options={COCKPIT_PERIODS.map((value) => ({ value, label: t(`targets.periods.${value}`) }))}
              data-testid="cockpit-period"
            />
            {data?.units?.length ? (
              <Select<string>
                value={unitId}
                onChange={setUnitId}
                allowClear
                showSearch
                optionFilterProp="label"
                placeholder={t('targets.cockpit.allUnits')}
                style={{ minWidth: 180 }}
                options={data.units.map((unit) => ({ value: unit.id, label: `${'\u3000'.repeat(unit.depth)}${unit.name}` }))}
                data-testid="cockpit-unit"
              />
            ) : null}
            {data?.view === 'sales' && data.productLines?.length ? (
              <Select<string>
                value={productLineId}
                onChange={setProductLineId}
                allowClear
                placeholder={t('targets.cockpit.allProductLines')}
                style={{ minWidth: 150 }}
                popupMatchSelectWidth={false}
                options={data.productLines.map((line) => ({ value: line.id, label: line.name }))}
                data-testid="cockpit-product-line"
              />
            ) : null}
          </Flex>
        ) : null}
      </Flex>
      {data?.scope.productLineId ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: -4 }} data-testid="cockpit-product-line-note">
          {t('targets.cockpit.productLineNote')}
        </Typography.Paragraph>
      ) : null}
      {!data ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          {data.attainment.map((card) => (
            <Col key={card.metric} xs={24} sm={12} xl={8}>
              <AttainmentCard card={card} />
            </Col>
          ))}
          {data.averageOrder ? (
            <Col xs={12} xl={8}>
              <Card styles={{ body: { padding: 16 } }} data-testid="cockpit-average-order">
                <Statistic
                  title={t('targets.cockpit.averageOrder')}
                  valueRender={() => <LinkedValue to={data.averageOrder!.link.page}>{formatCents(data.averageOrder!.cents)}</LinkedValue>}
                />
                <Typography.Text type="secondary">{t('targets.cockpit.deals', { count: data.averageOrder.deals })}</Typography.Text>
              </Card>
            </Col>
          ) : null}
          {data.overdueCadence ? (
            <Col xs={12} xl={8}>
              <Card className="xg-clickable" onClick={() => navigate(data.overdueCadence!.link.page)} styles={{ body: { padding: 16 } }}>
                <Statistic
                  title={t('targets.cockpit.overdueCadence')}
                  value={data.overdueCadence.count}
                  valueStyle={{ color: data.overdueCadence.count ? '#d4380d' : undefined }}
                />
              </Card>
            </Col>
          ) : null}
          <Col xs={12} xl={8}>
            <Card className="xg-clickable" onClick={() => navigate(data.approvalsWaiting.link.page)} styles={{ body: { padding: 16 } }}>
              <Statistic title={t('targets.cockpit.approvals')} value={data.approvalsWaiting.count} />
            </Card>
          </Col>
          {data.alerts ? (
            <Col xs={12} xl={8}>
              <Card
                className="xg-clickable"
                onClick={() => navigate(data.alerts!.link.page)}
                styles={{ body: { padding: 16 } }}
                data-testid="cockpit-alerts"
              >
                <Statistic
                  title={t('targets.cockpit.alerts')}
                  value={data.alerts.count}
                  valueStyle={{ color: data.alerts.count ? '#d4380d' : undefined }}
                />
              </Card>
            </Col>
          ) : null}
          {data.pipeline ? (
            <Col xs={24} lg={12}>
              <PipelineCard pipeline={data.pipeline} />
            </Col>
          ) : null}
          {data.receivables ? (
            <Col xs={24} lg={12}>
              <ReceivablesCard receivables={data.receivables} />
            </Col>
          ) : null}
          {data.ranking.length ? (
            <Col xs={24}>
              <RankingCard rows={data.ranking} />
            </Col>
          ) : null}
          {data.view !== 'operations' && data.attainment.length === 0 ? (
            <Col xs={24}>
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            </Col>
          ) : null}
        </Row>
      )}
    </div>
  );
}
