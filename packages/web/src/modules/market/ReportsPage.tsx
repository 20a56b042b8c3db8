import { useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, Card, Empty, Input, Select, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MarketReport, MarketRollup } from '@xiaoguan/shared';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCan, useMe } from '../../core/session';
import { useGenerateReports, useReports, useRollup } from './api';
import { ReportContent } from './ReportContent';
import { ReportStatusTag } from './labels';

/** The manager's view of a week: each team's report state and the published ones summed (R-MKT-1 roll-up). */
function Rollup() {
  const { t } = useTranslation();
  const rollup = useRollup(undefined, true);
  const data: MarketRollup | undefined = rollup.data;
  if (!data) return null;
  return (
    <Card size="small" title={`${t('market.reports.rollup')} · ${data.weekStart}`} style={{ marginBottom: 16 }} data-testid="report-rollup">
      <Table
        rowKey="teamId"
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={data.teams}
        style={{ marginBottom: 16 }}
        columns={[
          {
            title: t('market.fields.team'),
            dataIndex: 'teamName',
            render: (name: string, row) => (row.reportId ? <Link to={`/market/reports/${row.reportId}`}>{name}</Link> : name),
          },
          {
            title: t('market.fields.status'),
            dataIndex: 'status',
            render: (v: 'draft' | 'published' | 'missing') => <ReportStatusTag value={v} />,
          },
          { title: t('market.reports.feedback'), dataIndex: 'feedback', align: 'right' },
          { title: t('market.reports.lostDeals'), dataIndex: 'lostDeals', align: 'right' },
          { title: t('market.fields.summary'), dataIndex: 'summary', ellipsis: true, responsive: ['lg'] },
        ]}
      />
      <ReportContent content={data.content} />
    </Card>
  );
}

/** Today as `YYYY-MM-DD` on this device; the server takes the Monday of its week. */
const localToday = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** The archive of weekly reports, newest first, searchable; supervisors can (re)generate last week's drafts. */
export default function ReportsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const me = useMe();
  const [q, setQ] = useState('');
  const [week, setWeek] = useState<'last' | 'this'>('last');
  const reports = useReports({ q: q || undefined });
  const generate = useGenerateReports();
  const managesUnits = me.roles.some((role) => role === 'manager' || role === 'director');
  return (
    <>
      <PageHeader
        title={t('market.reports.title')}
        subtitle={t('market.reports.subtitle')}
        extra={
          <>
            <Input.Search
              allowClear
              placeholder={t('market.reports.search')}
              onSearch={setQ}
              style={{ width: 220 }}
              data-testid="report-search"
            />
            {can('market.publish') ? (
              <>
                <Select
                  value={week}
                  onChange={setWeek}
                  style={{ minWidth: 120 }}
                  popupMatchSelectWidth={false}
                  aria-label={t('market.reports.week')}
                  options={[
                    { value: 'last', label: t('market.reports.lastWeek') },
                    { value: 'this', label: t('market.reports.thisWeek') },
                  ]}
                  data-testid="report-generate-week"
                />
                <Button
                  loading={generate.isPending}
                  data-testid="report-generate"
                  onClick={() =>
                    generate.mutate(week === 'this' ? { weekStart: localToday() } : {}, {
                      onSuccess: (list) => void message.success(t('market.reports.generated', { count: list.length })),
                    })
                  }
                >
                  {t('market.reports.generate')}
                </Button>
              </>
            ) : null}
          </>
        }
      />
      <ErrorAlert error={generate.error} />
      {managesUnits ? <Rollup /> : null}
      {reports.error ? <ErrorAlert error={reports.error} onReload={() => void reports.refetch()} /> : null}
      <Table<MarketReport>
        rowKey="id"
        size="middle"
        loading={reports.isLoading}
        dataSource={reports.data ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t('market.reports.empty')} /> }}
        columns={[
          {
            title: t('market.reports.week'),
            dataIndex: 'weekStart',
            render: (week: string, row) => (
              <Link to={`/market/reports/${row.id}`} data-testid="report-link">
                {week}
              </Link>
            ),
          },
          { title: t('market.fields.team'), dataIndex: 'teamName' },
          { title: t('market.fields.status'), dataIndex: 'status', render: (v: MarketReport['status']) => <ReportStatusTag value={v} /> },
          {
            title: t('market.reports.feedback'),
            key: 'feedback',
            align: 'right',
            render: (_: unknown, row) => row.content.feedback.thisWeek,
          },
          {
            title: t('market.reports.lostDeals'),
            key: 'lost',
            align: 'right',
            render: (_: unknown, row) => row.content.lostDeals.thisWeek,
            responsive: ['md'],
          },
          {
            title: t('market.fields.summary'),
            dataIndex: 'summary',
            responsive: ['lg'],
            render: (v: string) => (
              <Typography.Text ellipsis style={{ maxWidth: 360 }}>
                {v}
              </Typography.Text>
            ),
          },
        ]}
      />
    </>
  );
}
