import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CompetitorDetail, Competitor, Feedback, FeedbackInput, MarketOptions, MarketReport, MarketRollup } from '@xiaoguan/shared';
import { api } from '../../core/api';

export const marketKeys = {
  all: ['market'] as const,
  options: ['market', 'options'] as const,
  feedback: (query: object) => ['market', 'feedback', query] as const,
  competitors: ['market', 'competitors'] as const,
  competitor: (id: string) => ['market', 'competitor', id] as const,
  reports: (query: object) => ['market', 'reports', query] as const,
  report: (id: string) => ['market', 'report', id] as const,
  rollup: (weekStart: string | undefined) => ['market', 'rollup', weekStart ?? ''] as const,
};

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: marketKeys.all });
}

export const useMarketOptions = () =>
  useQuery({
    queryKey: marketKeys.options,
    queryFn: ({ signal }) => api.get<MarketOptions>('/market/options', undefined, signal),
    staleTime: 60_000,
  });
export const useFeedback = (query: { competitorId?: string; customerId?: string } = {}) =>
  useQuery({ queryKey: marketKeys.feedback(query), queryFn: ({ signal }) => api.get<Feedback[]>('/market/feedback', query, signal) });
export const useCompetitors = () =>
  useQuery({ queryKey: marketKeys.competitors, queryFn: ({ signal }) => api.get<Competitor[]>('/market/competitors', undefined, signal) });
export const useCompetitor = (id: string) =>
  useQuery({
    queryKey: marketKeys.competitor(id),
    queryFn: ({ signal }) => api.get<CompetitorDetail>(`/market/competitors/${id}`, undefined, signal),
  });
export const useReports = (query: { q?: string; teamId?: string }) =>
  useQuery({ queryKey: marketKeys.reports(query), queryFn: ({ signal }) => api.get<MarketReport[]>('/market/reports', query, signal) });
export const useReport = (id: string) =>
  useQuery({ queryKey: marketKeys.report(id), queryFn: ({ signal }) => api.get<MarketReport>(`/market/reports/${id}`, undefined, signal) });
export const useRollup = (weekStart: string | undefined, enabled: boolean) =>
  useQuery({
    queryKey: marketKeys.rollup(weekStart),
    queryFn: ({ signal }) => api.get<MarketRollup>('/market/reports/rollup', { weekStart }, signal),
    enabled,
  });

export function useLogFeedback() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (input: FeedbackInput) => api.post<Feedback>('/market/feedback', input), onSuccess: invalidate });
}
export function useCreateCompetitor() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { name: string; strengths?: string; weaknesses?: string; website?: string }) =>
      api.post<CompetitorDetail>('/market/competitors', input),
    onSuccess: invalidate,
  });
}
export function useUpdateCompetitor(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { strengths?: string; weaknesses?: string; version: number }) =>
      api.patch<CompetitorDetail>(`/market/competitors/${id}`, input),
    onSuccess: invalidate,
  });
}
export function useGenerateReports() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { weekStart?: string }) => api.post<MarketReport[]>('/market/reports/generate', input),
    onSuccess: invalidate,
  });
}
export function useSaveReport(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { summary: string; version: number }) => api.patch<MarketReport>(`/market/reports/${id}`, input),
    onSuccess: invalidate,
  });
}
export function usePublishReport(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (version: number) => api.post<MarketReport>(`/market/reports/${id}/publish`, { version }),
    onSuccess: invalidate,
  });
}
