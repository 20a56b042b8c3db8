import { useState } from 'react';
import { App, Button, Card, Col, Flex, Form, Input, InputNumber, Modal, Row, Select, Statistic, Tag, Tooltip, Typography } from 'antd';
import { CrownOutlined, InfoCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { pointsInputSchema, type Customer } from '@xiaoguan/shared';
import { useTimeZone } from '../../core/session';
import { formatDateTime } from '../../core/time';
import { DataTable } from '../../components/DataTable';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyApiError, parseForm, zodRules } from '../../components/form';
import { MoneyText } from '../../components/MoneyText';
import { useAddPoints, useOrders, usePoints, type CustomerOrder, type PointsEntry } from './api';
import { labelOr, SegmentTag } from './labels';
import { validValues } from '../../components/hooks';

const SCORE_COLORS = ['', '#a6adb9', '#69a1e0', '#3a7bd5', '#1f4fa3', '#12306b'];

function Score({ label, score }: { label: string; score: number | null }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('customers.value.score', { label })}>
      <Tag
        variant={score ? 'solid' : 'outlined'}
        style={{ marginInlineEnd: 0, minWidth: 48, textAlign: 'center', fontWeight: 600, fontSize: 13, padding: '2px 8px' }}
        color={score ? SCORE_COLORS[score] : undefined}
        data-testid={`rfm-${label.toLowerCase()}`}
      >
        {label} {score ?? '—'}
      </Tag>
    </Tooltip>
  );
}

const POINTS_KINDS = ['earned', 'redeemed', 'adjusted'] as const;

interface PointsValues {
  kind?: (typeof POINTS_KINDS)[number];
  points?: number;
  reason?: string;
}

