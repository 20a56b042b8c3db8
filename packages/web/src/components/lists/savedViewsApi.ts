import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SavedView, SavedViewCreate, SavedViewUpdate } from '@xiaoguan/shared';
import { api } from '../../core/api';

const key = (listKey: string) => ['views', listKey] as const;

/** The caller's saved views of one list (their own and those shared with their teams). */
export function useSavedViews(listKey: string) {
  return useQuery({ queryKey: key(listKey), queryFn: () => api.get<SavedView[]>('/views', { listKey }), staleTime: 60_000 });
}

export function useSaveView(listKey: string) {
  const client = useQueryClient();
  const invalidate = () => client.invalidateQueries({ queryKey: key(listKey) });
  return {
    create: useMutation({
      mutationFn: (body: Omit<SavedViewCreate, 'listKey'>) => api.post<SavedView>('/views', { ...body, listKey }),
      onSuccess: invalidate,
    }),
    update: useMutation({
      mutationFn: ({ id, ...body }: SavedViewUpdate & { id: string }) => api.patch<SavedView>(`/views/${id}`, body),
      onSuccess: invalidate,
    }),
    remove: useMutation({ mutationFn: (id: string) => api.delete<unknown>(`/views/${id}`), onSuccess: invalidate }),
    makeDefault: useMutation({
      mutationFn: (viewId: string | null) => api.put<SavedView[]>('/views/default', { listKey, viewId }),
      onSuccess: (views) => client.setQueryData(key(listKey), views),
    }),
  };
}
