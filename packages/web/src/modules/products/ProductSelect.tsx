import { useMemo, useState } from 'react';
import { Select, Spin } from 'antd';
import type { Product } from '@xiaoguan/shared';
import { useTranslation } from 'react-i18next';
import { formatCents } from '../../components/MoneyText';
import { useDebounced } from '../../components/hooks';
import { useProducts } from './api';
import { localName } from '../../core/i18n';

interface ProductSelectProps {
  value?: string | string[];
  onChange?: (value: string | string[] | undefined) => void;
  /** Products already known (e.g. on the quote), so their labels show before any search. */
  known?: readonly Pick<Product, 'id' | 'code' | 'name'>[];
  onPick?: (product: Product | undefined) => void;
  multiple?: boolean;
  placeholder?: string;
  testId?: string;
  size?: 'small' | 'middle';
}

/** Picks products on sale by code or name, searching the catalogue on the server. */
export function ProductSelect({ value, onChange, known = [], onPick, multiple, placeholder, testId, size }: ProductSelectProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const products = useProducts({ page: 1, pageSize: 30, q: q || undefined, active: 'true' });
  const options = useMemo(() => {
    const found = products.data?.items ?? [];
    const extra = known.filter((p) => !found.some((f) => f.id === p.id));
    return [
      ...found.map((p) => ({
        value: p.id,
        label: `${p.code} · ${localName(p.name, p.nameEn)}`,
        title: `${p.code} · ${localName(p.name, p.nameEn)} · ${formatCents(p.listPriceCents)}`,
      })),
      ...extra.map((p) => ({ value: p.id, label: `${p.code} · ${p.name}`, title: p.name })),
    ];
  }, [products.data, known]);
  return (
    <Select<string | string[]>
      mode={multiple ? 'multiple' : undefined}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear
      value={value}
      size={size}
      onChange={(next) => {
        onChange?.(next ?? undefined);
        if (!multiple) onPick?.(products.data?.items.find((p) => p.id === next));
      }}
      options={options}
      placeholder={placeholder ?? t('products.catalogue.search')}
      notFoundContent={products.isFetching ? <Spin size="small" /> : t('common.table.empty')}
      popupMatchSelectWidth={false}
      data-testid={testId}
      style={{ width: '100%', minWidth: 160 }}
    />
  );
}
