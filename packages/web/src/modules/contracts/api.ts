import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Contract,
  ContractAttachment,
  ContractLedger,
  ContractMetricRow,
  ContractSettings,
  ContractStatus,
  ContractTemplate,
  contractCreateSchema,
  contractFromQuoteSchema,
  contractStatusChangeSchema,
  contractTemplateInputSchema,
  contractTemplateUpdateSchema,
  contractUpdateSchema,
  paymentPlanSchema,
  CONTRACT_SORTS,
} from '@xiaoguan/shared';
import { api, type QueryValue } from '../../core/api';

export type ContractCreate = z.input<typeof contractCreateSchema>;
export type ContractFromQuote = z.input<typeof contractFromQuoteSchema>;
export type ContractUpdate = z.input<typeof contractUpdateSchema>;
export type ContractStatusChange = z.input<typeof contractStatusChangeSchema>;
export type PaymentPlan = z.input<typeof paymentPlanSchema>;
export type TemplateInput = z.input<typeof contractTemplateInputSchema>;
export type TemplateUpdate = z.input<typeof contractTemplateUpdateSchema>;
export type ContractSort = (typeof CONTRACT_SORTS)[number];

/** The ledger filters; they live in the page URL so a link (and the export) carries them. */
export interface ContractFilters {
  q?: string;
  status?: ContractStatus;
  ownerId?: string;
  teamId?: string;
  customerId?: string;
  signedFrom?: string;
  signedTo?: string;
  expiringWithinDays?: number;
  /** The reports' channel row and product-line row open the ledger with these (issue 18 item 4). */
  customerSource?: string;
  productLineId?: string;
  sort?: ContractSort;
}

export interface ContractListParams extends ContractFilters {
  page: number;
  pageSize: number;
}

export const contractKeys = {
  all: ['contracts'] as const,
  list: (params: ContractListParams) => ['contracts', 'list', params] as const,
  detail: (id: string) => ['contracts', 'detail', id] as const,
  metrics: (from: string, to: string, groupBy: string) => ['contracts', 'metrics', from, to, groupBy] as const,
  templates: ['contract-templates'] as const,
  settings: ['contract-settings'] as const,
};

/** After anything that changes contracts: the ledger, the contract, orders, customers (lifecycle), home. */
export function useInvalidateContracts() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: contractKeys.all }),
      queryClient.invalidateQueries({ queryKey: ['orders'] }),
      queryClient.invalidateQueries({ queryKey: ['customers'] }),
      queryClient.invalidateQueries({ queryKey: ['receivables'] }),
      queryClient.invalidateQueries({ queryKey: ['approvals'] }),
      queryClient.invalidateQueries({ queryKey: ['home'] }),
    ]);
}

export function useContracts(params: ContractListParams, enabled = true) {
  return useQuery({
    queryKey: contractKeys.list(params),
    queryFn: ({ signal }) => api.get<ContractLedger>('/contracts', params as unknown as Record<string, QueryValue>, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useContract(id: string | undefined) {
  return useQuery({ queryKey: contractKeys.detail(id ?? ''), queryFn: () => api.get<Contract>(`/contracts/${id}`), enabled: Boolean(id) });
}

export function useContractMetrics(from: string, to: string, groupBy: 'month' | 'owner' | 'team') {
  return useQuery({
    queryKey: contractKeys.metrics(from, to, groupBy),
    queryFn: () => api.get<ContractMetricRow[]>('/contracts/metrics', { from, to, groupBy }),
    placeholderData: keepPreviousData,
  });
}

/** Writes that return the contract: the cache gets the new version at once, the rest is refetched. */
function useContractWrite<V>(request: (variables: V) => Promise<Contract>) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateContracts();
  return useMutation({
    mutationFn: request,
    onSuccess: async (contract) => {
      queryClient.setQueryData(contractKeys.detail(contract.id), contract);
      await invalidate();
    },
  });
}

export const useCreateContract = () => useContractWrite((body: ContractCreate) => api.post<Contract>('/contracts', body));
export const useCreateFromQuote = () =>
  useContractWrite(({ quoteId, body }: { quoteId: string; body: ContractFromQuote }) =>
    api.post<Contract>(`/contracts/from-quote/${quoteId}`, body),
  );
export const useUpdateContract = () =>
  useContractWrite(({ id, body }: { id: string; body: ContractUpdate }) => api.patch<Contract>(`/contracts/${id}`, body));
export const useSavePlan = () =>
  useContractWrite(({ id, body }: { id: string; body: PaymentPlan }) => api.put<Contract>(`/contracts/${id}/plan`, body));
export const useSubmitContract = () =>
  useContractWrite(({ id, version, creditOverrideId }: { id: string; version: number; creditOverrideId?: string | null }) =>
    api.post<Contract>(`/contracts/${id}/submit`, { version, creditOverrideId }),
  );
export const useWithdrawContract = () =>
  useContractWrite(({ id, version }: { id: string; version: number }) => api.post<Contract>(`/contracts/${id}/withdraw`, { version }));
export const useChangeContractStatus = () =>
  useContractWrite(({ id, body }: { id: string; body: ContractStatusChange }) => api.post<Contract>(`/contracts/${id}/status`, body));

export const MAX_CONTRACT_FILE_BYTES = 20 * 1024 * 1024;

export function useUploadContractFile(contractId: string) {
  const invalidate = useInvalidateContracts();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return api.upload<ContractAttachment>(`/contracts/${contractId}/attachments`, form);
    },
    onSuccess: invalidate,
  });
}

export function useDeleteContractFile() {
  const invalidate = useInvalidateContracts();
  return useMutation({ mutationFn: (id: string) => api.delete<{ ok: true }>(`/contract-attachments/${id}`), onSuccess: invalidate });
}

// ---------------------------------------------------------------- templates and settings

export function useContractTemplates(enabled = true) {
  return useQuery({
    queryKey: contractKeys.templates,
    queryFn: () => api.get<ContractTemplate[]>('/contract-templates'),
    staleTime: 60_000,
    enabled,
  });
}

function useTemplateWrite<V>(request: (variables: V) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: request, onSuccess: () => queryClient.invalidateQueries({ queryKey: contractKeys.templates }) });
}

export const useCreateTemplate = () => useTemplateWrite((body: TemplateInput) => api.post<ContractTemplate>('/contract-templates', body));
export const useUpdateTemplate = () =>
  useTemplateWrite(({ id, body }: { id: string; body: TemplateUpdate }) => api.patch<ContractTemplate>(`/contract-templates/${id}`, body));
export const useDeleteTemplate = () => useTemplateWrite((id: string) => api.delete<{ ok: true }>(`/contract-templates/${id}`));

export function useContractSettings(enabled = true) {
  return useQuery({
    queryKey: contractKeys.settings,
    queryFn: () => api.get<ContractSettings>('/contract-settings'),
    enabled,
    retry: false,
  });
}

export function useSaveContractSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ContractSettings) => api.put<ContractSettings>('/contract-settings', body),
    onSuccess: (settings) => queryClient.setQueryData(contractKeys.settings, settings),
  });
}
