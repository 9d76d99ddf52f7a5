import { eq } from 'drizzle-orm';
import { notifications } from '../../platform/notify/schema.js';
import type { Caller, Fixture, Kit, PlaceRef } from '../../test/fixtures.js';
import type { Res } from '../../test/harness.js';
import { users } from '../org/schema.js';
import { estateUnder } from '../volunteers/volunteers.fixtures.js';
import { noticeChannels, noticeDeliveries, noticeRecipients, notices, noticeTemplates } from './schema.js';

/** Notices, channels and templates for the authorization matrix and the fuzzer, made straight in the database. */

/** A documented WeCom address that the matrix never calls (only test-send sends at once, and it uses `UNREACHABLE`). */
const WECOM = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=matrix-key-0000';
/** A reserved name: refused at once by the egress, never looked up. */
const UNREACHABLE = 'https://robot.example.invalid/cgi-bin/webhook/send?key=matrix';

async function makeNotice(
  kit: Kit,
  at: PlaceRef,
  opts: { recipient?: string | null; attachment?: boolean } = {},
) {
  const place = at;
  const db = kit.t.database.db;
  let fileId: string | null = null;
  if (opts.attachment) {
    const f = await kit.t.app.services.files.saveFile(Buffer.from('%PDF-1.4 matrix'), {
      contentType: 'application/pdf',
      maxBytes: 1024,
      name: '附件.pdf',
      placePath: place.path,
    });
    fileId = f.id;
  }
  const [n] = await db
    .insert(notices)
    .values({
      placeId: place.id,
      placePath: place.path,
      kind: 'notice',
      title: kit.uniq('矩阵通知'),
      body: '矩阵测试通知正文',
      audience: { kind: 'place', placeIds: [], teamId: null, roleCode: null, userIds: [] },
      audienceLabel: '全体',
      createdByName: '矩阵',
      publishedAt: kit.t.clock.now(),
      attachmentFileId: fileId,
      attachmentName: fileId ? '附件.pdf' : null,
      recipientCount: opts.recipient ? 1 : 0,
    })
    .returning();
  if (opts.recipient) {
    await db.insert(noticeRecipients).values({ noticeId: n.id, userId: opts.recipient, name: '矩阵用户' });
    await db.insert(notifications).values({
      userId: opts.recipient,
      kind: 'notice.published',
      title: n.title,
      link: `/notices/received/${n.id}`,
      targetType: 'notice',
      targetId: n.id,
      createdAt: kit.t.clock.now(),
    });
  }
  return n;
}

async function makeChannel(kit: Kit, at: PlaceRef, url = WECOM) {
  const [c] = await kit.t.database.db
    .insert(noticeChannels)
    .values({
      placeId: at.id,
      placePath: at.path,
      kind: 'wecom',
      name: kit.uniq('矩阵群'),
      configEnc: kit.t.app.services.pii.encrypt(JSON.stringify({ url, secret: '' })),
      urlMasked: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=****0000',
    })
    .returning();
  return c;
}

async function makeTemplate(kit: Kit, at: PlaceRef) {
  const [t] = await kit.t.database.db
    .insert(noticeTemplates)
    .values({
      placeId: at.id,
      placePath: at.path,
      name: kit.uniq('模板'),
      kind: 'safety',
      title: '{{小区}}平安提示',
      body: '{{重点}}',
    })
    .returning();
  return t;
}

async function userIdOf(kit: Kit, caller: Caller) {
  if (!caller.account) return null;
  const [u] = await kit.t.database.db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.username, caller.account.username));
  return u?.id ?? null;
}

const listed = (res: Res, id: string) =>
  (res.body?.items as { id: string }[] | undefined)?.some((i) => i.id === id) ? null : `${id} not listed`;

const sendBody = (at: PlaceRef) => ({
  placeId: at.id,
  kind: 'notice',
  title: '矩阵测试通知',
  body: '请各位住户注意用电安全。',
  audience: { kind: 'place' },
});

