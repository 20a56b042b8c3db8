import { useMemo, useState } from 'react';
import { Button, Card, Flex, Segmented, Select } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ORDER_STATUSES } from '@xiaoguan/shared';
import { useCan } from '../../core/session';
import { PageHeader } from '../../components/PageHeader';
import { useIsPhone } from '../../components/useMediaQuery';
import { SearchBox } from '../../components/SearchBox';
import { oneOf, pageOf } from '../../components/listParams';
import { useSeesOthers } from '../../components/useSeesOthers';
import { useOrders, type OrderListParams } from './api';
import { orderStatusOptions } from './labels';
import { OrderDrawer } from './OrderDrawer';
import { OrderTable } from './OrderTable';
import type { OrderRow } from '@xiaoguan/shared';
import { BulkBar, useRowSelection } from '../../components/lists/BulkBar';

/** Orders: "my orders" by default for those who own orders, the scope's orders for the others; filters in the URL. */
export default function OrderListPage() {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const seesOthers = useSeesOthers();
  const [search, setSearch] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const params: OrderListParams = useMemo(() => {
    const status = search.get('status');
    const kind = search.get('kind');
    return {
      ...pageOf(search),
      // Reps see their own orders; managers choose (`scope=mine`).
      mine: seesOthers ? search.get('scope') === 'mine' : true,
      q: search.get('q') ?? undefined,
      status: oneOf(ORDER_STATUSES, status),
      direct: kind === 'direct' ? true : kind === 'contract' ? false : undefined,
    };
  }, [search, seesOthers]);
  const orders = useOrders(params);
  // Ticked rows, for "export selected"; cleared when the filters change.
  const selection = useRowSelection<OrderRow>(JSON.stringify({ ...params, page: undefined, pageSize: undefined }));
  const set = (patch: Record<string, string | number | undefined>, resetPage = true) => {
    const next = new URLSearchParams(search);
    for (const [key, value] of Object.entries({ ...(resetPage ? { page: undefined } : {}), ...patch })) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, String(value));
    }
    setSearch(next, { replace: true });
  };

  return (
    <>
      <PageHeader
        title={params.mine ? t('orders.list.mine') : t('orders.list.title')}
        subtitle={isPhone ? undefined : t('orders.list.subtitle')}
        extra={
          can('orders.write') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="order-create">
              {t('orders.list.createDirect')}
            </Button>
          ) : null
        }
      />
      <Card styles={{ body: { padding: isPhone ? 8 : 12 } }}>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          {seesOthers ? (
            <Segmented
              value={params.mine ? 'mine' : 'all'}
              onChange={(value) => set({ scope: value === 'mine' ? 'mine' : undefined })}
              options={[
                { value: 'all', label: t('orders.list.scopeAll') },
                { value: 'mine', label: t('orders.list.scopeMine') },
              ]}
              data-testid="orders-scope"
            />
          ) : null}
          <SearchBox
            value={params.q}
            onSearch={(q) => set({ q })}
            placeholder={t('orders.list.search')}
            style={{ flex: '1 1 220px', maxWidth: isPhone ? undefined : 280 }}
            testId="orders-search"
          />
          <Select
            allowClear
            placeholder={t('orders.fields.status')}
            value={params.status}
            onChange={(status) => set({ status })}
            options={orderStatusOptions(t)}
            style={{ flex: '1 1 120px', maxWidth: isPhone ? undefined : 150 }}
            data-testid="orders-status"
          />
          <Select
            allowClear
            placeholder={t('orders.list.kind')}
            value={params.direct === undefined ? undefined : params.direct ? 'direct' : 'contract'}
            onChange={(kind) => set({ kind })}
            options={[
              { value: 'contract', label: t('orders.list.kindContract') },
              { value: 'direct', label: t('orders.list.kindDirect') },
            ]}
            style={{ flex: '1 1 120px', maxWidth: isPhone ? undefined : 150 }}
            data-testid="orders-kind"
          />
        </Flex>
        <BulkBar
          selection={selection}
          total={orders.data?.total ?? 0}
          pageRows={orders.data?.items.length ?? 0}
          actions={[]}
          exportSelected={{ path: '/orders/export-selected', fallbackName: 'orders.xlsx' }}
          testId="orders-bulk"
        />
        <OrderTable
          rowSelection={selection.rowSelection}
          testId="orders-table"
          data={orders.data}
          loading={orders.isFetching}
          error={orders.error}
          onRetry={() => void orders.refetch()}
          onPageChange={(page, pageSize) => set({ page, pageSize }, false)}
          columns={
            seesOthers && !params.mine
              ? ['number', 'customer', 'contract', 'owner', 'status', 'amount', 'orderedAt']
              : ['number', 'customer', 'contract', 'status', 'amount', 'orderedAt']
          }
        />
      </Card>
      {creating ? (
        <OrderDrawer
          target={{ kind: 'direct' }}
          onClose={() => setCreating(false)}
          onCreated={(order) => navigate(`/orders/${order.id}`)}
        />
      ) : null}
    </>
  );
}
