import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  markReadBody,
  markReadResult,
  notificationList,
  notificationListQuery,
  unreadCount,
} from '../../../shared/api/notifications.js';
import type { Notifications } from './service.js';

// Every signed-in user has notifications; the service only ever reads and changes the caller's own.
const own = { access: { authenticated: true as const } };
const tags = ['notifications'];

export const notificationRoutes =
  (notify: Notifications): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/',
      {
        schema: {
          tags,
          summary: '我的通知（最新在前）',
          querystring: notificationListQuery,
          response: { 200: notificationList },
        },
        config: own,
      },
      async (request) =>
        notify.list(request.ctx, { ...request.query, unreadOnly: request.query.unreadOnly === 'true' }),
    );
    app.get(
      '/unread-count',
      { schema: { tags, summary: '未读通知数', response: { 200: unreadCount } }, config: own },
      async (request) => ({ count: await notify.unreadCount(request.ctx) }),
    );
    app.post(
      '/read',
      {
        schema: {
          tags,
          summary: '标记为已读（指定通知，或 all: true 全部已读）',
          body: markReadBody,
          response: { 200: markReadResult },
        },
        config: own,
      },
      async (request) => ({
        updated: await notify.markRead(request.ctx, 'all' in request.body ? 'all' : request.body.ids),
      }),
    );
  };
