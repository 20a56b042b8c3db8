import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AgingGroup,
  AgingReport,
  AgingBucket,
  CollectionsRow,
  ContractReceivables,
  CreditOverride,
  CreditOverrideInput,
  CustomerCredit,
  Installment,
  Invoice,
  OverdueItem,
  Receipt,
  ReceiptMethod,
  ReceivablesSettings,
  ReceivablesSummary,
  WriteOff,
  invoiceInputSchema,
  receiptInputSchema,
  writeOffInputSchema,
} from '@xiaoguan/shared';
import { api, type QueryValue } from '../../core/api';
import type { PageData } from '../../components/DataTable';

export type ReceiptInput = z.output<typeof receiptInputSchema>;
export type InvoiceInput = z.output<typeof invoiceInputSchema>;
export type WriteOffInput = z.output<typeof writeOffInputSchema>;

export interface ReceiptFilters {
  q?: string;
  method?: ReceiptMethod;
  from?: string;
  to?: string;
  contractId?: string;
  customerId?: string;
}

export const receivableKeys = {
  all: ['receivables'] as const,
  summary: ['receivables', 'summary'] as const,
  aging: (groupBy: AgingGroup) => ['receivables', 'aging', groupBy] as const,
  overdue: (params: object) => ['receivables', 'overdue', params] as const,
  installments: (params: object) => ['receivables', 'installments', params] as const,
  receipts: (params: object) => ['receivables', 'receipts', params] as const,
  contract: (id: string) => ['receivables', 'contract', id] as const,
  credit: (customerId: string) => ['receivables', 'credit', customerId] as const,
  overrides: (params: object) => ['receivables', 'credit-overrides', params] as const,
  settings: ['receivables', 'settings'] as const,
  collections: (groupBy: string) => ['receivables', 'collections', groupBy] as const,
};

const toQuery = (params: object) => params as Record<string, QueryValue>;

/** After any receivables change: every list, report, tab and credit card refetches (and the home counts). */
export function useInvalidateReceivables() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: receivableKeys.all }),
      queryClient.invalidateQueries({ queryKey: ['approvals'] }),
    ]);
}

// ---------------------------------------------------------------- overview

export function useReceivablesSummary() {
  return useQuery({ queryKey: receivableKeys.summary, queryFn: () => api.get<ReceivablesSummary>('/receivables/summary') });
}

export function useAging(groupBy: AgingGroup) {
  return useQuery({
    queryKey: receivableKeys.aging(groupBy),
    queryFn: () => api.get<AgingReport>('/receivables/aging', { groupBy, limit: 15 }),
    placeholderData: keepPreviousData,
  });
}

export function useCollections(groupBy: 'month' | 'owner' | 'team') {
  return useQuery({
    queryKey: receivableKeys.collections(groupBy),
    queryFn: () => api.get<CollectionsRow[]>('/receivables/collections', { groupBy }),
  });
}

export interface OverdueParams {
  page: number;
  pageSize: number;
  q?: string;
  bucket?: Exclude<AgingBucket, 'current'>;
}

export function useOverdue(params: OverdueParams) {
  return useQuery({
    queryKey: receivableKeys.overdue(params),
    queryFn: () => api.get<PageData<OverdueItem>>('/receivables/overdue', toQuery(params)),
    placeholderData: keepPreviousData,
  });
}

export function useReceivablesSettings(enabled: boolean) {
  return useQuery({ queryKey: receivableKeys.settings, queryFn: () => api.get<ReceivablesSettings>('/receivables/settings'), enabled });
}

export function useSaveReceivablesSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ReceivablesSettings) => api.put<ReceivablesSettings>('/receivables/settings', body),
    onSuccess: (settings) => queryClient.setQueryData(receivableKeys.settings, settings),
  });
}

// ---------------------------------------------------------------- installments, receipts, invoices, write-offs

export function useInstallments(
  params: { page: number; pageSize: number; q?: string; open?: boolean; contractId?: string },
  enabled = true,
) {
  return useQuery({
    queryKey: receivableKeys.installments(params),
    queryFn: () => api.get<PageData<Installment>>('/installments', toQuery({ ...params, open: params.open ? 'true' : undefined })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useReceipts(params: ReceiptFilters & { page: number; pageSize: number }) {
  return useQuery({
    queryKey: receivableKeys.receipts(params),
    queryFn: () => api.get<PageData<Receipt>>('/receipts', toQuery(params)),
    placeholderData: keepPreviousData,
  });
}

/** Records a receipt; the server answers 201 for a new one and 200 when the idempotency key was seen. */
export function useRecordReceipt() {
  const invalidate = useInvalidateReceivables();
  return useMutation({ mutationFn: (body: ReceiptInput) => api.post<Receipt>('/receipts', body), onSuccess: invalidate });
}

export function useCreateInvoice() {
  const invalidate = useInvalidateReceivables();
  return useMutation({ mutationFn: (body: InvoiceInput) => api.post<Invoice>('/invoices', body), onSuccess: invalidate });
}

export function useRequestWriteOff() {
  const invalidate = useInvalidateReceivables();
  return useMutation({ mutationFn: (body: WriteOffInput) => api.post<WriteOff>('/write-offs', body), onSuccess: invalidate });
}

export function useContractReceivables(contractId: string) {
  return useQuery({
    queryKey: receivableKeys.contract(contractId),
    queryFn: () => api.get<ContractReceivables>(`/contracts/${contractId}/receivables`),
    retry: false,
  });
}

// ---------------------------------------------------------------- credit (R-AR-2)

export function useCustomerCredit(customerId: string, enabled = true) {
  return useQuery({
    queryKey: receivableKeys.credit(customerId),
    queryFn: () => api.get<CustomerCredit>(`/customers/${customerId}/credit`),
    enabled,
    retry: false,
  });
}

export function useSetCreditLimit(customerId: string) {
  const invalidate = useInvalidateReceivables();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { creditLimitCents: number | null; version?: number }) =>
      api.put<CustomerCredit>(`/customers/${customerId}/credit-limit`, body),
    onSuccess: async (credit) => {
      queryClient.setQueryData(receivableKeys.credit(customerId), credit);
      await Promise.all([invalidate(), queryClient.invalidateQueries({ queryKey: ['customers'] })]);
    },
  });
}

export function useCreditOverrides(
  params: { customerId?: string; mine?: boolean; status?: CreditOverride['status']; page: number; pageSize: number },
  enabled = true,
) {
  return useQuery({
    queryKey: receivableKeys.overrides(params),
    queryFn: () => api.get<PageData<CreditOverride>>('/credit-overrides', toQuery({ ...params, mine: params.mine ? 'true' : undefined })),
    enabled,
  });
}

export function useRequestCreditOverride() {
  const invalidate = useInvalidateReceivables();
  return useMutation({
    mutationFn: (body: CreditOverrideInput) => api.post<CreditOverride>('/credit-overrides', body),
    onSuccess: invalidate,
  });
}
