import { useMemo, useState } from 'react';
import { Select, Spin } from 'antd';
import type { Role } from '@xiaoguan/shared';
import { useTranslation } from 'react-i18next';
import { useDebounced } from '../../components/hooks';
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
}

/** Picks one user by searching /users on the server (within the caller's scope). */
export function UserSelect({ value, onChange, initialLabel, role, excludeIds = [], placeholder, testId }: UserSelectProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const users = useUsers({ page: 1, pageSize: 20, q: q || undefined, role });
  const options = useMemo(() => {
    const list: Option[] = (users.data?.items ?? [])
      .filter((user) => !excludeIds.includes(user.id))
      .map((user) => ({ value: user.id, label: `${user.displayName} (${user.username})` }));
    if (value && initialLabel && !list.some((option) => option.value === value)) list.unshift({ value, label: initialLabel });
    return list;
  }, [users.data, excludeIds, value, initialLabel]);
  return (
    <Select<string>
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear
      value={value ?? undefined}
      onChange={(next) => onChange?.(next ?? null)}
      options={options}
      placeholder={placeholder}
      notFoundContent={users.isFetching ? <Spin size="small" /> : t('common.table.empty')}
      data-testid={testId}
      style={{ width: '100%' }}
    />
  );
}
