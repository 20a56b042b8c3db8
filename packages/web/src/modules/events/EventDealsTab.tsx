import { useState } from 'react';
import { App, Button, Card, Flex, Form, Input, InputNumber, Popconfirm, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { EventDeal, EventDetail, EventOffer } from '@xiaoguan/shared';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { MoneyText } from '../../components/MoneyText';
import { EventPipelineCard } from './EventPipelineCard';
import { useAttributeDeal, useCreateOffer, useEventDeals, useEventOffers, useRemoveDeal } from './api-onsite';

/** Event offers (R-PRC-1 promotions for the event's attendees during the event) and a form to add one. */
function OffersCard({ event }: { event: EventDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const offers = useEventOffers(event.id);
  const create = useCreateOffer(event.id);
  const [form] = Form.useForm<{ name: string; percent: number }>();
  const columns: ColumnsType<EventOffer> = [
    { title: t('events.onsite.offerName'), dataIndex: 'name' },
    {
      title: t('events.onsite.offerDiscount'),
      render: (_, o) => (o.percentOffBp ? `${o.percentOffBp / 100}%` : <MoneyText cents={o.amountOffCents} />),
    },
    { title: t('events.onsite.offerDays'), render: (_, o) => (o.startsOn === o.endsOn ? o.startsOn : `${o.startsOn} – ${o.endsOn}`) },
  ];
  const save = async () => {
    const values = await form.validateFields();
    create.mutate(
      { name: values.name, percentOffBp: Math.round(values.percent * 100) },
      {
        onSuccess: () => {
          form.resetFields();
          message.success(t('events.onsite.offerSaved'));
        },
        onError: (error) => message.error(error.message),
      },
    );
  };
  return (
    <Card size="small" title={t('events.onsite.offers')} style={{ marginBottom: 12 }}>
      <Typography.Paragraph type="secondary">{t('events.onsite.offersHint')}</Typography.Paragraph>
      {event.abilities.update ? (
        <Form form={form} layout="inline" style={{ marginBottom: 12, rowGap: 8 }}>
          <Form.Item name="name" rules={[{ required: true, message: t('events.onsite.offerName') }]}>
            <Input placeholder={t('events.onsite.offerName')} style={{ width: 200 }} data-testid="offer-name" />
          </Form.Item>
          <Form.Item name="percent" rules={[{ required: true, message: t('events.onsite.offerPercent') }]}>
            <InputNumber
              min={0.01}
              max={100}
              addonAfter="%"
              placeholder={t('events.onsite.offerPercent')}
              style={{ width: 150 }}
              data-testid="offer-percent"
            />
          </Form.Item>
          <Button type="primary" onClick={() => void save()} loading={create.isPending} data-testid="offer-save">
            {t('events.onsite.offerAdd')}
          </Button>
        </Form>
      ) : null}
      <Table size="small" rowKey="id" columns={columns} dataSource={offers.data ?? []} pagination={false} data-testid="offers-table" />
    </Card>
  );
}

/** Deals at the event (issue 17 item 3): attendees' orders in the window, and orders attributed by hand. */
export default function EventDealsTab({ event }: { event: EventDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const deals = useEventDeals(event.id, event.abilities.metrics);
  const attribute = useAttributeDeal(event.id);
  const remove = useRemoveDeal(event.id);
  const [orderId, setOrderId] = useState('');
  const columns: ColumnsType<EventDeal> = [
    { title: t('events.onsite.order'), render: (_, d) => <Link to={`/orders/${d.orderId}`}>{d.orderNumber}</Link> },
    { title: t('events.fields.customer'), dataIndex: 'customerName' },
    { title: t('events.onsite.orderedAt'), render: (_, d) => <DateTimeText value={d.orderedAt} /> },
    { title: t('events.onsite.amount'), render: (_, d) => <MoneyText cents={d.amountCents} />, align: 'right' },
    {
      title: t('events.onsite.attribution'),
      render: (_, d) => (
        <Flex gap={4} align="center">
          <Tag color={d.attribution === 'auto' ? 'blue' : 'purple'}>{t(`events.onsite.attribution_${d.attribution}`)}</Tag>
          {d.attribution === 'manual' && deals.data?.canAttribute ? (
            <Popconfirm title={t('events.onsite.unattribute')} onConfirm={() => remove.mutate(d.orderId)}>
              <Button size="small" type="link">
                {t('events.onsite.remove')}
              </Button>
            </Popconfirm>
          ) : null}
        </Flex>
      ),
    },
  ];
  return (
    <>
      <OffersCard event={event} />
      <Card size="small" title={t('events.onsite.deals')}>
        {deals.error ? <ErrorAlert error={deals.error} /> : null}
        {deals.data ? (
          <Typography.Paragraph type="secondary">
            {t('events.onsite.dealsHint', { days: deals.data.attributionDays })} {t('events.onsite.booked')}{' '}
            <MoneyText cents={deals.data.bookedCents} /> · {t('events.onsite.collected')} <MoneyText cents={deals.data.collectedCents} />
          </Typography.Paragraph>
        ) : null}
        {deals.data?.canAttribute ? (
          <Flex gap={8} wrap style={{ marginBottom: 12 }}>
            <Input
              value={orderId}
              onChange={(e) => setOrderId(e.target.value.trim())}
              placeholder={t('events.onsite.orderIdPlaceholder')}
              style={{ maxWidth: 360 }}
              data-testid="deal-order-id"
            />
            <Button
              disabled={!/^[0-9a-f-]{36}$/i.test(orderId)}
              loading={attribute.isPending}
              onClick={() =>
                attribute.mutate(orderId, {
                  onSuccess: () => setOrderId(''),
                  onError: (error) => message.error(error.message),
                })
              }
              data-testid="deal-attribute"
            >
              {t('events.onsite.attribute')}
            </Button>
          </Flex>
        ) : null}
        <Table
          size="small"
          rowKey="orderId"
          columns={columns}
          dataSource={deals.data?.items ?? []}
          pagination={false}
          scroll={{ x: 640 }}
          data-testid="deals-table"
        />
      </Card>
      {deals.data ? <EventPipelineCard eventId={event.id} items={deals.data.pipeline} /> : null}
    </>
  );
}
