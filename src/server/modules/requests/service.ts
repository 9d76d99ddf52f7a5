import { randomInt } from 'node:crypto';
import { and, eq, gte, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  publicRequestBody,
  rateBody,
  reopenBody,
  revealContactBody,
} from '../../../shared/api/requests.js';
import {
  CLOSURE_KINDS,
  categoryLabel,
  EVENT_CATEGORIES,
  type EventCategory,
  PHOTO_MAX_BYTES,
  REQUEST_LIMIT_PER_HOUR,
  REQUEST_REOPEN_DAYS,
} from '../../../shared/grid.js';
import type { Db } from '../../db/index.js';
import type { AuditService } from '../../platform/audit/service.js';
import type { Clock } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, badRequest, notFound } from '../../platform/errors.js';
import { maskName, maskPhone, type PiiCipher, validateMobile } from '../../platform/pii/index.js';
import { chainOf, type FilesPort, nearest, savePhotos } from '../grid/common.js';
import { eventSteps, events } from '../grid/schema.js';
import type { GridService } from '../grid/service.js';
import type { OrgService } from '../org/service.js';
import { residentRequests } from './schema.js';

/** The same answer for an unknown number and a wrong phone: the page must not confirm either. */
const NOT_FOUND = '未找到该诉求，请核对受理编号和手机号';

/** What a resident sees of the work on their request: plain stages, no staff names. */
export const PUBLIC_STATUS = {
  reported: '已提交，等待受理',
  accepted: '已受理',
  in_progress: '正在办理',
  closed: '已办结',
  reviewed: '已办结',
  archived: '已办结',
} as const;

export interface RequestsDeps {
  db: Db;
  clock: Clock;
  audit: AuditService;
  pii: PiiCipher;
  org: OrgService;
  grid: GridService;
  files: FilesPort;
}

