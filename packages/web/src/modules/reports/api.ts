import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ReportArchiveList,
  ReportQuery,
  ReportSubscription,
  ReportSubscriptionInput,
  ReportSubscriptionList,
  SalesReport,
} from '@xiaoguan/shared';
import { api } from '../../core/api';

export const reportKeys = {
  all: ['reports'] as const,
  sales: (query: Partial<ReportQuery>) => ['reports', 'sales', query] as const,
  subscriptions: ['reports', 'subscriptions'] as const,
  archive: ['reports', 'archive'] as const,
};

export function useSalesReport(query: Partial<ReportQuery>) {
  return useQuery({
    queryKey: reportKeys.sales(query),
    queryFn: ({ signal }) => api.get<SalesReport>('/reports/sales', { ...query }, signal),
    placeholderData: (previous) => previous,
  });
}

export function useSubscriptions() {
  return useQuery({ queryKey: reportKeys.subscriptions, queryFn: () => api.get<ReportSubscriptionList>('/reports/subscriptions') });
}

export function useArchive() {
  return useQuery({ queryKey: reportKeys.archive, queryFn: () => api.get<ReportArchiveList>('/reports/archive') });
}

export function useSubscribe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<ReportSubscriptionInput>) => api.post<ReportSubscription>('/reports/subscriptions', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reportKeys.subscriptions }),
  });
}

export function useUnsubscribe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<void>(`/reports/subscriptions/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reportKeys.subscriptions }),
  });
}
