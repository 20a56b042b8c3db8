import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AuditPlan,
  AuditPlanRow,
  Finding,
  confidentialTrailEntrySchema,
  findingsDashboardSchema,
  sampleRecordSchema,
} from '@xiaoguan/shared';
import { api } from '../../core/api';

export type TrailEntry = z.infer<typeof confidentialTrailEntrySchema>;
export type Dashboard = z.infer<typeof findingsDashboardSchema>;
export type SampleRecord = z.infer<typeof sampleRecordSchema>;

export const auditKeys = {
  all: ['internalaudit'] as const,
  plans: ['internalaudit', 'plans'] as const,
  plan: (id: string) => ['internalaudit', 'plan', id] as const,
  findings: (status?: string) => ['internalaudit', 'findings', status ?? 'all'] as const,
  finding: (id: string) => ['internalaudit', 'finding', id] as const,
  dashboard: ['internalaudit', 'dashboard'] as const,
  trail: (query: Record<string, string | number | undefined>) => ['internalaudit', 'trail', query] as const,
};

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: auditKeys.all });
}

export const usePlans = () =>
  useQuery({ queryKey: auditKeys.plans, queryFn: ({ signal }) => api.get<AuditPlanRow[]>('/internal-audit/plans', undefined, signal) });
export const usePlan = (id: string) =>
  useQuery({ queryKey: auditKeys.plan(id), queryFn: ({ signal }) => api.get<AuditPlan>(`/internal-audit/plans/${id}`, undefined, signal) });
export const useFindings = (status?: 'open' | 'closed') =>
  useQuery({
    queryKey: auditKeys.findings(status),
    queryFn: ({ signal }) => api.get<Finding[]>('/internal-audit/findings', { status }, signal),
  });
export const useFinding = (id: string) =>
  useQuery({
    queryKey: auditKeys.finding(id),
    queryFn: ({ signal }) => api.get<Finding>(`/internal-audit/findings/${id}`, undefined, signal),
  });
export const useDashboard = () =>
  useQuery({ queryKey: auditKeys.dashboard, queryFn: ({ signal }) => api.get<Dashboard>('/internal-audit/dashboard', undefined, signal) });
export const useTrail = (query: Record<string, string | number | undefined>) =>
  useQuery({
    queryKey: auditKeys.trail(query),
    queryFn: ({ signal }) =>
      api.get<{ items: TrailEntry[]; total: number; page: number; pageSize: number }>('/internal-audit/confidential-trail', query, signal),
  });

export function useCreatePlan() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: {
      title: string;
      process: string;
      regionUnitId: string | null;
      periodFrom: string;
      periodTo: string;
      checklist: { text: string }[];
    }) => api.post<AuditPlan>('/internal-audit/plans', input),
    onSuccess: invalidate,
  });
}
export function usePlanAction(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: { path: string; body: unknown; method?: 'post' | 'patch' }) =>
      action.method === 'patch'
        ? api.patch<AuditPlan>(`/internal-audit/plans/${id}`, action.body)
        : api.post<AuditPlan>(`/internal-audit/plans/${id}${action.path}`, action.body),
    onSuccess: (plan) => {
      queryClient.setQueryData(auditKeys.plan(id), plan);
      return queryClient.invalidateQueries({ queryKey: auditKeys.plans });
    },
  });
}
export function useAddFinding(planId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: Record<string, unknown>) => api.post<Finding>(`/internal-audit/plans/${planId}/findings`, input),
    onSuccess: invalidate,
  });
}
export const viewSample = (id: string) => api.get<SampleRecord>(`/internal-audit/samples/${id}`);

/** Every finding action answers with the finding; it replaces the cached one and the lists refresh. */
export function useFindingAction(findingId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: { path: string; body?: unknown; form?: FormData }) =>
      action.form
        ? api.upload<Finding>(`/internal-audit${action.path}`, action.form)
        : api.post<Finding>(`/internal-audit${action.path}`, action.body),
    onSuccess: (finding) => {
      queryClient.setQueryData(auditKeys.finding(findingId), finding);
      return queryClient.invalidateQueries({ queryKey: auditKeys.all, predicate: (q) => q.queryKey[1] !== 'finding' });
    },
  });
}
