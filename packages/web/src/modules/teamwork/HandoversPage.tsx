import { Button, Form, Input, Select, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { HANDOVER_KINDS, type Handover } from '@xiaoguan/shared';
import { DataTable } from '../../components/DataTable';
import { DateTimeText } from '../../components/DateTimeText';
import { CustomerSelect } from '../customers';
import { UserSelect } from '../org';
import { useCreateHandover, useDecideHandover, useHandovers } from './api';
import { RecordListLayout } from './RecordListLayout';

const STATUS_COLORS = { pending: 'processing', accepted: 'success', declined: 'default' } as const;

function Decide({ h }: { h: Handover }) {
  const { t } = useTranslation();
  const decide = useDecideHandover();
  if (!h.abilities.decide) return null;
  return (
    <Space onClick={(e) => e.stopPropagation()}>
      <Button
        size="small"
        type="primary"
        loading={decide.isPending}
        onClick={() => decide.mutate({ id: h.id, accept: true, note: '', version: h.version })}
      >
        {t('teamwork.handovers.accept')}
      </Button>
      <Button
        size="small"
        loading={decide.isPending}
        onClick={() => decide.mutate({ id: h.id, accept: false, note: '', version: h.version })}
      >
        {t('teamwork.handovers.decline')}
      </Button>
    </Space>
  );
}

/** Cross-department handover (跨部门协作, issue 21 item 7): a lead, customer or issue passed on with its context, until accepted. */
export default function HandoversPage() {
  const { t } = useTranslation();
  const handovers = useHandovers();
  const create = useCreateHandover();
  const [form] = Form.useForm<{ kind: string; title: string; context: string; customerId?: string; toUserId: string }>();
  const kind = Form.useWatch('kind', form);
  const columns: ColumnsType<Handover> = [
    { title: t('teamwork.handovers.columns.createdAt'), width: 140, render: (_, h) => <DateTimeText value={h.createdAt} /> },
    { title: t('teamwork.handovers.columns.kind'), width: 90, render: (_, h) => <Tag>{t(`teamwork.handoverKinds.${h.kind}`)}</Tag> },
    {
      title: t('teamwork.handovers.columns.title'),
      width: 260,
      render: (_, h) => (
        <Space direction="vertical" size={0}>
          <span>{h.title}</span>
          {h.customerId && h.customerName ? <Link to={`/customers/${h.customerId}`}>{h.customerName}</Link> : null}
          <Typography.Text type="secondary">{h.context}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('teamwork.handovers.columns.from'),
      width: 140,
      render: (_, h) => `${h.fromName}${h.fromUnitName ? ` · ${h.fromUnitName}` : ''}`,
    },
    { title: t('teamwork.handovers.columns.to'), width: 140, render: (_, h) => `${h.toName}${h.toUnitName ? ` · ${h.toUnitName}` : ''}` },
    {
      title: t('teamwork.handovers.columns.status'),
      width: 170,
      render: (_, h) => (
        <Space wrap>
          <Tag color={STATUS_COLORS[h.status]}>{t(`teamwork.handovers.statuses.${h.status}`)}</Tag>
          <Decide h={h} />
        </Space>
      ),
    },
  ];
  return (
    <RecordListLayout
      title={t('teamwork.handovers.title')}
      subtitle={t('teamwork.handovers.subtitle')}
      newLabel={t('teamwork.handovers.new')}
      newTestId="handover-new"
      submitTestId="handover-save"
      form={form}
      initialValues={{ kind: 'customer' }}
      saving={create.isPending}
      error={create.error}
      onSave={(values) => create.mutateAsync({ ...values, customerId: values.customerId ?? null })}
      fields={
        <>
          <Form.Item name="kind" label={t('teamwork.handovers.columns.kind')} rules={[{ required: true }]}>
            <Select
              options={HANDOVER_KINDS.map((k) => ({ value: k, label: t(`teamwork.handoverKinds.${k}`) }))}
              data-testid="handover-kind"
            />
          </Form.Item>
          <Form.Item
            name="title"
            label={t('teamwork.handovers.columns.title')}
            rules={[{ required: true, message: t('common.validation.required') }]}
          >
            <Input maxLength={200} data-testid="handover-title" />
          </Form.Item>
          {kind !== 'issue' ? (
            <Form.Item
              name="customerId"
              label={t('teamwork.escalations.customer')}
              rules={[{ required: true, message: t('common.validation.required') }]}
            >
              <CustomerSelect />
            </Form.Item>
          ) : null}
          <Form.Item
            name="toUserId"
            label={t('teamwork.handovers.columns.to')}
            extra={t('teamwork.handovers.toHint')}
            rules={[{ required: true, message: t('common.validation.required') }]}
          >
            <UserSelect source={{ path: '/teamwork/handover-targets', params: { kind } }} testId="handover-to" />
          </Form.Item>
          <Form.Item
            name="context"
            label={t('teamwork.handovers.context')}
            rules={[{ required: true, message: t('common.validation.required') }]}
          >
            <Input.TextArea rows={4} maxLength={4000} data-testid="handover-context" />
          </Form.Item>
        </>
      }
    >
      <DataTable
        data={handovers.data}
        loading={handovers.isLoading}
        error={handovers.error}
        rowKey={(h) => h.id}
        rowTestKey={(h) => h.title}
        testId="handovers"
        columns={columns}
      />
    </RecordListLayout>
  );
}
