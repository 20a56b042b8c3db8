import { useState } from 'react';
import { Card, Checkbox, Select, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LetterStatus, LetterStatusList } from '@xiaoguan/shared';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useTimeZone } from '../../core/session';
import { formatDateTime } from '../../core/time';
import { useLetterStatuses } from './api';

const COLORS: Record<LetterStatus, string> = { none: 'default', pending: 'warning', acknowledged: 'success' };
type Row = LetterStatusList['rows'][number];

/** Who in the caller's scope has acknowledged their responsibility letter, and who not yet. */
export default function LettersPage() {
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const [onlyPending, setOnlyPending] = useState(false);
  const list = useLetterStatuses(year);
  const rows = (list.data?.rows ?? []).filter((row) => !onlyPending || row.status === 'pending');
  const pending = (list.data?.rows ?? []).filter((row) => row.status === 'pending').length;
  return (
    <>
      <PageHeader
        title={t('targets.letters.title')}
        subtitle={list.data ? t('targets.letters.pendingCount', { count: pending }) : undefined}
        extra={
          <>
            <Checkbox checked={onlyPending} onChange={(event) => setOnlyPending(event.target.checked)} data-testid="letters-only-pending">
              {t('targets.letters.onlyPending')}
            </Checkbox>
            <Select
              value={year}
              onChange={setYear}
              options={[-1, 0, 1].map((offset) => ({
                value: new Date().getFullYear() + offset,
                label: String(new Date().getFullYear() + offset),
              }))}
            />
          </>
        }
      />
      <ErrorAlert error={list.error} onReload={() => void list.refetch()} />
      <Card styles={{ body: { padding: 0 } }}>
        <Table<Row>
          rowKey="userId"
          size="small"
          loading={list.isPending}
          dataSource={rows}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          data-testid="letters-table"
          columns={[
            { title: t('targets.letters.person'), dataIndex: 'userName' },
            { title: t('targets.letters.unit'), dataIndex: 'unitName', render: (value: string | null) => value ?? '—' },
            {
              title: t('targets.letters.status'),
              dataIndex: 'status',
              render: (status: LetterStatus, row) => (
                <Tag color={COLORS[status]} data-testid={`letter-status-${row.userId}`}>
                  {t(`targets.letters.statuses.${status}`)}
                </Tag>
              ),
            },
            {
              title: t('targets.letters.acknowledgedAt'),
              dataIndex: 'acknowledgedAt',
              render: (value: string | null) =>
                value ? formatDateTime(value, timeZone) : <Typography.Text type="secondary">—</Typography.Text>,
            },
            // Last: on a phone the status stays in view; the product lines are what scrolls.
            {
              title: t('targets.letters.productLines'),
              dataIndex: 'productLines',
              render: (lines: string[]) =>
                lines.length ? lines.map((name) => <Tag key={name}>{name}</Tag>) : <Typography.Text type="secondary">—</Typography.Text>,
            },
          ]}
        />
      </Card>
    </>
  );
}
