import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { listQuery } from './listParams';

/**
 * A list's parameters kept in the page URL: `read` turns the URL into parameters (module-level, so
 * it is stable); `update` merges a change, going back to page 1 unless told not to, and replaces the
 * URL (the back button leaves the list rather than stepping through filters).
 */
export function useUrlListParams<P extends { page: number }>(
  read: (search: URLSearchParams, defaultSort: string) => P,
  defaultSort: string,
) {
  const [search, setSearch] = useSearchParams();
  const params = useMemo(() => read(search, defaultSort), [read, search, defaultSort]);
  const update = (patch: Partial<P>, resetPage = true) => {
    setSearch(listQuery({ ...params, ...(resetPage ? { page: 1 } : {}), ...patch }, defaultSort), { replace: true });
  };
  return { params, update, search };
}
