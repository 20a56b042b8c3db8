import { useMemo, useState } from 'react';
import { App, Button, Card, Empty, Flex, Form, Input, Pagination, Select, Skeleton, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { COMPLAINT_CHANNELS, COMPLAINT_PRIORITIES, COMPLAINT_STATUSES, type ComplaintCreate, type ComplaintRow } from '@xiaoguan/shared';
import { useCan } from '../../core/session';
import { PageHeader } from '../../components/PageHeader';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { DateTimeText } from '../../components/DateTimeText';
import { FormDrawer } from '../../components/FormDrawer';
import { SearchBox } from '../../components/SearchBox';
import { useIsPhone } from '../../components/useMediaQuery';
import { pageOf } from '../../components/listParams';
import { CustomerSelect } from '../customers';
import { useComplaints, useCreateComplaint, useServiceSettings, type ComplaintListParams } from './api';
import { categoryLabel, ComplaintStatusTag, PriorityTag, SlaTag } from './labels';

/** Logs a complaint: customer, category from the settings list, priority, channel, what happened. */
export function ComplaintDrawer({ customerId, onClose }: { customerId?: string; onClose: (id?: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const settings = useServiceSettings();
  const create = useCreateComplaint();
  const [form] = Form.useForm<ComplaintCreate>();
  const save = async () => {
    const values = await form.validateFields();
    create.mutate(
      { ...values, customerId: customerId ?? values.customerId },
      {
        onSuccess: (complaint) => {
          message.success(t('service.form.created', { number: complaint.number }));
          onClose(complaint.id);
        },
        onError: (error) => message.error(error.message),
      },
    );
  };
  return (
    <FormDrawer
      title={t('service.form.title')}
      width={520}
      saving={create.isPending}
      onSave={save}
      onClose={() => onClose()}
      submitTestId="complaint-save"
    >
      <Form form={form} layout="vertical" initialValues={{ priority: 'normal', channel: 'phone' }}>
        {customerId ? null : (
          <Form.Item name="customerId" label={t('service.fields.customer')} rules={[{ required: true }]}>
            <CustomerSelect testId="complaint-customer" />
          </Form.Item>
        )}
        <Form.Item name="title" label={t('service.fields.title')} rules={[{ required: true, max: 200 }]}>
          <Input data-testid="complaint-title" />
        </Form.Item>
        <Form.Item name="category" label={t('service.fields.category')} rules={[{ required: true }]}>
          <Select
            options={(settings.data?.categories ?? []).map((c) => ({ value: c, label: categoryLabel(t, c) }))}
            data-testid="complaint-category"
          />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="priority" label={t('service.fields.priority')} style={{ flex: 1 }}>
            <Select
              options={COMPLAINT_PRIORITIES.map((p) => ({ value: p, label: t(`service.priorities.${p}`) }))}
              data-testid="complaint-priority"
            />
          </Form.Item>
          <Form.Item name="channel" label={t('service.fields.channel')} style={{ flex: 1 }}>
            <Select options={COMPLAINT_CHANNELS.map((c) => ({ value: c, label: t(`service.channels.${c}`) }))} />
          </Form.Item>
        </Flex>
        <Form.Item name="description" label={t('service.fields.description')} rules={[{ required: true, max: 5000 }]}>
          <Input.TextArea rows={4} data-testid="complaint-description" />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}

/** One ticket as a card on a phone: number and title, customer, the SLA timer and status in full (no clipped column). */
function ComplaintCard({ row, onOpen }: { row: ComplaintRow; onOpen: () => void }) {
  return (
    <Card size="small" hoverable onClick={onOpen} styles={{ body: { padding: 12 } }} data-testid={`complaint-card-${row.number}`}>
      <Flex justify="space-between" align="start" gap={8}>
        <div style={{ minWidth: 0 }}>
          <Typography.Text strong>{row.number}</Typography.Text>
          <div style={{ overflowWrap: 'anywhere' }}>{row.title}</div>
          <Typography.Text type="secondary">{row.customerName}</Typography.Text>
        </div>
        <PriorityTag priority={row.priority} />
      </Flex>
      <Flex gap={8} wrap align="center" style={{ marginTop: 8 }}>
        <SlaTag sla={row.sla} />
        <ComplaintStatusTag status={row.status} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          <DateTimeText value={row.createdAt} />
        </Typography.Text>
      </Flex>
    </Card>
  );
}

/** The complaint queue: SLA timers, filters in the URL, the most urgent unanswered tickets first. */
export default function ComplaintQueuePage() {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const [search, setSearch] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const settings = useServiceSettings();
  const params: ComplaintListParams = useMemo(
    () => ({
      ...pageOf(search),
      status: search.get('status') ?? 'active',
      priority: search.get('priority') ?? undefined,
      category: search.get('category') ?? undefined,
      sla: search.get('sla') ?? undefined,
      q: search.get('q') ?? undefined,
    }),
    [search],
  );
  const complaints = useComplaints(params);
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(search);
    next.delete('page');
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, value);
    }
    setSearch(next, { replace: true });
  };
  const columns: ColumnsType<ComplaintRow> = [
    {
      title: t('service.fields.number'),
      dataIndex: 'number',
      render: (number: string, row) => (
        <Flex vertical gap={2}>
          <span style={{ fontWeight: 500 }}>{number}</span>
          <span style={{ color: '#64748b' }}>{row.title}</span>
        </Flex>
      ),
    },
    { title: t('service.fields.customer'), dataIndex: 'customerName' },
    { title: t('service.fields.sla'), render: (_: unknown, row: ComplaintRow) => <SlaTag sla={row.sla} /> },
    { title: t('service.fields.status'), render: (_: unknown, row: ComplaintRow) => <ComplaintStatusTag status={row.status} /> },
    ...(isPhone
      ? []
      : [
          { title: t('service.fields.priority'), render: (_: unknown, row: ComplaintRow) => <PriorityTag priority={row.priority} /> },
          { title: t('service.fields.category'), render: (_: unknown, row: ComplaintRow) => categoryLabel(t, row.category) },
          { title: t('service.fields.owner'), dataIndex: 'ownerName' },
          { title: t('service.fields.createdAt'), render: (_: unknown, row: ComplaintRow) => <DateTimeText value={row.createdAt} /> },
        ]),
  ];
  return (
    <>
      <PageHeader
        title={t('service.list.title')}
        subtitle={isPhone ? undefined : t('service.list.subtitle')}
        extra={
          can('complaints.write') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="complaint-create">
              {t('service.list.create')}
            </Button>
          ) : null
        }
      />
      <Card styles={{ body: { padding: isPhone ? 8 : 12 } }}>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Select
            value={params.status}
            onChange={(status: string) => set({ status: status === 'active' ? undefined : status })}
            options={[
              { value: 'active', label: t('service.statuses.active') },
              ...COMPLAINT_STATUSES.map((s) => ({ value: s, label: t(`service.statuses.${s}`) })),
              { value: '', label: t('service.list.allStatuses') },
            ]}
            style={{ width: 150 }}
            data-testid="complaints-status"
          />
          <Select
            allowClear
            placeholder={t('service.list.allPriorities')}
            value={params.priority}
            onChange={(priority?: string) => set({ priority })}
            options={COMPLAINT_PRIORITIES.map((p) => ({ value: p, label: t(`service.priorities.${p}`) }))}
            style={{ width: 130 }}
          />
          <Select
            allowClear
            placeholder={t('service.fields.category')}
            value={params.category}
            onChange={(category?: string) => set({ category })}
            options={(settings.data?.categories ?? []).map((c) => ({ value: c, label: categoryLabel(t, c) }))}
            style={{ width: 140 }}
          />
          <Select
            allowClear
            placeholder={t('service.list.slaFilter')}
            value={params.sla}
            onChange={(sla?: string) => set({ sla })}
            options={[
              { value: 'breached', label: t('service.list.breached') },
              { value: 'at_risk', label: t('service.list.atRisk') },
            ]}
            style={{ width: 120 }}
            data-testid="complaints-sla"
          />
          <SearchBox
            value={params.q}
            onSearch={(q) => set({ q })}
            placeholder={t('service.list.search')}
            style={{ flex: '1 1 200px', maxWidth: isPhone ? undefined : 280 }}
            testId="complaints-search"
          />
        </Flex>
        {isPhone ? (
          <div data-testid="complaints-table">
            <ErrorAlert error={complaints.error} onReload={() => void complaints.refetch()} />
            {!complaints.data && complaints.isFetching ? <Skeleton active /> : null}
            {complaints.data && complaints.data.total === 0 ? <Empty /> : null}
            <Flex vertical gap={8} style={{ opacity: complaints.isFetching ? 0.6 : 1 }}>
              {complaints.data?.items.map((row) => (
                <ComplaintCard key={row.id} row={row} onOpen={() => navigate(`/complaints/${row.id}`)} />
              ))}
            </Flex>
            {complaints.data && complaints.data.total > complaints.data.pageSize ? (
              <Flex justify="center" style={{ marginTop: 12 }}>
                <Pagination
                  simple
                  current={complaints.data.page}
                  pageSize={complaints.data.pageSize}
                  total={complaints.data.total}
                  onChange={(page) => {
                    const next = new URLSearchParams(search);
                    next.set('page', String(page));
                    setSearch(next, { replace: true });
                  }}
                />
              </Flex>
            ) : null}
          </div>
        ) : (
          <DataTable
            data={complaints.data}
            loading={complaints.isFetching}
            error={complaints.error}
            onRetry={() => void complaints.refetch()}
            columns={columns}
            rowKey={(row) => row.id}
            rowTestKey={(row) => row.number}
            testId="complaints-table"
            onRowClick={(row) => navigate(`/complaints/${row.id}`)}
            onPageChange={(page, pageSize) => {
              const next = new URLSearchParams(search);
              next.set('page', String(page));
              next.set('pageSize', String(pageSize));
              setSearch(next, { replace: true });
            }}
          />
        )}
      </Card>
      {creating ? (
        <ComplaintDrawer
          onClose={(id) => {
            setCreating(false);
            if (id) navigate(`/complaints/${id}`);
          }}
        />
      ) : null}
    </>
  );
}
