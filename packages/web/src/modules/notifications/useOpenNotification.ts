import { useCallback } from 'react';
import { useNavigate } from 'react-router-dom';
import type { Notification } from '@xiaoguan/shared';
import { useMarkRead } from './api';

/** Opening a notification marks it read and follows its link inside the app. */
export function useOpenNotification(after?: () => void) {
  const navigate = useNavigate();
  const { mutate } = useMarkRead();
  return useCallback(
    (item: Notification) => {
      if (!item.readAt) mutate(item.id);
      if (item.link && item.link.startsWith('/')) navigate(item.link);
      after?.();
    },
    [after, mutate, navigate],
  );
}
