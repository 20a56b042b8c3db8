import type { ReactNode } from 'react';
import { Button, DatePicker, InputNumber, Segmented, Select } from 'antd';
import { AppstoreOutlined, ClearOutlined, PlusOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { OPPORTUNITY_SORTS, OPPORTUNITY_STAGES, type OpportunitySort } from '@xiaoguan/shared';
import { dayjs } from '../../core/time';
import { useCan } from '../../core/session';
import { PageHeader } from '../../components/PageHeader';
import { useIsPhone } from '../../components/useMediaQuery';
import { activeFilterCount, cents, matching, oneOf, pageOf, setFilters } from '../../components/listParams';
import { useUrlListParams } from '../../components/useUrlListParams';
import { SearchBox } from '../../components/SearchBox';
import { ListFilterBar, useFilterWidth } from '../../components/ListFilterBar';
import { sortColumns, type SortColumns } from '../../components/tableSort';
import { OwnerTeamFilters } from '../org';
import { useProductLines } from '../products';
import { useSeesOthers } from '../../components/useSeesOthers';
import type { OpportunityFilters, OpportunityListParams } from './api';
import { stageOptions } from './labels';

const FILTER_KEYS = [
  'q',
  'ownerId',
  'teamId',
  'customerId',
  'closeMonth',
  'closeFrom',
  'closeTo',
  'amountMin',
  'amountMax',
  'productLineId',
  'stage',
  'open',
] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;

/** Board and list filters (and the list's page and sort) from the URL. */
function readOpportunityParams(search: URLSearchParams, defaultSort: string): OpportunityListParams {
  return {
    ...pageOf(search),
    q: search.get('q') ?? undefined,
    ownerId: search.get('ownerId') ?? undefined,
    teamId: search.get('teamId') ?? undefined,
    customerId: search.get('customerId') ?? undefined,
    closeMonth: matching(MONTH, search.get('closeMonth')),
    closeFrom: matching(DATE, search.get('closeFrom')),
    closeTo: matching(DATE, search.get('closeTo')),
    amountMin: cents(search.get('amountMin')),
    amountMax: cents(search.get('amountMax')),
    productLineId: search.get('productLineId') ?? undefined,
    stage: oneOf(OPPORTUNITY_STAGES, search.get('stage')),
    open: oneOf(['true', 'false'] as const, search.get('open')),
    sort: oneOf(OPPORTUNITY_SORTS, search.get('sort')) ?? (defaultSort as OpportunitySort),
  };
}

/** Board and list filters (and the list's page and sort), kept in the URL. */
export function useOpportunityParams() {
  const { params, update, search } = useUrlListParams(readOpportunityParams, '-updatedAt');
  const boardFilters: OpportunityFilters = setFilters(params, [
    'q',
    'ownerId',
    'teamId',
    'customerId',
    'closeMonth',
    'closeFrom',
    'closeTo',
    'amountMin',
    'amountMax',
    'productLineId',
  ] as const);
  const activeFilters = activeFilterCount(params, FILTER_KEYS);
  return { params, update, boardFilters, activeFilters, search };
}

/** Board ⇄ list, keeping the filters. */
export function ViewSwitch({ view }: { view: 'board' | 'list' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  return (
    <Segmented
      value={view}
      onChange={(next) => {
        const query = new URLSearchParams(search);
        for (const key of ['page', 'pageSize', 'sort', 'stage', 'open']) query.delete(key);
        const text = query.toString();
        navigate(`${next === 'board' ? '/opportunities' : '/opportunities/list'}${text ? `?${text}` : ''}`);
      }}
      options={[
        { value: 'board', label: t('opportunities.views.board'), icon: <AppstoreOutlined /> },
        { value: 'list', label: t('opportunities.views.list'), icon: <UnorderedListOutlined /> },
      ]}
      data-testid="opportunities-view"
    />
  );
}

/** The board's and the list's header: title, board ⇄ list, and a new opportunity for those who may write. */
export function OpportunitiesHeader({ view, onCreate }: { view: 'board' | 'list'; onCreate: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const isPhone = useIsPhone();
  return (
    <PageHeader
      title={t(`opportunities.${view}.title`)}
      subtitle={isPhone ? undefined : t(`opportunities.${view}.subtitle`)}
      extra={
        <>
          <ViewSwitch view={view} />
          {can('opportunities.write') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={onCreate} data-testid="opportunity-create">
              {t('opportunities.board.create')}
            </Button>
          ) : null}
        </>
      }
    />
  );
}

interface FilterBarProps {
  params: OpportunityListParams;
  update: (patch: Partial<OpportunityListParams>) => void;
  activeFilters: number;
  /** The list adds stage, status, close range and amount range; the board filters by close month. */
  mode: 'board' | 'list';
  ownerLabel?: string | null;
  extra?: ReactNode;
}

/** Search, owner and team (for those who see others), close month or range, stage, amount; collapsed on phones. */
export function OpportunityFilterBar({ params, update, activeFilters, mode, ownerLabel, extra }: FilterBarProps) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const seesOthers = useSeesOthers();
  const width = useFilterWidth();
  const yuan = (value: number | undefined) => (value === undefined ? null : value / 100);
  const toCents = (value: number | null) => (value === null || value === undefined ? undefined : Math.round(value * 100));
  const productLines = useProductLines();

  const search = (
    <SearchBox
      value={params.q}
      onSearch={(q) => update({ q })}
      placeholder={t('opportunities.filters.search')}
      style={isPhone ? { flex: 1, minWidth: 0 } : { flex: '1 1 220px', maxWidth: 300 }}
      testId="opportunities-search"
    />
  );

  const selects = (
    <>
      {mode === 'list' ? (
        <>
          <Select
            allowClear
            placeholder={t('opportunities.filters.stage')}
            value={params.stage}
            onChange={(stage) => update({ stage: stage ?? undefined })}
            options={stageOptions(t)}
            style={width(120, 150)}
            data-testid="opportunities-stage"
          />
          <Select
            allowClear
            placeholder={t('opportunities.filters.status')}
            value={params.open}
            onChange={(value) => update({ open: value ?? undefined })}
            options={[
              { value: 'true', label: t('opportunities.filters.open') },
              { value: 'false', label: t('opportunities.filters.closed') },
            ]}
            style={width(100, 130)}
            data-testid="opportunities-open"
          />
        </>
      ) : null}
      {seesOthers ? (
        <OwnerTeamFilters
          ownerId={params.ownerId}
          teamId={params.teamId}
          onChange={update}
          ownerLabel={ownerLabel}
          ownerPlaceholder={t('opportunities.filters.owner')}
          teamPlaceholder={t('opportunities.filters.team')}
          style={width(160, 200)}
          testId="opportunities"
        />
      ) : null}
      {mode === 'board' ? (
        <DatePicker
          picker="month"
          allowClear
          placeholder={t('opportunities.filters.closeMonth')}
          value={params.closeMonth ? dayjs(`${params.closeMonth}-01`) : null}
          onChange={(value) => update({ closeMonth: value ? value.format('YYYY-MM') : undefined })}
          style={width(140, 170)}
          data-testid="opportunities-close-month"
        />
      ) : (
        <>
          <DatePicker.RangePicker
            allowEmpty={[true, true]}
            placeholder={[t('opportunities.filters.closeFrom'), t('opportunities.filters.closeTo')]}
            value={[params.closeFrom ? dayjs(params.closeFrom) : null, params.closeTo ? dayjs(params.closeTo) : null]}
            onChange={(values) => update({ closeFrom: values?.[0]?.format('YYYY-MM-DD'), closeTo: values?.[1]?.format('YYYY-MM-DD') })}
            style={isPhone ? { flex: '1 1 100%' } : { flex: '1 1 240px', maxWidth: 280 }}
            data-testid="opportunities-close-range"
          />
          <InputNumber
            min={0}
            placeholder={t('opportunities.filters.amountMin')}
            value={yuan(params.amountMin)}
            onChange={(value) => update({ amountMin: toCents(value) })}
            style={width(130, 150)}
            data-testid="opportunities-amount-min"
          />
          <InputNumber
            min={0}
            placeholder={t('opportunities.filters.amountMax')}
            value={yuan(params.amountMax)}
            onChange={(value) => update({ amountMax: toCents(value) })}
            style={width(130, 150)}
            data-testid="opportunities-amount-max"
          />
        </>
      )}
      {productLines.data?.length || params.productLineId ? (
        <Select
          allowClear
          placeholder={t('opportunities.filters.productLine')}
          value={params.productLineId}
          onChange={(productLineId) => update({ productLineId: productLineId ?? undefined })}
          options={(productLines.data ?? []).map((line) => ({ value: line.id, label: line.name }))}
          style={width(130, 160)}
          data-testid="opportunities-product-line"
        />
      ) : null}
      {activeFilters ? (
        <Button
          type="link"
          icon={<ClearOutlined />}
          onClick={() =>
            update({
              ownerId: undefined,
              teamId: undefined,
              customerId: undefined,
              closeMonth: undefined,
              closeFrom: undefined,
              closeTo: undefined,
              amountMin: undefined,
              amountMax: undefined,
              productLineId: undefined,
              stage: undefined,
              open: undefined,
            })
          }
        >
          {t('opportunities.filters.clear')}
        </Button>
      ) : null}
    </>
  );

  return (
    <ListFilterBar
      search={search}
      filters={selects}
      activeFilters={activeFilters}
      toggleLabel={t('opportunities.filters.more')}
      extra={extra}
      align="center"
      testId="opportunities"
    />
  );
}

/** Table sorter ⇄ the API's sort. */
export const SORTABLE: SortColumns<OpportunitySort> = sortColumns([
  'name',
  'amount',
  'expectedCloseOn',
  'probability',
  'stage',
  'updatedAt',
] as const);
