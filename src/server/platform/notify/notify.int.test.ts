import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../modules/org/schema.js';
import { type Agent, startTestApp, type TestApp } from '../../test/harness.js';
import { notifications } from './schema.js';

let t: TestApp;
let ids: Record<'wangge' | 'wangge2' | 'admin', string>;
let wangge: Agent;
let wangge2: Agent;
beforeAll(async () => {
  t = await startTestApp();
  const rows = await t.database.db
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(inArray(users.username, ['wangge', 'wangge2', 'admin']));
  ids = Object.fromEntries(rows.map((r) => [r.username, r.id])) as typeof ids;
  wangge = await t.login('wangge');
  wangge2 = await t.login('wangge2');
});
afterAll(() => t.close());

const notify = () => t.app.services.notifications;
const kind = () => `test.${Math.random().toString(36).slice(2, 8)}`;

describe('notifications', () => {
  it('send is part of the caller’s transaction: rolled back, nobody is notified', async () => {
    const k = kind();
    await expect(
      t.database.db.transaction(async () => {
        await notify().send([ids.wangge, ids.wangge2], { kind: k, title: '事件已转交' });
        throw new Error('escalation failed');
      }),
    ).rejects.toThrow('escalation failed');
    expect(await t.database.db.select().from(notifications).where(eq(notifications.kind, k))).toEqual([]);

    await t.database.db.transaction(async () => {
      expect(
        await notify().send([ids.wangge, ids.wangge2, ids.wangge], { kind: k, title: '事件已转交' }),
      ).toBe(2);
    });
    expect(await t.database.db.select().from(notifications).where(eq(notifications.kind, k))).toHaveLength(2);
  });

  it('each user lists, counts and marks only their own', async () => {
    const k = kind();
    const before = (await wangge.get('/api/v1/notifications/unread-count')).body.count as number;
    const before2 = (await wangge2.get('/api/v1/notifications/unread-count')).body.count as number;
    t.clock.advance(1_000); // after what earlier tests sent, so that the order is certain
    await notify().send([ids.wangge], {
      kind: k,
      title: '新事件待处理：楼道堆物',
      body: '锦绣春天 3栋 楼道堆放杂物，请于 3 个工作日内处理',
      link: '/grid/events/123',
      targetType: 'grid.event',
      targetId: '123',
    });
    t.clock.advance(1_000);
    await notify().send([ids.wangge], { kind: k, title: '第二条' });

    const mine = await wangge.get('/api/v1/notifications?pageSize=2');
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((n: { title: string }) => n.title)).toEqual([
      '第二条',
      '新事件待处理：楼道堆物',
    ]);
    expect(mine.body.items[1]).toMatchObject({
      link: '/grid/events/123',
      targetType: 'grid.event',
      targetId: '123',
      readAt: null,
    });
    expect(mine.body.unread).toBe(before + 2);
    expect((await wangge.get('/api/v1/notifications/unread-count')).body.count).toBe(before + 2);

    // Another user sees none of them and cannot mark them read.
    const theirs = await wangge2.get('/api/v1/notifications?pageSize=200');
    expect(theirs.body.items.some((n: { kind: string }) => n.kind === k)).toBe(false);
    const targetId = mine.body.items[0].id;
    const foreign = await wangge2.post('/api/v1/notifications/read', { ids: [targetId] });
    expect(foreign.body).toEqual({ updated: 0 });
    expect((await wangge2.get('/api/v1/notifications/unread-count')).body.count).toBe(before2);

    const read = await wangge.post('/api/v1/notifications/read', { ids: [targetId] });
    expect(read.body).toEqual({ updated: 1 });
    expect((await wangge.post('/api/v1/notifications/read', { ids: [targetId] })).body).toEqual({
      updated: 0,
    });
    const unreadOnly = await wangge.get('/api/v1/notifications?unreadOnly=true&pageSize=200');
    expect(unreadOnly.body.items.some((n: { id: string }) => n.id === targetId)).toBe(false);
    expect(unreadOnly.body.total).toBe(before + 1);

    const all = await wangge.post('/api/v1/notifications/read', { all: true });
    expect(all.body.updated).toBe(before + 1);
    expect((await wangge.get('/api/v1/notifications/unread-count')).body.count).toBe(0);
    const listed = await wangge.get('/api/v1/notifications?pageSize=1');
    expect(listed.body.items[0].readAt).toBe(t.clock.now().toISOString());
  });

  it('refuses bad input in the one error shape', async () => {
    const bad = await wangge.post('/api/v1/notifications/read', { ids: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect((await wangge.post('/api/v1/notifications/read', { all: false })).status).toBe(400);
    expect((await wangge.post('/api/v1/notifications/read', { ids: ['x'] })).status).toBe(400);
    expect((await t.anonymous().get('/api/v1/notifications')).status).toBe(401);
  });

  it('a link must be a path of the web app', async () => {
    for (const link of ['https://evil.example/', '//evil.example/x', 'javascript:alert(1)', '/\\evil']) {
      await expect(notify().send([ids.admin], { kind: 'x', title: 't', link })).rejects.toThrow(/path/);
    }
    expect(await notify().send([], { kind: 'x', title: 't' })).toBe(0);
  });
});