export const NOTICES_FIXTURES: Record<string, Fixture> = {
  'GET /api/v1/notices/items': {
    async build(kit, _caller, at) {
      const n = await makeNotice(kit, at);
      return { query: { placeId: at.id, pageSize: '200' }, note: n.id };
    },
    outside: 'not-found',
    verify: (res, call) => listed(res, call.note!),
  },
  'POST /api/v1/notices/items': {
    build: async (_kit, _caller, at) => ({ body: sendBody(at) }),
    outside: 'not-found',
  },
  'POST /api/v1/notices/preview': {
    build: async (_kit, _caller, at) => ({ body: sendBody(at) }),
    outside: 'not-found',
  },
  'GET /api/v1/notices/items/{id}': {
    build: async (kit, _caller, at) => ({ params: { id: (await makeNotice(kit, at)).id } }),
    outside: 'not-found',
  },
  'GET /api/v1/notices/items/{id}/receipts': {
    build: async (kit, _caller, at) => ({ params: { id: (await makeNotice(kit, at)).id } }),
    outside: 'not-found',
  },
  'GET /api/v1/notices/items/{id}/attachment': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeNotice(kit, at, { attachment: true })).id },
    }),
    outside: 'not-found',
  },
  'POST /api/v1/notices/items/{id}/withdraw': {
    build: async (kit, _caller, at) => ({ params: { id: (await makeNotice(kit, at)).id } }),
    outside: 'not-found',
  },
  'POST /api/v1/notices/deliveries/{id}/retry': {
    async build(kit, _caller, at) {
      const n = await makeNotice(kit, at);
      const c = await makeChannel(kit, at);
      const [d] = await kit.t.database.db
        .insert(noticeDeliveries)
        .values({
          noticeId: n.id,
          channelId: c.id,
          placePath: n.placePath,
          channelKind: 'wecom',
          recipientLabel: c.name,
          status: 'failed',
          attempts: 5,
          lastError: 'HTTP 500',
        })
        .returning();
      return { params: { id: d.id } };
    },
    outside: 'not-found',
  },
  'GET /api/v1/notices/audience': {
    build: async (_kit, _caller, at) => ({ query: { placeId: at.id } }),
    outside: 'not-found',
  },
  'GET /api/v1/notices/received/{id}': {
    async build(kit, caller, at) {
      const n = await makeNotice(kit, at.ghost ? kit.street : at, { recipient: await userIdOf(kit, caller) });
      return { params: { id: n.id } };
    },
  },
  'GET /api/v1/notices/received/{id}/attachment': {
    async build(kit, caller, at) {
      const n = await makeNotice(kit, at.ghost ? kit.street : at, {
        recipient: await userIdOf(kit, caller),
        attachment: true,
      });
      return { params: { id: n.id } };
    },
  },
  'GET /api/v1/notices/channels': {
    async build(kit, _caller, at) {
      const c = await makeChannel(kit, at);
      return { query: { placeId: at.id }, note: c.id };
    },
    outside: 'not-found',
    verify: (res, call) => {
      if (JSON.stringify(res.body).includes('matrix-key-0000')) return 'the webhook key is in the answer';
      return listed(res, call.note!);
    },
  },
  'POST /api/v1/notices/channels': {
    build: async (kit, _caller, at) => ({
      body: { placeId: at.id, kind: 'wecom', name: kit.uniq('群'), url: WECOM },
    }),
    outside: 'not-found',
  },
  'PATCH /api/v1/notices/channels/{id}': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeChannel(kit, at)).id },
      body: { name: '改名的群' },
    }),
    outside: 'not-found',
  },
  'DELETE /api/v1/notices/channels/{id}': {
    build: async (kit, _caller, at) => ({ params: { id: (await makeChannel(kit, at)).id } }),
    outside: 'not-found',
  },
  'POST /api/v1/notices/channels/{id}/test': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeChannel(kit, at, UNREACHABLE)).id },
      body: {},
    }),
    outside: 'not-found',
  },
  'GET /api/v1/notices/templates': {
    async build(kit, _caller, at) {
      const t = await makeTemplate(kit, at);
      return { query: { placeId: at.id }, note: t.id };
    },
    outside: 'not-found',
    verify: (res, call) => listed(res, call.note!),
  },
  'POST /api/v1/notices/templates': {
    build: async (kit, _caller, at) => ({
      body: {
        placeId: at.id,
        name: kit.uniq('模板'),
        title: '每周平安提示',
        body: '{{重点}}',
      },
    }),
    outside: 'not-found',
  },
  'PATCH /api/v1/notices/templates/{id}': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeTemplate(kit, at)).id },
      body: { title: '改过的标题' },
    }),
    outside: 'not-found',
  },
  'DELETE /api/v1/notices/templates/{id}': {
    build: async (kit, _caller, at) => ({ params: { id: (await makeTemplate(kit, at)).id } }),
    outside: 'not-found',
  },
  'GET /api/v1/notices/public/estates/{id}': {
    async build(kit, _caller, _at) {
      const estate = await estateUnder(kit, kit.street);
      await makeNotice(kit, estate);
      return { params: { id: estate.id } };
    },
  },
  'GET /api/v1/notices/public/notices/{id}/attachment': {
    build: async (kit, _caller, at) => ({
      params: { id: (await makeNotice(kit, at.ghost ? kit.street : at, { attachment: true })).id },
    }),
  },
};
