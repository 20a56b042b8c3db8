import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Board,
  Forecast,
  Funnel,
  Opportunity,
  OpportunityDetail,
  OpportunitySettings,
  OpportunitySort,
  OpportunityStage,
  ProductOption,
  StageHistoryEntry,
  opportunityCreateSchema,
  opportunityMoveSchema,
  opportunityUpdateSchema,
} from '@xiaoguan/shared';
import { api, type QueryValue } from '../../core/api';
import type { PageData } from '../../components/DataTable';

export type OpportunityCreate = z.input<typeof opportunityCreateSchema>;
export type OpportunityUpdate = z.input<typeof opportunityUpdateSchema>;
export type OpportunityMove = z.input<typeof opportunityMoveSchema>;

/** Filters shared by the board and the list; they live in the page URL. */
export interface OpportunityFilters {
  q?: string;
  ownerId?: string;
  teamId?: string;
  customerId?: string;
  closeMonth?: string;
  closeFrom?: string;
  closeTo?: string;
  amountMin?: number;
  amountMax?: number;
  /** Opportunities with products of this product line (the cockpit's pipeline under its product-line filter). */
  productLineId?: string;
}

export interface OpportunityListParams extends OpportunityFilters {
  page: number;
  pageSize: number;
  stage?: OpportunityStage;
  open?: 'true' | 'false';
  sort?: OpportunitySort;
}

export interface FunnelParams {
  from?: string;
  to?: string;
  ownerId?: string;
  teamId?: string;
}

export interface ForecastParams {
  fromMonth?: string;
  months: number;
  groupBy: 'owner' | 'team';
  ownerId?: string;
  teamId?: string;
}

/** Cards per column on the board (and per "load more"). */
export const BOARD_LIMIT = 20;

export const opportunityKeys = {
  all: ['opportunities'] as const,
  list: (params: OpportunityListParams) => ['opportunities', 'list', params] as const,
  board: (filters: OpportunityFilters) => ['opportunities', 'board', filters] as const,
  detail: (id: string) => ['opportunities', 'detail', id] as const,
  history: (id: string) => ['opportunities', 'history', id] as const,
  funnel: (params: FunnelParams) => ['opportunities', 'funnel', params] as const,
  forecast: (params: ForecastParams) => ['opportunities', 'forecast', params] as const,
  products: (q: string) => ['opportunities', 'product-options', q] as const,
  settings: ['opportunity-settings'] as const,
};

const toQuery = (params: object) => params as Record<string, QueryValue>;

/** After any change: board, lists, details, analytics. */
export function useInvalidateOpportunities() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([queryClient.invalidateQueries({ queryKey: opportunityKeys.all }), queryClient.invalidateQueries({ queryKey: ['home'] })]);
}

export function useOpportunities(params: OpportunityListParams, enabled = true) {
  return useQuery({
    queryKey: opportunityKeys.list(params),
    queryFn: ({ signal }) =>
      api.get<PageData<Opportunity> & { productLineAmountCents?: number }>('/opportunities', toQuery(params), signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useBoard(filters: OpportunityFilters) {
  return useQuery({
    queryKey: opportunityKeys.board(filters),
    queryFn: ({ signal }) => api.get<Board>('/opportunities/board', toQuery({ ...filters, limit: BOARD_LIMIT }), signal),
    placeholderData: keepPreviousData,
  });
}

/** One more slice of one column ("load more"). */
export function fetchColumn(filters: OpportunityFilters, stage: OpportunityStage, offset: number): Promise<Board> {
  return api.get<Board>('/opportunities/board', toQuery({ ...filters, stage, offset, limit: BOARD_LIMIT }));
}

export function useOpportunity(id: string | undefined) {
  return useQuery({
    queryKey: opportunityKeys.detail(id ?? ''),
    queryFn: () => api.get<OpportunityDetail>(`/opportunities/${id}`),
    enabled: Boolean(id),
  });
}

export function useStageHistory(id: string) {
  return useQuery({ queryKey: opportunityKeys.history(id), queryFn: () => api.get<StageHistoryEntry[]>(`/opportunities/${id}/history`) });
}

export function useCreateOpportunity() {
  const invalidate = useInvalidateOpportunities();
  return useMutation({
    mutationFn: (body: OpportunityCreate) => api.post<OpportunityDetail>('/opportunities', body),
    onSuccess: invalidate,
  });
}

export function useUpdateOpportunity() {
  const invalidate = useInvalidateOpportunities();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: OpportunityUpdate }) => api.patch<OpportunityDetail>(`/opportunities/${id}`, body),
    onSuccess: async (opportunity) => {
      queryClient.setQueryData(opportunityKeys.detail(opportunity.id), opportunity);
      await invalidate();
    },
  });
}

export function useMoveOpportunity() {
  const invalidate = useInvalidateOpportunities();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: OpportunityMove }) => api.patch<OpportunityDetail>(`/opportunities/${id}/move`, body),
    onSuccess: (opportunity) => queryClient.setQueryData(opportunityKeys.detail(opportunity.id), opportunity),
    onSettled: invalidate,
  });
}

export function useFunnel(params: FunnelParams) {
  return useQuery({
    queryKey: opportunityKeys.funnel(params),
    queryFn: () => api.get<Funnel>('/opportunities/funnel', toQuery(params)),
    placeholderData: keepPreviousData,
  });
}

export function useForecast(params: ForecastParams) {
  return useQuery({
    queryKey: opportunityKeys.forecast(params),
    queryFn: () => api.get<Forecast>('/opportunities/forecast', toQuery(params)),
    placeholderData: keepPreviousData,
  });
}

export function useProductOptions(q: string) {
  return useQuery({
    queryKey: opportunityKeys.products(q),
    queryFn: () => api.get<ProductOption[]>('/opportunities/product-options', { q: q || undefined }),
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
}

export function useOpportunitySettings(enabled = true) {
  return useQuery({
    queryKey: opportunityKeys.settings,
    queryFn: () => api.get<OpportunitySettings>('/opportunity-settings'),
    staleTime: 5 * 60_000,
    enabled,
    retry: false,
  });
}

export function useSaveOpportunitySettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: OpportunitySettings) => api.put<OpportunitySettings>('/opportunity-settings', body),
    onSuccess: (settings) => {
      queryClient.setQueryData(opportunityKeys.settings, settings);
      void queryClient.invalidateQueries({ queryKey: opportunityKeys.all });
    },
  });
}
