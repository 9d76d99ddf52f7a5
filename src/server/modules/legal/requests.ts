import { and, asc, count, desc, eq, ilike, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  deskRequestBody,
  legalActionBody,
  legalRateBody,
  legalRequestListQuery,
  legalRevealBody,
  publicLegalRequestBody,
} from '../../../shared/api/legal.js';
import {
  LEGAL_ACTIONS,
  LEGAL_KINDS,
  LEGAL_LIMIT_PER_HOUR,
  LEGAL_PUBLIC_STATUS,
  LEGAL_STATUSES,
  LEGAL_TRANSITIONS,
  type LegalAction,
  type LegalChannel,
  type LegalKind,
  type LegalStatus,
} from '../../../shared/legal.js';
import { escapeLike } from '../../db/sql.js';
import type { Ctx } from '../../platform/context.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { maskName, maskPhone } from '../../platform/pii/index.js';
import { places, roles, userRoles, users } from '../org/schema.js';
import {
  chainOf,
  type LegalDeps,
  mobileOf,
  nearest,
  placeFor,
  placeLabels,
  randomDigits,
  rateLimit,
  residentCtx,
} from './common.js';
import { legalRequestSteps, legalRequests } from './schema.js';

/** The same answer for an unknown number and a wrong phone: the page must not confirm either. */
const NOT_FOUND = '未找到该申请，请核对受理编号和手机号';
const STAFF_NOT_FOUND = '法律服务申请不存在或无权访问';

type Row = typeof legalRequests.$inferSelect;

const STEP_LABELS: Record<string, string> = {
  submit: '提交申请',
  desk: '窗口登记',
  assign: '指派法律顾问',
  answer: '法律顾问答复',
  close: '办结',
  rate: '居民评价',
};
const PUBLIC_STEP_LABELS: Record<string, string> = {
  submit: '您已提交申请',
  desk: '窗口已登记',
  assign: '已安排法律顾问',
  answer: '法律顾问已答复',
  close: '已办结',
  rate: '您已评价',
};

