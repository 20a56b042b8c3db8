import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CommissionPlan,
  CommissionPlanInput,
  CommissionStatement,
  CommissionStatementSummary,
  CommissionSplits,
  Honour,
  IncentiveSettings,
  HonourMetric,
  Leaderboard,
} from '@xiaoguan/shared';
import { api } from '../../core/api';

export const incentiveKeys = {
  all: ['incentives'] as const,
  plans: ['incentives', 'plans'] as const,
  statements: (params: Record<string, string | undefined>) => ['incentives', 'statements', params] as const,
  statement: (id: string) => ['incentives', 'statement', id] as const,
  honours: (period: string) => ['incentives', 'honours', period] as const,
  leaderboard: (period: string, metric: string) => ['incentives', 'leaderboard', period, metric] as const,
  splits: (contractId: string) => ['incentives', 'splits', contractId] as const,
  settings: ['incentives', 'settings'] as const,
};

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: incentiveKeys.all });
}

export function usePlans(enabled = true) {
  return useQuery({ queryKey: incentiveKeys.plans, queryFn: () => api.get<CommissionPlan[]>('/commission-plans'), enabled });
}

export function useSavePlan() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, input, version }: { id?: string; input: CommissionPlanInput; version?: number }) =>
      id ? api.put<CommissionPlan>(`/commission-plans/${id}`, { ...input, version }) : api.post<CommissionPlan>('/commission-plans', input),
    onSuccess: invalidate,
  });
}

export function useRunCommission() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { period: string; planId: string }) =>
      api.post<{ period: string; computed: number; skipped: number }>('/commission-runs', input),
    onSuccess: invalidate,
  });
}

export function useStatements(params: { box: 'mine' | 'review' | 'all'; period?: string }) {
  return useQuery({
    queryKey: incentiveKeys.statements(params),
    queryFn: ({ signal }) => api.get<{ items: CommissionStatementSummary[]; totalCents: number }>('/commission-statements', params, signal),
  });
}

export function useStatement(id: string) {
  return useQuery({ queryKey: incentiveKeys.statement(id), queryFn: () => api.get<CommissionStatement>(`/commission-statements/${id}`) });
}

export function useStatementAction(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ action, body }: { action: 'submit' | 'review'; body: Record<string, unknown> }) =>
      api.post<CommissionStatement>(`/commission-statements/${id}/${action}`, body),
    onSuccess: invalidate,
  });
}

export function useHonours(period: string) {
  return useQuery({ queryKey: incentiveKeys.honours(period), queryFn: () => api.get<Honour[]>('/honours', { period }) });
}

export function useHonourAction() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { propose: string } | { confirm: string; version: number }): Promise<unknown> =>
      'propose' in input
        ? api.post<Honour[]>('/honours/propose', { period: input.propose })
        : api.post<Honour>(`/honours/${input.confirm}/confirm`, { version: input.version }),
    onSuccess: invalidate,
  });
}

export function useLeaderboard(period: string, metric: HonourMetric) {
  return useQuery({
    queryKey: incentiveKeys.leaderboard(period, metric),
    queryFn: () => api.get<Leaderboard>('/leaderboard', { period, metric }),
  });
}

/** Split credit on one deal (R-COM-1): who shares the contract's commission, in basis points. */
export function useSplits(contractId: string) {
  return useQuery({
    queryKey: incentiveKeys.splits(contractId),
    queryFn: () => api.get<CommissionSplits>(`/commission-splits/${contractId}`),
  });
}

export function useSaveSplits(contractId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (splits: { userId: string; shareBp: number }[]) =>
      api.put<CommissionSplits>(`/commission-splits/${contractId}`, { splits }),
    onSuccess: invalidate,
  });
}

/** The honour rules (which award ranks by which figure, from what minimum, on or off). */
export function useIncentiveSettings() {
  return useQuery({ queryKey: incentiveKeys.settings, queryFn: () => api.get<IncentiveSettings>('/incentive-settings') });
}

export function useSaveIncentiveSettings() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (settings: IncentiveSettings) => api.put<IncentiveSettings>('/incentive-settings', settings),
    onSuccess: invalidate,
  });
}
