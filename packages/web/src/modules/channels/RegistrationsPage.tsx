import { useState } from 'react';
import { App, Button, Card, Empty, Flex, Form, Input, Segmented, Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Registration } from '@xiaoguan/shared';
import { PageHeader } from '../../components/PageHeader';
import { MoneyText } from '../../components/MoneyText';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCan } from '../../core/session';
import { yuanToCents } from '../customers';
import { useChannelOptions, useCustomerOptions, useDecideRegistration, useRegister, useRegistrations } from './api';
import { RegistrationTag, useWarningText } from './labels';

function RegisterForm() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ partnerId: string; customerId: string; note?: string; expected?: string }>();
  const [search, setSearch] = useState('');
  const options = useChannelOptions();
  const customers = useCustomerOptions(search, search.trim().length > 0);
  const register = useRegister();
  return (
    <Card size="small" title={t('channels.registrations.register')} style={{ marginBottom: 16 }}>
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => {
          const cents = yuanToCents(values.expected);
          register.mutate(
            {
              partnerId: values.partnerId,
              customerId: values.customerId,
              note: values.note ?? '',
              expectedCents: cents === null || Number.isNaN(cents) ? 0 : cents,
            },
            {
              onSuccess: () => {
                void message.success(t('channels.registrations.registered'));
                form.resetFields();
              },
            },
          );
        }}
      >
        <Flex gap={12} wrap>
          <Form.Item name="partnerId" label={t('channels.fields.partner')} rules={[{ required: true }]} style={{ minWidth: 200, flex: 1 }}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={(options.data?.partners ?? []).map((p) => ({ value: p.id, label: p.name }))}
              data-testid="registration-partner"
            />
          </Form.Item>
          <Form.Item
            name="customerId"
            label={t('channels.fields.customer')}
            rules={[{ required: true }]}
            style={{ minWidth: 200, flex: 1 }}
          >
            <Select
              showSearch={{ filterOption: false, onSearch: setSearch }}
              placeholder={t('channels.registrations.searchCustomer')}
              options={(customers.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
              loading={customers.isFetching}
              data-testid="registration-customer"
            />
          </Form.Item>
          <Form.Item name="expected" label={t('channels.fields.expected')} style={{ width: 160 }}>
            <Input inputMode="decimal" maxLength={16} />
          </Form.Item>
        </Flex>
        <Form.Item name="note" label={t('channels.fields.note')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <ErrorAlert error={register.error} />
        <Button type="primary" htmlType="submit" loading={register.isPending} data-testid="registration-submit">
          {t('channels.registrations.register')}
        </Button>
      </Form>
    </Card>
  );
}

/** Deal registration (R-CHN-1): partners' prospects, the channel manager's decision, protection and warnings. */
export default function RegistrationsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const [status, setStatus] = useState<Registration['status'] | 'all'>('all');
  const registrations = useRegistrations({ status: status === 'all' ? undefined : status });
  const decide = useDecideRegistration();
  const warningText = useWarningText();
  return (
    <>
      <PageHeader
        title={t('channels.registrations.title')}
        subtitle={t('channels.registrations.subtitle')}
        extra={
          <Segmented
            value={status}
            onChange={(value) => setStatus(value as typeof status)}
            options={(['all', 'pending', 'approved', 'expired'] as const).map((value) => ({
              value,
              label: value === 'all' ? t('channels.registrations.all') : t(`channels.registrationStatuses.${value}`),
            }))}
          />
        }
      />
      {can('channels.manage') ? <RegisterForm /> : null}
      <ErrorAlert error={decide.error} />
      {registrations.error ? <ErrorAlert error={registrations.error} onReload={() => void registrations.refetch()} /> : null}
      <Table<Registration>
        rowKey="id"
        size="middle"
        loading={registrations.isLoading}
        dataSource={registrations.data ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t('channels.registrations.empty')} /> }}
        columns={[
          { title: t('channels.fields.partner'), dataIndex: 'partnerName' },
          { title: t('channels.fields.customer'), dataIndex: 'customerName' },
          {
            title: t('channels.fields.status'),
            dataIndex: 'status',
            render: (v: Registration['status']) => <RegistrationTag status={v} />,
          },
          { title: t('channels.fields.protectedUntil'), dataIndex: 'protectedUntil', render: (v: string | null) => v ?? '—' },
          {
            title: t('channels.fields.expected'),
            dataIndex: 'expectedCents',
            align: 'right',
            render: (v: number) => <MoneyText cents={v} />,
            responsive: ['md'],
          },
          {
            title: t('channels.fields.registeredAt'),
            dataIndex: 'registeredAt',
            render: (v: string) => <DateTimeText value={v} dateOnly />,
            responsive: ['lg'],
          },
          {
            title: t('channels.fields.warnings'),
            dataIndex: 'warnings',
            render: (list: string[]) =>
              list.length ? <Typography.Text type="warning">{list.map(warningText).join('；')}</Typography.Text> : '—',
          },
          {
            title: '',
            key: 'actions',
            render: (_: unknown, r) =>
              r.abilities.decide ? (
                <Space>
                  <Button
                    size="small"
                    type="primary"
                    data-testid="registration-approve"
                    onClick={() =>
                      decide.mutate(
                        { id: r.id, decision: 'approve', version: r.version },
                        {
                          onSuccess: (done) =>
                            void message.success(t('channels.registrations.approved', { until: done.protectedUntil ?? '' })),
                        },
                      )
                    }
                  >
                    {t('channels.registrations.approve')}
                  </Button>
                  <Button
                    size="small"
                    onClick={() =>
                      decide.mutate(
                        { id: r.id, decision: 'reject', version: r.version },
                        { onSuccess: () => void message.success(t('channels.registrations.rejected')) },
                      )
                    }
                  >
                    {t('channels.registrations.reject')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
    </>
  );
}
