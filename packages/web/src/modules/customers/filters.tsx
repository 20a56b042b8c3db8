import { useMemo, useState } from 'react';
import { Button, Input, Select } from 'antd';
import { ClearOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { CUSTOMER_KINDS, CUSTOMER_SORTS, CUSTOMER_STATUSES, SEGMENTS, TIERS } from '@xiaoguan/shared';
import { useIsPhone } from '../../components/useMediaQuery';
import { activeFilterCount, oneOf, pageOf, setFilters } from '../../components/listParams';
import { useUrlListParams } from '../../components/useUrlListParams';
import { SearchBox } from '../../components/SearchBox';
import { ListFilterBar, useFilterWidth } from '../../components/ListFilterBar';
import { columnSortOrder, sortColumns, sortFromSorter, type SortColumns } from '../../components/tableSort';
import { OwnerTeamFilters } from '../org';
import type { CustomerFilters, CustomerListParams, CustomerSort } from './api';
import { enumOptions } from './labels';

const FILTER_KEYS = [
  'q',
  'tier',
  'segment',
  'status',
  'kind',
  'ownerId',
  'teamId',
  'tag',
  'overdue',
  'poolWarning',
  'createdFrom',
  'createdBefore',
] as const;

/** The list's filters, page and sort from the URL. */
function readCustomerParams(search: URLSearchParams, defaultSort: string): CustomerListParams {
  return {
    ...pageOf(search),
    q: search.get('q') ?? undefined,
    tier: oneOf(TIERS, search.get('tier')),
    segment: oneOf(SEGMENTS, search.get('segment')),
    status: oneOf(CUSTOMER_STATUSES, search.get('status')),
    kind: oneOf(CUSTOMER_KINDS, search.get('kind')),
    ownerId: search.get('ownerId') ?? undefined,
    teamId: search.get('teamId') ?? undefined,
    tag: search.get('tag') ?? undefined,
    overdue: oneOf(['true', 'false'] as const, search.get('overdue')),
    poolWarning: oneOf(['true'] as const, search.get('poolWarning')),
    // New customers in a period (the cockpit's link); no control of their own on the bar.
    createdFrom: search.get('createdFrom') ?? undefined,
    createdBefore: search.get('createdBefore') ?? undefined,
    sort: oneOf(CUSTOMER_SORTS, search.get('sort')) ?? (defaultSort as CustomerSort),
  };
}

/** The list's filters, page and sort, kept in the URL (links and the back button keep them). */
export function useListParams(defaultSort: CustomerSort = '-updatedAt') {
  const { params, update } = useUrlListParams(readCustomerParams, defaultSort);
  const activeFilters = activeFilterCount(params, FILTER_KEYS);
  const filters: CustomerFilters = setFilters(params, FILTER_KEYS);
  return { params, update, activeFilters, filters };
}

interface FilterBarProps {
  params: CustomerListParams;
  update: (patch: Partial<CustomerListParams>) => void;
  activeFilters: number;
  /** Owner and team filters: for those who see more than their own customers. */
  people?: boolean;
  /** The overdue filter (not for the pool: pool customers have no cadence). */
  overdue?: boolean;
  /** The label of the owner filter's current value, when known. */
  ownerLabel?: string | null;
  testId: string;
}

/** Search, then tier, segment, status, kind, (owner, team, overdue), tag; collapsed behind a button on phones. */
export function CustomerFilterBar({ params, update, activeFilters, people = false, overdue = true, ownerLabel, testId }: FilterBarProps) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  // The tag being typed, until applied; a change of the URL (back button, menu) wins over it.
  const [tagDraft, setTagDraft] = useState({ for: params.tag, text: params.tag ?? '' });
  const tagText = tagDraft.for === params.tag ? tagDraft.text : (params.tag ?? '');
  const setTagText = (text: string) => setTagDraft({ for: params.tag, text });
  const options = useMemo(() => enumOptions(t), [t]);
  const width = useFilterWidth();

  const search = (
    <SearchBox
      value={params.q}
      onSearch={(q) => update({ q })}
      placeholder={t('customers.list.search')}
      style={isPhone ? { flex: 1, minWidth: 0 } : { flex: '1 1 240px', maxWidth: 320 }}
      testId={`${testId}-search`}
    />
  );

  const selects = (
    <>
      <Select
        allowClear
        placeholder={t('customers.fields.tier')}
        value={params.tier}
        onChange={(value) => update({ tier: value ?? undefined })}
        options={options.tiers}
        style={width(130, 160)}
        data-testid={`${testId}-tier`}
      />
      <Select
        allowClear
        placeholder={t('customers.fields.status')}
        value={params.status}
        onChange={(value) => update({ status: value ?? undefined })}
        options={options.statuses}
        style={width(110, 140)}
        data-testid={`${testId}-status`}
      />
      <Select
        allowClear
        placeholder={t('customers.fields.segment')}
        value={params.segment}
        onChange={(value) => update({ segment: value ?? undefined })}
        options={options.segments}
        style={width(110, 140)}
        data-testid={`${testId}-segment`}
      />
      <Select
        allowClear
        placeholder={t('customers.fields.kind')}
        value={params.kind}
        onChange={(value) => update({ kind: value ?? undefined })}
        options={options.kinds}
        style={width(100, 130)}
        data-testid={`${testId}-kind`}
      />
      {people ? (
        <OwnerTeamFilters
          ownerId={params.ownerId}
          teamId={params.teamId}
          onChange={update}
          ownerLabel={ownerLabel}
          ownerPlaceholder={t('customers.list.ownerFilter')}
          teamPlaceholder={t('customers.list.teamFilter')}
          style={width(170, 220)}
          testId={testId}
        />
      ) : null}
      {overdue ? (
        <Select
          allowClear
          placeholder={t('customers.list.overdueAll')}
          value={params.overdue}
          onChange={(value) => update({ overdue: value ?? undefined })}
          options={[
            { value: 'true', label: t('customers.list.overdueOnly') },
            { value: 'false', label: t('customers.list.notOverdue') },
          ]}
          style={width(120, 150)}
          data-testid={`${testId}-overdue`}
        />
      ) : null}
      <Input
        allowClear
        placeholder={t('customers.list.tagFilter')}
        value={tagText}
        onChange={(event) => {
          setTagText(event.target.value);
          if (!event.target.value) update({ tag: undefined });
        }}
        onPressEnter={() => update({ tag: tagText.trim() || undefined })}
        onBlur={() => {
          if ((params.tag ?? '') !== tagText.trim()) update({ tag: tagText.trim() || undefined });
        }}
        style={width(110, 140)}
        data-testid={`${testId}-tag`}
      />
      {activeFilters ? (
        <Button
          type="link"
          icon={<ClearOutlined />}
          onClick={() => {
            setTagText('');
            update({
              tier: undefined,
              segment: undefined,
              status: undefined,
              kind: undefined,
              ownerId: undefined,
              teamId: undefined,
              tag: undefined,
              overdue: undefined,
            });
          }}
        >
          {t('customers.list.clearFilters')}
        </Button>
      ) : null}
    </>
  );

  return (
    <ListFilterBar
      search={search}
      filters={selects}
      activeFilters={activeFilters}
      toggleLabel={t('customers.list.filters')}
      testId={testId}
    />
  );
}

/** Table sorter (column key + order) ⇄ the API's `sort` (`name`, `-monetary`, …). */
export const SORTABLE: SortColumns<CustomerSort> = {
  ...sortColumns(['name', 'lastContactAt', 'monetary', 'createdAt'] as const),
  cadence: ['dueAt', '-dueAt'],
};

export function sortOrderOf(sort: CustomerSort | undefined, columnKey: string): 'ascend' | 'descend' | null {
  return columnSortOrder(SORTABLE, sort, columnKey);
}

export function sortFrom(columnKey: string | undefined, order: 'ascend' | 'descend' | null | undefined): CustomerSort | undefined {
  return sortFromSorter(SORTABLE, { columnKey, order });
}
