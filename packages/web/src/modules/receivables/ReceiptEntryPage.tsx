import { useState } from 'react';
import { Button, Card, Checkbox, Flex, Input, Typography } from 'antd';
import { DollarOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Installment } from '@xiaoguan/shared';
import { DataTable } from '../../components/DataTable';
import { MoneyText } from '../../components/MoneyText';
import { useIsPhone } from '../../components/useMediaQuery';
import { PageHeader } from '../../components/PageHeader';
import { useInstallments } from './api';
import { BucketTag } from './labels';
import { ReceiptDrawer } from './ReceiptDrawer';
import { useDebounced } from '../../components/hooks';

/**
 * Finance's receipt entry (回款登记): find the installments by contract number or customer name, see
 * what is still outstanding on each, and record a receipt against one (each drawer carries its own
 * idempotency key, so a double-submit records once).
 */
export default function ReceiptEntryPage() {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const [search, setSearch] = useState('');
  const [openOnly, setOpenOnly] = useState(true);
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [recording, setRecording] = useState<Installment | null>(null);
  const q = useDebounced(search.trim(), 300);
  const installments = useInstallments({ ...page, q: q || undefined, open: openOnly });
  const columns: ColumnsType<Installment> = [
    {
      title: t('receivables.fields.contract'),
      key: 'contract',
      render: (_, i) => (
        <div>
          <Link to={`/contracts/${i.contractId}`}>{i.contractNumber}</Link>
          {/* Long titles and names are cut (full text on hover) so the outstanding amount, the number a
              cashier needs, shows beside the fixed action column at 1366 px (issue 16). */}
          <Typography.Text type="secondary" ellipsis={{ tooltip: i.contractTitle }} style={{ fontSize: 12, maxWidth: 220 }}>
            {i.contractTitle}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('receivables.fields.customer'),
      key: 'customer',
      render: (_, i) => (
        <Typography.Text ellipsis={{ tooltip: i.customerName }} style={{ maxWidth: 200 }}>
          {i.customerName}
        </Typography.Text>
      ),
    },
    { title: t('receivables.fields.seq'), key: 'seq', render: (_, i) => t('receivables.fields.seqValue', { seq: i.seq }) },
    { title: t('receivables.fields.dueOn'), dataIndex: 'dueOn', key: 'dueOn' },
    { title: t('receivables.fields.amount'), key: 'amount', align: 'right', render: (_, i) => <MoneyText cents={i.amountCents} /> },
    { title: t('receivables.fields.received'), key: 'received', align: 'right', render: (_, i) => <MoneyText cents={i.receivedCents} /> },
    {
      title: t('receivables.fields.outstanding'),
      key: 'outstanding',
      align: 'right',
      render: (_, i) => <MoneyText cents={i.outstandingCents} style={{ fontWeight: 600 }} />,
    },
    {
      title: t('receivables.fields.bucket'),
      key: 'bucket',
      render: (_, i) => (i.outstandingCents > 0 ? <BucketTag bucket={i.bucket} /> : '—'),
    },
    {
      title: '',
      key: 'action',
      fixed: isPhone ? undefined : 'right',
      render: (_, i) =>
        i.abilities.recordReceipt ? (
          <Button
            size="small"
            type="primary"
            icon={<DollarOutlined />}
            onClick={() => setRecording(i)}
            data-testid={`entry-record-${i.contractNumber}-${i.seq}`}
          >
            {t('receivables.entry.record')}
          </Button>
        ) : null,
    },
  ];
  return (
    <>
      <PageHeader title={t('receivables.entry.title')} subtitle={t('receivables.entry.subtitle')} />
      <Card>
        <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            autoFocus
            style={{ maxWidth: 420 }}
            placeholder={t('receivables.entry.search')}
            value={search}
            onChange={(event) => {
              setSearch(event.target.value);
              setPage((p) => ({ ...p, page: 1 }));
            }}
            data-testid="entry-search"
          />
          <Checkbox checked={openOnly} onChange={(event) => setOpenOnly(event.target.checked)}>
            {t('receivables.entry.openOnly')}
          </Checkbox>
        </Flex>
        <DataTable<Installment>
          testId="entry-installments"
          rowKey={(i) => i.id}
          rowTestKey={(i) => `${i.contractNumber}-${i.seq}`}
          data={installments.data}
          loading={installments.isFetching}
          error={installments.error}
          onRetry={() => void installments.refetch()}
          onPageChange={(next, pageSize) => setPage({ page: next, pageSize })}
          columns={columns}
        />
      </Card>
      {recording ? <ReceiptDrawer installment={recording} onClose={() => setRecording(null)} /> : null}
    </>
  );
}
