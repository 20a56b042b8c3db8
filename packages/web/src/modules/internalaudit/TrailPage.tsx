import { useState } from 'react';
import { DatePicker, Flex, Input, Select, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { DataTable } from '../../components/DataTable';
import { DateTimeText } from '../../components/DateTimeText';
import { UserSelect } from '../org';
import { useTrail, type TrailEntry } from './api';

/** The confidential-data trail (SPEC §M12): who viewed, revealed or exported customer data, when and from where. */
export default function TrailPage() {
  const { t } = useTranslation();
  const [actorId, setActorId] = useState<string | null>(null);
  const [action, setAction] = useState<string | undefined>();
  const [ip, setIp] = useState('');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [page, setPage] = useState(1);
  const trail = useTrail({
    actorId: actorId ?? undefined,
    action,
    ip: ip.trim() || undefined,
    from: range?.[0]?.format('YYYY-MM-DD'),
    to: range?.[1]?.format('YYYY-MM-DD'),
    page,
  });
  const columns: ColumnsType<TrailEntry> = [
    { title: t('internalaudit.trail.columns.at'), width: 150, render: (_, e) => <DateTimeText value={e.at} /> },
    { title: t('internalaudit.trail.columns.who'), dataIndex: 'actorName', width: 110 },
    {
      title: t('internalaudit.trail.columns.action'),
      width: 100,
      render: (_, e) => <Tag>{t(`internalaudit.trail.actions.${e.action}`)}</Tag>,
    },
    {
      title: t('internalaudit.trail.columns.customer'),
      width: 200,
      render: (_, e) => (e.customerName && e.entityId ? <Link to={`/customers/${e.entityId}`}>{e.customerName}</Link> : (e.summary ?? '—')),
    },
    { title: t('internalaudit.trail.columns.ip'), dataIndex: 'ip', width: 130 },
  ];
  return (
    <>
      <PageHeader
        title={t('internalaudit.trail.title')}
        subtitle={<Typography.Text type="secondary">{t('internalaudit.trail.subtitle')}</Typography.Text>}
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <div style={{ flex: '1 1 180px', maxWidth: 260 }}>
          <UserSelect
            value={actorId}
            onChange={(v) => (setActorId(v), setPage(1))}
            placeholder={t('internalaudit.trail.columns.who')}
            testId="trail-actor"
          />
        </div>
        <Select
          allowClear
          style={{ flex: '1 1 120px', maxWidth: 160 }}
          value={action}
          onChange={(v) => (setAction(v), setPage(1))}
          placeholder={t('internalaudit.trail.columns.action')}
          options={['view', 'reveal', 'export'].map((a) => ({ value: a, label: t(`internalaudit.trail.actions.${a}`) }))}
        />
        <Input
          style={{ flex: '1 1 120px', maxWidth: 160 }}
          value={ip}
          onChange={(e) => (setIp(e.target.value), setPage(1))}
          placeholder={t('internalaudit.trail.columns.ip')}
        />
        <DatePicker.RangePicker style={{ flex: '1 1 220px', maxWidth: 280 }} value={range} onChange={(v) => (setRange(v), setPage(1))} />
      </Flex>
      <DataTable
        data={trail.data}
        loading={trail.isLoading}
        error={trail.error}
        rowKey={(e) => e.id}
        testId="trail"
        columns={columns}
        onPageChange={(p) => setPage(p)}
      />
    </>
  );
}
