import { and, asc, count, desc, eq, inArray, isNull, like, or, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  Audience,
  channelBody,
  channelListQuery,
  noticeBody,
  noticeListQuery,
  previewBody,
  receiptsQuery,
  templateBody,
  updateChannelBody,
  updateTemplateBody,
} from '../../../shared/api/notices.js';
import {
  AUDIENCE_KINDS,
  type ChannelFormat,
  type ChannelKind,
  type DeliveryStatus,
  fillPlaceholders,
  NOTICE_ATTACHMENT_MAX_BYTES,
  type NoticeKind,
  type NoticeStatus,
  placeholdersOf,
} from '../../../shared/notices.js';
import type { Db } from '../../db/index.js';
import { escapeLike } from '../../db/sql.js';
import type { AuditService } from '../../platform/audit/service.js';
import { shanghaiDate } from '../../platform/calendar/index.js';
import type { Clock } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import type { Files } from '../../platform/files/index.js';
import type { Jobs } from '../../platform/jobs/service.js';
import { notifications } from '../../platform/notify/schema.js';
import type { Notifications } from '../../platform/notify/service.js';
import { maskName, maskPhone, type PiiCipher } from '../../platform/pii/index.js';
import { chainOf } from '../grid/common.js';
import { places, roles, userRoles, users } from '../org/schema.js';
import type { OrgService } from '../org/service.js';
import { noticeChannels, noticeDeliveries, noticeRecipients, notices, noticeTemplates } from './schema.js';
import {
  buildRequest,
  type ChannelConfig,
  checkChannelConfig,
  type DeliveryResult,
  deliver,
  maskUrl,
} from './transport.js';

/** The job that sends one delivery; each is its own job so one channel failing holds up no other. */
export const NOTICE_JOBS = { deliver: 'notices.deliver' } as const;
export const DELIVERY_RETRY = { maxAttempts: 5, backoffMs: 30_000 } as const;

/** What notices need of volunteer teams (a team can be an audience). */
export interface TeamsPort {
  find(teamId: string): Promise<{ id: string; name: string; placePath: string } | undefined>;
  /** Active members: their account if any, and a phone (encrypted) for SMS. */
  audienceOf(teamId: string): Promise<{ userId: string | null; name: string; phoneEnc: string | null }[]>;
  listUnder(path: string): Promise<{ id: string; name: string; memberCount: number }[]>;
}

export interface NoticesDeps {
  db: Db;
  clock: Clock;
  audit: AuditService;
  pii: PiiCipher;
  org: OrgService;
  files: Files;
  notifications: Notifications;
  jobs: Jobs;
  teams: TeamsPort;
  /** Lets channels point at 127.0.0.1 over plain http: tests' local servers only, never production. */
  allowLoopbackEgress?: boolean;
}

/**
 * What another module hands to `publish`: a notice of a place to an audience (by default everyone
 * there), through the chosen channels. Governance publishes vote results this way.
 */
export interface PublishInput {
  placeId: string;
  kind?: NoticeKind;
  title: string;
  body: string;
  audience?: Partial<Audience>;
  channelIds?: string[];
  /** On the estate's public notice board (default true). */
  public?: boolean;
  /** The record behind it (a vote, a meeting): `{ type: 'governance_vote', id }`. */
  source?: { type: string; id: string };
}
export type PublishNotice = (
  ctx: Ctx,
  input: PublishInput,
) => Promise<{ id: string; recipientCount: number }>;

const SEND_KINDS = ['street', 'community', 'estate'];
const WEEK = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

interface Recipient {
  userId: string | null;
  name: string;
  via: string;
  phoneEnc: string | null;
}

