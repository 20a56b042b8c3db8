import { useSearchParams } from 'react-router-dom';
import { App, Button, Card, Empty, Flex, Form, Input, InputNumber, Select, Table, Tabs, Typography } from 'antd';
import { DownloadOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { PARTNER_TIERS, type Contribution, type PartnerTier, type RebateProgramme, type RebateStatement } from '@xiaoguan/shared';
import { PageHeader } from '../../components/PageHeader';
import { MoneyText } from '../../components/MoneyText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { apiUrl } from '../../core/api';
import { useCan } from '../../core/session';
import { useApproveStatement, useComputeRebates, useContribution, useCreateProgramme, useProgrammes, useStatements } from './api';
import { RebateTag, TierTag, currentQuarter, percent, recentQuarters } from './labels';

function Statements({ period }: { period: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const statements = useStatements(period);
  const approve = useApproveStatement();
  const items = statements.data ?? [];
  return (
    <>
      <ErrorAlert error={approve.error} />
      {statements.error ? <ErrorAlert error={statements.error} onReload={() => void statements.refetch()} /> : null}
      <Table<RebateStatement>
        rowKey="id"
        size="middle"
        loading={statements.isLoading}
        dataSource={items}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t('channels.rebates.empty')} /> }}
        columns={[
          { title: t('channels.fields.partner'), dataIndex: 'partnerName' },
          { title: t('channels.fields.tier'), dataIndex: 'tier', render: (v: PartnerTier) => <TierTag tier={v} /> },
          { title: t('channels.fields.orders'), dataIndex: 'ordersCents', align: 'right', render: (v: number) => <MoneyText cents={v} /> },
          {
            title: t('channels.fields.collections'),
            dataIndex: 'collectionsCents',
            align: 'right',
            render: (v: number) => <MoneyText cents={v} />,
            responsive: ['md'],
          },
          { title: t('channels.fields.rate'), dataIndex: 'rateBp', align: 'right', render: (v: number) => percent(v) },
          { title: t('channels.fields.rebate'), dataIndex: 'rebateCents', align: 'right', render: (v: number) => <MoneyText cents={v} /> },
          { title: t('channels.fields.status'), dataIndex: 'status', render: (v: RebateStatement['status']) => <RebateTag status={v} /> },
          {
            title: '',
            key: 'actions',
            render: (_: unknown, s) =>
              s.abilities.approve && can('channels.manage') ? (
                <Button
                  size="small"
                  type="primary"
                  data-testid="rebate-approve"
                  onClick={() =>
                    approve.mutate(
                      { id: s.id, version: s.version },
                      { onSuccess: () => void message.success(t('channels.rebates.approvedMsg')) },
                    )
                  }
                >
                  {t('channels.rebates.approve')}
                </Button>
              ) : null,
          },
        ]}
        summary={() =>
          items.length > 1 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={5}>
                <Typography.Text strong>{t('channels.rebates.total')}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={5} align="right">
                <MoneyText cents={items.reduce((sum, s) => sum + s.rebateCents, 0)} />
              </Table.Summary.Cell>
              <Table.Summary.Cell index={6} colSpan={2} />
            </Table.Summary.Row>
          ) : null
        }
      />
    </>
  );
}

function ContributionTable({ period }: { period: string }) {
  const { t } = useTranslation();
  const contribution = useContribution(period);
  return (
    <Table<Contribution>
      rowKey="partnerId"
      size="middle"
      loading={contribution.isLoading}
      dataSource={contribution.data ?? []}
      scroll={{ x: 'max-content' }}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      columns={[
        { title: t('channels.fields.partner'), dataIndex: 'partnerName' },
        { title: t('channels.fields.tier'), dataIndex: 'tier', render: (v: PartnerTier) => <TierTag tier={v} /> },
        { title: t('channels.fields.orders'), dataIndex: 'ordersCents', align: 'right', render: (v: number) => <MoneyText cents={v} /> },
        { title: t('channels.fields.growth'), dataIndex: 'growthBp', align: 'right', render: (v: number | null) => percent(v) },
        {
          title: t('channels.fields.collections'),
          dataIndex: 'collectionsCents',
          align: 'right',
          render: (v: number) => <MoneyText cents={v} />,
        },
        { title: t('channels.fields.deals'), dataIndex: 'deals', align: 'right' },
        {
          title: t('channels.fields.satisfaction'),
          dataIndex: 'satisfaction',
          align: 'right',
          render: (v: number | null) => (v === null ? '—' : v.toFixed(1)),
        },
      ]}
    />
  );
}

