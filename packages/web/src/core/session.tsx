import { createContext, useCallback, useContext, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import type { Locale, Me } from '@xiaoguan/shared';
import { api, isApiError } from './api';
import { applyLocale } from './i18n';
import { DEFAULT_TIME_ZONE } from './time';

export const meQueryKey = ['auth', 'me'] as const;

/** The signed-in user, or null when there is no session (401). */
async function fetchMe(): Promise<Me | null> {
  try {
    return await api.get<Me>('/auth/me');
  } catch (error) {
    if (isApiError(error) && error.status === 401) return null;
    throw error;
  }
}

/** Shared by the hook and the start-up prefetch (app/startup.ts), which asks before React renders. */
export const meQueryOptions = { queryKey: meQueryKey, queryFn: fetchMe, staleTime: 5 * 60_000, retry: false } as const;

export function useMeQuery() {
  return useQuery(meQueryOptions);
}

const MeContext = createContext<Me | null>(null);

export function MeProvider({ me, children }: { me: Me; children: ReactNode }) {
  return <MeContext.Provider value={me}>{children}</MeContext.Provider>;
}

/** The signed-in user; only inside the signed-in part of the app. */
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe() outside the signed-in area');
  return me;
}

export function useOptionalMe(): Me | null {
  return useContext(MeContext);
}

export type Can = (permission: string) => boolean;

/** `module.action` permissions from the server (Me.permissions); the UI never derives its own. */
export function useCan(): Can {
  const me = useContext(MeContext);
  return useCallback((permission: string) => me?.permissions[permission] === true, [me]);
}

export function useTimeZone(): string {
  return useContext(MeContext)?.company.timeZone || DEFAULT_TIME_ZONE;
}

/** Switches language now and, when signed in, persists it on the profile. */
export function useSwitchLocale() {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (locale: Locale) => api.patch<Me>('/auth/profile', { locale }),
    onSuccess: (me) => queryClient.setQueryData(meQueryKey, me),
  });
  const { mutate } = mutation;
  return useCallback(
    async (locale: Locale) => {
      await applyLocale(locale);
      const me = queryClient.getQueryData<Me | null>(meQueryKey);
      if (me && me.locale !== locale) mutate(locale);
    },
    [mutate, queryClient],
  );
}

/** Signs out and lands on the sign-in page (without a `next`: signing out is not an interruption). */
export function useLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => api.post<{ ok: true }>('/auth/logout'),
    onSettled: () => {
      navigate('/login', { replace: true });
      queryClient.setQueryData(meQueryKey, null);
      // Nothing from the previous user may linger in the cache.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
    },
  });
}
