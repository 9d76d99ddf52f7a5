import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NotificationList, NotificationView } from '../../../shared/api/notifications.js';
import { api } from '../../app/api.js';

export type { NotificationList, NotificationView };

// Until live push lands, the bell asks every 30 s (and not while the tab is in the background).
export const POLL_MS = 30_000;

export const notificationKeys = {
  all: ['notifications'] as const,
  unread: ['notifications', 'unread'] as const,
  list: (q: { unreadOnly: boolean; page: number; pageSize: number }) => ['notifications', 'list', q] as const,
};

export const notificationsApi = {
  list: (q: { unreadOnly: boolean; page: number; pageSize: number }) =>
    api<NotificationList>('/api/v1/notifications', {
      query: { unreadOnly: q.unreadOnly ? 'true' : undefined, page: q.page, pageSize: q.pageSize },
    }),
  unreadCount: () => api<{ count: number }>('/api/v1/notifications/unread-count'),
  markRead: (ids: string[] | 'all') =>
    api<{ updated: number }>('/api/v1/notifications/read', {
      method: 'POST',
      body: ids === 'all' ? { all: true } : { ids },
    }),
};

export function useUnreadCount() {
  return useQuery({
    queryKey: notificationKeys.unread,
    queryFn: notificationsApi.unreadCount,
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: false,
    staleTime: 0,
  });
}

export function useNotificationList(
  q: { unreadOnly: boolean; page: number; pageSize: number },
  enabled = true,
) {
  return useQuery({
    queryKey: notificationKeys.list(q),
    queryFn: () => notificationsApi.list(q),
    enabled,
    staleTime: 0,
  });
}

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: notificationsApi.markRead,
    onSuccess: () => client.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
