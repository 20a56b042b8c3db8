import { useQuery } from '@tanstack/react-query';
import type { HomeSummary } from '@xiaoguan/shared';
import { api } from '../../core/api';

export const homeKeys = { summary: ['home'] as const };

export const homeSummaryQuery = { queryKey: homeKeys.summary, queryFn: () => api.get<HomeSummary>('/home') };

export function useHomeSummary() {
  return useQuery(homeSummaryQuery);
}
