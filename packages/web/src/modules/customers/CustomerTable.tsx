import type { ReactNode } from 'react';
import { Card, Empty, Flex, Pagination, Skeleton, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType, SorterResult, TableRowSelection } from 'antd/es/table/interface';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { CustomerListItem } from '@xiaoguan/shared';
import { DataTable, type PageData } from '../../components/DataTable';
import type { ColumnWidths } from '../../components/lists/columnWidths';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { MoneyText } from '../../components/MoneyText';
import { useIsPhone } from '../../components/useMediaQuery';
import type { CustomerListParams } from './api';
import { sortFrom, sortOrderOf } from './filters';
import { CadenceBadge, KindTag, SegmentTag, StatusTag, TierTag } from './labels';

export function TagList({ tags, max = 3 }: { tags: readonly string[]; max?: number }) {
  if (!tags.length) return <span style={{ color: 'rgba(0,0,0,0.35)' }}>—</span>;
  const shown = tags.slice(0, max);
  return (
    <Flex gap={4} wrap>
      {shown.map((tag) => (
        <Tag key={tag} style={{ marginInlineEnd: 0 }}>
          {tag}
        </Tag>
      ))}
      {tags.length > max ? (
        <Tooltip title={tags.slice(max).join('、')}>
          <Tag style={{ marginInlineEnd: 0 }}>+{tags.length - max}</Tag>
        </Tooltip>
      ) : null}
    </Flex>
  );
}

/** The name cell: a link to the detail page, with what kind of customer it is underneath. */
export function CustomerName({ customer }: { customer: CustomerListItem }) {
  const subtitle = customer.kind === 'organization' ? customer.industry : customer.occupation;
  return (
    <div style={{ minWidth: 140, maxWidth: 220 }}>
      <Link to={`/customers/${customer.id}`} style={{ fontWeight: 500 }} data-testid="customer-link">
        {customer.name}
      </Link>
      {subtitle ? (
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
            {subtitle}
          </Typography.Text>
        </div>
      ) : null}
    </div>
  );
}

export type ColumnKey =
  | 'name'
  | 'kind'
  | 'tier'
  | 'status'
  | 'segment'
  | 'owner'
  | 'team'
  | 'ownerTeam'
  | 'lastContactAt'
  | 'cadence'
  | 'nextFollowUp'
  | 'monetary'
  | 'tags'
  | 'createdAt';

export function useCustomerColumns(keys: readonly ColumnKey[], sort: CustomerListParams['sort']): ColumnsType<CustomerListItem> {
  const { t } = useTranslation();
  const all: Record<ColumnKey, ColumnsType<CustomerListItem>[number]> = {
    name: {
      title: t('customers.fields.name'),
      key: 'name',
      fixed: 'left',
      sorter: true,
      render: (_, customer) => <CustomerName customer={customer} />,
    },
    kind: { title: t('customers.fields.kind'), key: 'kind', render: (_, customer) => <KindTag kind={customer.kind} /> },
    tier: { title: t('customers.fields.tier'), key: 'tier', render: (_, customer) => <TierTag tier={customer.tier} /> },
    status: { title: t('customers.fields.status'), key: 'status', render: (_, customer) => <StatusTag status={customer.status} /> },
    segment: {
      title: t('customers.fields.segment'),
      key: 'segment',
      render: (_, customer) => <SegmentTag segment={customer.rfm.segment} />,
    },
    owner: { title: t('customers.fields.owner'), key: 'owner', render: (_, customer) => customer.ownerName ?? '—' },
    team: { title: t('customers.fields.team'), key: 'team', render: (_, customer) => customer.teamName ?? '—' },
    ownerTeam: {
      title: t('customers.fields.ownerTeam'),
      key: 'ownerTeam',
      render: (_, customer) => (
        <div style={{ whiteSpace: 'nowrap' }}>
          <div>{customer.ownerName ?? '—'}</div>
          {customer.teamName ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {customer.teamName}
            </Typography.Text>
          ) : null}
        </div>
      ),
    },
    lastContactAt: {
      title: t('customers.fields.lastContactAt'),
      key: 'lastContactAt',
      sorter: true,
      render: (_, customer) => <DateTimeText value={customer.lastContactAt} dateOnly />,
    },
    cadence: {
      title: t('customers.fields.cadence'),
      key: 'cadence',
      sorter: true,
      render: (_, customer) => <CadenceBadge customer={customer} />,
    },
    nextFollowUp: {
      title: t('customers.fields.nextFollowUp'),
      key: 'nextFollowUp',
      render: (_, customer) => <DateTimeText value={customer.nextFollowUp?.dueAt} />,
    },
    monetary: {
      title: t('customers.fields.monetary'),
      key: 'monetary',
      sorter: true,
      align: 'right',
      render: (_, customer) => (
        <MoneyText
          cents={customer.rfm.monetaryCents}
          style={customer.rfm.monetaryCents === 0 ? { color: 'rgba(0,0,0,0.35)' } : undefined}
        />
      ),
    },
    // Issue 16: one tag and "+N" (the rest on hover) keep the column narrow enough to stay on screen at 1366 px.
    tags: { title: t('customers.fields.tags'), key: 'tags', render: (_, customer) => <TagList tags={customer.tags} max={1} /> },
    createdAt: {
      title: t('customers.fields.createdAt'),
      key: 'createdAt',
      sorter: true,
      render: (_, customer) => <DateTimeText value={customer.createdAt} dateOnly />,
    },
  };
  return keys.map((key) => {
    const column = all[key];
    return 'sorter' in column && column.sorter ? { ...column, sortOrder: sortOrderOf(sort, key) } : column;
  });
}

