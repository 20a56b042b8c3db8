import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Settings } from '@xiaoguan/shared';
import { api } from '../../app/api';
import { meQueryKey } from '../../app/session';

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
