import { useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { Button, Card, Empty, Flex, Segmented, Select, Table, Typography, App } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { CommissionStatementSummary } from '@xiaoguan/shared';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { MoneyText } from '../../components/MoneyText';
import { MonthInput } from '../../components/MonthInput';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCan } from '../../core/session';
import { apiUrl } from '../../core/api';
import { usePlans, useRunCommission, useStatements } from './api';
import { StatementStatusTag, lastMonth, percentText } from './labels';

type Box = 'mine' | 'review' | 'all';

/** My statements, the approval queue (/incentives/review) and everything in scope; finance computes and exports. */
export default function StatementsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const isReview = useLocation().pathname === '/incentives/review';
  const seesOthers = can('incentives.review') || can('incentives.run');
  const [box, setBox] = useState<Box>(isReview ? 'review' : 'mine');
  const [period, setPeriod] = useState(lastMonth());
  const query = useStatements({ box, period: box === 'review' ? undefined : period });
  const plans = usePlans(can('incentives.run'));
  const run = useRunCommission();
  const [planId, setPlanId] = useState<string | undefined>();
  const activePlans = (plans.data ?? []).filter((p) => p.active);
  const chosenPlan = planId ?? activePlans[0]?.id;
  const items = query.data?.items ?? [];

  const boxes: { value: Box; label: string }[] = [
    { value: 'mine', label: t('incentives.statements.mine') },
    ...(can('incentives.review') ? [{ value: 'review' as const, label: t('incentives.statements.review') }] : []),
    ...(seesOthers ? [{ value: 'all' as const, label: t('incentives.statements.all') }] : []),
  ];

  return (
    <>
      <PageHeader
        title={isReview ? t('incentives.review.title') : t('incentives.statements.title')}
        subtitle={isReview ? t('incentives.review.subtitle') : t('incentives.statements.subtitle')}
        extra={
          <>
            {boxes.length > 1 ? (
              <Segmented value={box} onChange={(v) => setBox(v as Box)} options={boxes} data-testid="statement-box" />
            ) : null}
            {box !== 'review' ? (
              <MonthInput
                value={period}
                onChange={setPeriod}
                style={{ width: 150 }}
                aria-label={t('incentives.fields.period')}
                data-testid="statement-period"
              />
            ) : null}
            {can('incentives.export') && box !== 'review' ? (
              <Button icon={<DownloadOutlined />} href={apiUrl('/commission-statements/export', { period })} data-testid="statement-export">
                {t('incentives.statements.export')}
              </Button>
            ) : null}
          </>
        }
      />
      {can('incentives.run') && !isReview ? (
        <Card size="small" style={{ marginBottom: 12 }} title={t('incentives.plans.runTitle')}>
          <Flex gap={8} wrap align="center">
            <Select
              style={{ minWidth: 220 }}
              value={chosenPlan}
              onChange={setPlanId}
              options={activePlans.map((p) => ({ value: p.id, label: p.name }))}
              aria-label={t('incentives.fields.plan')}
              data-testid="run-plan"
            />
            <Button
              type="primary"
              loading={run.isPending}
              disabled={!chosenPlan}
              data-testid="run-commission"
              onClick={() =>
                chosenPlan &&
                run.mutate(
                  { period, planId: chosenPlan },
                  {
                    onSuccess: (result) =>
                      void message.success(t('incentives.plans.ran', { computed: result.computed, skipped: result.skipped })),
                  },
                )
              }
            >
              {t('incentives.plans.run')}
            </Button>
            <ErrorAlert error={run.error} />
          </Flex>
        </Card>
      ) : null}
      {query.error ? <ErrorAlert error={query.error} onReload={() => void query.refetch()} /> : null}
      <Table<CommissionStatementSummary>
        rowKey="id"
        size="middle"
        loading={query.isLoading}
        dataSource={items}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        locale={{
          emptyText: <Empty description={box === 'review' ? t('incentives.statements.reviewEmpty') : t('incentives.statements.empty')} />,
        }}
        columns={[
          {
            title: t('incentives.fields.period'),
            dataIndex: 'period',
            render: (value: string, s) => (
              <Link to={`/incentives/statements/${s.id}`} data-testid="statement-link">
                {value}
              </Link>
            ),
          },
          { title: t('incentives.fields.person'), dataIndex: 'userName' },
          { title: t('incentives.fields.unit'), dataIndex: 'orgUnitName', responsive: ['md'] },
          {
            title: t('incentives.fields.baseAmount'),
            dataIndex: 'baseCents',
            align: 'right',
            render: (c: number) => <MoneyText cents={c} />,
            responsive: ['md'],
          },
          { title: t('incentives.fields.attainment'), dataIndex: 'attainmentBp', align: 'right', render: percentText, responsive: ['lg'] },
          { title: t('incentives.fields.total'), dataIndex: 'totalCents', align: 'right', render: (c: number) => <MoneyText cents={c} /> },
          { title: t('incentives.fields.status'), key: 'status', render: (_: unknown, s) => <StatementStatusTag statement={s} /> },
        ]}
        summary={() =>
          items.length > 1 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={2}>
                <Typography.Text strong>{t('incentives.statements.sum')}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} colSpan={5} align="right">
                <MoneyText cents={query.data?.totalCents ?? 0} />
              </Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
      />
    </>
  );
}
