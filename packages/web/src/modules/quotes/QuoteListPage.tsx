import { Button, Card, Flex, Select, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { QUOTE_SORTS, QUOTE_STATUSES, type QuoteSummary } from '@xiaoguan/shared';
import { useCan } from '../../core/session';
import { DataTable } from '../../components/DataTable';
import { DateTimeText } from '../../components/DateTimeText';
import { MoneyText } from '../../components/MoneyText';
import { PageHeader } from '../../components/PageHeader';
import { useIsPhone } from '../../components/useMediaQuery';
import { SearchBox } from '../../components/SearchBox';
import { oneOf, pageOf } from '../../components/listParams';
import { useUrlListParams } from '../../components/useUrlListParams';
import { columnSortOrder, sortColumns, sortFromSorter } from '../../components/tableSort';
import { CustomerSelect } from '../customers';
import { useSeesOthers } from '../../components/useSeesOthers';
import { UserSelect } from '../org';
import { useQuotes, type QuoteListParams, type QuoteSort } from './api';
import { QuoteStatusTag } from './AuthorityBanner';
import { ListViews } from '../../components/lists/SavedViewsBar';
import { useRememberedWidths } from '../../components/lists/columnWidths';
import { BulkBar, useRowSelection } from '../../components/lists/BulkBar';

const SORT_COLUMNS = sortColumns(['number', 'total', 'validUntil', 'updatedAt'] as const);
/** The list's filters, page and sort from the URL. */
function readQuoteParams(search: URLSearchParams, defaultSort: string): QuoteListParams {
  return {
    ...pageOf(search),
    q: search.get('q') ?? undefined,
    status: oneOf(QUOTE_STATUSES, search.get('status')),
    ownerId: search.get('ownerId') ?? undefined,
    customerId: search.get('customerId') ?? undefined,
    opportunityId: search.get('opportunityId') ?? undefined,
    sort: oneOf(QUOTE_SORTS, search.get('sort')) ?? (defaultSort as QuoteSort),
  };
}

/** Quotes in the caller's scope: status, owner, customer (and opportunity, from its page) filters in the URL. */
export default function QuoteListPage() {
  const { t } = useTranslation();
  // Issue 16: column widths dragged on the headers, remembered per user.
  const columnWidths = useRememberedWidths('quotes');
  const can = useCan();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const seesOthers = useSeesOthers();
  const { params, update } = useUrlListParams(readQuoteParams, '-updatedAt');
  const quotes = useQuotes(params);
  // Ticked rows, for "export selected"; cleared when the filters change.
  const selection = useRowSelection<QuoteSummary>(JSON.stringify({ ...params, page: undefined, pageSize: undefined }));
  const sortOrder = (key: string) => columnSortOrder(SORT_COLUMNS, params.sort, key);
  const newQuoteUrl = `/quotes/new${params.customerId || params.opportunityId ? `?${new URLSearchParams(Object.entries({ customerId: params.customerId, opportunityId: params.opportunityId }).filter(([, v]) => v) as [string, string][])}` : ''}`;

  return (
    <>
      <PageHeader
        title={t('quotes.list.title')}
        subtitle={isPhone ? undefined : t('quotes.list.subtitle')}
        extra={
          can('quotes.write') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(newQuoteUrl)} data-testid="quote-create">
              {t('quotes.list.create')}
            </Button>
          ) : null
        }
      />
      <Card styles={{ body: { padding: isPhone ? 8 : 12 } }}>
        <ListViews listKey="quotes" testId="quotes-views" />
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <SearchBox
            value={params.q}
            onSearch={(q) => update({ q })}
            placeholder={t('quotes.list.search')}
            style={{ flex: '1 1 220px', maxWidth: isPhone ? undefined : 300 }}
            testId="quotes-search"
          />
          <Select
            allowClear
            placeholder={t('quotes.fields.status')}
            value={params.status}
            onChange={(status) => update({ status })}
            options={QUOTE_STATUSES.map((status) => ({ value: status, label: t(`quotes.statuses.${status}`) }))}
            style={{ flex: '1 1 140px', maxWidth: isPhone ? undefined : 180 }}
            data-testid="quotes-status-filter"
          />
          <div style={{ flex: '1 1 200px', maxWidth: isPhone ? undefined : 260 }}>
            <CustomerSelect
              value={params.customerId}
              onChange={(customerId) => update({ customerId })}
              placeholder={t('quotes.fields.customer')}
              testId="quotes-customer-filter"
            />
          </div>
          {seesOthers ? (
            <div style={{ flex: '1 1 160px', maxWidth: isPhone ? undefined : 220 }}>
              <UserSelect
                value={params.ownerId ?? null}
                onChange={(ownerId) => update({ ownerId: ownerId ?? undefined })}
                placeholder={t('quotes.fields.owner')}
                testId="quotes-owner-filter"
              />
            </div>
          ) : null}
          {params.opportunityId ? (
            <Tag closable onClose={() => update({ opportunityId: undefined })} style={{ alignSelf: 'center' }}>
              {t('quotes.fields.opportunity')}
            </Tag>
          ) : null}
        </Flex>
        <BulkBar
          selection={selection}
          total={quotes.data?.total ?? 0}
          pageRows={quotes.data?.items.length ?? 0}
          actions={[]}
          exportSelected={{ path: '/quotes/export-selected', fallbackName: 'quotes.xlsx' }}
          testId="quotes-bulk"
        />
        <DataTable<QuoteSummary>
          rowSelection={selection.rowSelection}
          columnWidths={columnWidths}
          testId="quotes-table"
          data={quotes.data}
          loading={quotes.isFetching}
          error={quotes.error}
          onRetry={() => void quotes.refetch()}
          rowKey={(q) => q.id}
          rowTestKey={(q) => q.number}
          onPageChange={(page, pageSize) => update({ page, pageSize })}
          onRowClick={(q) => navigate(`/quotes/${q.id}`)}
          onChange={(_p, _f, sorter) => {
            update({ sort: sortFromSorter(SORT_COLUMNS, sorter, '-updatedAt') });
          }}
          columns={[
            {
              key: 'number',
              title: t('quotes.fields.number'),
              sorter: true,
              sortOrder: sortOrder('number'),
              render: (_, q) => (
                <div>
                  <Typography.Text strong>{q.number}</Typography.Text>
                  {isPhone ? <div style={{ fontSize: 12 }}>{q.customerName}</div> : null}
                </div>
              ),
            },
            { key: 'title', title: t('quotes.fields.title'), dataIndex: 'title', responsive: ['lg'], ellipsis: true },
            { key: 'customer', title: t('quotes.fields.customer'), dataIndex: 'customerName', responsive: ['sm'] },
            ...(seesOthers ? [{ key: 'owner', title: t('quotes.fields.owner'), dataIndex: 'ownerName', responsive: ['md' as const] }] : []),
            {
              key: 'status',
              title: t('quotes.fields.status'),
              render: (_, q) => (
                <Flex gap={4} wrap>
                  <QuoteStatusTag status={q.status} />
                  {q.needsApproval && (q.status === 'draft' || q.status === 'rejected') ? (
                    <Tag color="orange">{t('quotes.list.needsApproval')}</Tag>
                  ) : null}
                </Flex>
              ),
            },
            {
              key: 'total',
              title: t('quotes.fields.total'),
              align: 'right',
              sorter: true,
              sortOrder: sortOrder('total'),
              render: (_, q) => <MoneyText cents={q.totalCents} />,
            },
            {
              key: 'discount',
              title: t('quotes.fields.discount'),
              align: 'right',
              responsive: ['md'],
              render: (_, q) =>
                q.discountCents ? (
                  <span>
                    <MoneyText cents={q.discountCents} />{' '}
                    <Typography.Text type="secondary">({(q.discountBp / 100).toFixed(1)}%)</Typography.Text>
                  </span>
                ) : (
                  '—'
                ),
            },
            {
              key: 'validUntil',
              title: t('quotes.fields.validUntil'),
              dataIndex: 'validUntil',
              sorter: true,
              sortOrder: sortOrder('validUntil'),
              responsive: ['md'],
            },
            {
              key: 'updatedAt',
              title: t('quotes.fields.updatedAt'),
              sorter: true,
              sortOrder: sortOrder('updatedAt'),
              responsive: ['lg'],
              render: (_, q) => <DateTimeText value={q.updatedAt} />,
            },
          ]}
        />
      </Card>
    </>
  );
}
