import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Order,
  OrderRow,
  OrderSettings,
  OrderStatus,
  PricedOrder,
  orderCreateSchema,
  orderPriceQuerySchema,
  orderStatusChangeSchema,
} from '@xiaoguan/shared';
import { api, type QueryValue } from '../../core/api';
import type { PageData } from '../../components/DataTable';

export type OrderCreate = z.input<typeof orderCreateSchema>;
export type OrderPriceQuery = z.input<typeof orderPriceQuerySchema>;
export type OrderStatusChange = z.input<typeof orderStatusChangeSchema>;

export interface OrderListParams {
  page: number;
  pageSize: number;
  mine?: boolean;
  q?: string;
  status?: OrderStatus;
  customerId?: string;
  contractId?: string;
  direct?: boolean;
  sort?: '-orderedAt' | 'orderedAt' | '-amount' | 'amount' | 'number' | '-number';
}

export const orderKeys = {
  all: ['orders'] as const,
  list: (params: OrderListParams) => ['orders', 'list', params] as const,
  detail: (id: string) => ['orders', 'detail', id] as const,
  price: (query: OrderPriceQuery | null) => ['orders', 'price', query] as const,
  settings: ['order-settings'] as const,
};

/** After an order changes: orders, its contract (fulfilment, status), the customer (orders, lifecycle), home. */
export function useInvalidateOrders() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: orderKeys.all }),
      queryClient.invalidateQueries({ queryKey: ['contracts'] }),
      queryClient.invalidateQueries({ queryKey: ['customers'] }),
      queryClient.invalidateQueries({ queryKey: ['receivables'] }),
      queryClient.invalidateQueries({ queryKey: ['home'] }),
    ]);
}

export function useOrders(params: OrderListParams, enabled = true) {
  return useQuery({
    queryKey: orderKeys.list(params),
    queryFn: ({ signal }) =>
      api.get<PageData<OrderRow>>(
        '/orders',
        {
          ...params,
          mine: params.mine ? 'true' : undefined,
          direct: params.direct === undefined ? undefined : String(params.direct),
        } as Record<string, QueryValue>,
        signal,
      ),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useOrder(id: string | undefined) {
  return useQuery({ queryKey: orderKeys.detail(id ?? ''), queryFn: () => api.get<Order>(`/orders/${id}`), enabled: Boolean(id) });
}

/** Live pricing of a direct order while its lines are typed (R-PRC-1 on the server). */
export function useOrderPrice(query: OrderPriceQuery | null) {
  return useQuery({
    queryKey: orderKeys.price(query),
    queryFn: () => api.post<PricedOrder>('/orders/price', query),
    enabled: query !== null,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 30_000,
  });
}

export function useCreateOrder() {
  const invalidate = useInvalidateOrders();
  return useMutation({ mutationFn: (body: OrderCreate) => api.post<Order>('/orders', body), onSuccess: invalidate });
}

export function useChangeOrderStatus() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateOrders();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: OrderStatusChange }) => api.post<Order>(`/orders/${id}/status`, body),
    onSuccess: async (order) => {
      queryClient.setQueryData(orderKeys.detail(order.id), order);
      await invalidate();
    },
  });
}

export function useOrderSettings(enabled = true) {
  return useQuery({ queryKey: orderKeys.settings, queryFn: () => api.get<OrderSettings>('/order-settings'), enabled, retry: false });
}

export function useSaveOrderSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: OrderSettings) => api.put<OrderSettings>('/order-settings', body),
    onSuccess: (settings) => queryClient.setQueryData(orderKeys.settings, settings),
  });
}