export function createRequestsService(deps: RequestsDeps) {
  const { db, clock, pii } = deps;

  const ipHash = (ip: string) => pii.blindIndex('request-ip', ip);
  const phoneIndex = (phone: string) => pii.blindIndex('request-phone', phone);

  async function newTrackingNo(): Promise<string> {
    for (;;) {
      const no = `SQ${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
      const [hit] = await db
        .select({ id: residentRequests.id })
        .from(residentRequests)
        .where(eq(residentRequests.trackingNo, no));
      if (!hit) return no;
    }
  }

  /** The place a public form may file at: an estate or a grid, as the QR codes and the board name them. */
  async function publicPlace(placeId: string) {
    const place = await deps.org.places.find(placeId);
    if (!place || !['estate', 'grid', 'building'].includes(place.kind)) throw notFound('地点不存在');
    const chain = await chainOf(db, place.path);
    return { place, estate: nearest(chain, 'estate'), community: nearest(chain, 'community') };
  }

  async function requestFor(trackingNo: string, phone: string) {
    const mobile = validateMobile(phone);
    const [r] = await db
      .select()
      .from(residentRequests)
      .where(eq(residentRequests.trackingNo, trackingNo.trim().toUpperCase()));
    if (!r || !mobile.ok || !r.phoneIndex || r.phoneIndex !== phoneIndex(mobile.value))
      throw notFound(NOT_FOUND);
    return r;
  }

  /** Who handles it, as the resident should see it: the grid, community, street or outside body — never a staff name. */
  async function handlerOf(e: typeof events.$inferSelect): Promise<string> {
    if (e.assigneeKind === 'outside') return e.assigneeLabel;
    const chain = await chainOf(db, e.placePath);
    const kind = e.level === 'grid' ? 'grid' : e.level === 'community' ? 'community' : 'street';
    return nearest(chain, kind)?.name ?? chain[0]?.name ?? '';
  }

  return {
    publicPlace: async (placeId: string) => {
      const { place, estate, community } = await publicPlace(placeId);
      return {
        id: place.id,
        name: place.name,
        kind: place.kind,
        estateName: estate?.name ?? null,
        communityName: community?.name ?? null,
      };
    },

    /**
     * A resident files a request from the public page. Rate-limited per IP; a bot that fills the
     * hidden field is answered as if all went well and nothing is kept.
     */
    async submit(body: z.infer<typeof publicRequestBody>, ip: string, channel: 'web' | 'open311' = 'web') {
      if (body.website)
        return { trackingNo: `SQ${String(randomInt(0, 100_000_000)).padStart(8, '0')}`, kept: false };
      const hash = ipHash(ip);
      const since = new Date(clock.now().getTime() - 3_600_000);
      const [{ n }] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(residentRequests)
        .where(and(eq(residentRequests.ipHash, hash), gte(residentRequests.createdAt, since)));
      if (n >= REQUEST_LIMIT_PER_HOUR)
        throw new AppError(
          429,
          'RATE_LIMITED',
          `提交过于频繁，每小时最多 ${REQUEST_LIMIT_PER_HOUR} 件，请稍后再试`,
        );
      let phone: string | null = null;
      if (body.phone) {
        const m = validateMobile(body.phone);
        if (!m.ok) throw badRequest(m.message, { phone: m.message });
        phone = m.value;
      }
      const { place } = await publicPlace(body.placeId);
      const subs = EVENT_CATEGORIES[body.category as EventCategory].subs as Record<string, string>;
      const trackingNo = await newTrackingNo();
      const title = `${categoryLabel(body.category, body.subcategory)}：${body.description.slice(0, 24)}`;
      const reporter = body.name
        ? maskName(body.name)
        : phone
          ? `居民（尾号${phone.slice(-4)}）`
          : '匿名居民';
      return db.transaction(async () => {
        const photoIds = await savePhotos(deps.files, body.photos, PHOTO_MAX_BYTES);
        const event = await deps.grid.events.report(
          null,
          {
            placeId: place.id,
            category: body.category,
            subcategory: body.subcategory && Object.hasOwn(subs, body.subcategory) ? body.subcategory : null,
            urgency: 'normal',
            title: title.slice(0, 60),
            description: body.description,
            observation: null,
            address: body.address,
            lat: body.lat,
            long: body.long,
            personIds: [],
            houseIds: [],
            campaignId: null,
            photos: [],
          },
          { source: channel === 'web' ? 'request' : 'open311', reporterName: reporter, photoIds },
        );
        await db.insert(residentRequests).values({
          trackingNo,
          eventId: event.id,
          placeId: place.id,
          placePath: place.path,
          channel,
          serviceCode: body.subcategory ? `${body.category}.${body.subcategory}` : body.category,
          nameEnc: body.name ? pii.encrypt(body.name) : null,
          phoneEnc: phone ? pii.encrypt(phone) : null,
          phoneIndex: phone ? phoneIndex(phone) : null,
          phoneMasked: phone ? maskPhone(phone) : null,
          ipHash: hash,
          createdAt: clock.now(),
        });
        return { trackingNo, kept: true, eventId: event.id };
      });
    },

    /** The status page: tracking number and the phone given with it. */
    async status(trackingNo: string, phone: string) {
      const r = await requestFor(trackingNo, phone);
      const [e] = await db.select().from(events).where(eq(events.id, r.eventId));
      const steps = await db
        .select({ at: eventSteps.at, action: eventSteps.action, toStatus: eventSteps.toStatus })
        .from(eventSteps)
        .where(eq(eventSteps.eventId, e.id))
        .orderBy(eventSteps.seq);
      const closed = e.status === 'closed' || e.status === 'reviewed' || e.status === 'archived';
      const reopenUntil = e.closedAt
        ? new Date(e.closedAt.getTime() + REQUEST_REOPEN_DAYS * 86_400_000)
        : null;
      return {
        trackingNo: r.trackingNo,
        category: categoryLabel(e.category, e.subcategory),
        description: e.description,
        createdAt: r.createdAt.toISOString(),
        status: PUBLIC_STATUS[e.status as keyof typeof PUBLIC_STATUS],
        closed,
        closureKind:
          closed && e.closureKind ? CLOSURE_KINDS[e.closureKind as keyof typeof CLOSURE_KINDS] : null,
        reply: closed ? e.closureNote : null,
        handledBy: await handlerOf(e),
        rating: e.rating,
        canRate: closed && e.residentConfirmed === null,
        canReopen:
          closed && e.residentConfirmed !== true && reopenUntil !== null && clock.now() < reopenUntil,
        reopenUntil: reopenUntil?.toISOString() ?? null,
        timeline: steps
          .filter((s) =>
            ['report', 'accept', 'start', 'close', 'reopen', 'resident_rate', 'resident_reopen'].includes(
              s.action,
            ),
          )
          .map((s) => ({ at: s.at.toISOString(), label: TIMELINE_LABELS[s.action] ?? s.action })),
      };
    },

    async rate(body: z.infer<typeof rateBody>) {
      const r = await requestFor(body.trackingNo, body.phone);
      await deps.grid.events.residentRate(r.eventId, body.rating, body.comment, body.solved);
    },

    async reopen(body: z.infer<typeof reopenBody>) {
      const r = await requestFor(body.trackingNo, body.phone);
      const [e] = await db.select({ closedAt: events.closedAt }).from(events).where(eq(events.id, r.eventId));
      if (e.closedAt && clock.now().getTime() > e.closedAt.getTime() + REQUEST_REOPEN_DAYS * 86_400_000)
        throw new AppError(
          409,
          'REOPEN_EXPIRED',
          `办结已超过 ${REQUEST_REOPEN_DAYS} 天，如问题仍在请重新提交诉求`,
        );
      await deps.grid.events.residentReopen(r.eventId, body.reason);
    },

    /** The resident's name and phone, for the handler who must call back: audited with the reason. */
    async revealContact(ctx: Ctx, eventId: string, body: z.infer<typeof revealContactBody>) {
      const [r] = await db.select().from(residentRequests).where(eq(residentRequests.eventId, eventId));
      if (
        !r ||
        !ctx.actor!.inScope('pii.reveal', r.placePath) ||
        !ctx.actor!.inScope('grid.read', r.placePath)
      )
        throw notFound('诉求不存在或无权访问');
      await deps.audit.record(ctx, {
        action: 'pii.reveal',
        targetType: 'resident_request',
        targetId: r.id,
        placePath: r.placePath,
        after: { fields: ['name', 'phone'], reason: body.reason },
      });
      return {
        name: r.nameEnc ? pii.decrypt(r.nameEnc) : null,
        phone: r.phoneEnc ? pii.decrypt(r.phoneEnc) : null,
      };
    },

    /** For staff pages: the masked contact of a request. */
    async contactOf(ctx: Ctx, eventId: string) {
      const [r] = await db.select().from(residentRequests).where(eq(residentRequests.eventId, eventId));
      if (!r || !ctx.actor!.inScope('grid.read', r.placePath)) throw notFound('诉求不存在或无权访问');
      return {
        trackingNo: r.trackingNo,
        hasName: r.nameEnc !== null,
        phoneMasked: r.phoneMasked,
        channel: r.channel,
      };
    },
  };
}

const TIMELINE_LABELS: Record<string, string> = {
  report: '诉求已提交',
  accept: '已受理',
  start: '开始办理',
  close: '已办结并答复',
  reopen: '重新办理',
  resident_rate: '您已评价',
  resident_reopen: '您要求重新办理',
};

export type RequestsService = ReturnType<typeof createRequestsService>;
