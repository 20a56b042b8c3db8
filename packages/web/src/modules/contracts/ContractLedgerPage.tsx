import { useMemo, useState } from 'react';
import {
  Badge,
  Button,
  Card,
  Col,
  DatePicker,
  Flex,
  Input,
  Row,
  Segmented,
  Select,
  Statistic,
  Table,
  Tooltip,
  TreeSelect,
  Typography,
} from 'antd';
import { ClearOutlined, FilterOutlined, PlusOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { CONTRACT_SORTS, CONTRACT_STATUSES, CUSTOMER_SOURCES, type ContractRow } from '@xiaoguan/shared';
import { apiUrl } from '../../core/api';
import { useCan, useTimeZone } from '../../core/session';
import { dayjs, formatDate } from '../../core/time';
import { Chart, type ChartOption } from '../../components/Chart';
import { DataTable } from '../../components/DataTable';
import { formatCents, MoneyText } from '../../components/MoneyText';
import { PageHeader } from '../../components/PageHeader';
import { ExportMenu } from '../../components/ExportMenu';
import { useIsPhone } from '../../components/useMediaQuery';
import { activeFilterCount, oneOf, pageOf, positive, setFilters } from '../../components/listParams';
import { useUrlListParams } from '../../components/useUrlListParams';
import { columnSortOrder, sortColumns, sortFromSorter, type SortColumns } from '../../components/tableSort';
import { useOrgUnits, unitTreeSelectData, UserSelect } from '../org';
import { useSeesOthers } from '../../components/useSeesOthers';
import { useProductLines } from '../products';
import { useContractMetrics, useContracts, type ContractFilters, type ContractListParams, type ContractSort } from './api';
import { contractStatusOptions, ContractStatusTag } from './labels';
import { ListViews } from '../../components/lists/SavedViewsBar';
import { useRememberedWidths } from '../../components/lists/columnWidths';
import { BulkBar, useRowSelection } from '../../components/lists/BulkBar';

const FILTER_KEYS = [
  'q',
  'status',
  'ownerId',
  'teamId',
  'customerId',
  'signedFrom',
  'signedTo',
  'expiringWithinDays',
  'customerSource',
  'productLineId',
] as const;
const EXPIRING = [30, 60, 90] as const;

/** The ledger's filters, page and sort from the URL. */
function readLedgerParams(search: URLSearchParams, defaultSort: string): ContractListParams {
  const days = positive(search.get('expiringWithinDays'), 0);
  return {
    ...pageOf(search),
    q: search.get('q') ?? undefined,
    status: oneOf(CONTRACT_STATUSES, search.get('status')),
    ownerId: search.get('ownerId') ?? undefined,
    teamId: search.get('teamId') ?? undefined,
    customerId: search.get('customerId') ?? undefined,
    signedFrom: search.get('signedFrom') ?? undefined,
    signedTo: search.get('signedTo') ?? undefined,
    expiringWithinDays: days || undefined,
    customerSource: oneOf(CUSTOMER_SOURCES, search.get('customerSource')),
    productLineId: search.get('productLineId') ?? undefined,
    sort: oneOf(CONTRACT_SORTS, search.get('sort')) ?? (defaultSort as ContractSort),
  };
}

/** The ledger's filters, page and sort, kept in the URL. */
function useLedgerParams() {
  const { params, update } = useUrlListParams(readLedgerParams, '-updatedAt');
  const filters: ContractFilters = setFilters(params, FILTER_KEYS);
  const active = activeFilterCount(params, FILTER_KEYS);
  return { params, update, filters, active };
}

const SORT_COLUMNS: SortColumns<ContractSort> = sortColumns(['number', 'amount', 'signedOn', 'endsOn'] as const);

/** Bookings, deals and 客单价 this year, by month (the caller's scope). */
function BookingsCard() {
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  const year = dayjs().tz(timeZone).year();
  const metrics = useContractMetrics(`${year}-01-01`, `${year}-12-31`, 'month');
  const rows = useMemo(() => metrics.data ?? [], [metrics.data]);
  const sum = rows.reduce(
    (acc, row) => ({
      bookings: acc.bookings + row.bookingsCents,
      deals: acc.deals + row.deals,
      contracts: acc.contracts + row.contracts,
      directOrders: acc.directOrders + row.directOrders,
      revenue: acc.revenue + row.revenueCents,
    }),
    { bookings: 0, deals: 0, contracts: 0, directOrders: 0, revenue: 0 },
  );
  const option: ChartOption = useMemo(
    () => ({
      grid: { left: 8, right: 8, top: 28, bottom: 4, containLabel: true },
      legend: { top: 0, right: 0, itemWidth: 10, itemHeight: 10 },
      tooltip: { trigger: 'axis', valueFormatter: (value) => formatCents(Number(value) * 100) },
      xAxis: { type: 'category', data: rows.map((row) => row.label.slice(5)) },
      yAxis: { type: 'value', axisLabel: { formatter: (value: number) => (value >= 10_000 ? `${value / 10_000}万` : String(value)) } },
      series: [
        {
          type: 'bar',
          name: t('contracts.metrics.bookings'),
          data: rows.map((row) => row.bookingsCents / 100),
          itemStyle: { color: '#1f4fa3' },
        },
        {
          type: 'bar',
          name: t('contracts.metrics.revenue'),
          data: rows.map((row) => row.revenueCents / 100),
          itemStyle: { color: '#52c41a' },
        },
      ],
    }),
    [rows, t],
  );
  return (
    <Card size="small" style={{ marginBottom: 16 }} title={t('contracts.metrics.title', { year })} data-testid="contracts-metrics">
      <Row gutter={[16, 12]}>
        <Col xs={12} md={6}>
          <Statistic title={t('contracts.metrics.bookings')} value={formatCents(sum.bookings)} valueStyle={{ fontSize: 18 }} />
        </Col>
        <Col xs={12} md={6}>
          {/* Issue 16: deals are signed contracts and direct orders; the ledger below counts contracts only. */}
          <Tooltip title={t('contracts.metrics.dealsHelp')}>
            <div data-testid="contracts-metrics-deals">
              <Statistic title={t('contracts.metrics.deals')} value={sum.deals} valueStyle={{ fontSize: 18 }} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('contracts.metrics.dealsSplit', { contracts: sum.contracts, orders: sum.directOrders })}
              </Typography.Text>
            </div>
          </Tooltip>
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('contracts.metrics.average')}
            value={formatCents(sum.deals ? Math.round(sum.bookings / sum.deals) : 0)}
            valueStyle={{ fontSize: 18 }}
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('contracts.metrics.revenue')} value={formatCents(sum.revenue)} valueStyle={{ fontSize: 18 }} />
        </Col>
      </Row>
      {rows.length ? <Chart option={option} height={180} ariaLabel={t('contracts.metrics.title', { year })} /> : null}
    </Card>
  );
}

