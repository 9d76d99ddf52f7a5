import { eq } from 'drizzle-orm';
import { users } from '../../modules/org/schema.js';
import type { Caller, Fixture, Kit } from '../../test/fixtures.js';
import { notifications } from './schema.js';

/**
 * Notifications for the authorization matrix and the fuzzer: each call gets a fresh unread
 * notification addressed to the caller's own account, made straight in the database.
 */

let seq = 0;

async function noteFor(kit: Kit, caller: Caller): Promise<string | undefined> {
  if (!caller.account) return undefined;
  const db = kit.t.database.db;
  const [user] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.username, caller.account.username));
  const [n] = await db
    .insert(notifications)
    .values({
      userId: user.id,
      kind: 'test.matrix',
      title: '矩阵测试通知',
      body: '一条用于授权矩阵的通知',
      link: '/notifications',
      // Later than anything else the run sends (the test clock stands still), so it heads the list.
      createdAt: new Date(kit.t.clock.now().getTime() + 3_600_000 + ++seq),
    })
    .returning({ id: notifications.id });
  return n.id;
}

export const NOTIFY_FIXTURES: Record<string, Fixture> = {
  'GET /api/v1/notifications': {
    build: async (kit, caller) => ({ query: { pageSize: '100' }, note: await noteFor(kit, caller) }),
    verify: (res, call) =>
      (res.body?.items as { id: string }[] | undefined)?.some((n) => n.id === call.note)
        ? null
        : 'the notification made for the caller is not listed',
  },
  'GET /api/v1/notifications/unread-count': {
    build: async (kit, caller) => ({ note: await noteFor(kit, caller) }),
    verify: (res) => (res.body?.count >= 1 ? null : 'an unread notification is not counted'),
  },
  'POST /api/v1/notifications/read': {
    async build(kit, caller) {
      const id = await noteFor(kit, caller);
      return { body: { ids: [id ?? '00000000-0000-4000-8000-000000000000'] } };
    },
    verify: (res) => (res.body?.updated === 1 ? null : `expected 1 marked read, got ${res.body?.updated}`),
  },
};
