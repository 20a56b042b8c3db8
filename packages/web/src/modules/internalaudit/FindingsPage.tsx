import { Card, Segmented, Space, Typography } from 'antd';
import { useState } from 'react';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { Finding } from '@xiaoguan/shared';
import { PageHeader } from '../../components/PageHeader';
import { DataTable } from '../../components/DataTable';
import { DateTimeText } from '../../components/DateTimeText';
import { Chart } from '../../components/Chart';
import { useDashboard, useFindings } from './api';
import { FindingStatusTag, SeverityTag } from './labels';

/** Audit findings (issue 21 item 9): open findings by unit and age, and the list — the auditor's all, a unit its own. */
export default function FindingsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [status, setStatus] = useState<'open' | 'closed'>('open');
  const findings = useFindings(status);
  const dashboard = useDashboard();
  const units = dashboard.data?.units ?? [];
  const buckets = dashboard.data?.buckets ?? [];
  const columns: ColumnsType<Finding> = [
    { title: t('internalaudit.findings.columns.severity'), width: 80, render: (_, f) => <SeverityTag severity={f.severity} /> },
    { title: t('internalaudit.findings.columns.title'), dataIndex: 'title', width: 240 },
    { title: t('internalaudit.findings.columns.unit'), dataIndex: 'unitName', width: 130 },
    { title: t('internalaudit.findings.columns.responsible'), dataIndex: 'responsibleName', width: 100 },
    { title: t('internalaudit.findings.columns.status'), width: 90, render: (_, f) => <FindingStatusTag status={f.status} /> },
    { title: t('internalaudit.findings.columns.createdAt'), width: 110, render: (_, f) => <DateTimeText value={f.createdAt} dateOnly /> },
    { title: t('internalaudit.findings.plan'), dataIndex: 'planTitle', width: 180 },
  ];
  return (
    <>
      <PageHeader
        title={t('internalaudit.findings.pageTitle')}
        subtitle={<Typography.Text type="secondary">{t('internalaudit.findings.subtitle')}</Typography.Text>}
      />
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small" title={t('internalaudit.dashboard.title')} data-testid="findings-dashboard">
          {units.length ? (
            <Chart
              height={Math.max(160, units.length * 36 + 60)}
              ariaLabel={t('internalaudit.dashboard.title')}
              option={{
                tooltip: { trigger: 'axis' },
                legend: { top: 0 },
                grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
                xAxis: { type: 'value', minInterval: 1 },
                yAxis: { type: 'category', data: units.map((u) => u.unitName) },
                series: buckets.map((bucket, i) => ({
                  name: t('internalaudit.dashboard.age', { range: bucket }),
                  type: 'bar',
                  stack: 'age',
                  data: units.map((u) => u.counts[i] ?? 0),
                })),
              }}
            />
          ) : (
            <Typography.Text type="secondary">{t('internalaudit.dashboard.none')}</Typography.Text>
          )}
        </Card>
        <Segmented
          value={status}
          onChange={(v) => setStatus(v as 'open' | 'closed')}
          options={[
            { value: 'open', label: t('internalaudit.findings.open') },
            { value: 'closed', label: t('internalaudit.findings.closed') },
          ]}
        />
        <DataTable
          data={findings.data}
          loading={findings.isLoading}
          error={findings.error}
          rowKey={(f) => f.id}
          rowTestKey={(f) => f.title}
          testId="findings"
          columns={columns}
          onRowClick={(f) => navigate(`/internal-audit/findings/${f.id}`)}
        />
      </Space>
    </>
  );
}
