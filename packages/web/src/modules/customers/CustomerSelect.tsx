import { useMemo, useState } from 'react';
import { Select, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCustomers } from './api';
import { useDebounced } from '../../components/hooks';

interface CustomerSelectProps {
  value?: string;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  /** Customers not to offer (e.g. the customer itself when merging). */
  excludeIds?: readonly string[];
  /** Called with the chosen customer's id and version (merge needs the version). */
  onPick?: (customer: { id: string; name: string; version: number } | undefined) => void;
  /** The current value's name, known by the caller, shown before any search finds it. */
  initialLabel?: string | null;
  testId?: string;
}

/** Picks one customer by searching /customers on the server (within the caller's scope). */
export function CustomerSelect({ value, onChange, placeholder, excludeIds = [], onPick, initialLabel, testId }: CustomerSelectProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const customers = useCustomers({ page: 1, pageSize: 20, q: q || undefined, sort: q ? undefined : '-updatedAt' });
  const items = useMemo(
    () => (customers.data?.items ?? []).filter((customer) => !excludeIds.includes(customer.id)),
    [customers.data, excludeIds],
  );
  return (
    <Select<string>
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear
      value={value}
      onChange={(next) => {
        onChange?.(next ?? undefined);
        const picked = items.find((customer) => customer.id === next);
        onPick?.(picked ? { id: picked.id, name: picked.name, version: picked.version } : undefined);
      }}
      options={[
        ...items.map((customer) => ({
          value: customer.id,
          label: customer.ownerName ? `${customer.name} · ${customer.ownerName}` : customer.name,
        })),
        ...(value && initialLabel && !items.some((customer) => customer.id === value) ? [{ value, label: initialLabel }] : []),
      ]}
      placeholder={placeholder}
      notFoundContent={customers.isFetching ? <Spin size="small" /> : t('common.table.empty')}
      data-testid={testId}
      style={{ width: '100%' }}
    />
  );
}
