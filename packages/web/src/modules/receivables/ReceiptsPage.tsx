import { useState } from 'react';
import { Button, Col, DatePicker, Input, Row, Select, Typography } from 'antd';
import { DollarOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import dayjs, { type Dayjs } from 'dayjs';
import { RECEIPT_METHODS, type Receipt, type ReceiptMethod } from '@xiaoguan/shared';
import { apiUrl } from '../../core/api';
import { useCan } from '../../core/session';
import { DataTable } from '../../components/DataTable';
import { DateTimeText } from '../../components/DateTimeText';
import { MoneyText } from '../../components/MoneyText';
import { PageHeader } from '../../components/PageHeader';
import { ExportMenu } from '../../components/ExportMenu';
import { useReceipts, type ReceiptFilters } from './api';
import { MethodText } from './labels';
import { useDebounced } from '../../components/hooks';
import { useRememberedWidths } from '../../components/lists/columnWidths';

/** Every receipt the caller may see: search, method and date filters, server paging, CSV/Excel export (finance, director). */
export default function ReceiptsPage() {
  const { t } = useTranslation();
  // Issue 16: column widths dragged on the headers, remembered per user.
  const columnWidths = useRememberedWidths('receipts');
  const can = useCan();
  const [search, setSearch] = useState('');
  const [method, setMethod] = useState<ReceiptMethod | undefined>();
  // ?from=&to= (the cockpit's collections link) opens the list on that period.
  const [urlSearch] = useSearchParams();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(() => {
    const from = urlSearch.get('from');
    const to = urlSearch.get('to');
    return from && to ? [dayjs(from), dayjs(to)] : null;
  });
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const q = useDebounced(search.trim(), 300);
  const filters: ReceiptFilters = {
    q: q || undefined,
    method,
    from: range?.[0]?.format('YYYY-MM-DD'),
    to: range?.[1]?.format('YYYY-MM-DD'),
  };
  const receipts = useReceipts({ ...filters, ...page });
  const exportHref = (format: 'csv' | 'xlsx') => apiUrl('/receipts/export', { format, ...filters });
  const columns: ColumnsType<Receipt> = [
    { title: t('receivables.fields.receivedOn'), dataIndex: 'receivedOn', key: 'receivedOn' },
    {
      title: t('receivables.fields.contractNumber'),
      key: 'contract',
      render: (_, r) => <Link to={`/contracts/${r.contractId}`}>{r.contractNumber}</Link>,
    },
    { title: t('receivables.fields.seq'), key: 'seq', render: (_, r) => t('receivables.fields.seqValue', { seq: r.installmentSeq }) },
    {
      title: t('receivables.fields.customer'),
      key: 'customer',
      // Issue 16: long customer names pushed "recorded by" off the screen at 1366 px; the full name shows on hover.
      width: 220,
      ellipsis: true,
      render: (_, r) => <Link to={`/customers/${r.customerId}`}>{r.customerName}</Link>,
    },
    { title: t('receivables.fields.owner'), dataIndex: 'ownerName', key: 'owner' },
    {
      title: t('receivables.fields.receiptAmount'),
      key: 'amount',
      align: 'right',
      render: (_, r) => <MoneyText cents={r.amountCents} style={{ fontWeight: 500 }} />,
    },
    { title: t('receivables.fields.method'), key: 'method', render: (_, r) => <MethodText method={r.method} /> },
    {
      title: t('receivables.fields.reference'),
      dataIndex: 'reference',
      key: 'reference',
      width: 160,
      ellipsis: true,
      render: (value: string | null) => value ?? '—',
    },
    {
      title: t('receivables.fields.recordedBy'),
      key: 'recordedBy',
      // Who and when on two lines, so the column fits beside the others.
      render: (_, r) => (
        <div style={{ whiteSpace: 'nowrap' }}>
          <div>{r.recordedByName}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <DateTimeText value={r.createdAt} />
          </Typography.Text>
        </div>
      ),
    },
  ];
  const reset = () => setPage((p) => ({ ...p, page: 1 }));
  return (
    <>
      <PageHeader
        title={t('receivables.receipts.title')}
        extra={
          <>
            {can('receivables.record') ? (
              <Link to="/receivables/entry">
                <Button type="primary" icon={<DollarOutlined />} data-testid="receipts-create">
                  {t('receivables.receipts.create')}
                </Button>
              </Link>
            ) : null}
            {can('receivables.export') ? (
              <ExportMenu
                href={exportHref}
                label={t('receivables.receipts.exportXlsx')}
                xlsxLabel={t('receivables.receipts.exportXlsx')}
                csvLabel={t('receivables.receipts.exportCsv')}
                testId="receipts-export"
              />
            ) : null}
          </>
        }
      />
      <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
        <Col xs={24} md={8}>
          <Input.Search
            allowClear
            placeholder={t('receivables.receipts.search')}
            value={search}
            onChange={(event) => {
              setSearch(event.target.value);
              reset();
            }}
            data-testid="receipts-search"
          />
        </Col>
        <Col xs={24} sm={12} md={6}>
          <Select<ReceiptMethod | undefined>
            allowClear
            style={{ width: '100%' }}
            placeholder={t('receivables.receipts.allMethods')}
            value={method}
            onChange={(value) => {
              setMethod(value ?? undefined);
              reset();
            }}
            options={RECEIPT_METHODS.map((value) => ({ value, label: t(`receivables.methods.${value}`) }))}
          />
        </Col>
        <Col xs={24} sm={12} md={10}>
          <DatePicker.RangePicker
            style={{ width: '100%' }}
            value={range}
            onChange={(value) => {
              setRange(value);
              reset();
            }}
            data-testid="receipts-range"
          />
        </Col>
      </Row>
      <DataTable<Receipt>
        columnWidths={columnWidths}
        testId="receipts-table"
        rowKey={(r) => r.id}
        data={receipts.data}
        loading={receipts.isFetching}
        error={receipts.error}
        onRetry={() => void receipts.refetch()}
        onPageChange={(next, pageSize) => setPage({ page: next, pageSize })}
        columns={columns}
      />
    </>
  );
}