export function createRequestsService(deps: LegalDeps) {
  const { db, clock, pii, audit } = deps;
  const ipHash = (ip: string) => pii.blindIndex('legal-ip', ip);
  const phoneIndex = (phone: string) => pii.blindIndex('legal-phone', phone);

  async function newTrackingNo(): Promise<string> {
    for (;;) {
      const no = `FW${randomDigits(8)}`;
      const [hit] = await db
        .select({ id: legalRequests.id })
        .from(legalRequests)
        .where(eq(legalRequests.trackingNo, no));
      if (!hit) return no;
    }
  }

  async function requestFor(ctx: Ctx, id: string, permission: 'legal.read' | 'legal.work' | 'pii.reveal') {
    const [r] = await db.select().from(legalRequests).where(eq(legalRequests.id, id));
    if (!r || !ctx.actor!.inScope(permission, r.placePath)) throw notFound(STAFF_NOT_FOUND);
    return r;
  }

  async function publicFor(trackingNo: string, phone: string) {
    let mobile: string;
    try {
      mobile = mobileOf(phone);
    } catch {
      throw notFound(NOT_FOUND);
    }
    const [r] = await db
      .select()
      .from(legalRequests)
      .where(eq(legalRequests.trackingNo, trackingNo.trim().toUpperCase()));
    if (!r?.phoneIndex || r.phoneIndex !== phoneIndex(mobile)) throw notFound(NOT_FOUND);
    return r;
  }

  async function step(
    requestId: string,
    action: string,
    from: LegalStatus | null,
    to: LegalStatus,
    actorName: string,
    note = '',
  ) {
    const [{ last }] = await db
      .select({ last: sql<number>`coalesce(max(${legalRequestSteps.seq}), 0)::int` })
      .from(legalRequestSteps)
      .where(eq(legalRequestSteps.requestId, requestId));
    await db.insert(legalRequestSteps).values({
      requestId,
      seq: last + 1,
      action,
      fromStatus: from,
      toStatus: to,
      actorName,
      note,
      at: clock.now(),
    });
  }

  /** Users who may take requests at this place: `legal.work` granted at the place or above it. */
  async function advisorsAt(placePath: string) {
    const rows = await db
      .selectDistinct({ id: users.id, name: users.displayName })
      .from(userRoles)
      .innerJoin(roles, eq(roles.id, userRoles.roleId))
      .innerJoin(users, eq(users.id, userRoles.userId))
      .leftJoin(places, eq(places.id, userRoles.placeId))
      .where(
        and(
          eq(users.active, true),
          sql`'legal.work' = any(${roles.permissions})`,
          // A global administrator may do anything but is nobody's advisor.
          sql`${userRoles.placeId} is not null`,
          sql`${placePath} like ${places.path} || '%'`,
        ),
      )
      .orderBy(asc(users.displayName));
    return rows;
  }

  function refuse(r: Row, action: LegalAction): never {
    const allowed = LEGAL_TRANSITIONS[r.status as LegalStatus];
    const names = allowed.map((a) => LEGAL_ACTIONS[a]).join('、');
    throw conflict(
      'ILLEGAL_TRANSITION',
      `申请当前为「${LEGAL_STATUSES[r.status as LegalStatus]}」，不能${LEGAL_ACTIONS[action]}` +
        (names ? `；可以：${names}` : '；已办结的申请不能再操作'),
      { allowed: allowed.join(',') },
    );
  }

  async function insertRequest(
    ctx: Ctx,
    values: {
      placeId: string;
      placePath: string;
      kind: LegalKind;
      channel: LegalChannel;
      subject: string;
      description: string;
      name: string;
      phone: string | null;
      ipHash: string | null;
    },
  ) {
    const trackingNo = await newTrackingNo();
    return db.transaction(async () => {
      const [r] = await db
        .insert(legalRequests)
        .values({
          trackingNo,
          placeId: values.placeId,
          placePath: values.placePath,
          kind: values.kind,
          channel: values.channel,
          subject: values.subject,
          description: values.description,
          nameEnc: values.name ? pii.encrypt(values.name) : null,
          nameMasked: maskName(values.name),
          phoneEnc: values.phone ? pii.encrypt(values.phone) : null,
          phoneIndex: values.phone ? phoneIndex(values.phone) : null,
          phoneMasked: values.phone ? maskPhone(values.phone) : null,
          ipHash: values.ipHash,
          createdBy: ctx.actor?.userId ?? null,
          createdAt: clock.now(),
          updatedAt: clock.now(),
        })
        .returning({ id: legalRequests.id });
      const who = ctx.actor ? ctx.actor.displayName : '居民';
      await step(r.id, values.channel === 'web' ? 'submit' : 'desk', null, 'submitted', who);
      await audit.record(ctx.actor ? ctx : residentCtx(ctx), {
        action: 'legal_request.create',
        targetType: 'legal_request',
        targetId: r.id,
        placeId: values.placeId,
        placePath: values.placePath,
        after: { trackingNo, kind: values.kind, channel: values.channel },
      });
      return { id: r.id, trackingNo };
    });
  }

  const itemColumns = {
    id: legalRequests.id,
    trackingNo: legalRequests.trackingNo,
    kind: legalRequests.kind,
    channel: legalRequests.channel,
    status: legalRequests.status,
    subject: legalRequests.subject,
    placePath: legalRequests.placePath,
    nameMasked: legalRequests.nameMasked,
    phoneMasked: legalRequests.phoneMasked,
    advisorName: legalRequests.advisorName,
    rating: legalRequests.rating,
    createdAt: legalRequests.createdAt,
  };
  const item = (r: { [K in keyof typeof itemColumns]: Row[K] }, labels: Map<string, string>) => ({
    id: r.id,
    trackingNo: r.trackingNo,
    kind: r.kind as LegalKind,
    channel: r.channel as LegalChannel,
    status: r.status as LegalStatus,
    subject: r.subject,
    placeName: labels.get(r.placePath) ?? '',
    nameMasked: r.nameMasked,
    phoneMasked: r.phoneMasked,
    advisorName: r.advisorName,
    rating: r.rating,
    createdAt: r.createdAt.toISOString(),
  });

  return {
    advisorsAt,

    async list(ctx: Ctx, q: z.infer<typeof legalRequestListQuery>) {
      const filters: SQL[] = [ctx.actor!.scopeFilter('legal.read', legalRequests.placePath)];
      if (q.placeId) {
        const p = await deps.org.places.visible(ctx, q.placeId, 'legal.read');
        filters.push(sql`${legalRequests.placePath} like ${`${escapeLike(p.path)}%`}`);
      }
      if (q.kind) filters.push(eq(legalRequests.kind, q.kind));
      if (q.status) filters.push(eq(legalRequests.status, q.status));
      if (q.mine === 'true') filters.push(eq(legalRequests.advisorId, ctx.actor!.userId));
      if (q.q) {
        const like = `%${escapeLike(q.q)}%`;
        filters.push(
          or(
            ilike(legalRequests.trackingNo, like),
            ilike(legalRequests.subject, like),
            ilike(legalRequests.description, like),
          )!,
        );
      }
      const where = and(...filters);
      const [{ total }] = await db.select({ total: count() }).from(legalRequests).where(where);
      const rows = await db
        .select(itemColumns)
        .from(legalRequests)
        .where(where)
        .orderBy(desc(legalRequests.createdAt), desc(legalRequests.id))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize);
      const labels = await placeLabels(
        db,
        rows.map((r) => r.placePath),
      );
      return { items: rows.map((r) => item(r, labels)), total, page: q.page, pageSize: q.pageSize };
    },

    async detail(ctx: Ctx, id: string) {
      const r = await requestFor(ctx, id, 'legal.read');
      const labels = await placeLabels(db, [r.placePath]);
      const steps = await db
        .select()
        .from(legalRequestSteps)
        .where(eq(legalRequestSteps.requestId, id))
        .orderBy(asc(legalRequestSteps.seq));
      const mayWork = ctx.actor!.inScope('legal.work', r.placePath);
      return {
        ...item(r, labels),
        placeId: r.placeId,
        description: r.description,
        advisorId: r.advisorId,
        answer: r.answer,
        answeredAt: r.answeredAt?.toISOString() ?? null,
        closedAt: r.closedAt?.toISOString() ?? null,
        closingNote: r.closingNote,
        ratingComment: r.ratingComment,
        allowed: mayWork ? [...LEGAL_TRANSITIONS[r.status as LegalStatus]] : [],
        steps: steps.map((s) => ({
          at: s.at.toISOString(),
          action: s.action,
          label: STEP_LABELS[s.action] ?? s.action,
          actorName: s.actorName,
          toStatus: s.toStatus,
          note: s.note,
        })),
      };
    },

    /** At the desk: staff enter a resident's request; it starts like an online one. */
    async createAtDesk(ctx: Ctx, body: z.infer<typeof deskRequestBody>) {
      const place = await placeFor(deps, ctx, body.placeId, 'legal.work');
      const phone = body.phone ? mobileOf(body.phone) : null;
      return insertRequest(ctx, {
        placeId: place.id,
        placePath: place.path,
        kind: body.kind,
        channel: 'desk',
        subject: body.subject,
        description: body.description,
        name: body.name,
        phone,
        ipHash: null,
      });
    },

    async advisors(ctx: Ctx, id: string) {
      const r = await requestFor(ctx, id, 'legal.work');
      return { items: await advisorsAt(r.placePath) };
    },

    async act(ctx: Ctx, id: string, body: z.infer<typeof legalActionBody>) {
      const r = await requestFor(ctx, id, 'legal.work');
      const from = r.status as LegalStatus;
      if (!LEGAL_TRANSITIONS[from].includes(body.action)) refuse(r, body.action);
      const now = clock.now();
      const who = ctx.actor!.displayName;
      let set: Partial<Row> = {};
      let to: LegalStatus = from;
      let note = '';
      switch (body.action) {
        case 'assign': {
          const advisor = (await advisorsAt(r.placePath)).find((a) => a.id === body.advisorId);
          if (!advisor)
            throw badRequest('该账号不是本地的法律顾问', { advisorId: '请从可选的法律顾问中选择' });
          set = { advisorId: advisor.id, advisorName: advisor.name };
          to = 'assigned';
          note = body.note ? `${advisor.name}：${body.note}` : advisor.name;
          break;
        }
        case 'answer':
          set = { answer: body.answer, answeredAt: now };
          to = 'answered';
          note = body.answer;
          break;
        case 'close':
          set = { closedAt: now, closingNote: body.note || null };
          to = 'closed';
          note = body.note;
          break;
      }
      await db.transaction(async () => {
        // The status in the WHERE makes two people acting at once meet a 409, not a double step.
        const done = await db
          .update(legalRequests)
          .set({ ...set, status: to, updatedAt: now })
          .where(and(eq(legalRequests.id, id), eq(legalRequests.status, from)))
          .returning({ id: legalRequests.id });
        if (done.length === 0) throw conflict('REQUEST_CHANGED', '申请刚被其他人处理过，请刷新后再试');
        await step(id, body.action, from, to, who, note);
        await audit.record(ctx, {
          action: `legal_request.${body.action}`,
          targetType: 'legal_request',
          targetId: id,
          placeId: r.placeId,
          placePath: r.placePath,
          before: { status: from, advisorName: r.advisorName },
          after: { status: to, ...('advisorName' in set ? { advisorName: set.advisorName } : {}) },
        });
      });
    },

    /** The resident's name and phone, for the advisor who must call back: audited with the reason. */
    async reveal(ctx: Ctx, id: string, body: z.infer<typeof legalRevealBody>) {
      // pii.reveal over the request's place is what the platform asks of every reveal.
      const r = await requestFor(ctx, id, 'pii.reveal');
      await audit.record(ctx, {
        action: 'pii.reveal',
        targetType: 'legal_request',
        targetId: r.id,
        placePath: r.placePath,
        after: { fields: ['name', 'phone'], reason: body.reason },
      });
      return {
        name: r.nameEnc ? pii.decrypt(r.nameEnc) : null,
        phone: r.phoneEnc ? pii.decrypt(r.phoneEnc) : null,
      };
    },

    // ── public ──

    /**
     * A resident files a request from the public page. Rate-limited per IP; a bot that fills the
     * hidden field is answered as if all went well and nothing is kept.
     */
    async submit(ctx: Ctx, body: z.infer<typeof publicLegalRequestBody>, ip: string) {
      if (body.website) return { trackingNo: `FW${randomDigits(8)}` };
      const hash = ipHash(ip);
      await rateLimit(
        deps,
        legalRequests,
        legalRequests.ipHash,
        legalRequests.createdAt,
        hash,
        LEGAL_LIMIT_PER_HOUR,
      );
      const phone = mobileOf(body.phone);
      const place = await deps.org.places.find(body.placeId);
      if (!place || !['estate', 'grid', 'building', 'community'].includes(place.kind))
        throw notFound('地点不存在');
      const r = await insertRequest(residentCtx(ctx), {
        placeId: place.id,
        placePath: place.path,
        kind: body.kind,
        channel: 'web',
        subject: `${LEGAL_KINDS[body.kind]}：${body.description.slice(0, 20)}`,
        description: body.description,
        name: body.name,
        phone,
        ipHash: hash,
      });
      return { trackingNo: r.trackingNo };
    },

    async status(trackingNo: string, phone: string) {
      const r = await publicFor(trackingNo, phone);
      const steps = await db
        .select({ at: legalRequestSteps.at, action: legalRequestSteps.action })
        .from(legalRequestSteps)
        .where(eq(legalRequestSteps.requestId, r.id))
        .orderBy(asc(legalRequestSteps.seq));
      const answered = r.status === 'answered' || r.status === 'closed';
      return {
        trackingNo: r.trackingNo,
        kind: LEGAL_KINDS[r.kind as LegalKind],
        description: r.description,
        createdAt: r.createdAt.toISOString(),
        status: LEGAL_PUBLIC_STATUS[r.status as LegalStatus],
        answer: answered ? r.answer : null,
        closed: r.status === 'closed',
        canRate: answered && r.rating === null,
        rating: r.rating,
        timeline: steps
          .filter((s) => s.action !== 'answer' || answered)
          .map((s) => ({ at: s.at.toISOString(), label: PUBLIC_STEP_LABELS[s.action] ?? s.action })),
      };
    },

    async rate(ctx: Ctx, body: z.infer<typeof legalRateBody>) {
      const r = await publicFor(body.trackingNo, body.phone);
      if (r.status !== 'answered' && r.status !== 'closed')
        throw conflict('NOT_ANSWERED', '法律顾问答复后才能评价');
      await db.transaction(async () => {
        const done = await db
          .update(legalRequests)
          .set({ rating: body.rating, ratingComment: body.comment || null, ratedAt: clock.now() })
          .where(and(eq(legalRequests.id, r.id), isNull(legalRequests.rating)))
          .returning({ id: legalRequests.id });
        if (done.length === 0) throw conflict('ALREADY_RATED', '该申请已评价过，谢谢您');
        await step(r.id, 'rate', r.status as LegalStatus, r.status as LegalStatus, '居民', body.comment);
        await audit.record(residentCtx(ctx), {
          action: 'legal_request.rate',
          targetType: 'legal_request',
          targetId: r.id,
          placePath: r.placePath,
          after: { rating: body.rating },
        });
      });
    },

    /** The estate and community a public form files at, for the heading residents trust. */
    async publicPlace(placeId: string) {
      const place = await deps.org.places.find(placeId);
      if (!place || !['estate', 'grid', 'building', 'community'].includes(place.kind))
        throw notFound('地点不存在');
      const chain = await chainOf(db, place.path);
      return {
        place,
        estate: nearest(chain, 'estate') ?? null,
        community: nearest(chain, 'community') ?? null,
      };
    },
  };
}

export type LegalRequestsService = ReturnType<typeof createRequestsService>;
