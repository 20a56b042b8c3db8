import { useState } from 'react';
import { Button, Col, Divider, Empty, Flex, Row, Skeleton, Space, Statistic, Tag, Typography } from 'antd';
import { DollarOutlined, FileTextOutlined, StopOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { Installment, Invoice, Receipt, WriteOff } from '@xiaoguan/shared';
import { isApiError } from '../../core/api';
import { DataTable } from '../../components/DataTable';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { MoneyText } from '../../components/MoneyText';
import { useIsPhone } from '../../components/useMediaQuery';
import { useContractReceivables } from './api';
import { InvoiceDrawer } from './InvoiceDrawer';
import { BucketTag, MethodText, WriteOffStatusTag } from './labels';
import { ReceiptDrawer } from './ReceiptDrawer';
import { WriteOffDrawer } from './WriteOffDrawer';

type Dialog = { kind: 'receipt' | 'writeOff'; installment: Installment } | { kind: 'invoice' } | null;

/**
 * A contract's receivables, for the contract page (/contracts/:id): the payment plan with received,
 * outstanding, invoiced and aging per installment; receipts, invoices and write-offs; finance records
 * receipts and invoices and requests write-offs from here (buttons from the server's abilities).
 */
export function ContractReceivablesTab({ contractId }: { contractId: string }) {
  const { t } = useTranslation();
  const query = useContractReceivables(contractId);
  const isPhone = useIsPhone();
  const [dialog, setDialog] = useState<Dialog>(null);
  if (query.isPending) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (!query.data) {
    if (isApiError(query.error) && (query.error.status === 404 || query.error.status === 403))
      return <Empty description={t('receivables.contract.notFound')} />;
    return <ErrorAlert error={query.error} onReload={() => void query.refetch()} />;
  }
  const data = query.data;

  const installmentColumns: ColumnsType<Installment> = [
    { title: t('receivables.fields.seq'), key: 'seq', width: 80, render: (_, i) => t('receivables.fields.seqValue', { seq: i.seq }) },
    { title: t('receivables.fields.dueOn'), dataIndex: 'dueOn', key: 'dueOn' },
    { title: t('receivables.fields.amount'), key: 'amount', align: 'right', render: (_, i) => <MoneyText cents={i.amountCents} /> },
    { title: t('receivables.fields.received'), key: 'received', align: 'right', render: (_, i) => <MoneyText cents={i.receivedCents} /> },
    {
      title: t('receivables.fields.outstanding'),
      key: 'outstanding',
      align: 'right',
      render: (_, i) => (
        <MoneyText cents={i.outstandingCents} style={i.daysOverdue > 0 ? { color: '#cf1322', fontWeight: 500 } : undefined} />
      ),
    },
    { title: t('receivables.fields.invoiced'), key: 'invoiced', align: 'right', render: (_, i) => <MoneyText cents={i.invoicedCents} /> },
    {
      title: t('receivables.fields.bucket'),
      key: 'bucket',
      render: (_, i) =>
        i.outstandingCents === 0 ? (
          <Tag color="success" style={{ marginInlineEnd: 0 }}>
            {i.settledOn ?? '—'}
          </Tag>
        ) : (
          <Space size={4} wrap>
            <BucketTag bucket={i.bucket} />
            {i.daysOverdue > 0 ? <Typography.Text type="danger">{i.daysOverdue}d</Typography.Text> : null}
            {i.pendingWriteOffCents > 0 ? <Tag color="processing">{t('receivables.writeOffs.pending')}</Tag> : null}
          </Space>
        ),
    },
    {
      title: '',
      key: 'actions',
      fixed: isPhone ? undefined : 'right',
      render: (_, i) => (
        <Space size={4}>
          {i.abilities.recordReceipt ? (
            <Button
              size="small"
              type="primary"
              icon={<DollarOutlined />}
              onClick={() => setDialog({ kind: 'receipt', installment: i })}
              aria-label={t('receivables.entry.record')}
              data-testid={`installment-receipt-${i.seq}`}
            >
              {isPhone ? null : t('receivables.entry.record')}
            </Button>
          ) : null}
          {i.abilities.writeOff ? (
            <Button
              size="small"
              danger
              icon={<StopOutlined />}
              onClick={() => setDialog({ kind: 'writeOff', installment: i })}
              aria-label={t('receivables.writeOffs.create')}
              data-testid={`installment-write-off-${i.seq}`}
            >
              {isPhone ? null : t('receivables.writeOffs.create')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];
  const receiptColumns: ColumnsType<Receipt> = [
    { title: t('receivables.fields.receivedOn'), dataIndex: 'receivedOn', key: 'receivedOn' },
    { title: t('receivables.fields.seq'), key: 'seq', render: (_, r) => t('receivables.fields.seqValue', { seq: r.installmentSeq }) },
    { title: t('receivables.fields.receiptAmount'), key: 'amount', align: 'right', render: (_, r) => <MoneyText cents={r.amountCents} /> },
    { title: t('receivables.fields.method'), key: 'method', render: (_, r) => <MethodText method={r.method} /> },
    { title: t('receivables.fields.reference'), dataIndex: 'reference', key: 'reference', render: (value: string | null) => value ?? '—' },
    { title: t('receivables.fields.recordedBy'), dataIndex: 'recordedByName', key: 'recordedBy' },
  ];
  const invoiceColumns: ColumnsType<Invoice> = [
    { title: t('receivables.fields.invoiceNumber'), dataIndex: 'number', key: 'number' },
    { title: t('receivables.fields.issuedOn'), dataIndex: 'issuedOn', key: 'issuedOn' },
    {
      title: t('receivables.fields.seq'),
      key: 'seq',
      render: (_, v) =>
        v.installmentSeq ? t('receivables.fields.seqValue', { seq: v.installmentSeq }) : t('receivables.fields.wholeContract'),
    },
    { title: t('receivables.fields.invoiceAmount'), key: 'amount', align: 'right', render: (_, v) => <MoneyText cents={v.amountCents} /> },
  ];
  const writeOffColumns: ColumnsType<WriteOff> = [
    { title: t('receivables.fields.createdAt'), key: 'createdAt', render: (_, w) => <DateTimeText value={w.createdAt} dateOnly /> },
    { title: t('receivables.fields.seq'), key: 'seq', render: (_, w) => t('receivables.fields.seqValue', { seq: w.installmentSeq }) },
    { title: t('receivables.fields.writeOffAmount'), key: 'amount', align: 'right', render: (_, w) => <MoneyText cents={w.amountCents} /> },
    { title: t('receivables.fields.reason'), dataIndex: 'reason', key: 'reason' },
    { title: t('receivables.fields.status'), key: 'status', render: (_, w) => <WriteOffStatusTag status={w.status} /> },
    { title: t('receivables.fields.requestedBy'), dataIndex: 'requestedByName', key: 'requestedBy' },
  ];
  const totals = [
    { key: 'amount', cents: data.totals.amountCents },
    { key: 'received', cents: data.totals.receivedCents },
    { key: 'outstanding', cents: data.totals.outstandingCents },
    { key: 'overdue', cents: data.totals.overdueCents, danger: data.totals.overdueCents > 0 },
    { key: 'invoiced', cents: data.totals.invoicedCents },
    { key: 'writtenOff', cents: data.totals.writtenOffCents },
  ];

  return (
    <div data-testid="contract-receivables">
      <Row gutter={[16, 12]} style={{ marginBottom: 16 }}>
        {totals.map((item) => (
          <Col key={item.key} xs={12} sm={8} md={4}>
            <Statistic
              title={t(`receivables.contract.totals.${item.key}`)}
              valueRender={() => <MoneyText cents={item.cents} style={item.danger ? { color: '#cf1322' } : undefined} />}
              styles={{ content: { fontSize: 16 } }}
            />
          </Col>
        ))}
      </Row>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('receivables.contract.installments')}
        </Typography.Title>
        {data.abilities.record ? (
          <Button icon={<FileTextOutlined />} onClick={() => setDialog({ kind: 'invoice' })} data-testid="contract-invoice-create">
            {t('receivables.invoices.create')}
          </Button>
        ) : null}
      </Flex>
      <DataTable<Installment>
        testId="contract-installments"
        rowKey={(i) => i.id}
        rowTestKey={(i) => String(i.seq)}
        data={data.installments}
        columns={installmentColumns}
        style={{ marginTop: 12 }}
      />
      <Divider titlePlacement="start">{t('receivables.contract.receipts')}</Divider>
      <DataTable<Receipt> testId="contract-receipts" rowKey={(r) => r.id} data={data.receipts} columns={receiptColumns} />
      <Divider titlePlacement="start">{t('receivables.contract.invoices')}</Divider>
      <DataTable<Invoice> testId="contract-invoices" rowKey={(v) => v.id} data={data.invoices} columns={invoiceColumns} />
      {data.writeOffs.length ? (
        <>
          <Divider titlePlacement="start">{t('receivables.contract.writeOffs')}</Divider>
          <DataTable<WriteOff> testId="contract-write-offs" rowKey={(w) => w.id} data={data.writeOffs} columns={writeOffColumns} />
        </>
      ) : null}
      {dialog?.kind === 'receipt' ? <ReceiptDrawer installment={dialog.installment} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'writeOff' ? <WriteOffDrawer installment={dialog.installment} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'invoice' ? (
        <InvoiceDrawer contract={data.contract} installments={data.installments} onClose={() => setDialog(null)} />
      ) : null}
    </div>
  );
}
