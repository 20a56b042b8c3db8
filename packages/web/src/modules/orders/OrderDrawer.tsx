import { useMemo, useState } from 'react';
import { Alert, App, Button, Descriptions, Flex, Form, Input, InputNumber, Select, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { Contract, Order } from '@xiaoguan/shared';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormDrawer } from '../../components/FormDrawer';
import { formatCents, MoneyText } from '../../components/MoneyText';
import { CustomerSelect } from '../customers';
import { useDebounced } from '../../components/hooks';
import { CreditOverrideButton, isCreditBlocked, useCreditOverrides } from '../receivables';
import { useCreateOrder, useOrderPrice } from './api';
import { ProductSelect } from './ProductSelect';
import { productName } from '../../core/i18n';

interface Line {
  key: number;
  productId?: string;
  productName?: string;
  quantity: number | null;
}

let nextKey = 1;

export type OrderDrawerTarget = { kind: 'contract'; contract: Contract } | { kind: 'direct'; customer?: { id: string; name: string } };

/**
 * A new order. On a contract: lines default to what is left of the contract's quote lines at the
 * contract's prices (ORD-OVER checked by the server). Direct: a customer and product lines priced
 * live by the price list (R-PRC-1), up to the direct-order ceiling (ORD-DIRECT-MAX), with an
 * approved credit override to pick when the customer is over the limit (R-AR-2). Mounted while open.
 */
