import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Alert,
  AlertListQuery,
  AlertRuleSetting,
  alertPageSchema,
  alertRuleListSchema,
  Cockpit,
  CockpitComparison,
  CockpitPeriod,
  Letter,
  LetterStatusList,
  TargetGrid,
  TargetMetric,
  targetSaveSchema,
} from '@xiaoguan/shared';
import { api } from '../../core/api';

export type TargetSaveInput = z.input<typeof targetSaveSchema>;
type AlertPage = z.infer<typeof alertPageSchema>;
type AlertRuleList = z.infer<typeof alertRuleListSchema>;

export const targetKeys = {
  all: ['targets'] as const,
  grid: (year: number, metric: TargetMetric, productLineId?: string | null) =>
    ['targets', 'grid', year, metric, productLineId ?? null] as const,
  letter: (year: number) => ['targets', 'letter', year] as const,
  letters: (year: number) => ['targets', 'letters', year] as const,
  cockpit: (period: CockpitPeriod, compare: CockpitComparison, date: string | undefined, unitId?: string, productLineId?: string) =>
    ['cockpit', period, compare, date ?? null, unitId ?? null, productLineId ?? null] as const,
};

export function useCockpit(period: CockpitPeriod, compare: CockpitComparison, date?: string, unitId?: string, productLineId?: string) {
  return useQuery({
    queryKey: targetKeys.cockpit(period, compare, date, unitId, productLineId),
    queryFn: ({ signal }) => api.get<Cockpit>('/cockpit', { period, compare, date, unitId, productLineId }, signal),
    placeholderData: keepPreviousData,
  });
}

/** The grid of a metric's plan; for bookings optionally a product line's own plan. */
export function useTargetGrid(year: number, metric: TargetMetric, productLineId?: string) {
  return useQuery({
    queryKey: targetKeys.grid(year, metric, productLineId),
    queryFn: ({ signal }) => api.get<TargetGrid>('/targets', { year, metric, productLineId }, signal),
  });
}

export function useSaveTargets() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TargetSaveInput) => api.put<TargetGrid>('/targets', input),
    onSuccess: (grid) => {
      queryClient.setQueryData(targetKeys.grid(grid.year, grid.metric, grid.productLineId), grid);
      void queryClient.invalidateQueries({ queryKey: targetKeys.all });
      void queryClient.invalidateQueries({ queryKey: ['cockpit'] });
    },
  });
}

export function useMyLetter(year: number, enabled = true) {
  return useQuery({
    queryKey: targetKeys.letter(year),
    queryFn: ({ signal }) => api.get<Letter>('/targets/letter', { year }, signal),
    enabled,
  });
}

export function useAcknowledgeLetter() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (year: number) => api.post<Letter>('/targets/letter/acknowledge', { year }),
    onSuccess: (letter) => {
      queryClient.setQueryData(targetKeys.letter(letter.year), letter);
      void queryClient.invalidateQueries({ queryKey: targetKeys.letters(letter.year) });
    },
  });
}

export function useLetterStatuses(year: number) {
  return useQuery({
    queryKey: targetKeys.letters(year),
    queryFn: ({ signal }) => api.get<LetterStatusList>('/targets/letters', { year }, signal),
  });
}

// ——— risk alerts (R-RSK-1) ———

export type AlertStatusFilter = AlertListQuery['status'];

export function useAlerts(status: AlertStatusFilter, page: number) {
  return useQuery({
    queryKey: ['alerts', status, page] as const,
    queryFn: ({ signal }) => api.get<AlertPage>('/alerts', { status, page, pageSize: 20 }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useAlertAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; action: 'acknowledge' | 'resolve'; version: number; comment?: string }) =>
      api.post<Alert>(`/alerts/${input.id}/${input.action}`, { version: input.version, comment: input.comment }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['alerts'] });
      void queryClient.invalidateQueries({ queryKey: ['cockpit'] });
    },
  });
}

export function useAlertRules() {
  return useQuery({
    queryKey: ['alerts', 'rules'] as const,
    queryFn: ({ signal }) => api.get<AlertRuleList>('/alerts/rules', undefined, signal),
  });
}

export function useSaveAlertRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ key, ...body }: AlertRuleSetting) => api.put<AlertRuleSetting>(`/alerts/rules/${key}`, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['alerts', 'rules'] }),
  });
}
