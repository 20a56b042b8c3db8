import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ApprovalPolicy,
  ApprovalRequest,
  ApprovalStatus,
  approvalPolicyInputSchema,
  approvalPolicyUpdateSchema,
  delegationInputSchema,
  delegationSchema,
} from '@xiaoguan/shared';
import { api } from '../../core/api';
import type { PageData } from '../../components/DataTable';

export type ApprovalBox = 'inbox' | 'mine' | 'all';
export type Delegation = z.output<typeof delegationSchema>;
export type DelegationInput = z.output<typeof delegationInputSchema>;
export type PolicyInput = z.output<typeof approvalPolicyInputSchema>;
export type PolicyUpdate = z.output<typeof approvalPolicyUpdateSchema>;

export interface ApprovalListParams {
  box: ApprovalBox;
  status?: ApprovalStatus;
  page: number;
  pageSize: number;
}

export const approvalKeys = {
  all: ['approvals'] as const,
  list: (params: ApprovalListParams) => ['approvals', 'list', params] as const,
  detail: (id: string) => ['approvals', 'detail', id] as const,
  policies: ['approval-policies'] as const,
  delegations: ['approval-delegations'] as const,
};

export function useApprovals(params: ApprovalListParams) {
  return useQuery({
    queryKey: approvalKeys.list(params),
    queryFn: () => api.get<PageData<ApprovalRequest>>('/approvals', { ...params }),
    placeholderData: keepPreviousData,
  });
}

export function useApproval(id: string | undefined) {
  return useQuery({
    queryKey: approvalKeys.detail(id ?? ''),
    queryFn: () => api.get<ApprovalRequest>(`/approvals/${id}`),
    enabled: Boolean(id),
  });
}

/** A decision changes lists, the detail, the home counts and the requester's notifications. */
function useAfterDecision() {
  const queryClient = useQueryClient();
  return (request: ApprovalRequest) => {
    queryClient.setQueryData(approvalKeys.detail(request.id), request);
    return Promise.all([
      queryClient.invalidateQueries({ queryKey: approvalKeys.all }),
      queryClient.invalidateQueries({ queryKey: ['home'] }),
      queryClient.invalidateQueries({ queryKey: ['notifications'] }),
    ]);
  };
}

export function useDecide() {
  const after = useAfterDecision();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; decision: 'approve' | 'reject'; comment?: string; version: number }) =>
      api.post<ApprovalRequest>(`/approvals/${id}/decision`, body),
    onSuccess: after,
  });
}

export function useCancelApproval() {
  const after = useAfterDecision();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) => api.post<ApprovalRequest>(`/approvals/${id}/cancel`, { version }),
    onSuccess: after,
  });
}

export function usePolicies() {
  return useQuery({ queryKey: approvalKeys.policies, queryFn: () => api.get<ApprovalPolicy[]>('/approval-policies') });
}

export function useCreatePolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PolicyInput) => api.post<ApprovalPolicy>('/approval-policies', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: approvalKeys.policies }),
  });
}

export function useUpdatePolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: PolicyUpdate }) => api.patch<ApprovalPolicy>(`/approval-policies/${id}`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: approvalKeys.policies }),
  });
}

export function useDelegations() {
  return useQuery({ queryKey: approvalKeys.delegations, queryFn: () => api.get<Delegation[]>('/approval-delegations') });
}

export function useCreateDelegation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: DelegationInput) => api.post<Delegation[]>('/approval-delegations', body),
    // The server answers with my current delegations.
    onSuccess: (list) => {
      queryClient.setQueryData(approvalKeys.delegations, list);
      return queryClient.invalidateQueries({ queryKey: approvalKeys.all });
    },
  });
}

export function useDeleteDelegation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<{ ok: true }>(`/approval-delegations/${id}`),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: approvalKeys.delegations }),
        queryClient.invalidateQueries({ queryKey: approvalKeys.all }),
      ]),
  });
}
