import { and, count, desc, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import type { NotificationList, NotificationView } from '../../../shared/api/notifications.js';
import type { Db } from '../../db/index.js';
import type { Clock } from '../clock.js';
import type { Ctx } from '../context.js';
import { unauthorized } from '../errors.js';
import { notifications } from './schema.js';

export interface NotificationInput {
  /** A stable code for the kind of notice (`grid.event.assigned`), for filtering and icons later. */
  kind: string;
  title: string;
  body?: string;
  /** A path of the web app that opens the record (`/grid/events/…`); never an outside address. */
  link?: string | null;
  targetType?: string | null;
  targetId?: string | null;
}

const LIMITS = { kind: 64, title: 200, body: 2000, link: 500 };

function userOf(ctx: Ctx): string {
  const id = ctx.actor?.userId;
  if (!id) throw unauthorized();
  return id;
}

function view(r: typeof notifications.$inferSelect): NotificationView {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    body: r.body,
    link: r.link,
    targetType: r.targetType,
    targetId: r.targetId,
    createdAt: r.createdAt.toISOString(),
    readAt: r.readAt?.toISOString() ?? null,
  };
}

/**
 * In-app notifications. `send` is for services: it writes through the shared handle, so called inside
 * a `db.transaction(…)` it is part of that transaction and a rolled-back escalation notifies no one.
 * Reading is only ever of the caller's own notifications.
 */
export function createNotifications({ db, clock }: { db: Db; clock: Clock }) {
  const mine = (ctx: Ctx, ...more: (SQL | undefined)[]) =>
    and(eq(notifications.userId, userOf(ctx)), ...more);

  return {
    /** Sends one notification to each of `userIds` (duplicates once). Answers how many were written. */
    async send(userIds: readonly string[], n: NotificationInput): Promise<number> {
      const recipients = [...new Set(userIds)];
      if (recipients.length === 0) return 0;
      if (n.link && !(n.link.startsWith('/') && !n.link.startsWith('//') && !n.link.includes('\\')))
        throw new Error(`notification link must be a path of the web app: ${n.link}`);
      if (!n.kind || !n.title.trim()) throw new Error('notification needs a kind and a title');
      const now = clock.now();
      const row = {
        kind: n.kind.slice(0, LIMITS.kind),
        title: n.title.trim().slice(0, LIMITS.title),
        body: (n.body ?? '').slice(0, LIMITS.body),
        link: n.link?.slice(0, LIMITS.link) ?? null,
        targetType: n.targetType ?? null,
        targetId: n.targetId ?? null,
        createdAt: now,
      };
      for (let i = 0; i < recipients.length; i += 500) {
        await db
          .insert(notifications)
          .values(recipients.slice(i, i + 500).map((userId) => ({ ...row, userId })));
      }
      return recipients.length;
    },

    async list(
      ctx: Ctx,
      q: { unreadOnly?: boolean; page: number; pageSize: number },
    ): Promise<NotificationList> {
      const where = mine(ctx, q.unreadOnly ? isNull(notifications.readAt) : undefined);
      const [items, [{ total }], [{ unread }]] = await Promise.all([
        db
          .select()
          .from(notifications)
          .where(where)
          .orderBy(desc(notifications.createdAt), desc(notifications.id))
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize),
        db.select({ total: count() }).from(notifications).where(where),
        db
          .select({ unread: count() })
          .from(notifications)
          .where(mine(ctx, isNull(notifications.readAt))),
      ]);
      return { items: items.map(view), total, unread, page: q.page, pageSize: q.pageSize };
    },

    async unreadCount(ctx: Ctx): Promise<number> {
      const [{ n }] = await db
        .select({ n: count() })
        .from(notifications)
        .where(mine(ctx, isNull(notifications.readAt)));
      return n;
    },

    /** Marks the caller's own notifications read; ids of anyone else's are ignored. Answers how many changed. */
    async markRead(ctx: Ctx, ids: readonly string[] | 'all'): Promise<number> {
      const which = ids === 'all' ? undefined : inArray(notifications.id, [...ids]);
      if (ids !== 'all' && ids.length === 0) return 0;
      const changed = await db
        .update(notifications)
        .set({ readAt: clock.now() })
        .where(mine(ctx, isNull(notifications.readAt), which))
        .returning({ id: notifications.id });
      return changed.length;
    },
  };
}

export type Notifications = ReturnType<typeof createNotifications>;
