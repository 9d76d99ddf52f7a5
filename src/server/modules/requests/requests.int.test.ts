import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, events, residentRequests } from '../../db/schema.js';
import type { Agent, TestApp } from '../../test/harness.js';
import { startTestApp } from '../../test/harness.js';

let t: TestApp;
let shequ: Agent;
let wangge: Agent;
let ip = 0;

/** Each test files from its own address unless it tests the per-address limit. */
function submit(body: Record<string, unknown>, remoteAddress = `10.1.0.${++ip}`) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/requests/public',
    remoteAddress,
    payload: {
      placeId: t.places.jinxiuGrid1.id,
      category: 'property',
      subcategory: 'elevator',
      description: '3栋1单元电梯停运两天了，老人上下楼困难',
      ...body,
    },
  });
}

beforeAll(async () => {
  t = await startTestApp();
  [shequ, wangge] = await Promise.all(['shequ', 'wangge'].map((u) => t.login(u)));
});
afterAll(() => t.close());

describe('residents’ requests', () => {
  it('takes a request without login, routes it to the grid, replies and takes the rating', async () => {
    const res = await submit({ name: '张桂兰', phone: '13812345678' });
    expect(res.statusCode, res.body).toBe(201);
    const { trackingNo } = res.json();
    expect(trackingNo).toMatch(/^SQ\d{8}$/);

    const [r] = await t.database.db
      .select()
      .from(residentRequests)
      .where(eq(residentRequests.trackingNo, trackingNo));
    expect(r.phoneEnc).not.toContain('13812345678');
    expect(r.nameEnc).not.toContain('张桂兰');
    const [e] = await t.database.db.select().from(events).where(eq(events.id, r.eventId));
    expect(e).toMatchObject({
      source: 'request',
      level: 'grid',
      assigneeLabel: '锦绣春天第一网格',
      reporterName: '张**',
    });

    const anon = t.anonymous();
    const status = (q: string) => anon.get(`/api/v1/requests/public/status?${q}`);
    const first = await status(`trackingNo=${trackingNo}&phone=13812345678`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      status: '已提交，等待受理',
      closed: false,
      canRate: false,
      reply: null,
    });

    await wangge.post(`/api/v1/grid/events/${e.id}/actions`, { action: 'accept' });
    await wangge.post(`/api/v1/grid/events/${e.id}/actions`, {
      action: 'close',
      closureKind: 'resolved',
      note: '已联系电梯维保单位，今日下午恢复运行',
    });
    const done = (await status(`trackingNo=${trackingNo}&phone=13812345678`)).body;
    expect(done).toMatchObject({ closed: true, closureKind: '已解决', canRate: true, canReopen: true });
    expect(done.reply).toBe('已联系电梯维保单位，今日下午恢复运行');
    expect(done.timeline.map((s: { label: string }) => s.label)).toEqual([
      '诉求已提交',
      '已受理',
      '已办结并答复',
    ]);
    expect(JSON.stringify(done)).not.toMatch(/王磊/); // staff names stay inside

    const rate = { trackingNo, phone: '13812345678', rating: 4, solved: true, comment: '处理及时' };
    expect((await anon.post('/api/v1/requests/public/rating', rate)).status).toBe(200);
    expect((await anon.post('/api/v1/requests/public/rating', rate)).status).toBe(409);
    // Confirmed solved: nothing left to reopen.
    expect((await status(`trackingNo=${trackingNo}&phone=13812345678`)).body).toMatchObject({
      canRate: false,
      canReopen: false,
      rating: 4,
    });
    const event = (await shequ.get(`/api/v1/grid/events/${e.id}`)).body;
    expect(event).toMatchObject({ status: 'reviewed', rating: 4, residentConfirmed: true, trackingNo });
  });

  it('gives an unknown number and a wrong phone the same answer', async () => {
    const { trackingNo } = (await submit({ phone: '13912340000' })).json();
    const anon = t.anonymous();
    const wrongPhone = await anon.get(
      `/api/v1/requests/public/status?trackingNo=${trackingNo}&phone=13912349999`,
    );
    const unknown = await anon.get('/api/v1/requests/public/status?trackingNo=SQ00000001&phone=13912340000');
    expect(wrongPhone.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(wrongPhone.body.error.message).toBe(unknown.body.error.message);
  });

  it('lets the resident reopen within 7 days of closure, and not after', async () => {
    const { trackingNo } = (await submit({ phone: '13912340001' })).json();
    const [r] = await t.database.db
      .select()
      .from(residentRequests)
      .where(eq(residentRequests.trackingNo, trackingNo));
    await wangge.post(`/api/v1/grid/events/${r.eventId}/actions`, {
      action: 'close',
      closureKind: 'unresolved',
      note: '需业委会表决维修资金',
    });
    const anon = t.anonymous();
    const reopen = { trackingNo, phone: '13912340001', reason: '电梯还是停着' };
    expect((await anon.post('/api/v1/requests/public/reopen', reopen)).status).toBe(200);
    const [e] = await t.database.db.select().from(events).where(eq(events.id, r.eventId));
    expect(e).toMatchObject({ status: 'in_progress', reopenedCount: 1, residentConfirmed: false });

    await wangge.post(`/api/v1/grid/events/${r.eventId}/actions`, {
      action: 'close',
      closureKind: 'resolved',
      note: '已修复',
    });
    t.clock.advance(8 * 86_400_000);
    const late = await anon.post('/api/v1/requests/public/reopen', reopen);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('REOPEN_EXPIRED');
    [shequ, wangge] = await Promise.all(['shequ', 'wangge'].map((u) => t.login(u)));
  });

  it('limits each address to 5 requests an hour and quietly drops what fills the hidden field', async () => {
    const from = '10.9.9.9';
    for (let i = 0; i < 5; i++) expect((await submit({}, from)).statusCode).toBe(201);
    const sixth = await submit({}, from);
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json().error.message).toContain('每小时最多 5 件');

    const before = (await t.database.db.select().from(residentRequests)).length;
    const bot = await submit({ website: 'http://spam.example' });
    expect(bot.statusCode).toBe(201);
    expect((await t.database.db.select().from(residentRequests)).length).toBe(before);
  });

  it('refuses a photo that is not an image, and a place that takes no requests', async () => {
    const fake = await submit({
      photos: [{ name: 'a.jpg', data: Buffer.from('MZ executable').toString('base64') }],
    });
    expect(fake.statusCode).toBe(400);
    const unit = t.places.residentUnit;
    expect((await submit({ placeId: unit.id })).statusCode).toBe(404);
  });

  it('shows staff a masked contact and reveals it only with a reason, audited', async () => {
    const { trackingNo } = (await submit({ name: '李四', phone: '13712345678' })).json();
    const [r] = await t.database.db
      .select()
      .from(residentRequests)
      .where(eq(residentRequests.trackingNo, trackingNo));
    const masked = (await wangge.get(`/api/v1/requests/events/${r.eventId}/contact`)).body;
    expect(masked).toMatchObject({ trackingNo, phoneMasked: '137****5678', hasName: true });
    expect(
      (await wangge.post(`/api/v1/requests/events/${r.eventId}/contact/reveal`, { reason: '回访' })).status,
    ).toBe(403);
    const shown = await shequ.post(`/api/v1/requests/events/${r.eventId}/contact/reveal`, {
      reason: '电话回访居民',
    });
    expect(shown.body).toEqual({ name: '李四', phone: '13712345678' });
    const audited = await t.database.db.select().from(auditLog).where(eq(auditLog.targetId, r.id));
    expect(audited.map((a) => a.action)).toContain('pii.reveal');
  });
});
