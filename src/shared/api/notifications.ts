import { z } from 'zod';
import { paged, pageQuery, uuid } from './common.js';

export const notificationView = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  /** A path of the web app (`/grid/events/…`) that opens what the notification is about. */
  link: z.string().nullable(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationView = z.infer<typeof notificationView>;

export const notificationList = paged(notificationView).extend({ unread: z.number().int() });
export type NotificationList = z.infer<typeof notificationList>;

export const notificationListQuery = z.strictObject({
  unreadOnly: z.enum(['true', 'false'], { error: '只看未读须为 true 或 false' }).optional(),
  ...pageQuery,
});

export const unreadCount = z.object({ count: z.number().int() });

export const markReadBody = z.union(
  [
    z.strictObject({
      ids: z.array(uuid).min(1, { error: '请选择通知' }).max(200, { error: '一次最多标记 200 条' }),
    }),
    z.strictObject({ all: z.literal(true, { error: 'all 只能为 true' }) }),
  ],
  { error: '请提供要标记的通知编号，或 all: true' },
);
export type MarkReadBody = z.infer<typeof markReadBody>;

export const markReadResult = z.object({ updated: z.number().int() });
