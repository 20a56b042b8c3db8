import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ClaimSummary,
  ExpenseAnalysis,
  ExpenseBudget,
  ExpenseClaim,
  ExpenseSettings,
  budgetInputSchema,
  claimInputSchema,
  claimReviewSchema,
} from '@xiaoguan/shared';
import { api, type QueryValue } from '../../core/api';
import type { PageData } from '../../components/DataTable';

export type ClaimInputValues = z.input<typeof claimInputSchema>;
export type BudgetInputValues = z.input<typeof budgetInputSchema>;
export type ClaimReviewValues = z.input<typeof claimReviewSchema>;

export const expenseKeys = {
  all: ['expenses'] as const,
  claims: (params: Record<string, QueryValue>) => ['expenses', 'claims', params] as const,
  claim: (id: string) => ['expenses', 'claim', id] as const,
  budgets: (params: Record<string, QueryValue>) => ['expenses', 'budgets', params] as const,
  analysis: (params: Record<string, QueryValue>) => ['expenses', 'analysis', params] as const,
  settings: ['expense-settings'] as const,
};

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: expenseKeys.all });
}

export function useExpenseSettings() {
  return useQuery({ queryKey: expenseKeys.settings, queryFn: () => api.get<ExpenseSettings>('/expense-settings'), staleTime: 60_000 });
}

export function useClaims(params: { box: 'mine' | 'review' | 'all'; status?: string; page: number; pageSize: number; q?: string }) {
  return useQuery({
    queryKey: expenseKeys.claims(params),
    queryFn: ({ signal }) => api.get<PageData<ClaimSummary>>('/expense-claims', params, signal),
    placeholderData: keepPreviousData,
  });
}

export function useClaim(id: string | undefined) {
  return useQuery({
    queryKey: expenseKeys.claim(id ?? ''),
    queryFn: () => api.get<ExpenseClaim>(`/expense-claims/${id}`),
    enabled: Boolean(id),
  });
}

/** Creates the claim, uploads its invoice photos/PDFs, then submits it (R-EXP-2 may block the submission). */
export function useCreateClaim() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async ({ input, files }: { input: ClaimInputValues; files: File[] }) => {
      const claim = await api.post<ExpenseClaim>('/expense-claims', input);
      for (const file of files) {
        const form = new FormData();
        form.append('file', file);
        await api.upload(`/expense-claims/${claim.id}/files`, form);
      }
      return claim;
    },
    onSettled: invalidate,
  });
}

export function useUploadClaimFile(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file);
      return api.upload(`/expense-claims/${id}/files`, form);
    },
    onSettled: invalidate,
  });
}

export function useClaimAction(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ action, body }: { action: 'submit' | 'review' | 'pay' | 'over-budget'; body: Record<string, unknown> }) =>
      api.post<ExpenseClaim>(`/expense-claims/${id}/${action}`, body),
    onSettled: invalidate,
  });
}

export function useBudgets(params: { year: number }) {
  return useQuery({
    queryKey: expenseKeys.budgets(params),
    queryFn: () => api.get<{ items: ExpenseBudget[]; categories: string[] }>('/expense-budgets', params),
    placeholderData: keepPreviousData,
  });
}

export function useCreateBudget() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: BudgetInputValues) => api.post<ExpenseBudget>('/expense-budgets', input),
    onSettled: invalidate,
  });
}

export function useSubmitBudget() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (budget: { id: string; version: number }) =>
      api.post<ExpenseBudget>(`/expense-budgets/${budget.id}/submit`, { version: budget.version }),
    onSettled: invalidate,
  });
}

export function useExpenseAnalysis(params: { from?: string; to?: string; groupBy: string }) {
  return useQuery({
    queryKey: expenseKeys.analysis(params),
    queryFn: () => api.get<ExpenseAnalysis>('/expense-analysis', params),
    placeholderData: keepPreviousData,
  });
}
