import { useState } from 'react';
import { Button, Card, Col, Flex, Input, Row, Select, Statistic, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { ExpenseAnalysis } from '@xiaoguan/shared';
import { useTranslation } from 'react-i18next';
import { apiUrl } from '../../core/api';
import { useCan } from '../../core/session';
import { Chart, type ChartOption } from '../../components/Chart';
import { ErrorAlert } from '../../components/ErrorAlert';
import { MoneyText, formatCents } from '../../components/MoneyText';
import { PageHeader } from '../../components/PageHeader';
import { useExpenseAnalysis } from './api';

const GROUPS = ['category', 'unit', 'person', 'customer', 'event', 'month'] as const;
type Row = ExpenseAnalysis['rows'][number];

/** Expense analysis (seed 001 费用控制.4): spend vs budget by a grouping and over time; cost per result; xlsx. */
export default function AnalysisPage() {
  const { t } = useTranslation();
  const can = useCan();
  const year = new Date().getFullYear();
  const [from, setFrom] = useState(`${year}-01-01`);
  const [to, setTo] = useState(`${year}-12-31`);
  const [groupBy, setGroupBy] = useState<(typeof GROUPS)[number]>('category');
  const query = useExpenseAnalysis({ from, to, groupBy });
  const data = query.data;
  const withBudget = groupBy === 'category' || groupBy === 'unit';
  const top = (data?.rows ?? []).slice(0, 12);
  const barOption: ChartOption = {
    tooltip: { trigger: 'axis', valueFormatter: (value) => formatCents(Number(value) * 100) },
    legend: { top: 0 },
    grid: { left: 8, right: 8, bottom: 8, top: 32, containLabel: true },
    xAxis: { type: 'category', data: top.map((r) => r.label), axisLabel: { interval: 0, rotate: top.length > 5 ? 30 : 0 } },
    yAxis: { type: 'value' },
    series: [
      { type: 'bar', name: t('expenses.analysis.spent'), data: top.map((r) => r.spentCents / 100) },
      ...(withBudget
        ? [{ type: 'bar' as const, name: t('expenses.analysis.budget'), data: top.map((r) => (r.budgetCents ?? 0) / 100) }]
        : []),
    ],
  };
  const months = data?.months ?? [];
  const monthOption: ChartOption = {
    tooltip: { trigger: 'axis', valueFormatter: (value) => formatCents(Number(value) * 100) },
    legend: { top: 0 },
    grid: { left: 8, right: 8, bottom: 8, top: 32, containLabel: true },
    xAxis: { type: 'category', data: months.map((m) => m.month.slice(2)) },
    yAxis: { type: 'value' },
    series: [
      { type: 'bar', name: t('expenses.analysis.spent'), data: months.map((m) => m.spentCents / 100) },
      { type: 'bar', name: t('expenses.analysis.budget'), data: months.map((m) => m.budgetCents / 100) },
    ],
  };
  const cost = data?.costPerResult;
  const perStat = (title: string, cents: number | null | undefined, note: string, testId: string) => (
    <Card size="small">
      <Statistic
        title={title}
        value={cents === null || cents === undefined ? t('expenses.analysis.notVisible') : formatCents(cents)}
        valueStyle={{ fontSize: 20 }}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={testId}>
        {note}
      </Typography.Text>
    </Card>
  );
  return (
    <>
      <PageHeader
        title={t('expenses.analysis.title')}
        subtitle={t('expenses.analysis.subtitle')}
        extra={
          can('expenses.export') ? (
            <a href={apiUrl('/expense-analysis/export', { from, to, groupBy, format: 'xlsx' })}>
              <Button icon={<DownloadOutlined />}>{t('expenses.analysis.export')}</Button>
            </a>
          ) : null
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input
          type="date"
          value={from}
          onChange={(e) => e.target.value && setFrom(e.target.value)}
          style={{ width: 160 }}
          aria-label={t('expenses.analysis.range')}
        />
        <Input
          type="date"
          value={to}
          onChange={(e) => e.target.value && setTo(e.target.value)}
          style={{ width: 160 }}
          aria-label={t('expenses.analysis.range')}
        />
        <Select
          value={groupBy}
          onChange={setGroupBy}
          style={{ width: 140 }}
          aria-label={t('expenses.analysis.groupBy')}
          options={GROUPS.map((g) => ({ value: g, label: t(`expenses.analysis.groups.${g}`) }))}
        />
      </Flex>
      {query.error ? <ErrorAlert error={query.error} onReload={() => void query.refetch()} /> : null}
      <Typography.Title level={5}>{t('expenses.analysis.costPerResult')}</Typography.Title>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('expenses.analysis.spent')} value={formatCents(cost?.spentCents ?? 0)} valueStyle={{ fontSize: 20 }} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          {perStat(
            t('expenses.analysis.perNewCustomer'),
            cost?.perNewCustomerCents,
            cost?.newCustomers === null ? '' : t('expenses.analysis.newCustomers', { count: cost?.newCustomers ?? 0 }),
            'cost-per-customer',
          )}
        </Col>
        <Col xs={12} md={6}>
          {perStat(
            t('expenses.analysis.perDeal'),
            cost?.perDealCents,
            cost?.deals === null ? '' : t('expenses.analysis.deals', { count: cost?.deals ?? 0 }),
            'cost-per-deal',
          )}
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t('expenses.analysis.perYuan')}
              value={
                cost?.perYuanCollected === null || cost?.perYuanCollected === undefined
                  ? t('expenses.analysis.notVisible')
                  : `¥${cost.perYuanCollected.toFixed(4)}`
              }
              valueStyle={{ fontSize: 20 }}
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {cost?.collectedCents === null || cost?.collectedCents === undefined
                ? ''
                : t('expenses.analysis.collected', { amount: formatCents(cost.collectedCents) })}
            </Typography.Text>
          </Card>
        </Col>
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t(`expenses.analysis.groups.${groupBy}`)}>
            <Chart option={barOption} height={300} ariaLabel={t('expenses.analysis.title')} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('expenses.analysis.overTime')}>
            <Chart option={monthOption} height={300} ariaLabel={t('expenses.analysis.overTime')} />
          </Card>
        </Col>
      </Row>
      <Table<Row>
        style={{ marginTop: 12 }}
        rowKey={(row) => row.key ?? '-'}
        size="small"
        loading={query.isLoading}
        dataSource={data?.rows ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t(`expenses.analysis.groups.${groupBy}`), dataIndex: 'label' },
          {
            title: t('expenses.analysis.spent'),
            dataIndex: 'spentCents',
            align: 'right',
            render: (cents: number) => <MoneyText cents={cents} />,
          },
          ...(withBudget
            ? [
                {
                  title: t('expenses.analysis.budget'),
                  dataIndex: 'budgetCents',
                  align: 'right' as const,
                  render: (cents: number | null) => <MoneyText cents={cents} />,
                },
              ]
            : []),
          { title: t('expenses.analysis.claims'), dataIndex: 'claims', align: 'right' },
        ]}
      />
    </>
  );
}
