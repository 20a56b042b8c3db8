import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Notification } from '@xiaoguan/shared';
import { api } from '../../core/api';

export interface NotificationList {
  items: Notification[];
  unread: number;
}

export const notificationsKeys = {
  all: ['notifications'] as const,
  list: (unreadOnly: boolean) => ['notifications', { unreadOnly }] as const,
};

/** My latest notifications (50) and the unread count; polled so the bell stays current. */
export function useNotifications(unreadOnly = false) {
  return useQuery({
    queryKey: notificationsKeys.list(unreadOnly),
    queryFn: () => api.get<NotificationList>('/notifications', { unread: unreadOnly ? 'true' : undefined }),
    refetchInterval: 60_000,
  });
}

function useInvalidateNotifications() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: notificationsKeys.all }),
      // The home page counts unread notifications.
      queryClient.invalidateQueries({ queryKey: ['home'] }),
    ]);
}

export function useMarkRead() {
  const invalidate = useInvalidateNotifications();
  return useMutation({ mutationFn: (id: string) => api.post<{ ok: true }>(`/notifications/${id}/read`), onSuccess: invalidate });
}

export function useMarkAllRead() {
  const invalidate = useInvalidateNotifications();
  return useMutation({ mutationFn: () => api.post<{ ok: true }>('/notifications/read-all'), onSuccess: invalidate });
}
