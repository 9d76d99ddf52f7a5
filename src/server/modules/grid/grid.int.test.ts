import { and, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_REQUEST } from '../../../../demo/grid.js';
import type { DemoPlace } from '../../../../demo/org.js';
import { type EventAction, type EventStatus, TRANSITIONS } from '../../../shared/grid.js';
import { auditLog, diaryEntries, events, notifications, users } from '../../db/schema.js';
import type { Agent, TestApp } from '../../test/harness.js';
import { startTestApp } from '../../test/harness.js';

let t: TestApp;
let shequ: Agent;
let wangge: Agent;
let wangge2: Agent;
let baoan: Agent;
let building1: DemoPlace;
let building2: DemoPlace;

/** A 1×1 PNG: the smallest real image. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
).toString('base64');

async function loginAll() {
  [shequ, wangge, wangge2, baoan] = await Promise.all(
    ['shequ', 'wangge', 'wangge2', 'baoan'].map((u) => t.login(u)),
  );
}

/** Moves the test clock to an instant and signs everyone in again (sessions follow the clock). */
async function at(iso: string) {
  t.clock.advance(new Date(iso).getTime() - t.clock.now().getTime());
  await loginAll();
}

beforeAll(async () => {
  t = await startTestApp();
  await at('2026-11-23T02:00:00Z');
  const buildingsUnder = (grid: DemoPlace) =>
    t.places.all.filter((p) => p.kind === 'building' && p.path.startsWith(grid.path));
  building1 = buildingsUnder(t.places.jinxiuGrid1)[0];
  building2 = buildingsUnder(t.places.jinxiuGrid2)[0];
});
afterAll(() => t.close());

