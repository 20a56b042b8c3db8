import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Quote,
  QuotePreview,
  QuoteRevision,
  QuoteSettings,
  QuoteStatus,
  QuoteSummary,
  quoteCreateSchema,
  quoteUpdateSchema,
  quotePreviewInputSchema,
  QUOTE_SORTS,
} from '@xiaoguan/shared';
import { api, type QueryValue } from '../../core/api';
import type { PageData } from '../../components/DataTable';

export type QuoteCreate = z.input<typeof quoteCreateSchema>;
export type QuoteUpdate = z.input<typeof quoteUpdateSchema>;
export type QuotePreviewInput = z.input<typeof quotePreviewInputSchema>;
export type QuoteSort = (typeof QUOTE_SORTS)[number];

export interface QuoteListParams {
  page: number;
  pageSize: number;
  q?: string;
  status?: QuoteStatus;
  ownerId?: string;
  customerId?: string;
  opportunityId?: string;
  sort?: QuoteSort;
}

export const quoteKeys = {
  all: ['quotes'] as const,
  list: (params: QuoteListParams) => ['quotes', 'list', params] as const,
  detail: (id: string) => ['quotes', 'detail', id] as const,
  revisions: (id: string) => ['quotes', 'revisions', id] as const,
  preview: (input: QuotePreviewInput | null) => ['quotes', 'preview', input] as const,
  settings: ['quotes', 'settings'] as const,
};

/** After anything that changes a quote: lists, details, approvals and the home counts. */
function useInvalidateQuotes() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: quoteKeys.all }),
      queryClient.invalidateQueries({ queryKey: ['approvals'] }),
      queryClient.invalidateQueries({ queryKey: ['home'] }),
    ]);
}

export function useQuotes(params: QuoteListParams) {
  return useQuery({
    queryKey: quoteKeys.list(params),
    queryFn: ({ signal }) => api.get<PageData<QuoteSummary>>('/quotes', params as unknown as Record<string, QueryValue>, signal),
    placeholderData: keepPreviousData,
  });
}

export function useQuote(id: string | undefined) {
  return useQuery({ queryKey: quoteKeys.detail(id ?? ''), queryFn: () => api.get<Quote>(`/quotes/${id}`), enabled: Boolean(id) });
}

export function useQuoteRevisions(id: string) {
  return useQuery({ queryKey: quoteKeys.revisions(id), queryFn: () => api.get<QuoteRevision[]>(`/quotes/${id}/revisions`) });
}

/** The builder's live prices and R-QUO-1 verdict, computed by the server from what is typed. */
export function useQuotePreview(input: QuotePreviewInput | null) {
  return useQuery({
    queryKey: quoteKeys.preview(input),
    queryFn: () => api.post<QuotePreview>('/quotes/authority-preview', input),
    enabled: input !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useSaveQuote() {
  const invalidate = useInvalidateQuotes();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: QuoteCreate | QuoteUpdate }) =>
      id ? api.patch<Quote>(`/quotes/${id}`, body) : api.post<Quote>('/quotes', body),
    onSuccess: async (quote) => {
      queryClient.setQueryData(quoteKeys.detail(quote.id), quote);
      await invalidate();
    },
  });
}

export type QuoteAction = 'submit' | 'withdraw' | 'send' | 'accept' | 'decline';

export function useQuoteAction() {
  const invalidate = useInvalidateQuotes();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, version, reason }: { id: string; action: QuoteAction; version: number; reason?: string }) =>
      api.post<Quote>(`/quotes/${id}/${action}`, { version, ...(reason ? { reason } : {}) }),
    onSuccess: async (quote) => {
      queryClient.setQueryData(quoteKeys.detail(quote.id), quote);
      await invalidate();
    },
  });
}

export function useCopyQuote() {
  const invalidate = useInvalidateQuotes();
  return useMutation({ mutationFn: (id: string) => api.post<Quote>(`/quotes/${id}/copy`), onSuccess: invalidate });
}

export function useQuoteSettings() {
  return useQuery({ queryKey: quoteKeys.settings, queryFn: () => api.get<QuoteSettings>('/quotes/settings') });
}

export function useSaveQuoteSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: QuoteSettings) => api.put<QuoteSettings>('/quotes/settings', body),
    onSuccess: (saved) => queryClient.setQueryData(quoteKeys.settings, saved),
  });
}
