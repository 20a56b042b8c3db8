import { useState } from 'react';
import { App, Button, Card, Flex, Popconfirm, Select, Tag, TreeSelect, Typography } from 'antd';
import { ApartmentOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Product } from '@xiaoguan/shared';
import { PRODUCT_SORTS } from '@xiaoguan/shared';
import { useCan } from '../../core/session';
import { DataTable } from '../../components/DataTable';
import { MoneyText } from '../../components/MoneyText';
import { PageHeader } from '../../components/PageHeader';
import { useIsPhone } from '../../components/useMediaQuery';
import { SearchBox } from '../../components/SearchBox';
import { oneOf, pageOf } from '../../components/listParams';
import { useUrlListParams } from '../../components/useUrlListParams';
import { columnSortOrder, sortColumns, sortFromSorter } from '../../components/tableSort';
import { useDeleteProduct, useProductLines, useProducts, type ProductListParams, type ProductSort } from './api';
import { CatalogueDrawer } from './CatalogueDrawer';
import { ProductDrawer } from './ProductDrawer';
import { ListViews } from '../../components/lists/SavedViewsBar';
import { localName } from '../../core/i18n';
import { useRememberedWidths } from '../../components/lists/columnWidths';

const SORT_COLUMNS = sortColumns(['code', 'name', 'listPrice'] as const);
/** The catalogue's filters, page and sort from the URL. */
function readProductParams(search: URLSearchParams, defaultSort: string): ProductListParams {
  return {
    ...pageOf(search),
    q: search.get('q') ?? undefined,
    lineId: search.get('lineId') ?? undefined,
    categoryId: search.get('categoryId') ?? undefined,
    active: oneOf(['true', 'false'] as const, search.get('active')),
    sort: oneOf(PRODUCT_SORTS, search.get('sort')) ?? (defaultSort as ProductSort),
  };
}