let keySeq = 0;
async function report(agent: Agent, body: Record<string, unknown> = {}) {
  const res = await agent.post('/api/v1/grid/events', {
    placeId: building1.id,
    category: 'sanitation',
    subcategory: 'garbage',
    title: '楼道堆放杂物',
    description: '3单元一楼楼道堆满纸箱，影响通行',
    ...body,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

const act = (agent: Agent, id: string, body: Record<string, unknown>) =>
  agent.post(`/api/v1/grid/events/${id}/actions`, body);

async function drive(id: string, to: EventStatus) {
  const path: Record<EventStatus, [Agent, Record<string, unknown>][]> = {
    reported: [],
    accepted: [[wangge, { action: 'accept' }]],
    in_progress: [
      [wangge, { action: 'accept' }],
      [wangge, { action: 'start' }],
    ],
    closed: [
      [wangge, { action: 'accept' }],
      [wangge, { action: 'close', closureKind: 'resolved', note: '已清理' }],
    ],
    reviewed: [
      [wangge, { action: 'accept' }],
      [wangge, { action: 'close', closureKind: 'resolved', note: '已清理' }],
      [shequ, { action: 'review', rating: 5, residentConfirmed: true }],
    ],
    archived: [
      [wangge, { action: 'accept' }],
      [wangge, { action: 'close', closureKind: 'resolved', note: '已清理' }],
      [shequ, { action: 'review', rating: 5, residentConfirmed: true }],
      [shequ, { action: 'archive' }],
    ],
  };
  for (const [agent, body] of path[to]) {
    const res = await act(agent, id, body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
}

/** A body that is valid for each action, so that only the transition decides. */
function bodyFor(action: EventAction, originalId: string): Record<string, unknown> {
  switch (action) {
    case 'close':
      return { action, closureKind: 'resolved', note: '处理完毕' };
    case 'reassign':
      return { action, assigneeKind: 'outside', assigneeOutside: 'property' };
    case 'return':
    case 'supervise':
    case 'reopen':
    case 'note':
      return { action, note: '原因说明' };
    case 'review':
      return { action, rating: 4 };
    default:
      return { action, ...(originalId ? {} : {}) };
  }
}

describe('event lifecycle', () => {
  it('routes a report to the grid of its place with a working-day deadline and tells the grid', async () => {
    const id = await report(wangge);
    const e = (await shequ.get(`/api/v1/grid/events/${id}`)).body;
    expect(e).toMatchObject({
      status: 'reported',
      level: 'grid',
      assigneeKind: 'grid',
      assigneeLabel: '锦绣春天第一网格',
      source: 'grid',
      categoryLabel: '环境卫生 · 垃圾堆放',
    });
    expect(e.no).toMatch(/^SJ20261123-\d{6}$/);
    // Monday + 5 working days = the next Monday, end of day in Beijing.
    expect(e.deadlineAt).toBe('2026-11-30T15:59:59.999Z');
    expect(e.steps.map((s: { action: string }) => s.action)).toEqual(['report']);
    const [wang] = await t.database.db.select().from(users).where(eq(users.username, 'wangge'));
    const told = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, wang.id), eq(notifications.targetId, id)));
    expect(told).toHaveLength(1);
    expect(told[0].link).toBe(`/grid/events/${id}`);
  });

  it('allows every legal step and refuses the illegal ones with 409 naming the next steps', async () => {
    const all = Object.keys(TRANSITIONS.reported).length
      ? (Object.values(TRANSITIONS).flat() as EventAction[])
      : [];
    const actions = [...new Set(all)];
    for (const status of Object.keys(TRANSITIONS) as EventStatus[]) {
      for (const action of actions) {
        const id = await report(wangge);
        await drive(id, status);
        const agent = ['reassign', 'supervise', 'review', 'archive'].includes(action) ? shequ : wangge;
        const res = await act(agent, id, bodyFor(action, id));
        if (TRANSITIONS[status].includes(action)) {
          expect(res.status, `${status} → ${action}: ${JSON.stringify(res.body)}`).toBe(200);
        } else {
          expect(res.status, `${status} → ${action}`).toBe(409);
          expect(res.body.error.code).toBe('ILLEGAL_TRANSITION');
          expect(res.body.error.fields.allowed).toBe(TRANSITIONS[status].join(','));
        }
      }
    }
  }, 120_000);

  it('keeps the closure kinds distinct and merges a duplicate into its original', async () => {
    const door = { category: 'property', subcategory: 'repair', description: '2单元门禁坏了三天' };
    const original = await report(wangge, { ...door, title: '单元门禁损坏无法关闭' });
    const copy = await report(wangge, { ...door, title: '单元门禁损坏（再次反映）' });
    const dups = (
      await wangge.get(
        `/api/v1/grid/events/duplicates?placeId=${building1.id}&category=property&text=${encodeURIComponent('单元门禁损坏')}`,
      )
    ).body.items;
    expect(dups.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining([original, copy]));
    expect(dups[0].similarity).toBeGreaterThan(0.5);
    const unrelated = (
      await wangge.get(
        `/api/v1/grid/events/duplicates?placeId=${building1.id}&category=property&text=${encodeURIComponent('污水井盖冒水')}`,
      )
    ).body.items;
    expect(unrelated.find((d: { id: string }) => d.id === original).similarity).toBeLessThan(0.2);

    const missing = await act(wangge, copy, { action: 'close', closureKind: 'duplicate' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields.duplicateOf).toBeTruthy();
    expect(
      (await act(wangge, copy, { action: 'close', closureKind: 'duplicate', duplicateOf: original })).status,
    ).toBe(200);
    const merged = (await wangge.get(`/api/v1/grid/events/${copy}`)).body;
    expect(merged).toMatchObject({
      status: 'closed',
      closureKind: 'duplicate',
      duplicateOf: { id: original },
    });

    const notOurs = await report(wangge);
    await act(wangge, notOurs, { action: 'close', closureKind: 'not_ours', note: '属供水公司职责' });
    expect((await wangge.get(`/api/v1/grid/events/${notOurs}`)).body.closureKind).toBe('not_ours');
  });

  it('reassigns to a person or an outside body, and records every step with who took it', async () => {
    const id = await report(wangge);
    const options = (await shequ.get(`/api/v1/grid/events/${id}/assignees`)).body;
    const wang = options.users.find((u: { name: string }) => u.name === '王磊');
    expect(wang).toBeTruthy();
    expect(options.places.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['锦绣春天第一网格', '锦绣社区', '古南街道']),
    );
    expect(
      (await act(shequ, id, { action: 'reassign', assigneeKind: 'person', assigneeUserId: wang.id })).status,
    ).toBe(200);
    expect((await act(shequ, id, { action: 'supervise', note: '请今天内处理' })).status).toBe(200);
    const e = (await shequ.get(`/api/v1/grid/events/${id}`)).body;
    expect(e).toMatchObject({ assigneeKind: 'person', assigneeLabel: '王磊', supervisedCount: 1 });
    expect(e.steps.map((s: { action: string; actorName: string }) => `${s.action}:${s.actorName}`)).toEqual([
      'report:王磊',
      'reassign:李秀英',
      'supervise:李秀英',
    ]);
    const audited = await t.database.db.select().from(auditLog).where(eq(auditLog.targetId, id));
    expect(audited.map((a) => a.action)).toEqual(
      expect.arrayContaining(['event.report', 'event.reassign', 'event.supervise']),
    );
    // A grid worker may handle but not dispatch.
    expect((await act(wangge, id, { action: 'supervise', note: '自己督办自己' })).status).toBe(403);
  });

  it('asks security reports for observable facts only', async () => {
    const bad = await wangge.post('/api/v1/grid/events', {
      placeId: building1.id,
      category: 'security',
      title: '可疑人员',
      description: '一个长相可疑的人',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.observation).toBeTruthy();
    const ok = await report(baoan, {
      category: 'security',
      subcategory: 'suspicious',
      title: '有人反复拉车门',
      description: '',
      observation: {
        seen: '一人逐辆拉停车场车门',
        where: '地下车库B区',
        when: '今晚21:40左右',
        behaviour: '拉了6辆车的门把手后离开',
      },
    });
    const e = (await shequ.get(`/api/v1/grid/events/${ok}`)).body;
    expect(e.source).toBe('guard');
    // Security cases are fast: 5 working days halved.
    expect(e.deadlineAt).toBe('2026-11-25T15:59:59.999Z');
    // A guard reports; handling is the grid's.
    expect((await act(baoan, ok, { action: 'accept' })).status).toBe(403);
  });

  it('keeps each grid to its own events: 404 outside scope, and lists only what is inside', async () => {
    const mine = await report(wangge);
    expect((await wangge2.get(`/api/v1/grid/events/${mine}`)).status).toBe(404);
    expect((await act(wangge2, mine, { action: 'accept' })).status).toBe(404);
    const theirs = (await wangge2.get('/api/v1/grid/events?pageSize=200')).body.items;
    expect(theirs.some((e: { id: string }) => e.id === mine)).toBe(false);
    const other = await report(wangge2, { placeId: building2.id });
    const community = (await shequ.get('/api/v1/grid/events?pageSize=200')).body.items.map(
      (e: { id: string }) => e.id,
    );
    expect(community).toEqual(expect.arrayContaining([mine, other]));
    const mineOnly = (await wangge.get('/api/v1/grid/events?mine=true&status=open&pageSize=200')).body.items;
    // The index-only fast path and the general query agree (a date filter forces the general one).
    const general = (
      await wangge.get('/api/v1/grid/events?mine=true&status=open&pageSize=200&from=2000-01-01')
    ).body;
    expect(mineOnly.map((e: { id: string }) => e.id)).toEqual(general.items.map((e: { id: string }) => e.id));
    expect(mineOnly.length).toBeGreaterThan(0);
    const page2 = (await wangge.get('/api/v1/grid/events?mine=true&pageSize=1&page=2')).body;
    expect(page2.total).toBe(general.total);
    expect(page2.items[0].id).toBe(general.items[1].id);
    expect(mineOnly[0].createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(mineOnly.every((e: { placeName: string }) => e.placeName !== building2.name || false)).toBe(true);
  });
});

describe('三清 escalation and working-day deadlines', () => {
  it('counts deadlines in working days across the National Day holiday and its make-up Saturday', async () => {
    await at('2026-09-30T02:00:00Z');
    const id = await report(wangge);
    // Oct 1–7 off; Oct 8, 9, 10 (make-up Saturday), 12, 13.
    expect((await wangge.get(`/api/v1/grid/events/${id}`)).body.deadlineAt).toBe('2026-10-13T15:59:59.999Z');
    const urgent = await report(wangge, { urgency: 'urgent' });
    expect((await wangge.get(`/api/v1/grid/events/${urgent}`)).body.deadlineAt).toBe(
      '2026-10-09T15:59:59.999Z',
    );
  });

  it('moves what the grid left open to the community after the day and to the street after the week', async () => {
    await at('2026-12-02T02:00:00Z'); // a Wednesday, 10:00 in Beijing
    const sanqing = t.app.services.grid.escalation;
    // Earlier tests' open events have had their days and weeks: clear them first.
    await sanqing.daily();
    await sanqing.weekly();
    const open = await report(wangge);
    const closed = await report(wangge);
    await act(wangge, closed, { action: 'accept' });
    await act(wangge, closed, { action: 'close', closureKind: 'resolved', note: '当日办结' });

    expect(await sanqing.daily()).toBe(0); // the day is not over
    await at('2026-12-02T16:05:00Z'); // Thursday 00:05 in Beijing
    expect(await sanqing.daily()).toBeGreaterThanOrEqual(1);
    let e = (await shequ.get(`/api/v1/grid/events/${open}`)).body;
    expect(e).toMatchObject({ level: 'community', assigneeKind: 'community', assigneeLabel: '锦绣社区' });
    expect(e.steps.at(-1)).toMatchObject({ action: 'escalate', actorName: '系统' });
    expect((await shequ.get(`/api/v1/grid/events/${closed}`)).body.level).toBe('grid');
    expect(await sanqing.daily()).toBe(0); // idempotent

    const [li] = await t.database.db.select().from(users).where(eq(users.username, 'shequ'));
    const told = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, li.id), eq(notifications.kind, 'event.escalated')));
    expect(told.length).toBeGreaterThan(0);

    expect(await sanqing.weekly()).toBe(0); // still this week
    await at('2026-12-06T16:10:00Z'); // Monday 00:10 in Beijing
    expect(await sanqing.weekly()).toBeGreaterThanOrEqual(1);
    e = (await shequ.get(`/api/v1/grid/events/${open}`)).body;
    expect(e).toMatchObject({ level: 'street', assigneeLabel: '古南街道' });
  });

  it('marks overdue events once and tells whoever holds them', async () => {
    await at('2026-12-07T02:00:00Z');
    const id = await report(wangge, { urgency: 'critical' });
    await act(wangge, id, { action: 'accept' });
    const sanqing = t.app.services.grid.escalation;
    await at('2026-12-07T17:00:00Z'); // past the end of the day in Beijing
    expect(await sanqing.overdue()).toBeGreaterThanOrEqual(1);
    expect(await sanqing.overdue()).toBe(0);
    const e = (await wangge.get(`/api/v1/grid/events/${id}`)).body;
    expect(e.overdue).toBe(true);
    expect(e.steps.filter((s: { action: string }) => s.action === 'overdue')).toHaveLength(1);
    const overdueList = (await wangge.get('/api/v1/grid/events?overdue=true&pageSize=200')).body.items;
    expect(overdueList.some((x: { id: string }) => x.id === id)).toBe(true);
  });
});

describe('the grid worker on foot', () => {
  it('keeps one diary entry per idempotency key however often the phone resends it', async () => {
    await at('2026-12-08T02:00:00Z');
    const body = {
      placeId: building1.id,
      topic: 'visit',
      said: '住户反映楼道灯不亮',
      followUp: '报物业维修',
      needsFollowUp: true,
      visitedAt: '2026-12-08T01:30:00Z',
      photos: [{ name: '楼道.png', data: PNG }],
      idempotencyKey: `offline-${++keySeq}-abcdef`,
    };
    const first = await wangge.post('/api/v1/grid/diary', body);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const again = await wangge.post('/api/v1/grid/diary', body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ id: first.body.id, replayed: true });
    const rows = await t.database.db
      .select()
      .from(diaryEntries)
      .where(eq(diaryEntries.idempotencyKey, body.idempotencyKey));
    expect(rows).toHaveLength(1);
    expect(rows[0].visitedAt.toISOString()).toBe('2026-12-08T01:30:00.000Z');
    const listed = (await wangge.get('/api/v1/grid/diary?mine=true')).body.items[0];
    expect(listed.photos).toHaveLength(1);
    const photo = await wangge.get(listed.photos[0].url);
    expect(photo.status).toBe(200);
    expect(photo.headers['content-type']).toBe('image/png');
    expect((await wangge2.get(listed.photos[0].url)).status).toBe(404);
  });

  it('reports an event once per idempotency key', async () => {
    const key = `evt-${++keySeq}-offline`;
    const a = await wangge.post('/api/v1/grid/events', {
      placeId: building1.id,
      category: 'hazard',
      subcategory: 'electric',
      title: '电动车楼道充电',
      idempotencyKey: key,
    });
    const b = await wangge.post('/api/v1/grid/events', {
      placeId: building1.id,
      category: 'hazard',
      subcategory: 'electric',
      title: '电动车楼道充电',
      idempotencyKey: key,
    });
    expect(b.body).toEqual({ ...a.body, replayed: true });
    const found = await t.database.db.select().from(events).where(eq(events.no, a.body.no));
    expect(found).toHaveLength(1);
  });

  it('refuses photos that are not images or are too large, naming the limit', async () => {
    const base = { placeId: building1.id, category: 'sanitation', title: '垃圾未清运' };
    const notImage = await wangge.post('/api/v1/grid/events', {
      ...base,
      photos: [{ name: 'x.jpg', data: Buffer.from('<html>not an image</html>').toString('base64') }],
    });
    expect(notImage.status).toBe(400);
    expect(notImage.body.error.message).toContain('JPEG');
    const big = Buffer.alloc(2 * 1024 * 1024 + 10);
    Buffer.from(PNG, 'base64').copy(big);
    const tooBig = await wangge.post('/api/v1/grid/events', {
      ...base,
      photos: [{ name: 'big.png', data: big.toString('base64') }],
    });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.error.message).toContain('2 MB');
  });

  it('checks in once a day and shows the day: grids, visits due, open events', async () => {
    const first = await wangge.post('/api/v1/grid/checkins', {
      gridId: t.places.jinxiuGrid1.id,
      note: '开始巡查',
    });
    expect(first.status).toBe(201);
    const second = await wangge.post('/api/v1/grid/checkins', { gridId: t.places.jinxiuGrid1.id });
    expect(second.body).toMatchObject({ id: first.body.id, replayed: true });
    const day = (await wangge.get('/api/v1/grid/my-day')).body;
    expect(day.grids.map((g: { name: string }) => g.name)).toContain('锦绣春天第一网格');
    expect(day.checkedIn.gridName).toBe('锦绣春天第一网格');
    expect(day.openEvents).toBeGreaterThan(0);
    // A grid worker without registry.special sees only care visits.
    expect(day.dueVisits.every((v: { kind: string }) => v.kind === 'care')).toBe(true);
    expect(day.dueVisits.length).toBeGreaterThan(0);
    expect((await wangge2.post('/api/v1/grid/checkins', { gridId: t.places.jinxiuGrid1.id })).status).toBe(
      404,
    );
  });
});

