import { useMemo, useState, type ReactNode } from 'react';
import { App, Button, Card, Col, Form, Input, Modal, Row, Segmented, Select, Skeleton, Statistic, Tooltip, Typography } from 'antd';
import { DollarOutlined, InfoCircleOutlined, SettingOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import {
  AGING_BUCKETS,
  receivablesSettingsSchema,
  type AgingBucket,
  type AgingGroup,
  type AgingRow,
  type OverdueItem,
} from '@xiaoguan/shared';
import { useCan } from '../../core/session';
import { Chart, type ChartOption } from '../../components/Chart';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatCents, MoneyText } from '../../components/MoneyText';
import { PageHeader } from '../../components/PageHeader';
import { applyApiError } from '../../components/form';
import { useAging, useOverdue, useReceivablesSettings, useReceivablesSummary, useSaveReceivablesSettings, type OverdueParams } from './api';
import { BUCKET_COLORS, BucketTag } from './labels';
import { useDebounced } from '../../components/hooks';

function Kpi({ title, help, children, testId }: { title: string; help?: string; children: ReactNode; testId: string }) {
  return (
    <Card size="small" style={{ height: '100%' }} data-testid={testId}>
      <Statistic
        title={
          <span>
            {title}
            {help ? (
              <Tooltip title={help}>
                <InfoCircleOutlined style={{ marginInlineStart: 6, color: 'rgba(0,0,0,0.35)' }} />
              </Tooltip>
            ) : null}
          </span>
        }
        valueRender={() => children}
        styles={{ content: { fontSize: 20 } }}
      />
    </Card>
  );
}

/** The overdue-warning thresholds (days), for finance/director/admin. Mounted while open. */
function SettingsModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const settings = useReceivablesSettings(true);
  const save = useSaveReceivablesSettings();
  const [form] = Form.useForm<{ overdueWarningDays: string[] }>();
  const [alertError, setAlertError] = useState<unknown>(null);
  const submit = async () => {
    setAlertError(null);
    const values = form.getFieldsValue();
    const days = (values.overdueWarningDays ?? []).map((value) => Number(value));
    const parsed = receivablesSettingsSchema.safeParse({ overdueWarningDays: days });
    if (!parsed.success) {
      form.setFields([{ name: 'overdueWarningDays', errors: [t('common.validation.invalid')] }]);
      return;
    }
    save.mutate(parsed.data, {
      onSuccess: () => {
        message.success(t('receivables.settings.saved'));
        onClose();
      },
      onError: (error) => {
        if (!applyApiError(form, error, t, ['overdueWarningDays'])) setAlertError(error);
      },
    });
  };
  return (
    <Modal
      open
      title={t('receivables.settings.title')}
      onCancel={onClose}
      onOk={() => void submit()}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'receivables-settings-submit' }}
      okText={t('common.actions.save')}
      cancelText={t('common.actions.cancel')}
    >
      <ErrorAlert error={alertError ?? settings.error} />
      {settings.data ? (
        <Form form={form} layout="vertical" initialValues={{ overdueWarningDays: settings.data.overdueWarningDays.map(String) }}>
          <Form.Item
            name="overdueWarningDays"
            label={t('receivables.settings.thresholds')}
            extra={t('receivables.settings.thresholdsHelp')}
          >
            <Select mode="tags" tokenSeparators={[',', ' ', '，']} data-testid="receivables-thresholds" />
          </Form.Item>
        </Form>
      ) : (
        <Skeleton active />
      )}
    </Modal>
  );
}

function agingOption(rows: AgingRow[], t: (key: string) => string): ChartOption {
  const shown = rows.slice(0, 10).reverse();
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (value) => formatCents(Math.round(Number(value) * 100)) },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'value', axisLabel: { formatter: (value: number) => (value >= 10_000 ? `${value / 10_000}万` : String(value)) } },
    yAxis: { type: 'category', data: shown.map((row) => (row.label.length > 10 ? `${row.label.slice(0, 10)}…` : row.label)) },
    series: AGING_BUCKETS.map((bucket) => ({
      name: t(`receivables.bucketsShort.${bucket}`),
      type: 'bar' as const,
      stack: 'aging',
      itemStyle: { color: BUCKET_COLORS[bucket] },
      data: shown.map((row) => row[bucket] / 100),
    })),
  };
}

