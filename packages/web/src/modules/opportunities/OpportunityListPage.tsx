import { useMemo, useState } from 'react';
import { Card, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { Opportunity, OpportunityUpdate } from '@xiaoguan/shared';
import { DataTable } from '../../components/DataTable';
import { DateTimeText } from '../../components/DateTimeText';
import { MoneyText } from '../../components/MoneyText';
import { useIsPhone } from '../../components/useMediaQuery';
import { useSeesOthers } from '../../components/useSeesOthers';
import { columnSortOrder, sortFromSorter } from '../../components/tableSort';
import { useOpportunities, useUpdateOpportunity, type OpportunityListParams } from './api';
import { OpportunitiesHeader, OpportunityFilterBar, SORTABLE, useOpportunityParams } from './filters';
import { StageTag } from './labels';
import { OpportunityDrawer } from './OpportunityDrawer';
import { ListViews } from '../../components/lists/SavedViewsBar';
import { InlineDate, InlineMoney } from '../../components/lists/InlineInputs';
import { useRememberedWidths } from '../../components/lists/columnWidths';
import { BulkBar, useRowSelection } from '../../components/lists/BulkBar';

const sortOrder = (sort: OpportunityListParams['sort'], key: string) => columnSortOrder(SORTABLE, sort, key);

/** Every opportunity in the caller's view: server-side filters, paging and sorting. */
export default function OpportunityListPage() {
  const { t } = useTranslation();
  // Issue 16: column widths dragged on the headers, remembered per user.
  const columnWidths = useRememberedWidths('opportunities');
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const seesOthers = useSeesOthers();
  const { params, update, activeFilters } = useOpportunityParams();
  const list = useOpportunities(params);
  const [creating, setCreating] = useState(false);
  // Ticked rows, for "export selected"; cleared when the filters change.
  const selection = useRowSelection<Opportunity>(JSON.stringify({ ...params, page: undefined, pageSize: undefined }));
  // Inline edits go through the opportunity's own update (validation, version, audit, stage gates).
  const updateOpportunity = useUpdateOpportunity();
  const save = (row: Opportunity, body: Omit<OpportunityUpdate, 'version'>) =>
    updateOpportunity.mutateAsync({ id: row.id, body: { version: row.version, ...body } });
  const ownerLabel = useMemo(
    () => list.data?.items.find((item) => item.ownerId === params.ownerId)?.ownerName ?? null,
    [list.data, params.ownerId],
  );

  const columns: ColumnsType<Opportunity> = [
    {
      key: 'name',
      title: t('opportunities.fields.name'),
      sorter: true,
      sortOrder: sortOrder(params.sort, 'name'),
      render: (_, row) => (
        <div style={{ minWidth: 160 }}>
          <Link
            to={`/opportunities/${row.id}`}
            state={{ from: `/opportunities/list${window.location.search}` }}
            style={{ fontWeight: 500 }}
            onClick={(event) => event.stopPropagation()}
          >
            {row.name}
          </Link>
          <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.5)' }}>{row.customerName}</div>
        </div>
      ),
    },
    {
      key: 'stage',
      title: t('opportunities.fields.stage'),
      sorter: true,
      sortOrder: sortOrder(params.sort, 'stage'),
      render: (_, row) => <StageTag stage={row.stage} />,
    },
    {
      key: 'amount',
      title: t('opportunities.fields.amountShort'),
      align: 'right',
      sorter: true,
      sortOrder: sortOrder(params.sort, 'amount'),
      render: (_, row) => (
        <InlineMoney
          cents={row.amountCents}
          field={t('opportunities.fields.amountShort')}
          editable={Boolean(row.abilities.update)}
          onSave={(amountCents) => save(row, { amountCents })}
          onReload={() => void list.refetch()}
          testId={`inline-amount-${row.id}`}
        >
          <MoneyText cents={row.amountCents} />
        </InlineMoney>
      ),
    },
    {
      key: 'probability',
      title: t('opportunities.fields.probability'),
      align: 'right',
      sorter: true,
      sortOrder: sortOrder(params.sort, 'probability'),
      render: (_, row) => `${row.probability}%`,
    },
    {
      key: 'weighted',
      title: t('opportunities.fields.weighted'),
      align: 'right',
      render: (_, row) => <MoneyText cents={row.weightedCents} />,
    },
    {
      key: 'expectedCloseOn',
      title: t('opportunities.fields.expectedCloseOn'),
      sorter: true,
      sortOrder: sortOrder(params.sort, 'expectedCloseOn'),
      render: (_, row) => (
        <InlineDate
          date={row.expectedCloseOn}
          field={t('opportunities.fields.expectedCloseOn')}
          editable={Boolean(row.abilities.update)}
          onSave={(expectedCloseOn) => save(row, { expectedCloseOn })}
          onReload={() => void list.refetch()}
          testId={`inline-close-${row.id}`}
        >
          {row.expectedCloseOn ?? '—'}
        </InlineDate>
      ),
    },
    ...(seesOthers
      ? [
          {
            key: 'owner',
            title: t('opportunities.fields.owner'),
            render: (_: unknown, row: Opportunity) => (
              <div>
                {row.ownerName}
                {row.teamName ? <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.5)' }}>{row.teamName}</div> : null}
              </div>
            ),
          },
        ]
      : []),
    {
      key: 'updatedAt',
      title: t('opportunities.fields.updatedAt'),
      sorter: true,
      sortOrder: sortOrder(params.sort, 'updatedAt'),
      render: (_, row) => <DateTimeText value={row.updatedAt} />,
    },
  ];

  return (
    <>
      <OpportunitiesHeader view="list" onCreate={() => setCreating(true)} />
      <Card styles={{ body: { padding: isPhone ? 8 : 12 } }}>
        <ListViews listKey="opportunities" testId="opportunities-views" />
        <OpportunityFilterBar params={params} update={update} activeFilters={activeFilters} mode="list" ownerLabel={ownerLabel} />
        {list.data?.productLineAmountCents !== undefined ? (
          <Typography.Paragraph type="secondary" style={{ margin: '0 0 8px' }} data-testid="opportunities-product-line-total">
            {t('opportunities.filters.productLineTotal')} <MoneyText cents={list.data.productLineAmountCents} style={{ fontWeight: 600 }} />
          </Typography.Paragraph>
        ) : null}
        <BulkBar
          selection={selection}
          total={list.data?.total ?? 0}
          pageRows={list.data?.items.length ?? 0}
          actions={[]}
          exportSelected={{ path: '/opportunities/export-selected', fallbackName: 'opportunities.xlsx' }}
          testId="opportunities-bulk"
        />
        <DataTable<Opportunity>
          rowSelection={selection.rowSelection}
          columnWidths={columnWidths}
          testId="opportunities-table"
          data={list.data}
          loading={list.isFetching}
          error={list.error}
          onRetry={() => void list.refetch()}
          rowKey={(row) => row.id}
          columns={columns}
          onRowClick={(row) => navigate(`/opportunities/${row.id}`, { state: { from: `/opportunities/list${window.location.search}` } })}
          onPageChange={(page, pageSize) => update({ page, pageSize }, false)}
          onChange={(_pagination, _filters, sorter) => {
            const sort = sortFromSorter(SORTABLE, sorter);
            if (sort !== params.sort) update({ sort });
          }}
        />
      </Card>
      {creating ? (
        <OpportunityDrawer
          state={{ mode: 'create' }}
          onClose={() => setCreating(false)}
          onSaved={(saved) => navigate(`/opportunities/${saved.id}`)}
        />
      ) : null}
    </>
  );
}
