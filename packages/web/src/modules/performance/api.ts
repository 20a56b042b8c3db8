import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  KpiTemplate,
  KpiTemplateInput,
  PerformanceReview,
  ReviewComparison,
  ReviewCycle,
  feedbackInputSchema,
  ratingInputSchema,
  reviewListSchema,
} from '@xiaoguan/shared';
import { api } from '../../core/api';

export type ReviewList = z.infer<typeof reviewListSchema>;
export type ReviewScope = 'mine' | 'team' | 'rate' | 'all';

export const performanceKeys = {
  all: ['performance'] as const,
  list: (scope: ReviewScope, cycleId: string | null) => ['performance', 'reviews', scope, cycleId] as const,
  review: (id: string) => ['performance', 'review', id] as const,
  comparison: (id: string) => ['performance', 'comparison', id] as const,
  templates: ['performance', 'templates'] as const,
  cycles: ['performance', 'cycles'] as const,
};

export function useReviews(scope: ReviewScope, cycleId: string | null = null, enabled = true) {
  return useQuery({
    queryKey: performanceKeys.list(scope, cycleId),
    queryFn: ({ signal }) => api.get<ReviewList>('/performance-reviews', { scope, cycleId: cycleId ?? undefined }, signal),
    enabled,
  });
}

export function useReview(id: string) {
  return useQuery({
    queryKey: performanceKeys.review(id),
    queryFn: ({ signal }) => api.get<PerformanceReview>(`/performance-reviews/${id}`, undefined, signal),
  });
}

export function useComparison(id: string, enabled: boolean) {
  return useQuery({
    queryKey: performanceKeys.comparison(id),
    queryFn: ({ signal }) => api.get<ReviewComparison>(`/performance-reviews/${id}/comparison`, undefined, signal),
    enabled,
  });
}

/** Every write on a review returns the review: put it in the cache and refresh the lists. */
function useReviewWrite<I>(id: string, write: (input: I) => Promise<PerformanceReview>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: (review) => {
      queryClient.setQueryData(performanceKeys.review(review.id), review);
      void queryClient.invalidateQueries({ queryKey: ['performance', 'reviews'] });
      void queryClient.invalidateQueries({ queryKey: performanceKeys.comparison(id) });
    },
  });
}

export const useSetPeers = (id: string) =>
  useReviewWrite(id, (input: { peerIds: string[]; version: number }) =>
    api.put<PerformanceReview>(`/performance-reviews/${id}/peers`, input),
  );
export const useRate = (id: string) =>
  useReviewWrite(id, (input: z.input<typeof ratingInputSchema>) => api.post<PerformanceReview>(`/performance-reviews/${id}/rating`, input));
export const useFeedback = (id: string) =>
  useReviewWrite(id, (input: z.input<typeof feedbackInputSchema>) =>
    api.post<PerformanceReview>(`/performance-reviews/${id}/feedback`, input),
  );
export const useAcknowledge = (id: string) =>
  useReviewWrite(id, (input: { comment: string | null; version: number }) =>
    api.post<PerformanceReview>(`/performance-reviews/${id}/acknowledge`, input),
  );
export const useAppeal = (id: string) =>
  useReviewWrite(id, (input: { itemKey: string; reason: string }) =>
    api.post<PerformanceReview>(`/performance-reviews/${id}/appeals`, input),
  );
export const useDecideAppeal = (id: string) =>
  useReviewWrite(id, (input: { appealId: string; decision: 'upheld' | 'rejected'; note: string; newScore: number | null }) =>
    api.post<PerformanceReview>(`/review-appeals/${input.appealId}/decision`, {
      decision: input.decision,
      note: input.note,
      newScore: input.newScore,
    }),
  );

export function useTemplates(enabled = true) {
  return useQuery({
    queryKey: performanceKeys.templates,
    queryFn: ({ signal }) => api.get<{ rows: KpiTemplate[] }>('/kpi-templates', undefined, signal),
    enabled,
  });
}

export function useSaveTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string | null; version: number | null; template: KpiTemplateInput }) =>
      input.id
        ? api.put<KpiTemplate>(`/kpi-templates/${input.id}`, { template: input.template, version: input.version })
        : api.post<KpiTemplate>('/kpi-templates', input.template),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: performanceKeys.templates }),
  });
}

export function useCycles(enabled = true) {
  return useQuery({
    queryKey: performanceKeys.cycles,
    queryFn: ({ signal }) => api.get<{ rows: ReviewCycle[] }>('/review-cycles', undefined, signal),
    enabled,
  });
}

export function useCycleAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { kind: 'open'; templateId: string; date: string } | { kind: 'compute' | 'close'; id: string; version: number }) =>
      input.kind === 'open'
        ? api.post<ReviewCycle>('/review-cycles', { templateId: input.templateId, date: input.date })
        : input.kind === 'compute'
          ? api.post<ReviewCycle>(`/review-cycles/${input.id}/compute`)
          : api.post<ReviewCycle>(`/review-cycles/${input.id}/close`, { version: input.version }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: performanceKeys.all }),
  });
}