function AgingCard() {
  const { t } = useTranslation();
  const [groupBy, setGroupBy] = useState<AgingGroup>('customer');
  const aging = useAging(groupBy);
  const rows = useMemo(() => aging.data?.rows ?? [], [aging.data]);
  const option = useMemo(() => agingOption(rows, t), [rows, t]);
  const columns: ColumnsType<AgingRow> = [
    {
      title: t(`receivables.fields.${groupBy === 'team' ? 'group' : groupBy}`),
      dataIndex: 'label',
      key: 'label',
      fixed: 'left',
      render: (label: string, row) => (row.key === null ? <strong>{label}</strong> : label),
    },
    ...AGING_BUCKETS.map((bucket) => ({
      title: t(`receivables.bucketsShort.${bucket}`),
      key: bucket,
      align: 'right' as const,
      render: (_: unknown, row: AgingRow) => (
        <MoneyText cents={row[bucket]} style={row[bucket] && bucket !== 'current' ? { color: BUCKET_COLORS[bucket] } : undefined} />
      ),
    })),
    {
      title: t('receivables.fields.total'),
      key: 'total',
      align: 'right',
      render: (_, row) => <MoneyText cents={row.totalCents} style={{ fontWeight: 500 }} />,
    },
  ];
  const tableRows = aging.data ? [...rows, { ...aging.data.total, label: t('receivables.fields.total') }] : [];
  return (
    <Card
      title={t('receivables.overview.aging')}
      style={{ marginBottom: 16 }}
      extra={
        <Segmented<AgingGroup>
          size="small"
          value={groupBy}
          onChange={setGroupBy}
          options={(['customer', 'owner', 'team'] as const).map((value) => ({ value, label: t(`receivables.groups.${value}`) }))}
          data-testid="aging-group"
        />
      }
      data-testid="aging-card"
    >
      <ErrorAlert error={aging.error} onReload={() => void aging.refetch()} />
      {rows.length ? (
        <Chart option={option} height={Math.max(220, Math.min(rows.length, 10) * 34 + 60)} ariaLabel={t('receivables.overview.aging')} />
      ) : null}
      <DataTable<AgingRow>
        testId="aging-table"
        rowKey={(row) => row.key ?? 'total'}
        data={tableRows}
        loading={aging.isFetching}
        columns={columns}
      />
      {aging.data?.truncated ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('receivables.overview.agingTruncated', { count: rows.length })}
        </Typography.Text>
      ) : null}
    </Card>
  );
}

function OverdueCard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useState<OverdueParams>({ page: 1, pageSize: 20 });
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const overdue = useOverdue({ ...params, q: q || undefined });
  const columns: ColumnsType<OverdueItem> = [
    {
      title: t('receivables.fields.contractNumber'),
      key: 'contract',
      render: (_, item) => <Link to={`/contracts/${item.contractId}`}>{item.contractNumber}</Link>,
    },
    {
      title: t('receivables.fields.customer'),
      dataIndex: 'customerName',
      key: 'customer',
      render: (name: string, item) => <Link to={`/customers/${item.customerId}`}>{name}</Link>,
    },
    { title: t('receivables.fields.owner'), dataIndex: 'ownerName', key: 'owner' },
    { title: t('receivables.fields.seq'), key: 'seq', render: (_, item) => t('receivables.fields.seqValue', { seq: item.seq }) },
    { title: t('receivables.fields.dueOn'), dataIndex: 'dueOn', key: 'dueOn' },
    {
      title: t('receivables.fields.daysOverdue'),
      key: 'days',
      align: 'right',
      render: (_, item) => <Typography.Text type="danger">{item.daysOverdue}</Typography.Text>,
    },
    { title: t('receivables.fields.bucket'), key: 'bucket', render: (_, item) => <BucketTag bucket={item.bucket} /> },
    {
      title: t('receivables.fields.outstanding'),
      key: 'outstanding',
      align: 'right',
      render: (_, item) => <MoneyText cents={item.outstandingCents} style={{ fontWeight: 500 }} />,
    },
  ];
  return (
    <Card title={t('receivables.overview.overdueList')} data-testid="overdue-card">
      <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
        <Col xs={24} sm={12} md={8}>
          <Input.Search
            allowClear
            placeholder={t('receivables.overview.search')}
            value={search}
            onChange={(event) => {
              setSearch(event.target.value);
              setParams((p) => ({ ...p, page: 1 }));
            }}
            data-testid="overdue-search"
          />
        </Col>
        <Col xs={24} sm={12} md={6}>
          <Select<Exclude<AgingBucket, 'current'> | undefined>
            allowClear
            style={{ width: '100%' }}
            placeholder={t('receivables.overview.allBuckets')}
            value={params.bucket}
            onChange={(bucket) => setParams((p) => ({ ...p, page: 1, bucket: bucket ?? undefined }))}
            options={AGING_BUCKETS.filter((b): b is Exclude<AgingBucket, 'current'> => b !== 'current').map((bucket) => ({
              value: bucket,
              label: t(`receivables.buckets.${bucket}`),
            }))}
            data-testid="overdue-bucket"
          />
        </Col>
      </Row>
      <DataTable<OverdueItem>
        testId="overdue-table"
        rowKey={(item) => item.installmentId}
        data={overdue.data}
        loading={overdue.isFetching}
        error={overdue.error}
        onRetry={() => void overdue.refetch()}
        onPageChange={(page, pageSize) => setParams((p) => ({ ...p, page, pageSize }))}
        columns={columns}
        onRowClick={(item) => navigate(`/contracts/${item.contractId}`)}
      />
    </Card>
  );
}