describe('grid members and the service card', () => {
  it('prints a service card whose QR code leads to the grid’s public form, and a public board', async () => {
    const [wang] = await t.database.db.select().from(users).where(eq(users.username, 'wangge'));
    const created = await shequ.post('/api/v1/grid/members', {
      gridId: t.places.jinxiuGrid1.id,
      userId: wang.id,
      name: '王磊',
      role: 'leader',
      servicePhone: '13900001111',
    });
    expect([201, 400]).toContain(created.status);
    const list = (await wangge.get(`/api/v1/grid/members?placeId=${t.places.jinxiuGrid1.id}`)).body.items;
    const member = list.find((m: { name: string }) => m.name === '王磊');
    const card = (await wangge.get(`/api/v1/grid/members/${member.id}/card`)).body;
    expect(card.requestUrl).toMatch(new RegExp(`/r/${t.places.jinxiuGrid1.id}$`));
    expect(card.qrSvg).toContain('<svg');
    expect(card.estateName).toBe('锦绣春天小区');
    const board = await t.anonymous().get(`/api/v1/grid/public/estates/${t.places.jinxiuEstate.id}/board`);
    expect(board.status).toBe(200);
    const g1 = board.body.grids.find((g: { id: string }) => g.id === t.places.jinxiuGrid1.id);
    expect(g1.members.some((m: { name: string }) => m.name === '王磊')).toBe(true);
    expect(JSON.stringify(board.body)).not.toMatch(/userId|idMasked/);
    expect(
      (
        await wangge.post('/api/v1/grid/members', {
          gridId: t.places.jinxiuGrid1.id,
          name: 'x',
          role: 'worker',
        })
      ).status,
    ).toBe(403);
  });
});

