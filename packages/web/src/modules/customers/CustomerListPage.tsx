import { useMemo, useState } from 'react';
import { Button, Card, Checkbox, Flex, Select, Typography } from 'antd';
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { apiUrl } from '../../core/api';
import { useCan } from '../../core/session';
import { PageHeader } from '../../components/PageHeader';
import { ExportMenu } from '../../components/ExportMenu';
import { useIsPhone } from '../../components/useMediaQuery';
import { useCustomers, type CustomerSort } from './api';
import { CustomerDrawer } from './CustomerDrawer';
import { CustomerTable, EmptyState, useCustomerColumns, type ColumnKey } from './CustomerTable';
import { CustomerFilterBar, useListParams } from './filters';
import { useSeesOthers } from '../../components/useSeesOthers';
import { useListView } from '../../components/lists/useListView';
import { SavedViewsBar } from '../../components/lists/SavedViewsBar';
import { ColumnChooser } from '../../components/lists/ColumnChooser';
import { BulkBar, useRowSelection } from '../../components/lists/BulkBar';
import type { CustomerListItem } from '@xiaoguan/shared';
import { useCustomerBulkActions, useInlineCustomerCells } from './CustomerBulk';

const COLUMN_KEYS: readonly ColumnKey[] = [
  'name',
  'kind',
  'tier',
  'status',
  'segment',
  'owner',
  'team',
  'ownerTeam',
  'lastContactAt',
  'cadence',
  'nextFollowUp',
  'monetary',
  'tags',
  'createdAt',
];
const OWN_COLUMNS: readonly ColumnKey[] = [
  'name',
  'kind',
  'tier',
  'status',
  'segment',
  'lastContactAt',
  'cadence',
  'nextFollowUp',
  'monetary',
  'tags',
];
const TEAM_COLUMNS: readonly ColumnKey[] = [
  'name',
  'kind',
  'tier',
  'status',
  'segment',
  'ownerTeam',
  'lastContactAt',
  'cadence',
  'nextFollowUp',
  'monetary',
  'tags',
];

const MOBILE_SORTS: readonly CustomerSort[] = ['-updatedAt', '-createdAt', 'name', 'dueAt', '-lastContactAt', '-monetary'];