function Programmes() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const programmes = useProgrammes();
  const create = useCreateProgramme();
  const [form] = Form.useForm<{ name: string; tier: PartnerTier; steps: { from: number; rate: number }[] }>();
  return (
    <>
      <Table<RebateProgramme>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={programmes.data ?? []}
        scroll={{ x: 'max-content' }}
        style={{ marginBottom: 16 }}
        columns={[
          { title: t('channels.fields.programme'), dataIndex: 'name' },
          { title: t('channels.fields.tier'), dataIndex: 'tier', render: (v: PartnerTier) => <TierTag tier={v} /> },
          {
            title: t('channels.fields.thresholds'),
            dataIndex: 'thresholds',
            render: (list: RebateProgramme['thresholds']) =>
              list.map((step) => `¥${(step.fromCents / 100).toLocaleString()} → ${percent(step.rateBp)}`).join('；'),
          },
          { title: t('channels.fields.status'), dataIndex: 'active', render: (v: boolean) => (v ? t('channels.rebates.active') : '—') },
        ]}
      />
      {can('channels.manage') ? (
        <Card size="small" title={t('channels.rebates.addProgramme')}>
          <Form
            form={form}
            layout="vertical"
            initialValues={{ tier: 'gold', steps: [{ from: 0, rate: 1 }] }}
            onFinish={(values) =>
              create.mutate(
                {
                  name: values.name,
                  tier: values.tier,
                  thresholds: values.steps.map((step) => ({ fromCents: Math.round(step.from * 100), rateBp: Math.round(step.rate * 100) })),
                },
                { onSuccess: () => void message.success(t('channels.rebates.programmeSaved')) },
              )
            }
          >
            <Flex gap={12} wrap>
              <Form.Item
                name="name"
                label={t('channels.fields.programme')}
                rules={[{ required: true, whitespace: true }]}
                style={{ minWidth: 200 }}
              >
                <Input maxLength={120} />
              </Form.Item>
              <Form.Item name="tier" label={t('channels.fields.tier')}>
                <Select style={{ width: 120 }} options={PARTNER_TIERS.map((value) => ({ value, label: t(`channels.tiers.${value}`) }))} />
              </Form.Item>
            </Flex>
            <Form.List name="steps">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field) => (
                    <Flex key={field.key} gap={8} align="baseline">
                      <Form.Item name={[field.name, 'from']} label={t('channels.fields.from')} rules={[{ required: true }]}>
                        <InputNumber min={0} style={{ width: 160 }} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'rate']} label={t('channels.fields.rateBp')} rules={[{ required: true }]}>
                        <InputNumber min={0} max={50} step={0.5} style={{ width: 100 }} />
                      </Form.Item>
                      {fields.length > 1 ? <MinusCircleOutlined onClick={() => remove(field.name)} /> : null}
                    </Flex>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ from: 0, rate: 1 })} style={{ marginBottom: 12 }}>
                    {t('channels.partner.addItem')}
                  </Button>
                </>
              )}
            </Form.List>
            <ErrorAlert error={create.error} />
            <Button type="primary" htmlType="submit" loading={create.isPending}>
              {t('channels.rebates.addProgramme')}
            </Button>
          </Form>
        </Card>
      ) : null}
    </>
  );
}

/** R-CHN-2: the quarter's statements (compute, approve, export), contribution per partner, the programmes. */
export default function RebatesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const period = params.get('period') ?? currentQuarter();
  const compute = useComputeRebates();
  return (
    <>
      <PageHeader
        title={t('channels.rebates.title')}
        subtitle={t('channels.rebates.subtitle')}
        extra={
          <>
            <Select
              value={period}
              onChange={(value) => setParams({ period: value })}
              style={{ width: 120 }}
              options={recentQuarters().map((value) => ({ value, label: value }))}
              aria-label={t('channels.fields.period')}
              data-testid="rebate-period"
            />
            {can('channels.manage') ? (
              <Button
                type="primary"
                loading={compute.isPending}
                data-testid="rebate-compute"
                onClick={() =>
                  compute.mutate(period, {
                    onSuccess: (list) => void message.success(t('channels.rebates.computed', { count: list.length })),
                  })
                }
              >
                {t('channels.rebates.compute')}
              </Button>
            ) : null}
            {can('channels.export') ? (
              <Button icon={<DownloadOutlined />} href={apiUrl('/channels/rebates/export', { period })} data-testid="rebate-export">
                {t('channels.rebates.export')}
              </Button>
            ) : null}
          </>
        }
      />
      <ErrorAlert error={compute.error} />
      <Tabs
        items={[
          { key: 'statements', label: t('channels.rebates.statements'), children: <Statements period={period} /> },
          { key: 'contribution', label: t('channels.rebates.contribution'), children: <ContributionTable period={period} /> },
          { key: 'programmes', label: t('channels.rebates.programmes'), children: <Programmes /> },
        ]}
      />
    </>
  );
}