export function OrderDrawer({
  target,
  onClose,
  onCreated,
}: {
  target: OrderDrawerTarget;
  onClose: () => void;
  onCreated?: (order: Order) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const create = useCreateOrder();
  const contract = target.kind === 'contract' ? target.contract : null;
  const [customerId, setCustomerId] = useState<string | undefined>(target.kind === 'direct' ? target.customer?.id : contract?.customerId);
  const [lines, setLines] = useState<Line[]>(() =>
    contract?.lines.length
      ? contract.lines
          .filter((line) => line.quantity > line.orderedQuantity)
          .map((line) => ({
            key: nextKey++,
            productId: line.productId,
            productName: line.productName === null ? undefined : productName(line),
            quantity: line.quantity - line.orderedQuantity,
          }))
      : [{ key: nextKey++, quantity: 1 }],
  );
  const [notes, setNotes] = useState('');
  const [creditOverrideId, setCreditOverrideId] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const contractPrices = useMemo(() => new Map((contract?.lines ?? []).map((line) => [line.productId, line.unitPriceCents])), [contract]);

  // Lines the catalogue prices (every line of a direct order; products off the quote on a contract order).
  const catalogueLines = lines
    .filter((line) => line.productId && line.quantity && line.quantity > 0 && !contractPrices.has(line.productId))
    .map((line) => ({ productId: line.productId!, quantity: line.quantity! }));
  // Debounced as text: a new object each render would restart the timer forever.
  const priceKey = useDebounced(customerId && catalogueLines.length ? JSON.stringify({ customerId, lines: catalogueLines }) : '', 300);
  const priceQuery = useMemo(
    () => (priceKey ? (JSON.parse(priceKey) as { customerId: string; lines: { productId: string; quantity: number }[] }) : null),
    [priceKey],
  );
  const priced = useOrderPrice(priceQuery);
  const overrides = useCreditOverrides(
    { customerId, status: 'approved', page: 1, pageSize: 20 },
    target.kind === 'direct' && Boolean(customerId),
  );

  const unitOf = (line: Line): number | null => {
    if (!line.productId) return null;
    const fromContract = contractPrices.get(line.productId);
    if (fromContract !== undefined) return fromContract;
    return priced.data?.lines.find((p) => p.productId === line.productId && p.quantity === line.quantity)?.unitPriceCents ?? null;
  };
  const totals = lines.map((line) => {
    const unit = unitOf(line);
    return unit === null || !line.quantity ? null : unit * line.quantity;
  });
  const total = totals.reduce<number>((sum, value) => sum + (value ?? 0), 0);
  const complete =
    lines.length > 0 && lines.every((line, index) => line.productId && line.quantity && line.quantity > 0 && totals[index] !== null);
  const ceiling = contract ? contract.fulfilment.orderableCents : (priced.data?.directOrderMaxCents ?? null);
  const over = ceiling !== null && total > ceiling;
  const set = (key: number, patch: Partial<Line>) =>
    setLines((list) => list.map((line) => (line.key === key ? { ...line, ...patch } : line)));

  const submit = () => {
    setError(null);
    const body = {
      ...(contract ? { contractId: contract.id } : { customerId }),
      lines: lines.map((line) => ({ productId: line.productId!, quantity: line.quantity! })),
      creditOverrideId: contract ? undefined : creditOverrideId,
      notes: notes.trim() || null,
    };
    create.mutate(body, {
      onSuccess: (order) => {
        message.success(t('orders.form.created', { number: order.number }));
        onCreated?.(order);
        onClose();
      },
      onError: setError,
    });
  };

  const columns: ColumnsType<Line> = [
    {
      title: t('orders.fields.product'),
      key: 'product',
      render: (_, line, index) => (
        <ProductSelect
          value={line.productId}
          known={line.productId && line.productName ? [{ id: line.productId, name: line.productName }] : []}
          onChange={(productId) => set(line.key, { productId, productName: undefined })}
          testId={`order-line-product-${index}`}
        />
      ),
    },
    {
      title: t('orders.fields.quantity'),
      key: 'quantity',
      width: 110,
      render: (_, line, index) => (
        <InputNumber
          min={1}
          precision={0}
          value={line.quantity}
          onChange={(quantity) => set(line.key, { quantity })}
          style={{ width: 96 }}
          data-testid={`order-line-quantity-${index}`}
        />
      ),
    },
    {
      title: t('orders.fields.unitPrice'),
      key: 'unit',
      align: 'right',
      render: (_, line) => {
        const unit = unitOf(line);
        if (unit === null) return <Typography.Text type="secondary">—</Typography.Text>;
        const fromContract = line.productId !== undefined && contractPrices.has(line.productId);
        const promotions = priced.data?.lines.find((p) => p.productId === line.productId)?.promotions ?? [];
        return (
          <div>
            <MoneyText cents={unit} />
            <div style={{ fontSize: 11, color: 'rgba(0,0,0,0.45)' }}>
              {fromContract ? t('orders.form.contractPrice') : promotions.length ? promotions.join('、') : t('orders.form.listPrice')}
            </div>
          </div>
        );
      },
    },
    {
      title: t('orders.fields.lineTotal'),
      key: 'total',
      align: 'right',
      render: (_, _line, index) => <MoneyText cents={totals[index] ?? null} />,
    },
    {
      key: 'remove',
      width: 44,
      render: (_, line) => (
        <Button
          type="text"
          danger
          icon={<DeleteOutlined />}
          disabled={lines.length === 1}
          onClick={() => setLines((list) => list.filter((x) => x.key !== line.key))}
          aria-label={t('common.actions.delete')}
        />
      ),
    },
  ];

  return (
    <FormDrawer
      title={contract ? t('orders.form.contractTitle', { number: contract.number }) : t('orders.form.directTitle')}
      width={760}
      saving={create.isPending}
      submitDisabled={!complete || !customerId}
      onSave={submit}
      onClose={onClose}
      submitTestId="order-submit"
    >
      {/* An R-AR-2 refusal is told once, with the numbers and the override request, not also as a raw error. */}
      {isCreditBlocked(error) ? <CreditOverrideButton error={error} /> : <ErrorAlert error={error} />}
      {contract ? (
        <Descriptions size="small" column={{ xs: 1, sm: 3 }} style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t('orders.fields.customer')}>{contract.customerName}</Descriptions.Item>
          <Descriptions.Item label={t('orders.form.contractAmount')}>
            <MoneyText cents={contract.amountCents} />
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.form.orderable')}>
            <MoneyText cents={contract.fulfilment.orderableCents} />
          </Descriptions.Item>
        </Descriptions>
      ) : (
        <Form layout="vertical">
          <Form.Item label={t('orders.fields.customer')} required>
            {target.kind === 'direct' && target.customer ? (
              <Typography.Text strong>{target.customer.name}</Typography.Text>
            ) : (
              <CustomerSelect
                value={customerId}
                onChange={setCustomerId}
                placeholder={t('orders.form.customerPlaceholder')}
                testId="order-customer"
              />
            )}
          </Form.Item>
        </Form>
      )}
      <Table<Line>
        size="small"
        rowKey="key"
        dataSource={lines}
        columns={columns}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="order-lines"
      />
      <Flex justify="space-between" align="center" wrap gap={8} style={{ margin: '12px 0 16px' }}>
        <Button
          icon={<PlusOutlined />}
          onClick={() => setLines((list) => [...list, { key: nextKey++, quantity: 1 }])}
          data-testid="order-line-add"
        >
          {t('orders.form.addLine')}
        </Button>
        <Flex gap={8} align="center">
          <Typography.Text>{t('orders.form.total')}</Typography.Text>
          <MoneyText cents={total} style={{ fontSize: 18, fontWeight: 600, color: over ? '#cf1322' : undefined }} />
          {priced.isFetching ? <Tag>{t('orders.form.pricing')}</Tag> : null}
        </Flex>
      </Flex>
      {over ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="order-over"
          title={
            contract
              ? t('orders.form.overContract', { amount: formatCents(ceiling!) })
              : t('orders.form.overDirect', { amount: formatCents(ceiling!) })
          }
        />
      ) : null}
      <Form layout="vertical">
        {target.kind === 'direct' && overrides.data?.items.length ? (
          <Form.Item label={t('orders.form.creditOverride')} extra={t('orders.form.creditOverrideHint')}>
            <Select
              allowClear
              value={creditOverrideId}
              onChange={(value) => setCreditOverrideId(value ?? null)}
              options={overrides.data.items.map((item) => ({ value: item.id, label: `${formatCents(item.amountCents)} · ${item.reason}` }))}
              data-testid="order-credit-override"
            />
          </Form.Item>
        ) : null}
        <Form.Item label={t('orders.fields.notes')}>
          <Input.TextArea
            rows={2}
            maxLength={2000}
            value={notes}
            onChange={(event) => setNotes(event.target.value)}
            data-testid="order-notes"
          />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