/** Earn, redeem or adjust points, with a reason. Mounted while open. */
function PointsModal({ customer, onClose }: { customer: Customer; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PointsValues>();
  const add = useAddPoints(customer.id);
  const [alertError, setAlertError] = useState<unknown>(null);
  const rules = zodRules(pointsInputSchema, t);
  const submit = async () => {
    setAlertError(null);
    const values = await validValues(form);
    if (!values) return;
    const body = parseForm(pointsInputSchema, { ...values, reason: values.reason?.trim() }, form, t);
    if (!body) return;
    add.mutate(body, {
      onSuccess: () => {
        message.success(t('customers.value.pointsAdded'));
        onClose();
      },
      onError: (error) => {
        if (!applyApiError(form, error, t, ['kind', 'points', 'reason'])) setAlertError(error);
      },
    });
  };
  return (
    <Modal
      open
      title={t('customers.value.addPointsTitle', { name: customer.name })}
      onCancel={onClose}
      onOk={() => void submit()}
      okButtonProps={{ loading: add.isPending, 'data-testid': 'points-submit' }}
      okText={t('common.actions.save')}
      cancelText={t('common.actions.cancel')}
    >
      <ErrorAlert error={alertError} />
      <Form form={form} layout="vertical" initialValues={{ kind: 'earned' }} data-testid="points-form">
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="kind" label={t('customers.value.pointsKind')} rules={rules.kind} required>
              <Select options={POINTS_KINDS.map((kind) => ({ value: kind, label: t(`customers.pointsKinds.${kind}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="points" label={t('customers.value.pointsAmount')} rules={rules.points} required>
              <InputNumber min={1} precision={0} style={{ width: '100%' }} data-testid="points-amount" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="reason" label={t('customers.value.reason')} rules={rules.reason} required>
          <Input maxLength={200} data-testid="points-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** R-CUS-2 value: RFM scores and segment, the orders behind them, membership and the points ledger. */
export function ValueTab({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const orders = useOrders(customer.id);
  const points = usePoints(customer.id);
  const [adding, setAdding] = useState(false);
  const timeZone = useTimeZone();
  const { rfm } = customer;

  const orderColumns: ColumnsType<CustomerOrder> = [
    { title: t('customers.value.orderedAt'), key: 'orderedAt', render: (_, order) => <DateTimeText value={order.orderedAt} dateOnly /> },
    { title: t('customers.value.amount'), key: 'amount', align: 'right', render: (_, order) => <MoneyText cents={order.amountCents} /> },
    { title: t('customers.value.orderSource'), key: 'source', render: (_, order) => labelOr('orderSources', order.source) },
  ];
  const ledgerColumns: ColumnsType<PointsEntry> = [
    { title: t('customers.value.at'), key: 'at', render: (_, entry) => <DateTimeText value={entry.at} /> },
    { title: t('customers.value.pointsKind'), key: 'kind', render: (_, entry) => t(`customers.pointsKinds.${entry.kind}`) },
    {
      title: t('customers.value.pointsAmount'),
      key: 'points',
      align: 'right',
      render: (_, entry) => (
        <span style={{ color: entry.points < 0 ? '#cf1322' : '#389e0d', fontVariantNumeric: 'tabular-nums' }}>
          {entry.points > 0 ? `+${entry.points.toLocaleString('zh-CN')}` : entry.points.toLocaleString('zh-CN')}
        </span>
      ),
    },
    { title: t('customers.value.reason'), key: 'reason', render: (_, entry) => entry.reason },
    { title: t('customers.value.expiresAt'), key: 'expiresAt', render: (_, entry) => <DateTimeText value={entry.expiresAt} dateOnly /> },
  ];

  return (
    <Row gutter={[16, 16]} data-testid="customer-value">
      <Col xs={24} lg={12}>
        <Card
          size="small"
          title={
            <Flex gap={6} align="center">
              {t('customers.value.rfm')}
              <Tooltip title={t('customers.value.rfmHint')}>
                <InfoCircleOutlined style={{ color: 'rgba(0,0,0,0.45)' }} />
              </Tooltip>
            </Flex>
          }
          extra={<SegmentTag segment={rfm.segment} />}
          style={{ height: '100%' }}
        >
          <Flex gap={8} style={{ marginBottom: 16 }}>
            <Score label="R" score={rfm.r} />
            <Score label="F" score={rfm.f} />
            <Score label="M" score={rfm.m} />
          </Flex>
          <Row gutter={[8, 8]}>
            <Col span={8}>
              <Statistic
                title={t('customers.value.recency')}
                value={rfm.recencyDays === null ? '—' : t('customers.value.recencyDays', { count: rfm.recencyDays })}
                styles={{ content: { fontSize: 18 } }}
              />
            </Col>
            <Col span={8}>
              <Statistic title={t('customers.value.frequency')} value={rfm.frequency} styles={{ content: { fontSize: 18 } }} />
            </Col>
            <Col span={8}>
              <Statistic
                title={t('customers.value.monetary')}
                valueRender={() => <MoneyText cents={rfm.monetaryCents} style={{ fontSize: 18 }} />}
              />
            </Col>
          </Row>
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 12 }}>
            {rfm.computedAt
              ? t('customers.value.computedAt', { date: formatDateTime(rfm.computedAt, timeZone) })
              : t('customers.value.notComputed')}
          </Typography.Text>
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card
          size="small"
          title={t('customers.value.loyalty')}
          style={{ height: '100%' }}
          extra={
            customer.abilities.update ? (
              <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="points-add">
                {t('customers.value.addPoints')}
              </Button>
            ) : null
          }
        >
          <Row gutter={[8, 8]}>
            <Col span={12}>
              <Statistic
                title={t('customers.value.level')}
                valueRender={() =>
                  customer.loyaltyLevel ? (
                    <Tag color="gold" icon={<CrownOutlined />} style={{ fontSize: 14, padding: '2px 8px', marginInlineEnd: 0 }}>
                      {customer.loyaltyLevel}
                    </Tag>
                  ) : (
                    <Typography.Text type="secondary" style={{ fontSize: 14 }}>
                      {t('customers.value.noLevel')}
                    </Typography.Text>
                  )
                }
              />
            </Col>
            <Col span={12}>
              <Statistic
                title={t('customers.value.balance')}
                value={customer.pointsBalance}
                styles={{ content: { fontSize: 18 } }}
                data-testid="points-balance"
              />
            </Col>
          </Row>
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('customers.value.orders')} styles={{ body: { padding: 0 } }}>
          {orders.data && orders.data.length === 0 ? (
            <Typography.Paragraph type="secondary" style={{ padding: 16, margin: 0 }}>
              {t('customers.value.noOrders')}
            </Typography.Paragraph>
          ) : (
            <DataTable<CustomerOrder>
              testId="orders-table"
              data={orders.data}
              loading={orders.isFetching}
              error={orders.error}
              onRetry={() => void orders.refetch()}
              rowKey={(order) => order.id}
              columns={orderColumns}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('customers.value.ledger')} styles={{ body: { padding: 0 } }}>
          {points.data && points.data.length === 0 ? (
            <Typography.Paragraph type="secondary" style={{ padding: 16, margin: 0 }}>
              {t('customers.value.emptyLedger')}
            </Typography.Paragraph>
          ) : (
            <DataTable<PointsEntry>
              testId="points-table"
              data={points.data}
              loading={points.isFetching}
              error={points.error}
              onRetry={() => void points.refetch()}
              rowKey={(entry) => entry.id}
              columns={ledgerColumns}
            />
          )}
        </Card>
      </Col>
      {adding ? <PointsModal customer={customer} onClose={() => setAdding(false)} /> : null}
    </Row>
  );
}
