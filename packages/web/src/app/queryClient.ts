import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from '../core/api';
import { meQueryKey } from '../core/session';

function onApiError(error: unknown): void {
  if (!isApiError(error)) return;
  // The session ended (expired, signed out elsewhere): back to the sign-in page.
  if (error.status === 401) queryClient.setQueryData(meQueryKey, null);
  // R-SEC-1: the agreement must be acknowledged first; reload Me so the gate shows.
  if (error.status === 403 && error.rule === 'R-SEC-1') void queryClient.invalidateQueries({ queryKey: meQueryKey });
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onApiError }),
  mutationCache: new MutationCache({ onError: onApiError }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (failureCount, error) => !(isApiError(error) && error.status > 0 && error.status < 500) && failureCount < 2,
    },
  },
});