describe('the demo street', () => {
  it('has events in every state, rated requests, diaries and a request the demo resident can rate', async () => {
    const db = t.database.db;
    const states = await db
      .select({ status: events.status, n: sql<number>`count(*)::int` })
      .from(events)
      .groupBy(events.status);
    expect(states.map((s) => s.status).sort()).toEqual([
      'accepted',
      'archived',
      'closed',
      'in_progress',
      'reported',
      'reviewed',
    ]);
    const [rated] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(events)
      .where(and(eq(events.source, 'request'), sql`${events.rating} is not null`, eq(events.isDemo, true)));
    expect(rated.n).toBeGreaterThan(10);
    const [escalated] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(events)
      .where(and(sql`${events.level} <> 'grid'`, eq(events.isDemo, true)));
    expect(escalated.n).toBeGreaterThan(0);
    const [diaries] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(diaryEntries)
      .where(eq(diaryEntries.isDemo, true));
    expect(diaries.n).toBeGreaterThan(100);
    const status = await t
      .anonymous()
      .get(
        `/api/v1/requests/public/status?trackingNo=${DEMO_REQUEST.trackingNo}&phone=${DEMO_REQUEST.phone}`,
      );
    expect(status.body).toMatchObject({ closed: true, canRate: true });
  });
});