/** The catalogue: search, filter by line/category and on-sale, server paging; edit in a drawer with the ladder. */
export default function ProductListPage() {
  const { t } = useTranslation();
  // Issue 16: column widths dragged on the headers, remembered per user.
  const columnWidths = useRememberedWidths('products');
  const { message } = App.useApp();
  const can = useCan();
  const isPhone = useIsPhone();
  const { params, update } = useUrlListParams(readProductParams, 'code');
  const products = useProducts(params);
  const lines = useProductLines();
  const remove = useDeleteProduct();
  const [editing, setEditing] = useState<Product | 'new' | null>(null);
  const [catalogueOpen, setCatalogueOpen] = useState(false);
  const writable = can('products.write');
  const filterValue = params.categoryId ?? (params.lineId ? `line:${params.lineId}` : undefined);
  const treeData = (lines.data ?? []).map((line) => ({
    value: `line:${line.id}`,
    title: line.name,
    children: line.categories.map((c) => ({ value: c.id, title: c.name })),
  }));

  return (
    <>
      <PageHeader
        title={t('products.catalogue.title')}
        subtitle={isPhone ? undefined : t('products.catalogue.subtitle')}
        extra={
          <>
            <Button icon={<ApartmentOutlined />} onClick={() => setCatalogueOpen(true)} data-testid="catalogue-lines">
              {t('products.catalogue.manageLines')}
            </Button>
            {writable ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="product-create">
                {t('products.catalogue.create')}
              </Button>
            ) : null}
          </>
        }
      />
      <Card styles={{ body: { padding: isPhone ? 8 : 12 } }}>
        <ListViews listKey="products" testId="products-views" />
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <SearchBox
            value={params.q}
            onSearch={(q) => update({ q })}
            placeholder={t('products.catalogue.search')}
            style={{ flex: '1 1 220px', maxWidth: isPhone ? undefined : 320 }}
            testId="products-search"
          />
          <TreeSelect
            allowClear
            treeData={treeData}
            treeDefaultExpandAll
            value={filterValue}
            placeholder={t('products.catalogue.allLines')}
            onChange={(value?: string) =>
              update(
                value?.startsWith('line:') ? { lineId: value.slice(5), categoryId: undefined } : { lineId: undefined, categoryId: value },
              )
            }
            style={{ flex: '1 1 180px', maxWidth: isPhone ? undefined : 240 }}
            data-testid="products-line-filter"
          />
          <Select
            allowClear
            value={params.active}
            placeholder={t('products.fields.status')}
            onChange={(active) => update({ active })}
            options={[
              { value: 'true', label: t('products.catalogue.onSale') },
              { value: 'false', label: t('products.catalogue.offSale') },
            ]}
            style={{ flex: '0 1 120px' }}
            data-testid="products-active-filter"
          />
        </Flex>
        <DataTable<Product>
          columnWidths={columnWidths}
          testId="products-table"
          data={products.data}
          loading={products.isFetching}
          error={products.error}
          onRetry={() => void products.refetch()}
          rowKey={(p) => p.id}
          rowTestKey={(p) => p.code}
          onPageChange={(page, pageSize) => update({ page, pageSize })}
          onRowClick={(p) => setEditing(p)}
          onChange={(_pagination, _filters, sorter) => {
            update({ sort: sortFromSorter(SORT_COLUMNS, sorter, 'code') });
          }}
          columns={[
            {
              key: 'code',
              title: t('products.fields.code'),
              dataIndex: 'code',
              sorter: true,
              sortOrder: columnSortOrder(SORT_COLUMNS, params.sort, 'code'),
              width: 120,
            },
            {
              key: 'name',
              title: t('products.fields.name'),
              sorter: true,
              sortOrder: columnSortOrder(SORT_COLUMNS, params.sort, 'name'),
              render: (_, p) => (
                <div style={{ minWidth: 160 }}>
                  {/* The reader's language first; the other name below it, for matching documents in either. */}
                  <div>{localName(p.name, p.nameEn)}</div>
                  {p.nameEn ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      <span lang={localName(p.name, p.nameEn) === p.name ? 'en-US' : 'zh-CN'}>
                        {localName(p.name, p.nameEn) === p.name ? p.nameEn : p.name}
                      </span>
                    </Typography.Text>
                  ) : null}
                </div>
              ),
            },
            {
              key: 'category',
              title: t('products.fields.category'),
              responsive: ['md'],
              render: (_, p) => (p.lineName ? `${p.lineName} / ${p.categoryName}` : '—'),
            },
            { key: 'unit', title: t('products.fields.unit'), dataIndex: 'unit', responsive: ['sm'], width: 70 },
            {
              key: 'listPrice',
              title: t('products.fields.listPrice'),
              align: 'right',
              sorter: true,
              sortOrder: columnSortOrder(SORT_COLUMNS, params.sort, 'listPrice'),
              render: (_, p) => <MoneyText cents={p.listPriceCents} />,
            },
            // Issue 16: floor prices only for those with the field permission (the server sends null to the others).
            ...(can('products.floor')
              ? [
                  {
                    key: 'floorPrice',
                    title: t('products.fields.floorPrice'),
                    align: 'right' as const,
                    responsive: ['sm' as const],
                    render: (_: unknown, p: Product) => <MoneyText cents={p.floorPriceCents} />,
                  },
                ]
              : []),
            {
              key: 'tiers',
              title: t('products.fields.tiers'),
              responsive: ['lg'],
              render: (_, p) =>
                p.tiers.length ? t('products.catalogue.tiersCount', { count: p.tiers.length }) : t('products.catalogue.noTiers'),
            },
            {
              key: 'active',
              title: t('products.fields.status'),
              render: (_, p) =>
                p.active ? <Tag color="green">{t('products.catalogue.onSale')}</Tag> : <Tag>{t('products.catalogue.offSale')}</Tag>,
            },
            ...(writable
              ? [
                  {
                    key: 'actions',
                    title: '',
                    width: 48,
                    render: (_: unknown, p: Product) => (
                      <span onClick={(e) => e.stopPropagation()}>
                        <Popconfirm
                          title={t('products.catalogue.deleteConfirm')}
                          onConfirm={() =>
                            remove.mutate(
                              { id: p.id, version: p.version },
                              { onSuccess: () => message.success(t('common.saved')), onError: (error) => message.error(error.message) },
                            )
                          }
                        >
                          <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('common.actions.delete')} />
                        </Popconfirm>
                      </span>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {editing && writable ? <ProductDrawer product={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} /> : null}
      {catalogueOpen ? <CatalogueDrawer onClose={() => setCatalogueOpen(false)} /> : null}
    </>
  );
}
