import type { ColumnsType } from 'antd/es/table';
import type { TableRowSelection } from 'antd/es/table/interface';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { OrderRow } from '@xiaoguan/shared';
import { DataTable, type PageData } from '../../components/DataTable';
import { DateTimeText } from '../../components/DateTimeText';
import { MoneyText } from '../../components/MoneyText';
import { OrderStatusTag } from './labels';
import { useRememberedWidths } from '../../components/lists/columnWidths';

type Column = 'number' | 'customer' | 'contract' | 'owner' | 'status' | 'amount' | 'orderedAt' | 'statusAt';

interface OrderTableProps {
  data: PageData<OrderRow> | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  onPageChange?: (page: number, pageSize: number) => void;
  columns?: Column[];
  testId: string;
  /** Ticked rows ("export selected" on the order list). */
  rowSelection?: TableRowSelection<OrderRow>;
}

/** Orders as a table: number, customer, contract, owner, delivery status (since when), amount. */
export function OrderTable({
  data,
  loading,
  error,
  onRetry,
  onPageChange,
  columns = ['number', 'customer', 'contract', 'owner', 'status', 'amount', 'orderedAt'],
  testId,
  rowSelection,
}: OrderTableProps) {
  const { t } = useTranslation();
  // Issue 16: column widths dragged on the headers, remembered per user.
  const columnWidths = useRememberedWidths('orders');
  const all: Record<Column, ColumnsType<OrderRow>[number]> = {
    number: {
      title: t('orders.fields.number'),
      key: 'number',
      render: (_, o) => (
        <Link to={`/orders/${o.id}`} data-testid={`order-link-${o.number}`} style={{ whiteSpace: 'nowrap' }}>
          {o.number}
        </Link>
      ),
    },
    customer: {
      title: t('orders.fields.customer'),
      key: 'customer',
      render: (_, o) => <Link to={`/customers/${o.customerId}`}>{o.customerName}</Link>,
    },
    contract: {
      title: t('orders.fields.contract'),
      key: 'contract',
      render: (_, o) =>
        o.contractId ? (
          <Link to={`/contracts/${o.contractId}`}>{o.contractNumber}</Link>
        ) : (
          <Typography.Text type="secondary">{t('orders.direct')}</Typography.Text>
        ),
    },
    owner: {
      title: t('orders.fields.owner'),
      key: 'owner',
      render: (_, o) => <span style={{ whiteSpace: 'nowrap' }}>{o.ownerName ?? '—'}</span>,
    },
    status: {
      title: t('orders.fields.status'),
      key: 'status',
      render: (_, o) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <OrderStatusTag status={o.status} />{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <DateTimeText value={o.statusAt} dateOnly />
          </Typography.Text>
        </span>
      ),
    },
    amount: { title: t('orders.fields.amount'), key: 'amount', align: 'right', render: (_, o) => <MoneyText cents={o.amountCents} /> },
    orderedAt: { title: t('orders.fields.orderedAt'), key: 'orderedAt', render: (_, o) => <DateTimeText value={o.orderedAt} dateOnly /> },
    statusAt: { title: t('orders.fields.statusAt'), key: 'statusAt', render: (_, o) => <DateTimeText value={o.statusAt} /> },
  };
  return (
    <DataTable<OrderRow>
      rowSelection={rowSelection}
      columnWidths={columnWidths}
      testId={testId}
      rowKey={(o) => o.id}
      rowTestKey={(o) => o.number}
      data={data}
      loading={loading}
      error={error}
      onRetry={onRetry}
      onPageChange={onPageChange}
      columns={columns.map((column) => all[column])}
    />
  );
}