export function createNoticesService(deps: NoticesDeps) {
  const { db, clock, audit, pii } = deps;
  const allowLoopback = deps.allowLoopbackEgress === true;

  const iso = (d: Date | null) => d?.toISOString() ?? null;

  async function placeFor(
    ctx: Ctx,
    placeId: string,
    permission: 'notices.read' | 'notices.send' | 'notices.channels',
  ) {
    const p = ctx.actor
      ? await deps.org.places.visible(ctx, placeId, permission)
      : await deps.org.places.find(placeId);
    if (!p) throw notFound('地点不存在或无权访问');
    return p;
  }

  async function noticeFor(ctx: Ctx, id: string, permission: 'notices.read' | 'notices.send') {
    const [n] = await db.select().from(notices).where(eq(notices.id, id));
    if (!n || !ctx.actor!.inScope(permission, n.placePath)) throw notFound('通知不存在或无权访问');
    return n;
  }

  async function channelFor(ctx: Ctx, id: string) {
    const [c] = await db.select().from(noticeChannels).where(eq(noticeChannels.id, id));
    if (!c || !ctx.actor!.inScope('notices.channels', c.placePath))
      throw notFound('推送渠道不存在或无权访问');
    return c;
  }

  async function templateFor(ctx: Ctx, id: string) {
    const [t] = await db.select().from(noticeTemplates).where(eq(noticeTemplates.id, id));
    if (!t || !ctx.actor!.inScope('notices.send', t.placePath)) throw notFound('模板不存在或无权访问');
    return t;
  }

  const configOf = (c: { configEnc: string }) => JSON.parse(pii.decrypt(c.configEnc)) as ChannelConfig;

  // ── audience ──

  /** Active accounts holding a role at a place under one of `paths`, with the role or place that put them there. */
  async function accountsUnder(paths: string[], opts: { roleCode?: string; via?: 'role' | 'place' } = {}) {
    if (paths.length === 0) return [];
    const rows = await db
      .select({
        userId: users.id,
        name: users.displayName,
        phoneEnc: users.phoneEnc,
        roleName: roles.name,
        placeName: places.name,
      })
      .from(userRoles)
      .innerJoin(users, eq(users.id, userRoles.userId))
      .innerJoin(roles, eq(roles.id, userRoles.roleId))
      .innerJoin(places, eq(places.id, userRoles.placeId))
      .where(
        and(
          eq(users.active, true),
          or(...paths.map((p) => like(places.path, `${escapeLike(p)}%`))),
          opts.roleCode ? eq(roles.code, opts.roleCode) : undefined,
        ),
      )
      .orderBy(asc(users.displayName));
    const seen = new Set<string>();
    const out: Recipient[] = [];
    for (const r of rows) {
      if (seen.has(r.userId)) continue;
      seen.add(r.userId);
      out.push({
        userId: r.userId,
        name: r.name,
        via: opts.via === 'place' ? r.placeName : r.roleName,
        phoneEnc: r.phoneEnc,
      });
    }
    return out;
  }

  /** Who the audience is, inside the notice's place; anything outside it is refused by field. */
  async function resolveAudience(place: { id: string; path: string; name: string }, a: Audience) {
    switch (a.kind) {
      case 'place':
        return { label: `${place.name}全体`, recipients: await accountsUnder([place.path]) };
      case 'buildings': {
        if (a.placeIds.length === 0)
          throw badRequest('请选择楼栋', { 'audience.placeIds': '请至少选择一个楼栋' });
        const found = await db
          .select({ id: places.id, name: places.name, path: places.path, kind: places.kind })
          .from(places)
          .where(inArray(places.id, a.placeIds));
        const ok = found.filter((b) => b.kind === 'building' && b.path.startsWith(place.path));
        if (ok.length !== new Set(a.placeIds).size)
          throw badRequest('所选楼栋不在本通知的范围内', {
            'audience.placeIds': `只能选择${place.name}的楼栋`,
          });
        const recipients: Recipient[] = [];
        const seen = new Set<string>();
        for (const b of ok)
          for (const r of await accountsUnder([b.path]))
            if (!seen.has(r.userId!)) {
              seen.add(r.userId!);
              recipients.push({ ...r, via: b.name });
            }
        return { label: ok.map((b) => b.name).join('、'), recipients };
      }
      case 'team': {
        const team = a.teamId ? await deps.teams.find(a.teamId) : undefined;
        if (!team?.placePath.startsWith(place.path))
          throw badRequest('所选志愿者队伍不在本通知的范围内', {
            'audience.teamId': '请选择本地的志愿者队伍',
          });
        const members = await deps.teams.audienceOf(team.id);
        return { label: team.name, recipients: members.map((m) => ({ ...m, via: team.name })) };
      }
      case 'role': {
        const [role] = a.roleCode ? await db.select().from(roles).where(eq(roles.code, a.roleCode)) : [];
        if (!role) throw badRequest('角色不存在', { 'audience.roleCode': '请选择角色' });
        return {
          label: `${place.name}的${role.name}`,
          recipients: await accountsUnder([place.path], { roleCode: role.code }),
        };
      }
      case 'users': {
        const ids = [...new Set(a.userIds)];
        if (ids.length === 0) throw badRequest('请选择人员', { 'audience.userIds': '请至少选择一人' });
        const here = (await accountsUnder([place.path])).filter((r) => ids.includes(r.userId!));
        if (here.length !== ids.length)
          throw badRequest('所选人员不在本通知的范围内', {
            'audience.userIds': `只能选择${place.name}的人员`,
          });
        return {
          label:
            here.length <= 3 ? here.map((r) => r.name).join('、') : `${here[0].name}等 ${here.length} 人`,
          recipients: here.map((r) => ({ ...r, via: '指定' })),
        };
      }
    }
  }

  async function channelsFor(place: { path: string }, ids: readonly string[]) {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const found = await db.select().from(noticeChannels).where(inArray(noticeChannels.id, unique));
    const ok = found.filter((c) => c.enabled && place.path.startsWith(c.placePath));
    if (ok.length !== unique.length)
      throw badRequest('所选推送渠道不可用', { channelIds: '只能选择本地或上级已启用的推送渠道' });
    return ok;
  }

  function fill(
    title: string,
    body: string,
    builtins: Record<string, string>,
    values: { name: string; value: string }[],
  ) {
    const all: Record<string, string> = { ...builtins };
    for (const v of values) if (v.value) all[v.name] = v.value;
    const t = fillPlaceholders(title, all);
    const b = fillPlaceholders(body, all);
    return { title: t, body: b, missing: placeholdersOf(`${t}\n${b}`) };
  }

  const builtinsFor = (place: { name: string }, who: string) => {
    const now = clock.now();
    const date = shanghaiDate(now);
    return {
      小区: place.name,
      日期: date,
      星期: WEEK[new Date(`${date}T00:00:00Z`).getUTCDay()],
      发布人: who,
    };
  };

  const whoOf = (ctx: Ctx) => ctx.actor?.displayName ?? ctx.actorLabel ?? '系统';

  /** The messages each channel will send for these recipients. */
  function plannedMessages(channel: { kind: string }, recipients: Recipient[]) {
    if (channel.kind !== 'sms') return 1;
    return recipients.filter((r) => r.phoneEnc).length;
  }

  // ── publishing ──

  const publish: PublishNotice = async (ctx, input) => {
    const place = await placeFor(ctx, input.placeId, 'notices.send');
    if (!SEND_KINDS.includes(place.kind))
      throw badRequest('通知只能以街道、社区或小区的名义发布', { placeId: '请选择街道、社区或小区' });
    const audience: Audience = {
      kind: 'place',
      placeIds: [],
      teamId: null,
      roleCode: null,
      userIds: [],
      ...input.audience,
    };
    const { label, recipients } = await resolveAudience(place, audience);
    const channels = await channelsFor(place, input.channelIds ?? []);
    return write(ctx, place, {
      kind: input.kind ?? 'notice',
      title: input.title,
      body: input.body,
      audience,
      label,
      recipients,
      channels,
      public: input.public ?? true,
      templateId: null,
      source: input.source ?? null,
      attachment: null,
    });
  };

  async function write(
    ctx: Ctx,
    place: { id: string; path: string; name: string },
    n: {
      kind: NoticeKind;
      title: string;
      body: string;
      audience: Audience;
      label: string;
      recipients: Recipient[];
      channels: (typeof noticeChannels.$inferSelect)[];
      public: boolean;
      templateId: string | null;
      source: { type: string; id: string } | null;
      attachment: { id: string; name: string } | null;
    },
  ) {
    const now = clock.now();
    const accounts = n.recipients.filter((r) => r.userId);
    return db.transaction(async () => {
      const [row] = await db
        .insert(notices)
        .values({
          placeId: place.id,
          placePath: place.path,
          kind: n.kind,
          title: n.title,
          body: n.body,
          audience: n.audience,
          audienceLabel: n.label,
          public: n.public,
          templateId: n.templateId,
          attachmentFileId: n.attachment?.id ?? null,
          attachmentName: n.attachment?.name ?? null,
          sourceType: n.source?.type ?? null,
          sourceId: n.source?.id ?? null,
          recipientCount: accounts.length,
          createdBy: ctx.actor?.userId ?? null,
          createdByName: whoOf(ctx),
          publishedAt: now,
        })
        .returning({ id: notices.id });
      if (n.attachment)
        await deps.files.attach([n.attachment.id], {
          ownerType: 'notice',
          ownerId: row.id,
          placePath: place.path,
        });
      for (let i = 0; i < accounts.length; i += 500) {
        await db
          .insert(noticeRecipients)
          .values(
            accounts
              .slice(i, i + 500)
              .map((r) => ({ noticeId: row.id, userId: r.userId!, name: r.name, via: r.via })),
          )
          .onConflictDoNothing();
      }
      // The bell: one platform notification each; its read_at is the read receipt.
      await deps.notifications.send(
        accounts.map((r) => r.userId!),
        {
          kind: 'notice.published',
          title: n.title,
          body: n.body.slice(0, 200),
          link: `/notices/received/${row.id}`,
          targetType: 'notice',
          targetId: row.id,
        },
      );
      for (const c of n.channels) {
        const targets =
          c.kind === 'sms'
            ? dedupePhones(n.recipients).map((r) => ({
                recipientLabel: `${maskName(r.name)} ${maskPhone(r.phone)}`,
                recipientUserId: r.userId,
                phoneEnc: pii.encrypt(r.phone),
              }))
            : [{ recipientLabel: c.name, recipientUserId: null, phoneEnc: null }];
        for (let i = 0; i < targets.length; i += 500) {
          const made = await db
            .insert(noticeDeliveries)
            .values(
              targets.slice(i, i + 500).map((t) => ({
                ...t,
                noticeId: row.id,
                channelId: c.id,
                placePath: place.path,
                channelKind: c.kind,
              })),
            )
            .returning({ id: noticeDeliveries.id });
          for (const d of made)
            await deps.jobs.enqueue(
              NOTICE_JOBS.deliver,
              { deliveryId: d.id },
              { key: `${NOTICE_JOBS.deliver}:${d.id}` },
            );
        }
      }
      await audit.record(ctx, {
        action: 'notice.publish',
        targetType: 'notice',
        targetId: row.id,
        placeId: place.id,
        placePath: place.path,
        after: {
          title: n.title,
          kind: n.kind,
          audience: n.label,
          recipients: accounts.length,
          channels: n.channels.map((c) => c.name),
          source: n.source,
        },
      });
      return { id: row.id, recipientCount: accounts.length };
    });
  }

  function dedupePhones(recipients: Recipient[]) {
    const seen = new Set<string>();
    const out: { userId: string | null; name: string; phone: string }[] = [];
    for (const r of recipients) {
      if (!r.phoneEnc) continue;
      const phone = pii.decrypt(r.phoneEnc);
      if (seen.has(phone)) continue;
      seen.add(phone);
      out.push({ userId: r.userId, name: r.name, phone });
    }
    return out;
  }

  async function saveAttachment(
    ctx: Ctx,
    a: NonNullable<z.infer<typeof noticeBody>['attachment']>,
    placePath: string,
  ) {
    const bytes = Buffer.from(a.data.replace(/\s+/g, ''), 'base64');
    if (bytes.length === 0) throw badRequest('附件是空的', { attachment: '请重新选择附件' });
    const f = await deps.files.saveFile(bytes, {
      contentType: a.contentType,
      maxBytes: NOTICE_ATTACHMENT_MAX_BYTES,
      name: a.name,
      createdBy: ctx.actor?.userId ?? null,
      placePath,
    });
    return { id: f.id, name: f.name };
  }

  // ── delivery ──

  function messageFor(
    n: { title: string; body: string; publishedAt: Date },
    placeName: string,
    phone?: string,
  ) {
    return { title: n.title, body: n.body, footer: `${placeName} · ${shanghaiDate(n.publishedAt)}`, phone };
  }

  async function attempt(
    channel: typeof noticeChannels.$inferSelect,
    message: ReturnType<typeof messageFor>,
  ): Promise<DeliveryResult> {
    let config: ChannelConfig;
    try {
      config = configOf(channel);
    } catch {
      return { ok: false, error: '渠道配置无法解密（密钥已更换？），请重新保存渠道' };
    }
    const req = buildRequest(
      channel.kind as ChannelKind,
      channel.format as ChannelFormat,
      config,
      message,
      clock.now(),
    );
    return deliver(channel.kind as ChannelKind, req, { allowLoopback });
  }

  async function runDelivery(deliveryId: string, job: { attempts: number; maxAttempts: number }) {
    const [d] = await db.select().from(noticeDeliveries).where(eq(noticeDeliveries.id, deliveryId));
    // Delivery is at-least-once: a job run again after its work was done does nothing.
    if (!d || d.status === 'sent' || d.status === 'skipped' || !d.noticeId) return;
    const [c] = await db.select().from(noticeChannels).where(eq(noticeChannels.id, d.channelId));
    const [n] = await db.select().from(notices).where(eq(notices.id, d.noticeId));
    const [p] = n ? await db.select({ name: places.name }).from(places).where(eq(places.id, n.placeId)) : [];
    let result: DeliveryResult;
    if (!c?.enabled) result = { ok: false, error: '渠道已停用' };
    else if (!n || n.status === 'withdrawn') result = { ok: false, error: '通知已撤回，不再发送' };
    else
      result = await attempt(
        c,
        messageFor(n, p?.name ?? '', d.phoneEnc ? pii.decrypt(d.phoneEnc) : undefined),
      );
    const now = clock.now();
    const final = !result.ok && (job.attempts >= job.maxAttempts || !c?.enabled || n?.status === 'withdrawn');
    await db
      .update(noticeDeliveries)
      .set(
        result.ok
          ? { status: 'sent', attempts: d.attempts + 1, lastError: null, sentAt: now, updatedAt: now }
          : {
              status: final ? 'failed' : 'retrying',
              attempts: d.attempts + 1,
              lastError: result.error,
              updatedAt: now,
            },
      )
      .where(eq(noticeDeliveries.id, d.id));
    // A failure goes back to the queue, which waits longer before each retry (backoff).
    if (!result.ok && !final) throw new Error(result.error);
  }

  deps.jobs.define<{ deliveryId: string }>(
    NOTICE_JOBS.deliver,
    async (payload, { job }) => runDelivery(payload.deliveryId, job),
    DELIVERY_RETRY,
  );

  deps.org.places.onSubtreeMoved(async (oldPath, newPath) => {
    for (const table of [notices, noticeChannels, noticeTemplates, noticeDeliveries]) {
      await db
        .update(table)
        .set({ placePath: sql`${newPath} || substr(${table.placePath}, ${oldPath.length + 1})` })
        .where(like(table.placePath, `${escapeLike(oldPath)}%`));
    }
  });

  // ── views ──

  async function placeNames(ids: string[]) {
    if (ids.length === 0) return new Map<string, string>();
    const rows = await db
      .select({ id: places.id, name: places.name })
      .from(places)
      .where(inArray(places.id, [...new Set(ids)]));
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async function readCounts(ids: string[]) {
    if (ids.length === 0) return new Map<string, number>();
    const rows = await db
      .select({ noticeId: noticeRecipients.noticeId, n: count() })
      .from(noticeRecipients)
      .innerJoin(
        notifications,
        and(
          eq(notifications.userId, noticeRecipients.userId),
          eq(notifications.targetType, 'notice'),
          eq(notifications.targetId, sql`${noticeRecipients.noticeId}::text`),
        ),
      )
      .where(and(inArray(noticeRecipients.noticeId, ids), sql`${notifications.readAt} is not null`))
      .groupBy(noticeRecipients.noticeId);
    return new Map(rows.map((r) => [r.noticeId, r.n]));
  }

  /** Where each audience downloads a notice's attachment: the board, a recipient, or staff. */
  const ATTACHMENT_PATHS = {
    public: (id: string) => `/api/v1/notices/public/notices/${id}/attachment`,
    received: (id: string) => `/api/v1/notices/received/${id}/attachment`,
    staff: (id: string) => `/api/v1/notices/items/${id}/attachment`,
  };
  const attachmentOf = (
    n: { id: string; attachmentFileId: string | null; attachmentName: string | null },
    via: keyof typeof ATTACHMENT_PATHS,
  ) => (n.attachmentFileId ? { name: n.attachmentName ?? '附件', url: ATTACHMENT_PATHS[via](n.id) } : null);

  function item(n: typeof notices.$inferSelect, placeName: string, readCount: number) {
    return {
      id: n.id,
      placeId: n.placeId,
      placeName,
      kind: n.kind as NoticeKind,
      title: n.title,
      audienceLabel: n.audienceLabel,
      public: n.public,
      status: n.status as NoticeStatus,
      recipientCount: n.recipientCount,
      readCount,
      createdByName: n.createdByName,
      publishedAt: n.publishedAt.toISOString(),
    };
  }

  async function channelViews(rows: (typeof noticeChannels.$inferSelect)[]) {
    const names = await placeNames(rows.map((r) => r.placeId));
    const last = new Map<string, { status: string; lastError: string | null; updatedAt: Date }>();
    if (rows.length > 0) {
      const ds = await db
        .selectDistinctOn([noticeDeliveries.channelId], {
          channelId: noticeDeliveries.channelId,
          status: noticeDeliveries.status,
          lastError: noticeDeliveries.lastError,
          updatedAt: noticeDeliveries.updatedAt,
        })
        .from(noticeDeliveries)
        .where(
          inArray(
            noticeDeliveries.channelId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(noticeDeliveries.channelId, desc(noticeDeliveries.updatedAt));
      for (const d of ds) last.set(d.channelId, d);
    }
    return rows.map((c) => {
      let sms = null;
      if (c.kind === 'sms') {
        try {
          const cfg = configOf(c).sms;
          if (cfg) sms = { method: cfg.method, bodyTemplate: cfg.bodyTemplate, headerName: cfg.headerName };
        } catch {
          sms = null;
        }
      }
      const l = last.get(c.id);
      return {
        id: c.id,
        placeId: c.placeId,
        placeName: names.get(c.placeId) ?? '',
        kind: c.kind as ChannelKind,
        name: c.name,
        format: c.format as ChannelFormat,
        urlMasked: c.urlMasked,
        hasSecret: c.hasSecret,
        enabled: c.enabled,
        sms,
        lastStatus: (l?.status as DeliveryStatus) ?? null,
        lastError: l?.lastError ?? null,
        lastAt: iso(l?.updatedAt ?? null),
      };
    });
  }

  function templateView(t: typeof noticeTemplates.$inferSelect, placeName: string) {
    return {
      id: t.id,
      placeId: t.placeId,
      placeName,
      name: t.name,
      kind: t.kind as NoticeKind,
      title: t.title,
      body: t.body,
      placeholders: placeholdersOf(`${t.title}\n${t.body}`),
      updatedAt: t.updatedAt.toISOString(),
    };
  }

  function checkConfig(kind: ChannelKind, config: ChannelConfig) {
    const fields = checkChannelConfig(kind, config, allowLoopback);
    if (Object.keys(fields).length > 0) throw badRequest('推送渠道配置不正确', fields);
  }

  return {
    publish,

    /** The send form: the template's placeholders filled, an attachment saved, then `publish`'s work. */
    async send(ctx: Ctx, body: z.infer<typeof noticeBody>) {
      const place = await placeFor(ctx, body.placeId, 'notices.send');
      if (!SEND_KINDS.includes(place.kind))
        throw badRequest('通知只能以街道、社区或小区的名义发布', { placeId: '请选择街道、社区或小区' });
      if (body.templateId) await templateFor(ctx, body.templateId);
      const filled = fill(body.title, body.body, builtinsFor(place, whoOf(ctx)), body.values);
      if (filled.missing.length > 0)
        throw badRequest(`还有占位符未填写：${filled.missing.join('、')}`, {
          values: `请填写 ${filled.missing.map((m) => `{{${m}}}`).join('、')}`,
        });
      if (filled.title.length > 100) throw badRequest('标题填入内容后超过 100 个字', { title: '请缩短标题' });
      const { label, recipients } = await resolveAudience(place, body.audience);
      const channels = await channelsFor(place, body.channelIds);
      const attachment = body.attachment ? await saveAttachment(ctx, body.attachment, place.path) : null;
      return write(ctx, place, {
        kind: body.kind,
        title: filled.title,
        body: filled.body,
        audience: body.audience,
        label,
        recipients,
        channels,
        public: body.public,
        templateId: body.templateId,
        source: null,
        attachment,
      });
    },

    async preview(ctx: Ctx, body: z.infer<typeof previewBody>) {
      const place = await placeFor(ctx, body.placeId, 'notices.send');
      const filled = fill(body.title, body.body, builtinsFor(place, whoOf(ctx)), body.values);
      const { recipients } = await resolveAudience(place, body.audience);
      const channels = await channelsFor(place, body.channelIds);
      return {
        title: filled.title,
        body: filled.body,
        missing: filled.missing,
        recipientCount: recipients.filter((r) => r.userId).length,
        sample: recipients.slice(0, 10).map((r) => ({ name: maskName(r.name), via: r.via })),
        channels: channels.map((c) => ({
          id: c.id,
          name: c.name,
          kind: c.kind as ChannelKind,
          messages: plannedMessages(c, recipients),
        })),
      };
    },

    async list(ctx: Ctx, q: z.infer<typeof noticeListQuery>) {
      const filters: (SQL | undefined)[] = [ctx.actor!.scopeFilter('notices.read', notices.placePath)];
      if (q.placeId) {
        const p = await placeFor(ctx, q.placeId, 'notices.read');
        filters.push(like(notices.placePath, `${escapeLike(p.path)}%`));
      }
      if (q.kind) filters.push(eq(notices.kind, q.kind));
      if (q.status) filters.push(eq(notices.status, q.status));
      if (q.q) filters.push(like(notices.title, `%${escapeLike(q.q)}%`));
      const where = and(...filters);
      const [rows, [{ total }]] = await Promise.all([
        db
          .select()
          .from(notices)
          .where(where)
          .orderBy(desc(notices.publishedAt), desc(notices.id))
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize),
        db.select({ total: count() }).from(notices).where(where),
      ]);
      const [names, reads] = await Promise.all([
        placeNames(rows.map((r) => r.placeId)),
        readCounts(rows.map((r) => r.id)),
      ]);
      return {
        items: rows.map((n) => item(n, names.get(n.placeId) ?? '', reads.get(n.id) ?? 0)),
        total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    async get(ctx: Ctx, id: string) {
      const n = await noticeFor(ctx, id, 'notices.read');
      const [names, reads] = await Promise.all([placeNames([n.placeId]), readCounts([n.id])]);
      const ds = await db
        .select({
          id: noticeDeliveries.id,
          channelId: noticeDeliveries.channelId,
          channelName: noticeChannels.name,
          channelKind: noticeDeliveries.channelKind,
          recipientLabel: noticeDeliveries.recipientLabel,
          status: noticeDeliveries.status,
          attempts: noticeDeliveries.attempts,
          lastError: noticeDeliveries.lastError,
          sentAt: noticeDeliveries.sentAt,
          updatedAt: noticeDeliveries.updatedAt,
        })
        .from(noticeDeliveries)
        .innerJoin(noticeChannels, eq(noticeChannels.id, noticeDeliveries.channelId))
        .where(eq(noticeDeliveries.noticeId, n.id))
        .orderBy(asc(noticeChannels.name), asc(noticeDeliveries.recipientLabel))
        .limit(2000);
      const byChannel = new Map<
        string,
        z.infer<typeof import('../../../shared/api/notices.js').channelSummary>
      >();
      for (const d of ds) {
        const s = byChannel.get(d.channelId) ?? {
          channelId: d.channelId,
          channelName: d.channelName,
          channelKind: d.channelKind as ChannelKind,
          total: 0,
          sent: 0,
          failed: 0,
          pending: 0,
          skipped: 0,
        };
        s.total++;
        if (d.status === 'sent') s.sent++;
        else if (d.status === 'failed') s.failed++;
        else if (d.status === 'skipped') s.skipped++;
        else s.pending++;
        byChannel.set(d.channelId, s);
      }
      const read = reads.get(n.id) ?? 0;
      return {
        ...item(n, names.get(n.placeId) ?? '', read),
        body: n.body,
        audience: n.audience as Audience,
        withdrawnAt: iso(n.withdrawnAt),
        attachment: attachmentOf(n, 'staff'),
        unreadCount: n.recipientCount - read,
        channels: [...byChannel.values()],
        deliveries: ds.map((d) => ({
          ...d,
          channelKind: d.channelKind as ChannelKind,
          status: d.status as DeliveryStatus,
          sentAt: iso(d.sentAt),
          updatedAt: d.updatedAt.toISOString(),
        })),
      };
    },

    /** 回执: who has read it and who has not. */
    async receipts(ctx: Ctx, id: string, q: z.infer<typeof receiptsQuery>) {
      const n = await noticeFor(ctx, id, 'notices.read');
      const joined = and(
        eq(notifications.userId, noticeRecipients.userId),
        eq(notifications.targetType, 'notice'),
        eq(notifications.targetId, n.id),
      );
      const base = eq(noticeRecipients.noticeId, n.id);
      const which =
        q.read === 'true'
          ? sql`${notifications.readAt} is not null`
          : q.read === 'false'
            ? isNull(notifications.readAt)
            : undefined;
      const [rows, [{ total }], [{ read }]] = await Promise.all([
        db
          .select({
            userId: noticeRecipients.userId,
            name: noticeRecipients.name,
            via: noticeRecipients.via,
            readAt: notifications.readAt,
          })
          .from(noticeRecipients)
          .leftJoin(notifications, joined)
          .where(and(base, which))
          .orderBy(sql`${notifications.readAt} desc nulls last`, asc(noticeRecipients.name))
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize),
        db
          .select({ total: count() })
          .from(noticeRecipients)
          .leftJoin(notifications, joined)
          .where(and(base, which)),
        db
          .select({ read: count() })
          .from(noticeRecipients)
          .innerJoin(notifications, joined)
          .where(and(base, sql`${notifications.readAt} is not null`)),
      ]);
      return {
        items: rows.map((r) => ({ ...r, readAt: iso(r.readAt) })),
        total,
        page: q.page,
        pageSize: q.pageSize,
        read,
        unread: n.recipientCount - read,
      };
    },

    async withdraw(ctx: Ctx, id: string) {
      const n = await noticeFor(ctx, id, 'notices.send');
      if (n.status === 'withdrawn') throw conflict('NOTICE_WITHDRAWN', '该通知已撤回');
      await db.transaction(async () => {
        const now = clock.now();
        await db.update(notices).set({ status: 'withdrawn', withdrawnAt: now }).where(eq(notices.id, id));
        // Messages not yet out stay unsent.
        await db
          .update(noticeDeliveries)
          .set({ status: 'failed', lastError: '通知已撤回，不再发送', updatedAt: now })
          .where(
            and(eq(noticeDeliveries.noticeId, id), inArray(noticeDeliveries.status, ['queued', 'retrying'])),
          );
        await audit.record(ctx, {
          action: 'notice.withdraw',
          targetType: 'notice',
          targetId: id,
          placeId: n.placeId,
          placePath: n.placePath,
          before: { status: n.status },
          after: { status: 'withdrawn' },
        });
      });
    },

    /** A failed message sent again (a new job with fresh retries). */
    async retryDelivery(ctx: Ctx, id: string) {
      const [d] = await db.select().from(noticeDeliveries).where(eq(noticeDeliveries.id, id));
      if (!d || !ctx.actor!.inScope('notices.send', d.placePath)) throw notFound('发送记录不存在或无权访问');
      if (d.status !== 'failed' || !d.noticeId)
        throw conflict('DELIVERY_NOT_FAILED', '只有发送失败的记录可以重发');
      const [n] = await db.select({ status: notices.status }).from(notices).where(eq(notices.id, d.noticeId));
      if (n?.status === 'withdrawn') throw conflict('NOTICE_WITHDRAWN', '该通知已撤回，不能重发');
      await db.transaction(async () => {
        const now = clock.now();
        await db
          .update(noticeDeliveries)
          .set({ status: 'queued', updatedAt: now })
          .where(eq(noticeDeliveries.id, id));
        await deps.jobs.enqueue(
          NOTICE_JOBS.deliver,
          { deliveryId: id },
          { key: `${NOTICE_JOBS.deliver}:${id}:${now.getTime()}` },
        );
        await audit.record(ctx, {
          action: 'notice_delivery.retry',
          targetType: 'notice_delivery',
          targetId: id,
          placePath: d.placePath,
          after: { channel: d.channelKind, recipient: d.recipientLabel },
        });
      });
    },

    /** A recipient's download of the attachment of a notice they received (and that is not withdrawn). */
    async receivedAttachment(ctx: Ctx, id: string) {
      const [r] = await db
        .select({ fileId: notices.attachmentFileId, status: notices.status })
        .from(noticeRecipients)
        .innerJoin(notices, eq(notices.id, noticeRecipients.noticeId))
        .where(and(eq(noticeRecipients.noticeId, id), eq(noticeRecipients.userId, ctx.actor!.userId)));
      if (!r?.fileId || r.status !== 'published') throw notFound('附件不存在');
      return r.fileId;
    },

    async attachment(ctx: Ctx | null, id: string) {
      const [n] = await db.select().from(notices).where(eq(notices.id, id));
      const visible = ctx
        ? n && ctx.actor!.inScope('notices.read', n.placePath)
        : n?.public && n.status === 'published';
      if (!n || !visible || !n.attachmentFileId) throw notFound('附件不存在');
      return n.attachmentFileId;
    },

    /** A recipient opens the notice from the bell: that is the read receipt. */
    async received(ctx: Ctx, id: string) {
      const userId = ctx.actor!.userId;
      const [r] = await db
        .select()
        .from(noticeRecipients)
        .where(and(eq(noticeRecipients.noticeId, id), eq(noticeRecipients.userId, userId)));
      const [n] = r ? await db.select().from(notices).where(eq(notices.id, id)) : [];
      if (!n) throw notFound('通知不存在');
      const now = clock.now();
      await db
        .update(notifications)
        .set({ readAt: now })
        .where(
          and(
            eq(notifications.userId, userId),
            eq(notifications.targetType, 'notice'),
            eq(notifications.targetId, id),
            isNull(notifications.readAt),
          ),
        );
      const [read] = await db
        .select({ readAt: notifications.readAt })
        .from(notifications)
        .where(
          and(
            eq(notifications.userId, userId),
            eq(notifications.targetType, 'notice'),
            eq(notifications.targetId, id),
          ),
        );
      const names = await placeNames([n.placeId]);
      return {
        id: n.id,
        placeName: names.get(n.placeId) ?? '',
        kind: n.kind as NoticeKind,
        title: n.title,
        body: n.status === 'withdrawn' ? '（该通知已撤回）' : n.body,
        publishedAt: n.publishedAt.toISOString(),
        createdByName: n.createdByName,
        attachment: n.status === 'withdrawn' ? null : attachmentOf(n, 'received'),
        readAt: (read?.readAt ?? now).toISOString(),
      };
    },

    /** The estate's public notice board: its own notices and its community's and street's. */
    async board(estateId: string) {
      const estate = await deps.org.places.find(estateId);
      if (estate?.kind !== 'estate') throw notFound('小区不存在');
      const chain = await chainOf(db, estate.path);
      const names = new Map(chain.map((p) => [p.id, p.name]));
      const rows = await db
        .select()
        .from(notices)
        .where(
          and(
            inArray(
              notices.placeId,
              chain.map((p) => p.id),
            ),
            eq(notices.public, true),
            eq(notices.status, 'published'),
          ),
        )
        .orderBy(desc(notices.publishedAt))
        .limit(50);
      return {
        estate: { id: estate.id, name: estate.name },
        items: rows.map((n) => ({
          id: n.id,
          kind: n.kind as NoticeKind,
          title: n.title,
          body: n.body,
          placeName: names.get(n.placeId) ?? '',
          publishedAt: n.publishedAt.toISOString(),
          attachment: attachmentOf(n, 'public'),
        })),
      };
    },

    /** What the audience picker offers for a place. */
    async audienceOptions(ctx: Ctx, placeId: string, q?: string) {
      const place = await placeFor(ctx, placeId, 'notices.send');
      const under = like(places.path, `${escapeLike(place.path)}%`);
      const [buildings, teams, roleRows, userRows] = await Promise.all([
        db
          .select({ id: places.id, name: places.name })
          .from(places)
          .where(and(under, eq(places.kind, 'building')))
          .orderBy(asc(places.sortOrder), asc(places.name))
          .limit(500),
        deps.teams.listUnder(place.path),
        db
          .select({
            code: roles.code,
            name: roles.name,
            count: sql<number>`count(distinct ${userRoles.userId})::int`,
          })
          .from(userRoles)
          .innerJoin(roles, eq(roles.id, userRoles.roleId))
          .innerJoin(places, eq(places.id, userRoles.placeId))
          .innerJoin(users, eq(users.id, userRoles.userId))
          .where(and(under, eq(users.active, true)))
          .groupBy(roles.code, roles.name)
          .orderBy(asc(roles.name)),
        db
          .selectDistinctOn([users.id], { id: users.id, name: users.displayName, roleName: roles.name })
          .from(userRoles)
          .innerJoin(roles, eq(roles.id, userRoles.roleId))
          .innerJoin(places, eq(places.id, userRoles.placeId))
          .innerJoin(users, eq(users.id, userRoles.userId))
          .where(
            and(under, eq(users.active, true), q ? like(users.displayName, `%${escapeLike(q)}%`) : undefined),
          )
          .orderBy(users.id)
          .limit(100),
      ]);
      return {
        place: { id: place.id, name: place.name, kind: place.kind },
        buildings,
        teams,
        roles: roleRows,
        users: userRows.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
      };
    },

    audienceLabel: (kind: keyof typeof AUDIENCE_KINDS) => AUDIENCE_KINDS[kind],

    // ── channels ──

    channels: {
      async list(ctx: Ctx, q: z.infer<typeof channelListQuery>) {
        const filters: (SQL | undefined)[] = [];
        if (q.forPlaceId) {
          // The channels a notice of this place may use: its own and its ancestors'.
          const p = await placeFor(ctx, q.forPlaceId, 'notices.send');
          const chain = await chainOf(db, p.path);
          filters.push(
            inArray(
              noticeChannels.placeId,
              chain.map((c) => c.id),
            ),
          );
        } else filters.push(ctx.actor!.scopeFilter('notices.read', noticeChannels.placePath));
        if (q.placeId) {
          const p = await placeFor(ctx, q.placeId, 'notices.read');
          filters.push(like(noticeChannels.placePath, `${escapeLike(p.path)}%`));
        }
        const rows = await db
          .select()
          .from(noticeChannels)
          .where(and(...filters))
          .orderBy(asc(noticeChannels.placePath), asc(noticeChannels.name))
          .limit(200);
        return { items: await channelViews(rows) };
      },

      async create(ctx: Ctx, body: z.infer<typeof channelBody>) {
        const place = await placeFor(ctx, body.placeId, 'notices.channels');
        if (!SEND_KINDS.includes(place.kind))
          throw badRequest('推送渠道只能配置在街道、社区或小区', { placeId: '请选择街道、社区或小区' });
        const config: ChannelConfig = {
          url: body.url,
          secret: body.secret,
          sms: body.kind === 'sms' ? body.sms : null,
        };
        checkConfig(body.kind, config);
        return db.transaction(async () => {
          const [c] = await db
            .insert(noticeChannels)
            .values({
              placeId: place.id,
              placePath: place.path,
              kind: body.kind,
              name: body.name,
              format: body.kind === 'feishu' || body.kind === 'sms' ? 'text' : body.format,
              configEnc: pii.encrypt(JSON.stringify(config)),
              urlMasked: maskUrl(body.url),
              hasSecret: body.secret.length > 0,
              enabled: body.enabled,
            })
            .returning({ id: noticeChannels.id });
          await audit.record(ctx, {
            action: 'notice_channel.create',
            targetType: 'notice_channel',
            targetId: c.id,
            placeId: place.id,
            placePath: place.path,
            // Never the address or the secret: the trail is readable by auditors.
            after: { kind: body.kind, name: body.name, url: maskUrl(body.url), enabled: body.enabled },
          });
          return c.id;
        });
      },

      async update(ctx: Ctx, id: string, body: z.infer<typeof updateChannelBody>) {
        const c = await channelFor(ctx, id);
        const old = configOf(c);
        const config: ChannelConfig = {
          url: body.url ?? old.url,
          secret: body.secret ?? old.secret,
          sms: c.kind === 'sms' ? (body.sms === undefined ? old.sms : body.sms) : null,
        };
        // A rename or a switch on/off leaves the stored address alone; a new address, secret or
        // gateway template is checked like a new channel's.
        if (body.url !== undefined || body.secret !== undefined || body.sms !== undefined)
          checkConfig(c.kind as ChannelKind, config);
        await db.transaction(async () => {
          await db
            .update(noticeChannels)
            .set({
              name: body.name ?? c.name,
              format: c.kind === 'feishu' || c.kind === 'sms' ? 'text' : (body.format ?? c.format),
              enabled: body.enabled ?? c.enabled,
              configEnc: pii.encrypt(JSON.stringify(config)),
              urlMasked: maskUrl(config.url),
              hasSecret: config.secret.length > 0,
              updatedAt: clock.now(),
            })
            .where(eq(noticeChannels.id, id));
          await audit.record(ctx, {
            action: 'notice_channel.update',
            targetType: 'notice_channel',
            targetId: id,
            placeId: c.placeId,
            placePath: c.placePath,
            before: { name: c.name, url: c.urlMasked, enabled: c.enabled },
            after: {
              name: body.name,
              url: body.url ? maskUrl(body.url) : undefined,
              secretChanged: body.secret !== undefined,
              enabled: body.enabled,
            },
          });
        });
      },

      async remove(ctx: Ctx, id: string) {
        const c = await channelFor(ctx, id);
        await db.transaction(async () => {
          await db.delete(noticeChannels).where(eq(noticeChannels.id, id));
          await audit.record(ctx, {
            action: 'notice_channel.remove',
            targetType: 'notice_channel',
            targetId: id,
            placeId: c.placeId,
            placePath: c.placePath,
            before: { kind: c.kind, name: c.name, url: c.urlMasked },
          });
        });
      },

      /** 测试发送: one message now, its outcome recorded like any delivery. */
      async test(ctx: Ctx, id: string, phone: string) {
        const c = await channelFor(ctx, id);
        if (c.kind === 'sms' && !phone)
          throw badRequest('请填写接收测试短信的手机号', { phone: '请填写手机号' });
        const [p] = await db.select({ name: places.name }).from(places).where(eq(places.id, c.placeId));
        const now = clock.now();
        const result = await attempt(c, {
          title: '测试消息',
          body: `这是来自安居平台的测试消息，收到即表示“${c.name}”配置正确。`,
          footer: `${p?.name ?? ''} · ${shanghaiDate(now)}`,
          phone: phone || undefined,
        });
        const status: DeliveryStatus = result.ok ? 'sent' : 'failed';
        const error = result.ok ? null : result.error;
        await db.transaction(async () => {
          await db.insert(noticeDeliveries).values({
            channelId: c.id,
            placePath: c.placePath,
            channelKind: c.kind,
            recipientLabel: c.kind === 'sms' ? `测试 ${maskPhone(phone)}` : `测试 ${c.name}`,
            status,
            attempts: 1,
            lastError: error,
            sentAt: result.ok ? now : null,
            updatedAt: now,
          });
          await audit.record(ctx, {
            action: 'notice_channel.test',
            targetType: 'notice_channel',
            targetId: id,
            placeId: c.placeId,
            placePath: c.placePath,
            after: { ok: result.ok, error },
          });
        });
        return { ok: result.ok, status, error };
      },
    },

    // ── templates ──

    templates: {
      async list(ctx: Ctx, placeId?: string) {
        const filters: (SQL | undefined)[] = [];
        if (placeId) {
          // A place's templates are its own and its ancestors' (the street's weekly notice).
          const p = await placeFor(ctx, placeId, 'notices.read');
          const chain = await chainOf(db, p.path);
          filters.push(
            or(
              inArray(
                noticeTemplates.placeId,
                chain.map((c) => c.id),
              ),
              like(noticeTemplates.placePath, `${escapeLike(p.path)}%`),
            ),
          );
        } else filters.push(ctx.actor!.scopeFilter('notices.read', noticeTemplates.placePath));
        const rows = await db
          .select()
          .from(noticeTemplates)
          .where(and(...filters))
          .orderBy(asc(noticeTemplates.name))
          .limit(200);
        const names = await placeNames(rows.map((r) => r.placeId));
        return { items: rows.map((t) => templateView(t, names.get(t.placeId) ?? '')) };
      },

      async create(ctx: Ctx, body: z.infer<typeof templateBody>) {
        const place = await placeFor(ctx, body.placeId, 'notices.send');
        if (!SEND_KINDS.includes(place.kind))
          throw badRequest('模板只能属于街道、社区或小区', { placeId: '请选择街道、社区或小区' });
        return db.transaction(async () => {
          const [t] = await db
            .insert(noticeTemplates)
            .values({ ...body, placePath: place.path })
            .returning({ id: noticeTemplates.id });
          await audit.record(ctx, {
            action: 'notice_template.create',
            targetType: 'notice_template',
            targetId: t.id,
            placeId: place.id,
            placePath: place.path,
            after: { name: body.name, title: body.title },
          });
          return t.id;
        });
      },

      async update(ctx: Ctx, id: string, body: z.infer<typeof updateTemplateBody>) {
        const t = await templateFor(ctx, id);
        await db.transaction(async () => {
          await db
            .update(noticeTemplates)
            .set({ ...body, updatedAt: clock.now() })
            .where(eq(noticeTemplates.id, id));
          await audit.record(ctx, {
            action: 'notice_template.update',
            targetType: 'notice_template',
            targetId: id,
            placeId: t.placeId,
            placePath: t.placePath,
            before: { name: t.name, title: t.title },
            after: body,
          });
        });
      },

      async remove(ctx: Ctx, id: string) {
        const t = await templateFor(ctx, id);
        await db.transaction(async () => {
          await db.delete(noticeTemplates).where(eq(noticeTemplates.id, id));
          await audit.record(ctx, {
            action: 'notice_template.remove',
            targetType: 'notice_template',
            targetId: id,
            placeId: t.placeId,
            placePath: t.placePath,
            before: { name: t.name },
          });
        });
      },
    },
  };
}

export type NoticesService = ReturnType<typeof createNoticesService>;
