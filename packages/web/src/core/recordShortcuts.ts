import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RecordShortcutList, SearchHit, SearchResult } from '@xiaoguan/shared';
import { api } from './api';

/**
 * A record type the header's global search, recent items and favourites know (issue 16), declared
 * by its web module (`defineWebModule({ searchTypes })`) beside the server's `searchables`.
 */
export interface SearchTypeDeclaration {
  /** As the server names it: `customer`. */
  readonly type: string;
  /** The i18n key of the group's title (`search.types.customer`). */
  readonly labelKey: string;
  /** The record page's route pattern, with `:id`: opening it records a recent item. Omit for types without a page. */
  readonly recordRoute?: string;
  /** Where a hit of this type opens. */
  open(hit: Pick<SearchHit, 'id' | 'title' | 'subtitle'>): string;
}

export const recordShortcutKeys = {
  search: (q: string) => ['search', q] as const,
  recent: ['recent'] as const,
  favourites: ['favourites'] as const,
};

/** Global search results for `q` (nothing is asked for fewer than 2 characters). */
export function useGlobalSearch(q: string) {
  const term = q.trim();
  return useQuery({
    queryKey: recordShortcutKeys.search(term),
    queryFn: ({ signal }) => api.get<SearchResult>('/search', { q: term }, signal),
    enabled: [...term].length >= 2,
    staleTime: 30_000,
    placeholderData: (previous) => previous,
  });
}

export function useRecentItems(enabled = true) {
  return useQuery({ queryKey: recordShortcutKeys.recent, queryFn: () => api.get<RecordShortcutList>('/recent'), enabled });
}

export function useFavourites(enabled = true) {
  return useQuery({ queryKey: recordShortcutKeys.favourites, queryFn: () => api.get<RecordShortcutList>('/favourites'), enabled });
}

/** Records that the record page of `type`/`id` was opened (the header's recent items). */
export function useRecordVisit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ref: { type: string; id: string }) => api.post<{ ok: true }>('/recent', ref),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: recordShortcutKeys.recent }),
  });
}

/** Pin or unpin a record as a favourite. */
export function useToggleFavourite(type: string, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (pinned: boolean) =>
      pinned ? api.delete<{ ok: true }>(`/favourites/${type}/${id}`) : api.put<{ ok: true }>(`/favourites/${type}/${id}`, {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: recordShortcutKeys.favourites }),
  });
}
