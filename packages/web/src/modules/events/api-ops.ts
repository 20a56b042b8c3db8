import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  EventBudget,
  PrepList,
  ReconfirmList,
  ReconfirmOutcome,
  budgetLineInputSchema,
  budgetRevisionInputSchema,
  costInputSchema,
  eventFollowUpListSchema,
  prepTaskCreateSchema,
  prepTaskUpdateSchema,
} from '@xiaoguan/shared';
import { api } from '../../core/api';

export type BudgetLineInput = z.input<typeof budgetLineInputSchema>;
export type CostInput = z.input<typeof costInputSchema>;
export type BudgetRevisionInput = z.input<typeof budgetRevisionInputSchema>;
export type FollowUpList = z.infer<typeof eventFollowUpListSchema>;

export const opsKeys = {
  budget: (id: string) => ['events', 'budget', id] as const,
  prep: (id: string) => ['events', 'prep', id] as const,
  reconfirm: (id: string) => ['events', 'reconfirm', id] as const,
  followUps: (id: string) => ['events', 'follow-ups', id] as const,
};

/** After any write, the event's queries (metrics, budget, lists) reload. */
function useRefresh() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['events'] });
}

export function useEventBudget(id: string) {
  return useQuery({ queryKey: opsKeys.budget(id), queryFn: () => api.get<EventBudget>(`/events/${id}/budget`), retry: false });
}

export function useSaveBudget(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: { lines: BudgetLineInput[]; version?: number }) => api.put<EventBudget>(`/events/${id}/budget`, body),
    onSuccess: refresh,
  });
}

export function useSubmitBudget(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (version: number) => api.post<EventBudget>(`/events/${id}/budget/submit`, { version }),
    onSuccess: refresh,
  });
}

export function useRecordCost(id: string) {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (body: CostInput) => api.post<EventBudget>(`/events/${id}/costs`, body), onSuccess: refresh });
}

export function usePrepList(id: string) {
  return useQuery({ queryKey: opsKeys.prep(id), queryFn: () => api.get<PrepList>(`/events/${id}/prep-tasks`), retry: false });
}

export function useGeneratePrep(id: string) {
  const refresh = useRefresh();
  return useMutation({ mutationFn: () => api.post<PrepList>(`/events/${id}/prep-tasks/generate`), onSuccess: refresh });
}

export function useAddPrepTask(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: z.input<typeof prepTaskCreateSchema>) => api.post<PrepList>(`/events/${id}/prep-tasks`, body),
    onSuccess: refresh,
  });
}

export function useUpdatePrepTask() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: z.input<typeof prepTaskUpdateSchema> }) =>
      api.patch<PrepList>(`/event-prep-tasks/${id}`, body),
    onSuccess: refresh,
  });
}

export function useDeletePrepTask() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) => api.delete<PrepList>(`/event-prep-tasks/${id}?version=${version}`),
    onSuccess: refresh,
  });
}

export function useReconfirmations(id: string) {
  return useQuery({ queryKey: opsKeys.reconfirm(id), queryFn: () => api.get<ReconfirmList>(`/events/${id}/reconfirmations`) });
}

export function useReconfirmOutcome() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, outcome, version, reason }: { id: string; outcome: ReconfirmOutcome; version: number; reason?: string | null }) =>
      api.post<ReconfirmList>(`/event-reconfirmations/${id}/outcome`, { outcome, version, reason }),
    onSuccess: refresh,
  });
}

export function useEventFollowUps(id: string, enabled: boolean) {
  return useQuery({
    queryKey: opsKeys.followUps(id),
    queryFn: () => api.get<FollowUpList>(`/events/${id}/follow-ups`),
    enabled,
    retry: false,
  });
}

/** Asks for a revision of the approved budget (a second approval; the approved budget applies until then). */
export function useReviseBudget(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: BudgetRevisionInput) => api.post<EventBudget>(`/events/${id}/budget/revisions`, body),
    onSuccess: refresh,
  });
}
