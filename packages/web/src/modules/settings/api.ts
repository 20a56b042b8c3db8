import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ScheduledJobRow, Settings } from '@xiaoguan/shared';
import { api } from '../../core/api';
import { meQueryKey } from '../../core/session';

export const settingsKey = ['settings'] as const;

export function useSettings() {
  return useQuery({ queryKey: settingsKey, queryFn: () => api.get<Settings>('/settings') });
}

export function useUpdateSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: Partial<Settings>) => api.patch<Settings>('/settings', patch),
    onSuccess: (settings) => {
      queryClient.setQueryData(settingsKey, settings);
      // Company name and time zone are part of Me.company.
      void queryClient.invalidateQueries({ queryKey: meQueryKey });
    },
  });
}

export const scheduledJobsKey = ['scheduled-jobs'] as const;

/** Polls every 2 s while a job runs, so "run now" shows its outcome without a reload. */
export function useScheduledJobs() {
  return useQuery({
    queryKey: scheduledJobsKey,
    queryFn: () => api.get<ScheduledJobRow[]>('/scheduled-jobs'),
    refetchInterval: (query) => (query.state.data?.some((job) => job.running) ? 2_000 : false),
  });
}

export function useRunJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.post<ScheduledJobRow>(`/scheduled-jobs/${encodeURIComponent(name)}/run`),
    // The job starts at once; look again shortly for its outcome.
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: scheduledJobsKey });
      setTimeout(() => void queryClient.invalidateQueries({ queryKey: scheduledJobsKey }), 1_500);
    },
  });
}