/** One customer as a card, for phones. */
function CustomerCard({
  customer,
  actions,
  owner,
}: {
  customer: CustomerListItem;
  actions?: ReactNode;
  owner?: (customer: CustomerListItem) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Card size="small" styles={{ body: { padding: 12 } }} data-testid={`customer-card-${customer.id}`}>
      <Flex justify="space-between" align="flex-start" gap={8}>
        <div style={{ minWidth: 0, flex: 1 }}>
          <CustomerName customer={customer} />
        </div>
        {customer.inPool ? null : <CadenceBadge customer={customer} compact />}
      </Flex>
      <Flex gap={4} wrap style={{ marginTop: 8 }}>
        <TierTag tier={customer.tier} />
        <StatusTag status={customer.status} />
        {customer.rfm.segment ? <SegmentTag segment={customer.rfm.segment} /> : null}
        <KindTag kind={customer.kind} />
      </Flex>
      <Flex justify="space-between" align="center" gap={8} style={{ marginTop: 8, fontSize: 12, color: 'rgba(0,0,0,0.55)' }}>
        <span style={{ minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
          {customer.inPool ? (
            t(`customers.sources.${customer.source}`)
          ) : owner ? (
            <Flex align="center" gap={4} wrap={false} style={{ display: 'inline-flex', maxWidth: '100%' }}>
              {owner(customer)}
              {customer.teamName ? <span>· {customer.teamName}</span> : null}
            </Flex>
          ) : (
            [customer.ownerName, customer.teamName].filter(Boolean).join(' · ')
          )}
        </span>
        <span style={{ whiteSpace: 'nowrap' }}>
          {t('customers.fields.lastContactAt')}
          {t('customers.colon')}
          <DateTimeText value={customer.lastContactAt} dateOnly />
        </span>
      </Flex>
      {actions ? <div style={{ marginTop: 8 }}>{actions}</div> : null}
    </Card>
  );
}

interface CustomerTableProps {
  data: PageData<CustomerListItem> | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  columns: ColumnsType<CustomerListItem>;
  update: (patch: Partial<CustomerListParams>, resetPage?: boolean) => void;
  testId: string;
  empty: ReactNode;
  /** Row actions on phone cards (the table gets them as a column). */
  cardActions?: (customer: CustomerListItem) => ReactNode;
  /** The owner on a phone card (e.g. reassigned in place); the owner's name by default. */
  cardOwner?: (customer: CustomerListItem) => ReactNode;
  /** Ticking rows for bulk actions (useRowSelection). */
  rowSelection?: TableRowSelection<CustomerListItem>;
  /** Widths dragged on the headers (the list's view). */
  columnWidths?: ColumnWidths;
}

/** A server-paged, server-sorted customer table; cards on phones; an empty state of its own. */
export function CustomerTable({
  data,
  loading,
  error,
  onRetry,
  columns,
  update,
  testId,
  empty,
  cardActions,
  cardOwner,
  rowSelection,
  columnWidths,
}: CustomerTableProps) {
  const isPhone = useIsPhone();
  if (data && data.total === 0 && !loading && !error) {
    return (
      <div data-testid={testId} style={{ padding: '32px 0' }}>
        {empty}
      </div>
    );
  }
  if (isPhone) {
    return (
      <div data-testid={testId}>
        <ErrorAlert error={error} onReload={onRetry} />
        {!data && loading ? <Skeleton active /> : null}
        <Flex vertical gap={8} style={{ opacity: loading ? 0.6 : 1 }}>
          {data?.items.map((customer) => (
            <CustomerCard key={customer.id} customer={customer} actions={cardActions?.(customer)} owner={cardOwner} />
          ))}
        </Flex>
        {data && data.total > data.pageSize ? (
          <Flex justify="center" style={{ marginTop: 12 }}>
            <Pagination
              simple
              current={data.page}
              pageSize={data.pageSize}
              total={data.total}
              onChange={(page) => update({ page }, false)}
            />
          </Flex>
        ) : null}
      </div>
    );
  }
  return (
    <DataTable<CustomerListItem>
      testId={testId}
      data={data}
      loading={loading}
      error={error}
      onRetry={onRetry}
      rowKey={(customer) => customer.id}
      columns={columns}
      columnWidths={columnWidths}
      rowSelection={rowSelection}
      onPageChange={(page, pageSize) => update({ page, pageSize }, false)}
      onChange={(_pagination, _filters, sorter, extra) => {
        if (extra.action !== 'sort') return;
        const single = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<CustomerListItem> | undefined;
        update({ sort: sortFrom(single?.columnKey ? String(single.columnKey) : undefined, single?.order) });
      }}
    />
  );
}

export function EmptyState({ title, hint, actions }: { title: string; hint?: string; actions?: ReactNode }) {
  return (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={
        <div>
          <div style={{ fontWeight: 500, color: 'rgba(0,0,0,0.75)' }}>{title}</div>
          {hint ? <Typography.Text type="secondary">{hint}</Typography.Text> : null}
        </div>
      }
    >
      {actions}
    </Empty>
  );
}
