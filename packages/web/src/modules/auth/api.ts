import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { LoginBody, Me, changePasswordBodySchema, setupBodySchema } from '@xiaoguan/shared';
import { api } from '../../core/api';
import { meQueryKey } from '../../core/session';

export type SetupBody = z.infer<typeof setupBodySchema>;
export type ChangePasswordBody = z.infer<typeof changePasswordBodySchema>;

export function useSetupStatus() {
  return useQuery({ queryKey: ['setup'], queryFn: () => api.get<{ needsSetup: boolean }>('/setup'), staleTime: Infinity });
}

export function useSetup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SetupBody) => api.post<{ ok: true }>('/setup', body),
    onSuccess: () => queryClient.setQueryData(['setup'], { needsSetup: false }),
  });
}

export function useLogin() {
  return useMutation({ mutationFn: (body: LoginBody) => api.post<Me>('/auth/login', body) });
}

export function useConfidentialityText() {
  return useQuery({ queryKey: ['auth', 'confidentiality'], queryFn: () => api.get<{ text: string }>('/auth/confidentiality') });
}

export function useAcknowledgeConfidentiality() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<Me>('/auth/acknowledge-confidentiality'),
    onSuccess: (me) => queryClient.setQueryData(meQueryKey, me),
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePasswordBody) => api.post<{ ok: true }>('/auth/change-password', body),
    // mustChangePassword is now false: reload Me so the gate lets the user in.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meQueryKey }),
  });
}
