import { useState } from 'react';
import { App, Button, Card, DatePicker, Descriptions, Flex, Form, Input, Modal, Result, Skeleton, Steps, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined, ArrowRightOutlined, StopOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import type { Order, OrderLine, OrderStatus } from '@xiaoguan/shared';
import { isApiError } from '../../core/api';
import { useTimeZone } from '../../core/session';
import { DataTable } from '../../components/DataTable';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { MoneyText } from '../../components/MoneyText';
import { useIsPhone } from '../../components/useMediaQuery';
import { nowPicker, pickerToIso } from '../customers';
import { useChangeOrderStatus, useOrder } from './api';
import { ORDER_STATUS_COLORS, OrderStatusTag } from './labels';
import { productName } from '../../core/i18n';

const FLOW: OrderStatus[] = ['pending', 'in_production', 'shipped', 'delivered', 'accepted'];

/** Moves the order to `to` (the next step, or cancelled) with when it happened and a note. */
function StatusModal({ order, to, onClose }: { order: Order; to: OrderStatus; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const timeZone = useTimeZone();
  const change = useChangeOrderStatus();
  const [at, setAt] = useState<Dayjs | null>(() => nowPicker(timeZone));
  const [note, setNote] = useState('');
  const cancelling = to === 'cancelled';
  return (
    <Modal
      open
      title={
        cancelling
          ? t('orders.detail.cancelTitle', { number: order.number })
          : t('orders.detail.advanceTitle', { status: t(`orders.statuses.${to}`) })
      }
      onCancel={onClose}
      okText={cancelling ? t('orders.detail.cancel') : t('orders.detail.confirmStep')}
      okButtonProps={{
        danger: cancelling,
        loading: change.isPending,
        disabled: cancelling && !note.trim(),
        'data-testid': 'order-status-confirm',
      }}
      cancelText={t('common.actions.cancel')}
      onOk={() =>
        change.mutate(
          {
            id: order.id,
            body: { version: order.version, status: to, note: note.trim() || null, at: at ? pickerToIso(at, timeZone) : undefined },
          },
          {
            onSuccess: () => {
              message.success(t('orders.detail.moved', { status: t(`orders.statuses.${to}`) }));
              onClose();
            },
          },
        )
      }
    >
      <ErrorAlert error={change.error} />
      <Form layout="vertical">
        <Form.Item label={t('orders.detail.at')} extra={t('orders.detail.atHint')}>
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            value={at}
            onChange={setAt}
            style={{ width: '100%' }}
            data-testid="order-status-at"
          />
        </Form.Item>
        <Form.Item label={t('orders.detail.note')} required={cancelling}>
          <Input.TextArea
            rows={3}
            maxLength={500}
            value={note}
            onChange={(event) => setNote(event.target.value)}
            placeholder={cancelling ? t('orders.detail.cancelReason') : t('orders.detail.notePlaceholder')}
            data-testid="order-status-note"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One order: delivery progress, the next-step button (from its abilities), lines and the dated timeline. */
export default function OrderPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const { id = '' } = useParams();
  const order = useOrder(id);
  const [moving, setMoving] = useState<OrderStatus | null>(null);
  const data = order.data;
  if (order.isPending)
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    );
  if (!data) {
    if (isApiError(order.error) && (order.error.status === 404 || order.error.status === 403)) {
      return (
        <Result
          status="404"
          title={t('orders.detail.notFound')}
          extra={
            <Button type="primary" onClick={() => navigate('/orders')}>
              {t('orders.detail.back')}
            </Button>
          }
          data-testid="order-not-found"
        />
      );
    }
    return <ErrorAlert error={order.error} onReload={() => void order.refetch()} />;
  }
  const cancelled = data.status === 'cancelled';
  const lastReached = cancelled ? FLOW.indexOf((data.history.at(-1)?.fromStatus ?? 'pending') as OrderStatus) : FLOW.indexOf(data.status);
  const reachedAt = (status: OrderStatus) => data.history.filter((h) => h.toStatus === status).at(-1)?.at;
  const columns: ColumnsType<OrderLine> = [
    { title: '#', dataIndex: 'lineNo', key: 'lineNo', width: 48 },
    { title: t('orders.fields.product'), key: 'product', render: (_, line) => productName(line, line.productId) },
    { title: t('orders.fields.quantity'), dataIndex: 'quantity', key: 'quantity', align: 'right' },
    { title: t('orders.fields.unitPrice'), key: 'unit', align: 'right', render: (_, line) => <MoneyText cents={line.unitPriceCents} /> },
    { title: t('orders.fields.lineTotal'), key: 'total', align: 'right', render: (_, line) => <MoneyText cents={line.lineTotalCents} /> },
  ];
  return (
    <>
      <Link to="/orders" style={{ display: 'inline-flex', gap: 6, alignItems: 'center', marginBottom: 12, color: 'rgba(0,0,0,0.55)' }}>
        <ArrowLeftOutlined /> {t('orders.detail.back')}
      </Link>
      <Card style={{ marginBottom: 16 }} data-testid="order-header">
        <Flex justify="space-between" align="flex-start" wrap gap={12}>
          <div style={{ minWidth: 0 }}>
            <Flex gap={8} align="center" wrap>
              <Typography.Title level={4} style={{ margin: 0 }} data-testid="page-title">
                {data.number}
              </Typography.Title>
              <OrderStatusTag status={data.status} />
            </Flex>
            <Flex wrap style={{ marginTop: 8, color: 'rgba(0,0,0,0.65)', fontSize: 13, gap: '4px 16px' }}>
              <Link to={`/customers/${data.customerId}`}>{data.customerName}</Link>
              {data.contractId ? (
                <Link to={`/contracts/${data.contractId}`}>{data.contractNumber}</Link>
              ) : (
                <span>{t('orders.direct')}</span>
              )}
              <span>{data.ownerName}</span>
              <MoneyText cents={data.amountCents} style={{ fontWeight: 600, color: 'rgba(0,0,0,0.88)' }} />
            </Flex>
          </div>
          <Flex gap={8} wrap data-testid="order-actions">
            {data.abilities.advance && data.nextStatus ? (
              <Button type="primary" icon={<ArrowRightOutlined />} onClick={() => setMoving(data.nextStatus)} data-testid="order-next">
                {t('orders.detail.next', { status: t(`orders.statuses.${data.nextStatus}`) })}
              </Button>
            ) : null}
            {data.abilities.cancel ? (
              <Button danger icon={<StopOutlined />} onClick={() => setMoving('cancelled')} data-testid="order-cancel">
                {t('orders.detail.cancel')}
              </Button>
            ) : null}
          </Flex>
        </Flex>
        <Steps
          style={{ marginTop: 20 }}
          size="small"
          direction={isPhone ? 'vertical' : 'horizontal'}
          current={Math.max(lastReached, 0)}
          status={cancelled ? 'error' : data.status === 'accepted' ? 'finish' : 'process'}
          items={FLOW.map((status, index) => ({
            title: t(`orders.statuses.${status}`),
            description: index <= lastReached && reachedAt(status) ? <DateTimeText value={reachedAt(status)!} dateOnly /> : undefined,
          }))}
          data-testid="order-steps"
        />
      </Card>
      <Card title={t('orders.detail.lines')} style={{ marginBottom: 16 }}>
        <DataTable<OrderLine> testId="order-lines-table" rowKey={(line) => line.id} data={data.lines} columns={columns} />
        {data.notes ? (
          <Descriptions size="small" style={{ marginTop: 12 }}>
            <Descriptions.Item label={t('orders.fields.notes')}>{data.notes}</Descriptions.Item>
          </Descriptions>
        ) : null}
      </Card>
      <Card title={t('orders.detail.timeline')}>
        <Timeline
          data-testid="order-timeline"
          items={[...data.history].reverse().map((entry) => ({
            color:
              ORDER_STATUS_COLORS[entry.toStatus] === 'default'
                ? 'gray'
                : entry.toStatus === 'cancelled'
                  ? 'red'
                  : entry.toStatus === 'accepted'
                    ? 'green'
                    : 'blue',
            children: (
              <div>
                <Flex gap={8} align="center" wrap>
                  <OrderStatusTag status={entry.toStatus} />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    <DateTimeText value={entry.at} /> · {entry.actorName ?? '—'}
                  </Typography.Text>
                </Flex>
                {entry.note ? <div style={{ marginTop: 4 }}>{entry.note}</div> : null}
              </div>
            ),
          }))}
        />
      </Card>
      {moving ? <StatusModal order={data} to={moving} onClose={() => setMoving(null)} /> : null}
    </>
  );
}