/** The contract ledger (合同台账): filters in the URL, server paging, totals over the whole filter, export. */
export default function ContractLedgerPage() {
  const { t } = useTranslation();
  // Issue 16: column widths dragged on the headers, remembered per user.
  const columnWidths = useRememberedWidths('contracts');
  const can = useCan();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const timeZone = useTimeZone();
  const seesOthers = useSeesOthers();
  const { params, update, filters, active } = useLedgerParams();
  const ledger = useContracts(params);
  // Ticked rows, for "export selected" (with the export permission); cleared when the filters change.
  const selectable = can('contracts.export');
  const selection = useRowSelection<ContractRow>(JSON.stringify({ ...params, page: undefined, pageSize: undefined }));
  const [open, setOpen] = useState(false);
  const [searchDraft, setSearchDraft] = useState({ for: params.q, text: params.q ?? '' });
  const searchText = searchDraft.for === params.q ? searchDraft.text : (params.q ?? '');
  const units = useOrgUnits();
  const teamOptions = useMemo(() => unitTreeSelectData(units.data ?? [], (unit) => unit.kind === 'department'), [units.data]);
  const exportHref = (format: 'xlsx' | 'csv') =>
    apiUrl('/contracts/export', { format, ...filters, sort: params.sort } as Record<string, string | number | undefined>);
  const sortOf = (key: string) => columnSortOrder(SORT_COLUMNS, params.sort, key);

  const columns: ColumnsType<ContractRow> = [
    {
      title: t('contracts.fields.number'),
      key: 'number',
      sorter: true,
      sortOrder: sortOf('number'),
      fixed: isPhone ? undefined : 'left',
      render: (_, c) => (
        <div style={{ minWidth: 150 }}>
          <Link to={`/contracts/${c.id}`} data-testid={`contract-link-${c.number}`}>
            {c.number}
          </Link>
          <div
            style={{
              fontSize: 12,
              color: 'rgba(0,0,0,0.55)',
              maxWidth: 180,
              overflow: 'hidden',
              textOverflow: 'ellipsis',
              whiteSpace: 'nowrap',
            }}
          >
            {c.title}
          </div>
        </div>
      ),
    },
    {
      title: t('contracts.fields.customer'),
      key: 'customer',
      // Issue 16: sized so the sign and end dates stay on screen at 1366 px; the full name shows on hover.
      width: 200,
      ellipsis: true,
      render: (_, c) => <Link to={`/customers/${c.customerId}`}>{c.customerName}</Link>,
    },
    ...(seesOthers
      ? [
          {
            title: t('contracts.fields.owner'),
            key: 'owner',
            render: (_: unknown, c: ContractRow) => (
              <div style={{ whiteSpace: 'nowrap' }}>
                <div>{c.ownerName ?? '—'}</div>
                {c.teamName ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {c.teamName}
                  </Typography.Text>
                ) : null}
              </div>
            ),
          },
        ]
      : []),
    { title: t('contracts.fields.status'), key: 'status', render: (_, c) => <ContractStatusTag status={c.status} /> },
    {
      title: t('contracts.fields.amount'),
      key: 'amount',
      align: 'right',
      sorter: true,
      sortOrder: sortOf('amount'),
      render: (_, c) => <MoneyText cents={c.amountCents} />,
    },
    { title: t('contracts.fields.received'), key: 'received', align: 'right', render: (_, c) => <MoneyText cents={c.receivedCents} /> },
    {
      title: t('contracts.fields.outstanding'),
      key: 'outstanding',
      align: 'right',
      render: (_, c) => <MoneyText cents={c.outstandingCents} style={c.outstandingCents > 0 ? { color: '#d4380d' } : undefined} />,
    },
    {
      title: t('contracts.fields.signedOn'),
      key: 'signedOn',
      sorter: true,
      sortOrder: sortOf('signedOn'),
      render: (_, c) => c.signedOn ?? '—',
    },
    { title: t('contracts.fields.endsOn'), key: 'endsOn', sorter: true, sortOrder: sortOf('endsOn'), render: (_, c) => c.endsOn ?? '—' },
  ];

  const totals = ledger.data?.totals;
  const productLines = useProductLines();
  const filterControls = (
    <>
      <Select
        allowClear
        placeholder={t('contracts.fields.status')}
        value={params.status}
        onChange={(status) => update({ status: status ?? undefined })}
        options={contractStatusOptions(t)}
        style={{ flex: '1 1 120px', maxWidth: isPhone ? undefined : 150 }}
        data-testid="contracts-status"
      />
      {seesOthers ? (
        <>
          <div style={{ flex: '1 1 160px', maxWidth: isPhone ? undefined : 200 }}>
            <UserSelect
              value={params.ownerId ?? null}
              onChange={(ownerId) => update({ ownerId: ownerId ?? undefined })}
              placeholder={t('contracts.fields.owner')}
              testId="contracts-owner"
            />
          </div>
          <TreeSelect
            allowClear
            treeDefaultExpandAll
            placeholder={t('contracts.fields.team')}
            value={params.teamId}
            onChange={(teamId) => update({ teamId: teamId ?? undefined })}
            treeData={teamOptions}
            style={{ flex: '1 1 160px', maxWidth: isPhone ? undefined : 200 }}
            data-testid="contracts-team"
          />
        </>
      ) : null}
      <DatePicker.RangePicker
        placeholder={[t('contracts.ledger.signedFrom'), t('contracts.ledger.signedTo')]}
        value={params.signedFrom && params.signedTo ? [dayjs(params.signedFrom), dayjs(params.signedTo)] : null}
        onChange={(range) => update({ signedFrom: range?.[0]?.format('YYYY-MM-DD'), signedTo: range?.[1]?.format('YYYY-MM-DD') })}
        style={{ flex: '1 1 240px', maxWidth: isPhone ? undefined : 280 }}
        data-testid="contracts-signed-range"
      />
      <Select
        allowClear
        placeholder={t('contracts.ledger.expiring')}
        value={params.expiringWithinDays}
        onChange={(days) => update({ expiringWithinDays: days ?? undefined })}
        options={EXPIRING.map((days) => ({ value: days, label: t('contracts.ledger.expiringWithin', { days }) }))}
        style={{ flex: '1 1 140px', maxWidth: isPhone ? undefined : 170 }}
        data-testid="contracts-expiring"
      />
      <Select
        allowClear
        placeholder={t('contracts.ledger.customerSource')}
        value={params.customerSource}
        onChange={(customerSource) => update({ customerSource: customerSource ?? undefined })}
        options={CUSTOMER_SOURCES.map((value) => ({ value, label: t(`customers.sources.${value}`) }))}
        style={{ flex: '1 1 130px', maxWidth: isPhone ? undefined : 160 }}
        data-testid="contracts-customer-source"
      />
      {productLines.data?.length || params.productLineId ? (
        <Select
          allowClear
          placeholder={t('contracts.ledger.productLine')}
          value={params.productLineId}
          onChange={(productLineId) => update({ productLineId: productLineId ?? undefined })}
          options={(productLines.data ?? []).map((line) => ({ value: line.id, label: line.name }))}
          style={{ flex: '1 1 130px', maxWidth: isPhone ? undefined : 160 }}
          data-testid="contracts-product-line"
        />
      ) : null}
      {active ? (
        <Button
          icon={<ClearOutlined />}
          onClick={() => update(Object.fromEntries(FILTER_KEYS.filter((key) => key !== 'q').map((key) => [key, undefined])))}
          data-testid="contracts-clear"
        >
          {t('common.actions.reset')}
        </Button>
      ) : null}
    </>
  );

  return (
    <>
      <PageHeader
        title={t('contracts.ledger.title')}
        subtitle={isPhone ? undefined : t('contracts.ledger.subtitle')}
        extra={
          <>
            {can('contracts.export') ? (
              <ExportMenu
                href={exportHref}
                label={t('contracts.ledger.export')}
                xlsxLabel={t('contracts.ledger.exportXlsx')}
                csvLabel={t('contracts.ledger.exportCsv')}
                testId="contracts-export"
              />
            ) : null}
            {can('contracts.write') ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/contracts/new')} data-testid="contract-create">
                {t('contracts.ledger.create')}
              </Button>
            ) : null}
          </>
        }
      />
      <BookingsCard />
      <Card styles={{ body: { padding: isPhone ? 8 : 12 } }}>
        <ListViews listKey="contracts" testId="contracts-views" />
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            placeholder={t('contracts.ledger.search')}
            value={searchText}
            onChange={(event) => {
              setSearchDraft({ for: params.q, text: event.target.value });
              if (!event.target.value) update({ q: undefined });
            }}
            onSearch={(value) => update({ q: value.trim() || undefined })}
            style={isPhone ? { flex: 1, minWidth: 0 } : { flex: '1 1 240px', maxWidth: 300 }}
            data-testid="contracts-search"
          />
          {isPhone ? (
            <Badge count={active} size="small">
              <Button
                icon={<FilterOutlined />}
                onClick={() => setOpen(!open)}
                data-testid="contracts-filters-toggle"
                aria-label={t('contracts.ledger.filters')}
              />
            </Badge>
          ) : (
            filterControls
          )}
        </Flex>
        {isPhone && open ? (
          <Flex gap={8} wrap style={{ marginBottom: 12 }}>
            {filterControls}
          </Flex>
        ) : null}
        {isPhone ? (
          <Segmented
            block
            size="small"
            style={{ marginBottom: 8 }}
            value={params.sort}
            onChange={(sort) => update({ sort: sort as ContractSort })}
            options={(['-updatedAt', '-signedOn', 'endsOn', '-amount'] as const).map((sort) => ({
              value: sort,
              label: t(`contracts.ledger.sorts.${sort}`),
            }))}
          />
        ) : null}
        {selectable ? (
          <BulkBar
            selection={selection}
            total={ledger.data?.total ?? 0}
            pageRows={ledger.data?.items.length ?? 0}
            actions={[]}
            exportSelected={{ path: '/contracts/export-selected', fallbackName: 'contracts.xlsx' }}
            testId="contracts-bulk"
          />
        ) : null}
        <DataTable<ContractRow>
          rowSelection={selectable ? selection.rowSelection : undefined}
          columnWidths={columnWidths}
          testId="contracts-table"
          rowKey={(c) => c.id}
          rowTestKey={(c) => c.number}
          data={ledger.data}
          loading={ledger.isFetching}
          error={ledger.error}
          onRetry={() => void ledger.refetch()}
          columns={columns}
          onPageChange={(page, pageSize) => update({ page, pageSize }, false)}
          onChange={(_pagination, _filters, sorter) => {
            update({ sort: sortFromSorter(SORT_COLUMNS, sorter, '-updatedAt') });
          }}
          summary={() =>
            totals ? (
              <Table.Summary fixed>
                <Table.Summary.Row data-testid="contracts-totals">
                  <Table.Summary.Cell index={0} colSpan={(seesOthers ? 4 : 3) + (selectable ? 1 : 0)}>
                    <Typography.Text strong>{t('contracts.ledger.totals', { count: totals.count })}</Typography.Text>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    <MoneyText cents={totals.amountCents} style={{ fontWeight: 600 }} />
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2} align="right">
                    <MoneyText cents={totals.receivedCents} style={{ fontWeight: 600 }} />
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={3} align="right">
                    <MoneyText cents={totals.outstandingCents} style={{ fontWeight: 600, color: '#d4380d' }} />
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={4} colSpan={2} />
                </Table.Summary.Row>
                {totals.productLineAmountCents !== undefined ? (
                  <Table.Summary.Row data-testid="contracts-product-line-total">
                    <Table.Summary.Cell index={0} colSpan={(seesOthers ? 4 : 3) + (selectable ? 1 : 0)}>
                      <Typography.Text type="secondary">{t('contracts.ledger.productLineTotal')}</Typography.Text>
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={1} align="right">
                      <MoneyText cents={totals.productLineAmountCents} style={{ fontWeight: 600 }} />
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={2} colSpan={4} />
                  </Table.Summary.Row>
                ) : null}
              </Table.Summary>
            ) : null
          }
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('contracts.ledger.asOf', { date: formatDate(new Date(), timeZone) })}
        </Typography.Text>
      </Card>
    </>
  );
}
