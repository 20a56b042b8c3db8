import { useState } from 'react';
import { App, Button, Card, Col, DatePicker, Form, Input, Popconfirm, Row, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { delegationInputSchema } from '@xiaoguan/shared';
import { useMe, useTimeZone } from '../../core/session';
import { dayjs } from '../../core/time';
import { DataTable } from '../../components/DataTable';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { applyApiError, emptyToUndefined, parseForm } from '../../components/form';
import { UserSelect } from '../org';
import { useCreateDelegation, useDelegations, useDeleteDelegation, type Delegation } from './api';

interface Values {
  toUserId?: string;
  period?: [Dayjs | null, Dayjs | null] | null;
  reason?: string;
}

function DelegationForm() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const timeZone = useTimeZone();
  const [form] = Form.useForm<Values>();
  const create = useCreateDelegation();
  const me = useMe();
  const [alertError, setAlertError] = useState<unknown>(null);

  const submit = async () => {
    setAlertError(null);
    const values = emptyToUndefined(await form.validateFields());
    const [start, end] = values.period ?? [null, null];
    // The picker shows the company's time zone; send instants with their offset.
    const toInstant = (value: Dayjs | null) => (value ? dayjs.tz(value.format('YYYY-MM-DD HH:mm'), timeZone).format() : undefined);
    const body = parseForm(
      delegationInputSchema,
      { toUserId: values.toUserId, startsAt: toInstant(start), endsAt: toInstant(end), reason: values.reason },
      form,
      t,
    );
    if (!body) return;
    create.mutate(body, {
      onSuccess: () => {
        message.success(t('approvals.delegations.created'));
        form.resetFields();
      },
      onError: (error) => {
        if (!applyApiError(form, error, t, ['toUserId', 'reason'])) setAlertError(error);
      },
    });
  };

  return (
    <Form form={form} layout="vertical" data-testid="delegation-form">
      <ErrorAlert error={alertError} />
      <Form.Item
        name="toUserId"
        label={t('approvals.delegations.to')}
        required
        rules={[{ required: true, message: t('common.validation.required') }]}
      >
        <UserSelect excludeIds={[me.id]} testId="delegation-to" />
      </Form.Item>
      <Form.Item
        name="period"
        label={t('approvals.delegations.period')}
        required
        rules={[
          {
            validator: async (_rule, value: Values['period']) => {
              if (!value?.[0] || !value[1]) throw new Error(t('common.validation.required'));
              if (!value[1].isAfter(value[0])) throw new Error(t('common.validation.endAfterStart'));
            },
          },
        ]}
      >
        <DatePicker.RangePicker
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          placeholder={[t('approvals.delegations.startsAt'), t('approvals.delegations.endsAt')]}
          style={{ width: '100%' }}
        />
      </Form.Item>
      <Form.Item name="reason" label={t('approvals.delegations.reason')}>
        <Input maxLength={200} />
      </Form.Item>
      <Button
        type="primary"
        icon={<PlusOutlined />}
        loading={create.isPending}
        onClick={() => void submit()}
        data-testid="delegation-submit"
      >
        {t('approvals.delegations.create')}
      </Button>
    </Form>
  );
}

/** Delegation while away (R-APR-1): my delegations out, and those made to me. */
export default function DelegationsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const delegations = useDelegations();
  const remove = useDeleteDelegation();
  const [now] = useState(() => Date.now());

  const columns: ColumnsType<Delegation> = [
    { title: t('approvals.delegations.from'), key: 'from', render: (_, row) => row.fromUserName },
    { title: t('approvals.delegations.to'), key: 'to', render: (_, row) => row.toUserName },
    { title: t('approvals.delegations.startsAt'), key: 'startsAt', render: (_, row) => <DateTimeText value={row.startsAt} /> },
    { title: t('approvals.delegations.endsAt'), key: 'endsAt', render: (_, row) => <DateTimeText value={row.endsAt} /> },
    { title: t('approvals.delegations.reason'), key: 'reason', render: (_, row) => row.reason ?? '—' },
    {
      title: t('approvals.delegations.status'),
      key: 'status',
      render: (_, row) =>
        Date.parse(row.startsAt) <= now ? (
          <Tag color="green">{t('approvals.delegations.active')}</Tag>
        ) : (
          <Tag>{t('approvals.delegations.scheduled')}</Tag>
        ),
    },
    {
      key: 'actions',
      render: (_, row) =>
        // Delegations carry no abilities: the server lets only the delegator cancel one.
        row.fromUserId === me.id ? (
          <Popconfirm
            title={t('approvals.delegations.deleteConfirm')}
            onConfirm={() => remove.mutate(row.id, { onSuccess: () => message.success(t('approvals.delegations.deleted')) })}
          >
            <Button type="link" size="small" danger>
              {t('approvals.delegations.cancelAction')}
            </Button>
          </Popconfirm>
        ) : null,
    },
  ];

  return (
    <>
      <PageHeader title={t('approvals.delegations.title')} subtitle={t('approvals.delegations.subtitle')} />
      <ErrorAlert error={remove.error} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Card title={t('approvals.delegations.create')}>
            <DelegationForm />
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card styles={{ body: { padding: 0 } }}>
            <DataTable<Delegation>
              testId="delegations-table"
              data={delegations.data}
              loading={delegations.isFetching}
              error={delegations.error}
              onRetry={() => void delegations.refetch()}
              rowKey={(row) => row.id}
              columns={columns}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
