import { useMemo, useState } from 'react';
import { Select, Spin } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Role } from '@xiaoguan/shared';
import { useTranslation } from 'react-i18next';
import { useDebounced } from '../../components/hooks';
import { api } from '../../core/api';
import { useUsers } from './api';

interface Option {
  value: string;
  label: string;
}

interface UserSelectProps {
  value?: string | null;
  onChange?: (value: string | null) => void;
  /** The label of the current value, known by the caller (e.g. managerName), shown before any search. */
  initialLabel?: string | null;
  role?: Role;
  /** Users not to offer (e.g. the user being edited cannot be their own manager). */
  excludeIds?: readonly string[];
  placeholder?: string;
  testId?: string;
  /**
   * Lists the users a server route offers instead of /users (which is the caller's own tree): for
   * picks whose rule reaches beyond it, e.g. a handover to another department. The route takes `q`
   * and answers `{ id, displayName, username, unitName }[]`; it enforces the rule, this only shows it.
   */
  source?: { path: string; params?: Record<string, string | undefined> };
}

interface SourcedUser {
  id: string;
  displayName: string;
  username: string;
  unitName: string | null;
}

/** Picks one user by searching /users on the server (within the caller's scope). */
export function UserSelect({ value, onChange, initialLabel, role, excludeIds = [], placeholder, testId, source }: UserSelectProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const users = useUsers({ page: 1, pageSize: 20, q: q || undefined, role }, !source);
  const sourced = useQuery({
    queryKey: ['org', 'user-source', source?.path, source?.params, q],
    queryFn: ({ signal }) => api.get<SourcedUser[]>(source!.path, { ...source!.params, q: q || undefined }, signal),
    placeholderData: keepPreviousData,
    enabled: Boolean(source),
  });
  const options = useMemo(() => {
    const found: SourcedUser[] = source
      ? (sourced.data ?? [])
      : (users.data?.items ?? []).map((user) => ({ id: user.id, displayName: user.displayName, username: user.username, unitName: null }));
    const list: Option[] = found
      .filter((user) => !excludeIds.includes(user.id))
      .map((user) => ({ value: user.id, label: `${user.displayName} (${user.username})${user.unitName ? ` · ${user.unitName}` : ''}` }));
    if (value && initialLabel && !list.some((option) => option.value === value)) list.unshift({ value, label: initialLabel });
    return list;
  }, [source, sourced.data, users.data, excludeIds, value, initialLabel]);
  const fetching = source ? sourced.isFetching : users.isFetching;
  return (
    <Select<string>
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear
      value={value ?? undefined}
      onChange={(next) => onChange?.(next ?? null)}
      options={options}
      placeholder={placeholder}
      notFoundContent={fetching ? <Spin size="small" /> : t('common.table.empty')}
      data-testid={testId}
      style={{ width: '100%' }}
    />
  );
}
