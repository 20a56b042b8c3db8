import { matchPath } from 'react-router-dom';
import { meQueryOptions } from '../core/session';
import { listenForPreloadErrors } from '../core/newVersion';
import { queryClient } from './queryClient';
import { MODULE_ROUTES } from './routes';

/**
 * Before React renders: ask for /auth/me and the opening page's data at once, so they travel in
 * parallel with the page's code (index.html preloads the shell and the home page's chunks) instead
 * of one after the other.
 */
export function startEarlyFetches(pathname: string = window.location.pathname): void {
  listenForPreloadErrors();
  if (pathname.startsWith('/login')) return;
  void queryClient.prefetchQuery(meQueryOptions);
  const route = MODULE_ROUTES.find((candidate) => candidate.prefetch && matchPath({ path: candidate.path, end: true }, pathname));
  route?.prefetch?.(queryClient);
}