/** All customers within the caller's view: filters, server paging and sorting, export and import. */
export default function CustomerListPage() {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const seesOthers = useSeesOthers();
  const { params, update, activeFilters, filters } = useListParams();
  const customers = useCustomers(params);
  const [creating, setCreating] = useState(false);
  const columnOptions = useMemo(() => COLUMN_KEYS.map((key) => ({ key, title: t(`customers.fields.${key}`) })), [t]);
  const view = useListView('customers', columnOptions, seesOthers ? TEAM_COLUMNS : OWN_COLUMNS);
  const inline = useInlineCustomerCells(() => void customers.refetch());
  const selection = useRowSelection<CustomerListItem>(JSON.stringify(filters));
  const bulk = useCustomerBulkActions(filters);
  // Rows are ticked for a bulk change or for "export selected".
  const selectable = bulk.actions.length > 0 || can('customers.export');
  const columns = useCustomerColumns(view.shown as ColumnKey[], params.sort).map((column) => {
    const key = String(column.key);
    const sized = column;
    if (key === 'tier') return { ...sized, render: (_: unknown, customer: CustomerListItem) => inline.tier(customer) };
    if (key === 'status') return { ...sized, render: (_: unknown, customer: CustomerListItem) => inline.status(customer) };
    if (key === 'owner') return { ...sized, render: (_: unknown, customer: CustomerListItem) => inline.owner(customer) };
    if (key === 'nextFollowUp') return { ...sized, render: (_: unknown, customer: CustomerListItem) => inline.nextFollowUp(customer) };
    if (key === 'ownerTeam')
      return {
        ...sized,
        render: (_: unknown, customer: CustomerListItem) => (
          <div style={{ whiteSpace: 'nowrap' }}>
            <div>{inline.owner(customer)}</div>
            {customer.teamName ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {customer.teamName}
              </Typography.Text>
            ) : null}
          </div>
        ),
      };
    return sized;
  });
  const ownerLabel = useMemo(
    () => customers.data?.items.find((customer) => customer.ownerId === params.ownerId)?.ownerName ?? null,
    [customers.data, params.ownerId],
  );
  const exportHref = (format: 'xlsx' | 'csv') => apiUrl('/customers/export', { format, ...filters, sort: params.sort });
  const filtered = activeFilters > 0 || Boolean(params.q);

  return (
    <>
      <PageHeader
        title={t('customers.list.title')}
        subtitle={isPhone ? undefined : t('customers.list.subtitle')}
        extra={
          <>
            {can('customers.export') ? (
              <ExportMenu
                href={exportHref}
                label={t('customers.list.export')}
                xlsxLabel={t('customers.list.exportXlsx')}
                csvLabel={t('customers.list.exportCsv')}
                hint={t('customers.list.exportHint')}
                testId="customers-export"
              />
            ) : null}
            {can('customers.import') ? (
              <Button icon={<UploadOutlined />} onClick={() => navigate('/customers/import')} data-testid="customers-import">
                {t('customers.list.import')}
              </Button>
            ) : null}
            {can('customers.write') ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="customer-create">
                {t('customers.list.create')}
              </Button>
            ) : null}
          </>
        }
      />
      <Card
        styles={{ body: { padding: isPhone ? 8 : 12 } }}
        variant={isPhone ? 'borderless' : 'outlined'}
        style={isPhone ? { background: 'transparent', boxShadow: 'none' } : undefined}
      >
        <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 8 }}>
          <SavedViewsBar view={view} testId="customers-views" />
          {isPhone ? null : (
            <ColumnChooser
              options={columnOptions}
              visible={view.shown}
              onChange={view.setShown}
              onReset={view.resetColumns}
              onResetWidths={Object.keys(view.widths).length ? view.resetWidths : undefined}
              testId="customers-columns"
            />
          )}
        </Flex>
        <CustomerFilterBar
          params={params}
          update={update}
          activeFilters={activeFilters}
          people={seesOthers}
          ownerLabel={ownerLabel}
          testId="customers"
        />
        {isPhone ? (
          <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {customers.data
                ? t('common.table.total', { total: customers.data.capped ? `${customers.data.total}+` : customers.data.total })
                : null}
            </Typography.Text>
            <Select
              size="small"
              variant="borderless"
              value={MOBILE_SORTS.includes(params.sort ?? '-updatedAt') ? params.sort : undefined}
              placeholder={t('customers.list.mobileSort')}
              onChange={(sort) => update({ sort })}
              options={MOBILE_SORTS.map((sort) => ({ value: sort, label: t(`customers.list.sorts.${sort}`) }))}
              popupMatchSelectWidth={false}
              data-testid="customers-mobile-sort"
            />
          </Flex>
        ) : null}
        {selectable ? (
          <BulkBar
            selection={selection}
            total={customers.data?.total ?? 0}
            pageRows={customers.data?.items.length ?? 0}
            actions={bulk.actions}
            run={bulk.run}
            exportSelected={can('customers.export') ? { path: '/customers/export-selected', fallbackName: 'customers.xlsx' } : undefined}
            testId="customers-bulk"
          />
        ) : null}
        <CustomerTable
          testId="customers-table"
          data={customers.data}
          loading={customers.isFetching}
          error={customers.error}
          onRetry={() => void customers.refetch()}
          columns={columns}
          update={update}
          rowSelection={selectable ? selection.rowSelection : undefined}
          columnWidths={view.columnWidths}
          // The owner on a phone card, reassigned in place where the caller may assign (as in the table).
          cardOwner={(customer) => (customer.abilities.assign ? inline.owner(customer) : (customer.ownerName ?? '—'))}
          cardActions={(customer) => (
            <Flex justify="space-between" align="center">
              {selectable ? (
                <Checkbox
                  checked={selection.allMatching || selection.ids.includes(customer.id)}
                  onChange={(event) => selection.toggle(customer.id, event.target.checked)}
                  aria-label={customer.name}
                  data-testid={`customer-card-select-${customer.id}`}
                />
              ) : (
                <span />
              )}
              <Flex gap={8} align="center">
                {inline.nextFollowUp(customer)}
                {inline.tier(customer)}
              </Flex>
            </Flex>
          )}
          empty={
            filtered ? (
              <EmptyState title={t('customers.list.emptyFiltered')} />
            ) : (
              <EmptyState
                title={t('customers.list.empty')}
                hint={t('customers.list.emptyHint')}
                actions={
                  <Flex gap={8} justify="center">
                    {can('customers.write') ? (
                      <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                        {t('customers.list.create')}
                      </Button>
                    ) : null}
                    {can('customers.import') ? (
                      <Button icon={<UploadOutlined />} onClick={() => navigate('/customers/import')}>
                        {t('customers.list.import')}
                      </Button>
                    ) : null}
                  </Flex>
                }
              />
            )
          }
        />
      </Card>
      {creating ? (
        <CustomerDrawer
          state={{ mode: 'create' }}
          onClose={() => setCreating(false)}
          onSaved={(customer) => navigate(`/customers/${customer.id}`)}
        />
      ) : null}
    </>
  );
}
