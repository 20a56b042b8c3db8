import { kindLabel } from './labels';
import { App, Button, Card, Checkbox, Empty, Flex, Form, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { REPORT_CHANNELS, REPORT_LANGUAGES, type ReportSubscription, type ReportSubscriptionInput } from '@xiaoguan/shared';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useIsPhone } from '../../components/useMediaQuery';
import { useSalesReport, useSubscribe, useSubscriptions, useUnsubscribe } from './api';

/** My report subscriptions: what is delivered to me, when next, and where (issue 18 item 4). */
export default function SubscriptionsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const list = useSubscriptions();
  const scope = useSalesReport({ period: 'monthly' });
  const subscribe = useSubscribe();
  const unsubscribe = useUnsubscribe();
  const [form] = Form.useForm<ReportSubscriptionInput>();
  // On a phone the inline row (kind, period, unit, language, three channels) is wider than the screen.
  const isPhone = useIsPhone();
  const kinds = list.data?.kinds ?? [];
  const kind = Form.useWatch('kind', form) ?? 'sales';
  const periods = kinds.find((k) => k.key === kind)?.periods ?? [];
  const onFinish = async (values: ReportSubscriptionInput) => {
    try {
      await subscribe.mutateAsync({ ...values, unitId: values.unitId || null });
      message.success(t('reports.subscriptions.saved'));
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    }
  };
  const columns = [
    {
      title: t('reports.subscriptions.kind'),
      key: 'kind',
      render: (_: unknown, row: ReportSubscription) => kindLabel(t, row.kind),
    },
    {
      title: t('reports.subscriptions.period'),
      key: 'period',
      render: (_: unknown, row: ReportSubscription) => t(`reports.periods.${row.period}`),
    },
    {
      title: t('reports.subscriptions.unit'),
      key: 'unit',
      render: (_: unknown, row: ReportSubscription) => row.unitName ?? scope.data?.scope.name ?? '',
    },
    {
      title: t('reports.subscriptions.channels'),
      key: 'channels',
      render: (_: unknown, row: ReportSubscription) => (
        <Flex wrap gap={4}>
          {row.channels.map((channel) => (
            <Tag key={channel}>{t(`reports.channels.${channel}`)}</Tag>
          ))}
        </Flex>
      ),
    },
    {
      title: t('reports.subscriptions.nextAt'),
      key: 'nextAt',
      render: (_: unknown, row: ReportSubscription) => <DateTimeText value={row.nextAt} />,
    },
    {
      title: t('reports.subscriptions.lastDeliveredAt'),
      key: 'last',
      render: (_: unknown, row: ReportSubscription) => <DateTimeText value={row.lastDeliveredAt} />,
    },
    {
      title: '',
      key: 'actions',
      render: (_: unknown, row: ReportSubscription) => (
        <Popconfirm title={t('reports.subscriptions.removeConfirm')} onConfirm={() => unsubscribe.mutate(row.id)}>
          <Button size="small" danger data-testid="subscription-remove">
            {t('reports.subscriptions.remove')}
          </Button>
        </Popconfirm>
      ),
    },
  ];
  return (
    <div data-testid="report-subscriptions-page">
      <PageHeader title={t('reports.subscriptions.title')} subtitle={t('reports.subscriptions.schedule')} />
      {list.error ? <ErrorAlert error={list.error} /> : null}
      <Flex vertical gap={16}>
        <Card title={t('reports.subscriptions.add')} size="small">
          <Form
            form={form}
            layout={isPhone ? 'vertical' : 'inline'}
            onFinish={onFinish}
            initialValues={{
              kind: 'sales',
              period: 'weekly',
              unitId: '',
              language: i18n.language.startsWith('en') ? 'en-US' : 'zh-CN',
              channels: [],
            }}
            style={{ rowGap: 12 }}
          >
            <Form.Item name="kind" label={t('reports.subscriptions.kind')}>
              <Select style={{ minWidth: 140 }} options={kinds.map((k) => ({ value: k.key, label: kindLabel(t, k.key) }))} />
            </Form.Item>
            <Form.Item name="period" label={t('reports.subscriptions.period')}>
              <Select
                style={{ minWidth: 100 }}
                options={periods.map((p) => ({ value: p, label: t(`reports.periods.${p}`) }))}
                data-testid="subscription-period"
              />
            </Form.Item>
            {scope.data && scope.data.units.length > 0 ? (
              <Form.Item name="unitId" label={t('reports.subscriptions.unit')}>
                <Select
                  style={{ minWidth: 180 }}
                  options={[
                    { value: '', label: scope.data.scope.name },
                    ...scope.data.units.map((unit) => ({ value: unit.id, label: unit.name })),
                  ]}
                />
              </Form.Item>
            ) : null}
            <Form.Item name="language" label={t('reports.subscriptions.language')}>
              <Select
                style={{ minWidth: 100 }}
                options={REPORT_LANGUAGES.map((lang) => ({ value: lang, label: t(`reports.languages.${lang}`) }))}
              />
            </Form.Item>
            <Form.Item name="channels" label={t('reports.subscriptions.channels')}>
              <Checkbox.Group options={REPORT_CHANNELS.map((channel) => ({ value: channel, label: t(`reports.channels.${channel}`) }))} />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit" loading={subscribe.isPending} data-testid="subscription-save">
                {t('reports.subscriptions.save')}
              </Button>
            </Form.Item>
          </Form>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('reports.subscriptions.inApp')}
          </Typography.Text>
        </Card>
        <Table
          rowKey="id"
          size="small"
          loading={list.isLoading}
          columns={columns}
          dataSource={list.data?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('reports.subscriptions.empty')} /> }}
          data-testid="subscriptions-table"
        />
      </Flex>
    </div>
  );
}