describe('月考评', () => {
  it('scores each worker from counted records only, links to them, and follows the place’s formula', async () => {
    await at('2027-02-10T02:00:00Z');
    const month = '2027-02';
    const [wang] = await t.database.db.select().from(users).where(eq(users.username, 'wangge'));
    const houses = await t.database.db.execute(
      sql`select id from houses where place_path like ${`${t.places.jinxiuGrid1.path}%`} limit 3`,
    );
    const [h1, h2] = (houses as unknown as { rows: { id: string }[] }).rows.map((r) => r.id);
    const diary = (houseId: string, said: string, key: string, visitedAt = '2027-02-10T01:00:00Z') =>
      wangge.post('/api/v1/grid/diary', {
        placeId: t.places.jinxiuGrid1.id,
        houseId,
        topic: 'visit',
        said,
        visitedAt,
        idempotencyKey: `score-${key}-abcdefgh`,
      });
    // Two real visits to two households; a second entry for the same household that day and a
    // one-word entry are padding and do not count.
    expect((await diary(h1, '入户走访，住户反映楼道灯不亮，已报修', 'a')).status).toBe(201);
    expect((await diary(h1, '再次入户，了解楼道灯维修进度情况', 'b', '2027-02-10T01:30:00Z')).status).toBe(
      201,
    );
    expect((await diary(h2, '入户走访，独居老人身体状况良好', 'c')).status).toBe(201);
    expect((await diary(h2, '走访', 'd', '2027-02-09T01:00:00Z')).status).toBe(201);
    // Two events reported, one of them a duplicate of the other.
    const first = await report(wangge, { title: '单元门禁坏了' });
    const copy = await report(wangge, { title: '单元门禁坏了（重复）' });
    await act(wangge, copy, { action: 'close', closureKind: 'duplicate', duplicateOf: first });
    await act(wangge, first, { action: 'accept' });
    await act(wangge, first, { action: 'close', closureKind: 'resolved', note: '已修复' });
    await act(shequ, first, { action: 'review', rating: 5, residentConfirmed: true });

    const res = await shequ.get(`/api/v1/grid/scores?placeId=${t.places.jinxiuEstate.id}&month=${month}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const me = res.body.items.find((i: { userId: string }) => i.userId === wang.id);
    expect(me).toMatchObject({
      diaryEntries: 4,
      visits: 2,
      households: 2,
      reported: 1,
      reportedAll: 2,
      closed: 1,
      onTimeRate: 1,
      satisfactionRate: 1,
    });
    expect(res.body.rule.placeId).toBeNull(); // the defaults
    // visits 2/40 × 30 = 1.5; coverage 2/N ÷ 0.3 × 20; reported 1/8 × 15; on time 20; satisfaction 15.
    expect(me.points).toMatchObject({ visits: 1.5, reported: 1.9, onTime: 20, satisfaction: 15 });
    const diaryBehind = (await shequ.get(me.links.diary.replace('/grid/diary', '/api/v1/grid/diary'))).body;
    expect(diaryBehind.total).toBe(4);
    const reportedBehind = (await shequ.get(me.links.reported.replace('/grid/events', '/api/v1/grid/events')))
      .body;
    expect(reportedBehind.total).toBe(2);

    // A community sets its own formula: visits weigh more, the rest less.
    const items = {
      visits: { weight: 50, target: 4 },
      coverage: { weight: 10, target: 0.3 },
      reported: { weight: 10, target: 1 },
      onTime: { weight: 20, target: 1 },
      satisfaction: { weight: 10, target: 1 },
    };
    expect(
      (await wangge.put('/api/v1/grid/score-rules', { placeId: t.places.jinxiuCommunity.id, items })).status,
    ).toBe(403);
    const bad = await shequ.put('/api/v1/grid/score-rules', {
      placeId: t.places.jinxiuCommunity.id,
      items: { ...items, visits: { weight: 40, target: 4 } },
    });
    expect(bad.status).toBe(400);
    expect(
      (await shequ.put('/api/v1/grid/score-rules', { placeId: t.places.jinxiuCommunity.id, items })).status,
    ).toBe(200);
    const again = (await shequ.get(`/api/v1/grid/scores?placeId=${t.places.jinxiuEstate.id}&month=${month}`))
      .body;
    expect(again.rule).toMatchObject({ placeName: '锦绣社区' });
    const me2 = again.items.find((i: { userId: string }) => i.userId === wang.id);
    expect(me2.points).toMatchObject({ visits: 25, reported: 10, onTime: 20, satisfaction: 10 });
    // Another grid's worker sees only what their scope holds.
    const theirs = (await wangge2.get(`/api/v1/grid/scores?month=${month}`)).body.items;
    expect(theirs.some((i: { userId: string }) => i.userId === wang.id)).toBe(false);
  });
});

describe('三率 metrics', () => {
  it('computes response, on-time, resolution and satisfaction rates from the events of a period', async () => {
    await at('2027-06-01T02:00:00Z'); // Tuesday 10:00 in Beijing
    const fast = await report(wangge, { title: '当天签收当天办结' });
    const slow = await report(wangge, {
      title: '隔天签收超期办结',
      category: 'municipal',
      subcategory: 'lighting',
    });
    const waiting = await report(wangge, { title: '尚未签收' });
    t.clock.advance(2 * 3_600_000);
    await act(wangge, fast, { action: 'accept' });
    await act(wangge, fast, { action: 'close', closureKind: 'resolved', note: '已处理' });
    await act(shequ, fast, { action: 'review', rating: 5, residentConfirmed: true });
    await at('2027-06-02T10:00:00Z'); // 32 hours after the report
    await act(wangge, slow, { action: 'accept' });
    await at('2027-06-20T02:00:00Z'); // past its five working days
    await act(wangge, slow, { action: 'close', closureKind: 'unresolved', note: '需更换线路' });
    await act(shequ, slow, { action: 'review', rating: 3, residentConfirmed: false });

    const m = (
      await shequ.get(
        `/api/v1/grid/metrics?placeId=${t.places.jinxiuEstate.id}&from=2027-06-01&to=2027-06-30`,
      )
    ).body;
    expect(m).toMatchObject({
      received: 3,
      closed: 2,
      signedWithin24h: 1,
      responseRate: 0.333,
      onTimeRate: 0.5,
      resolutionRate: 0.5,
      satisfactionRate: 0.5,
    });
    expect(m.byCategory).toEqual(
      expect.arrayContaining([
        { category: 'sanitation', label: '环境卫生', count: 2 },
        { category: 'municipal', label: '市政设施', count: 1 },
      ]),
    );
    expect(m.byMonth).toEqual([{ month: '2027-06', received: 3, closed: 2 }]);
    const g1 = m.byChild.find((c: { placeId: string }) => c.placeId === t.places.jinxiuGrid1.id);
    expect(g1).toMatchObject({ received: 3, onTimeRate: 0.5, satisfactionRate: 0.5 });
    expect(m.byChild.find((c: { placeId: string }) => c.placeId === t.places.jinxiuGrid2.id).received).toBe(
      0,
    );
    expect(waiting).toBeTruthy();
    // Out of scope: the other grid's worker cannot ask for this grid.
    expect(
      (
        await wangge2.get(
          `/api/v1/grid/metrics?placeId=${t.places.jinxiuGrid1.id}&from=2027-06-01&to=2027-06-30`,
        )
      ).status,
    ).toBe(404);
  });
});

describe('导出', () => {
  it('exports the filtered list as xlsx, in scope only, and audits it', async () => {
    await at('2027-07-01T02:00:00Z');
    const title = `导出测试 ${Date.now()}`;
    await report(wangge, { title });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/grid/events/export',
      headers: { cookie: wangge.cookie, 'x-csrf-token': wangge.csrfToken },
      payload: { filters: { q: '导出测试', status: 'open' } },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe('编号');
    const titles = sheet.getColumn(2).values.slice(2);
    expect(titles).toContain(title);
    expect(sheet.rowCount).toBe(titles.length + 1);
    // The other grid's worker gets nothing of it.
    const theirs = await t.app.inject({
      method: 'POST',
      url: '/api/v1/grid/events/export',
      headers: { cookie: wangge2.cookie, 'x-csrf-token': wangge2.csrfToken },
      payload: { filters: { q: '导出测试' } },
    });
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(theirs.rawPayload as unknown as ArrayBuffer);
    expect(wb2.worksheets[0].getColumn(2).values.slice(2)).not.toContain(title);
    const audited = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'event.export'));
    expect(audited.length).toBeGreaterThanOrEqual(2);
  });
});

describe('file download', () => {
  it('never walks out of the store: traversal in a photo path is refused, and only an attached photo is served', async () => {
    const [e] = (await wangge.get('/api/v1/grid/events?mine=true&pageSize=1')).body.items;
    for (const evil of [
      '..%2F..%2F..%2Fetc%2Fpasswd',
      '%2e%2e%2fsecret.key',
      '..%5C..%5Csecret.key',
      'x'.repeat(300),
    ]) {
      const res = await wangge.get(`/api/v1/grid/events/${e.id}/photos/${evil}`);
      expect([400, 404, 414], evil).toContain(res.status);
      expect(JSON.stringify(res.body)).not.toMatch(/root:|BEGIN|secret/i);
    }
    // A real file of another record is not served through this one.
    const other = await report(wangge, {
      title: '带照片的事件',
      photos: [{ name: 'a.png', data: PNG }],
    });
    const photo = (await wangge.get(`/api/v1/grid/events/${other}`)).body.photos[0];
    expect((await wangge.get(`/api/v1/grid/events/${e.id}/photos/${photo.id}`)).status).toBe(404);
    const ok = await wangge.get(photo.url);
    expect(ok.status).toBe(200);
    expect(ok.headers['x-content-type-options']).toBe('nosniff');
  });
});
