import { useMemo, useState } from 'react';
import { Select, Spin } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Product } from '@xiaoguan/shared';
import { api } from '../../core/api';
import type { PageData } from '../../components/DataTable';
import { formatCents } from '../../components/MoneyText';
import { useDebounced } from '../../components/hooks';
import { localName } from '../../core/i18n';

interface ProductSelectProps {
  value?: string;
  onChange?: (value: string | undefined) => void;
  /** Labels of products already chosen, shown before any search. */
  known?: { id: string; name: string }[];
  testId?: string;
}

/** Picks one active product by searching the catalogue (code or name). */
export function ProductSelect({ value, onChange, known = [], testId }: ProductSelectProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const products = useQuery({
    queryKey: ['products', 'pick', q],
    queryFn: () => api.get<PageData<Product>>('/products', { page: 1, pageSize: 20, q: q || undefined, active: 'true' }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  const options = useMemo(() => {
    const list = (products.data?.items ?? []).map((product) => ({
      value: product.id,
      label: `${product.code} · ${localName(product.name, product.nameEn)} · ${formatCents(product.listPriceCents)}/${product.unit}`,
    }));
    for (const item of known) if (!list.some((option) => option.value === item.id)) list.unshift({ value: item.id, label: item.name });
    return list;
  }, [products.data, known]);
  return (
    <Select<string>
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value}
      onChange={(next) => onChange?.(next ?? undefined)}
      options={options}
      placeholder={t('orders.form.productPlaceholder')}
      notFoundContent={products.isFetching ? <Spin size="small" /> : t('common.table.empty')}
      style={{ width: '100%', minWidth: 200 }}
      popupMatchSelectWidth={false}
      data-testid={testId}
    />
  );
}
