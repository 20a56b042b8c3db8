import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { OrgUnit, Role, User, orgUnitCreateSchema, orgUnitUpdateSchema, userCreateSchema, userUpdateSchema } from '@xiaoguan/shared';
import { api } from '../../core/api';
import type { PageData } from '../../components/DataTable';

export type OrgUnitCreate = z.output<typeof orgUnitCreateSchema>;
export type OrgUnitUpdate = z.output<typeof orgUnitUpdateSchema>;
export type UserCreate = z.output<typeof userCreateSchema>;
export type UserUpdate = z.output<typeof userUpdateSchema>;

export interface UserListParams {
  page: number;
  pageSize: number;
  q?: string;
  orgUnitId?: string;
  role?: Role;
  includeDisabled?: boolean;
}

export const orgKeys = {
  units: ['org-units'] as const,
  users: ['users'] as const,
  userList: (params: UserListParams) => ['users', 'list', params] as const,
  user: (id: string) => ['users', 'detail', id] as const,
  support: (id: string) => ['users', 'support', id] as const,
};

export function useOrgUnits() {
  return useQuery({ queryKey: orgKeys.units, queryFn: () => api.get<OrgUnit[]>('/org-units'), staleTime: 60_000 });
}

export function useUsers(params: UserListParams, enabled = true) {
  return useQuery({
    queryKey: orgKeys.userList(params),
    queryFn: () => api.get<PageData<User>>('/users', { ...params, includeDisabled: params.includeDisabled ? 'true' : undefined }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useUser(id: string | undefined) {
  return useQuery({ queryKey: orgKeys.user(id ?? ''), queryFn: () => api.get<User>(`/users/${id}`), enabled: Boolean(id) });
}

/** After any org change: units (member counts), user lists and details, the home counts. */
function useInvalidateOrg() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: orgKeys.units }),
      queryClient.invalidateQueries({ queryKey: orgKeys.users }),
      queryClient.invalidateQueries({ queryKey: ['home'] }),
    ]);
}

export function useCreateOrgUnit() {
  const invalidate = useInvalidateOrg();
  return useMutation({ mutationFn: (body: OrgUnitCreate) => api.post<OrgUnit>('/org-units', body), onSuccess: invalidate });
}

export function useUpdateOrgUnit() {
  const invalidate = useInvalidateOrg();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: OrgUnitUpdate }) => api.patch<OrgUnit>(`/org-units/${id}`, body),
    onSuccess: invalidate,
  });
}

export function useCreateUser() {
  const invalidate = useInvalidateOrg();
  return useMutation({ mutationFn: (body: UserCreate) => api.post<User>('/users', body), onSuccess: invalidate });
}

export function useUpdateUser() {
  const invalidate = useInvalidateOrg();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UserUpdate }) => api.patch<User>(`/users/${id}`, body),
    onSuccess: invalidate,
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: ({ id, newPassword }: { id: string; newPassword: string }) =>
      api.post<{ ok: true }>(`/users/${id}/reset-password`, { newPassword }),
  });
}

export function useSupportAssignments(id: string | undefined) {
  return useQuery({
    queryKey: orgKeys.support(id ?? ''),
    queryFn: () => api.get<{ repIds: string[] }>(`/users/${id}/support-assignments`),
    enabled: Boolean(id),
  });
}

export function useSetSupportAssignments() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, repIds }: { id: string; repIds: string[] }) =>
      api.put<{ repIds: string[] }>(`/users/${id}/support-assignments`, { repIds }),
    onSuccess: (data, { id }) => queryClient.setQueryData(orgKeys.support(id), data),
  });
}