/** Receivables overview: KPIs (outstanding, overdue, DSO, bad-debt rate, collected), R-AR-1 aging by customer/owner/team, the overdue list. */
export default function ReceivablesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const summary = useReceivablesSummary();
  const [settingsOpen, setSettingsOpen] = useState(false);
  const s = summary.data;
  const percent = (rate: number | null) => (rate === null ? t('receivables.overview.none') : `${(rate * 100).toFixed(2)}%`);
  return (
    <>
      <PageHeader
        title={t('receivables.overview.title')}
        subtitle={s ? t('receivables.overview.subtitle', { from: s.from, to: s.to }) : undefined}
        extra={
          <>
            {can('receivables.record') ? (
              <Link to="/receivables/entry">
                <Button type="primary" icon={<DollarOutlined />} data-testid="receivables-record">
                  {t('receivables.receipts.create')}
                </Button>
              </Link>
            ) : null}
            {can('receivables.configure') ? (
              <Button icon={<SettingOutlined />} onClick={() => setSettingsOpen(true)} data-testid="receivables-settings">
                {t('receivables.overview.settings')}
              </Button>
            ) : null}
          </>
        }
      />
      <ErrorAlert error={summary.error} onReload={() => void summary.refetch()} />
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {s ? (
          <>
            <Col xs={12} md={8} xl={4}>
              <Kpi title={t('receivables.overview.outstanding')} testId="kpi-outstanding">
                <MoneyText cents={s.outstandingCents} />
              </Kpi>
            </Col>
            <Col xs={12} md={8} xl={5}>
              <Kpi title={t('receivables.overview.overdue')} testId="kpi-overdue">
                <MoneyText cents={s.overdueCents} style={{ color: s.overdueCents ? '#cf1322' : undefined }} />
                <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
                  {t('receivables.overview.overdueCount', { count: s.overdueInstallments })}
                </div>
              </Kpi>
            </Col>
            <Col xs={12} md={8} xl={5}>
              <Kpi title={t('receivables.overview.dso')} help={t('receivables.overview.dsoHelp')} testId="kpi-dso">
                {s.dsoDays === null ? t('receivables.overview.none') : t('receivables.overview.dsoValue', { days: s.dsoDays })}
              </Kpi>
            </Col>
            <Col xs={12} md={8} xl={5}>
              <Kpi title={t('receivables.overview.badDebt')} help={t('receivables.overview.badDebtHelp')} testId="kpi-bad-debt">
                {percent(s.badDebtRate)}
              </Kpi>
            </Col>
            <Col xs={24} md={8} xl={5}>
              <Kpi title={t('receivables.overview.collected')} testId="kpi-collected">
                <MoneyText cents={s.collectedCents} />
              </Kpi>
            </Col>
          </>
        ) : (
          <Col span={24}>
            <Skeleton active paragraph={{ rows: 2 }} />
          </Col>
        )}
      </Row>
      <AgingCard />
      <OverdueCard />
      {settingsOpen ? <SettingsModal onClose={() => setSettingsOpen(false)} /> : null}
    </>
  );
}
