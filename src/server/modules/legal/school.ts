import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, like, lt, type SQL, sql } from 'drizzle-orm';
import QRCode from 'qrcode';
import type { z } from 'zod';
import type {
  courseBody,
  feedbackBody,
  publicCheckinBody,
  sessionBody,
  sessionListQuery,
  signupBody,
  staffCheckinBody,
  updateCourseBody,
  updateSessionBody,
} from '../../../shared/api/legal.js';
import { legalPublicPaths, SCHOOL_LIMIT_PER_HOUR } from '../../../shared/legal.js';
import { escapeLike } from '../../db/sql.js';
import { endOfDayShanghai, startOfDayShanghai } from '../../platform/calendar/index.js';
import type { Ctx } from '../../platform/context.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { maskName, maskPhone } from '../../platform/pii/index.js';
import {
  chainOf,
  type LegalDeps,
  mobileOf,
  nearest,
  placeFor,
  placeNames,
  rateLimit,
  residentCtx,
} from './common.js';
import { saveDocument } from './records.js';
import { schoolAttendees, schoolCourses, schoolSessions } from './schema.js';

type Session = typeof schoolSessions.$inferSelect;

const ALREADY = '已签到，欢迎参加本期法治夜校';
/** The door QR code works from this long before the class until the end of its day. */
const CHECKIN_OPENS_BEFORE_MS = 12 * 3_600_000;

export function createSchoolService(deps: LegalDeps) {
  const { db, audit, clock, pii } = deps;
  const phoneIndex = (phone: string) => pii.blindIndex('school-phone', phone);
  const ipHash = (ip: string) => pii.blindIndex('school-ip', ip);

  async function courseFor(ctx: Ctx, id: string, permission: 'legal.read' | 'legal.manage') {
    const [c] = await db.select().from(schoolCourses).where(eq(schoolCourses.id, id));
    if (!c || !ctx.actor!.inScope(permission, c.placePath)) throw notFound('课程不存在或无权访问');
    return c;
  }
  async function sessionFor(ctx: Ctx, id: string, permission: 'legal.read' | 'legal.work' | 'legal.manage') {
    const [s] = await db.select().from(schoolSessions).where(eq(schoolSessions.id, id));
    if (!s || !ctx.actor!.inScope(permission, s.placePath)) throw notFound('夜校课程不存在或无权访问');
    return s;
  }

  const ended = (s: Session) => clock.now() > endOfDayShanghai(s.startsAt);

  /** Sign-ups, check-ins and the mean rating of sessions, by session. */
  async function countsOf(ids: string[]) {
    if (ids.length === 0)
      return new Map<string, { signedUp: number; checkedIn: number; rating: number | null }>();
    const rows = await db
      .select({
        sessionId: schoolAttendees.sessionId,
        signedUp: sql<number>`count(${schoolAttendees.signedUpAt})::int`,
        checkedIn: sql<number>`count(${schoolAttendees.checkedInAt})::int`,
        rating: sql<number | null>`round(avg(${schoolAttendees.rating}), 1)::float8`,
      })
      .from(schoolAttendees)
      .where(inArray(schoolAttendees.sessionId, ids))
      .groupBy(schoolAttendees.sessionId);
    return new Map(rows.map((r) => [r.sessionId, r]));
  }

  async function sessionItems(rows: Session[]) {
    const counts = await countsOf(rows.map((r) => r.id));
    const courseIds = [...new Set(rows.map((r) => r.courseId))];
    const courses = courseIds.length
      ? await db
          .select({ id: schoolCourses.id, title: schoolCourses.title })
          .from(schoolCourses)
          .where(inArray(schoolCourses.id, courseIds))
      : [];
    const titles = new Map(courses.map((c) => [c.id, c.title]));
    const names = await placeNames(
      db,
      rows.map((r) => r.placeId),
    );
    return rows.map((s) => {
      const c = counts.get(s.id);
      return {
        id: s.id,
        courseId: s.courseId,
        courseTitle: titles.get(s.courseId) ?? '',
        placeId: s.placeId,
        placeName: names.get(s.placeId) ?? '',
        title: s.title,
        lecturer: s.lecturer,
        venue: s.venue,
        startsAt: s.startsAt.toISOString(),
        durationMinutes: s.durationMinutes,
        capacity: s.capacity,
        signedUp: c?.signedUp ?? 0,
        checkedIn: c?.checkedIn ?? 0,
        averageRating: c?.rating ?? null,
      };
    });
  }

  /**
   * Checks a person in (one row per phone and session): a second check-in is not an error but the
   * friendly 已签到. Someone who did not sign up is let in at the door and recorded as well.
   */
  async function checkIn(
    ctx: Ctx,
    s: Session,
    name: string,
    phone: string,
    by: 'self' | 'staff',
    ip?: string,
  ) {
    const index = phoneIndex(phone);
    return db.transaction(async () => {
      const [existing] = await db
        .select()
        .from(schoolAttendees)
        .where(and(eq(schoolAttendees.sessionId, s.id), eq(schoolAttendees.phoneIndex, index)))
        .for('update');
      if (existing?.checkedInAt)
        return { status: 'already' as const, message: ALREADY, name: existing.nameMasked };
      if (!existing && !name)
        throw badRequest('您还没有报名本期课程，请填写姓名后签到', { name: '请填写姓名' });
      const now = clock.now();
      let id: string;
      let shown: string;
      if (existing) {
        await db
          .update(schoolAttendees)
          .set({ checkedInAt: now, checkinBy: by })
          .where(eq(schoolAttendees.id, existing.id));
        id = existing.id;
        shown = existing.nameMasked;
      } else {
        const [a] = await db
          .insert(schoolAttendees)
          .values({
            sessionId: s.id,
            placePath: s.placePath,
            nameEnc: pii.encrypt(name),
            nameMasked: maskName(name),
            phoneEnc: pii.encrypt(phone),
            phoneIndex: index,
            phoneMasked: maskPhone(phone),
            checkedInAt: now,
            checkinBy: by,
            ipHash: ip ? ipHash(ip) : null,
            createdAt: now,
          })
          // Two taps of the same phone at once: the second finds the first's row.
          .onConflictDoNothing()
          .returning({ id: schoolAttendees.id });
        if (!a) return { status: 'already' as const, message: ALREADY, name: maskName(name) };
        id = a.id;
        shown = maskName(name);
      }
      await audit.record(by === 'self' ? residentCtx(ctx) : ctx, {
        action: 'school.checkin',
        targetType: 'school_attendee',
        targetId: id,
        placePath: s.placePath,
        after: { sessionId: s.id, by },
      });
      return { status: 'checked_in' as const, message: '签到成功，欢迎参加本期法治夜校', name: shown };
    });
  }

  async function sessionByToken(token: string) {
    const [s] = await db.select().from(schoolSessions).where(eq(schoolSessions.checkinToken, token));
    if (!s) throw notFound('签到码无效，请扫描教室门口的二维码');
    return s;
  }

  async function publicView(s: Session) {
    const [c] = await db
      .select({ title: schoolCourses.title })
      .from(schoolCourses)
      .where(eq(schoolCourses.id, s.courseId));
    const counts = (await countsOf([s.id])).get(s.id);
    const chain = await chainOf(db, s.placePath);
    const seatsLeft = Math.max(0, s.capacity - (counts?.signedUp ?? 0));
    return {
      id: s.id,
      courseTitle: c?.title ?? '',
      title: s.title,
      lecturer: s.lecturer,
      venue: s.venue,
      startsAt: s.startsAt.toISOString(),
      durationMinutes: s.durationMinutes,
      estateName: (nearest(chain, 'estate') ?? nearest(chain, 'community'))?.name ?? null,
      capacity: s.capacity,
      seatsLeft,
      open: !ended(s) && clock.now() < s.startsAt && seatsLeft > 0,
      ended: ended(s),
      checkinOpen: !ended(s) && clock.now().getTime() >= s.startsAt.getTime() - CHECKIN_OPENS_BEFORE_MS,
    };
  }

  return {
    // ── courses ──
    async courses(ctx: Ctx, placeId: string | undefined) {
      const filters: SQL[] = [ctx.actor!.scopeFilter('legal.read', schoolCourses.placePath)];
      if (placeId) {
        const p = await deps.org.places.visible(ctx, placeId, 'legal.read');
        filters.push(like(schoolCourses.placePath, `${escapeLike(p.path)}%`));
      }
      const rows = await db
        .select({
          c: schoolCourses,
          sessions: sql<number>`(select count(*)::int from school_sessions s where s.course_id = ${schoolCourses.id})`,
        })
        .from(schoolCourses)
        .where(and(...filters))
        .orderBy(desc(schoolCourses.createdAt))
        .limit(500);
      const names = await placeNames(
        db,
        rows.map((r) => r.c.placeId),
      );
      return {
        items: rows.map(({ c, sessions }) => ({
          id: c.id,
          placeId: c.placeId,
          placeName: names.get(c.placeId) ?? '',
          title: c.title,
          description: c.description,
          sessions,
        })),
      };
    },

    async createCourse(ctx: Ctx, body: z.infer<typeof courseBody>) {
      const place = await placeFor(deps, ctx, body.placeId, 'legal.manage');
      return db.transaction(async () => {
        const [c] = await db
          .insert(schoolCourses)
          .values({ ...body, placePath: place.path, createdAt: clock.now() })
          .returning({ id: schoolCourses.id });
        await audit.record(ctx, {
          action: 'school_course.create',
          targetType: 'school_course',
          targetId: c.id,
          placeId: place.id,
          placePath: place.path,
          after: { title: body.title },
        });
        return c.id;
      });
    },

    async updateCourse(ctx: Ctx, id: string, body: z.infer<typeof updateCourseBody>) {
      const c = await courseFor(ctx, id, 'legal.manage');
      await db.transaction(async () => {
        await db.update(schoolCourses).set(body).where(eq(schoolCourses.id, id));
        await audit.record(ctx, {
          action: 'school_course.update',
          targetType: 'school_course',
          targetId: id,
          placePath: c.placePath,
          before: { title: c.title },
          after: body,
        });
      });
    },

    // ── sessions ──
    async sessions(ctx: Ctx, q: z.infer<typeof sessionListQuery>) {
      const filters: SQL[] = [ctx.actor!.scopeFilter('legal.read', schoolSessions.placePath)];
      if (q.placeId) {
        const p = await deps.org.places.visible(ctx, q.placeId, 'legal.read');
        filters.push(like(schoolSessions.placePath, `${escapeLike(p.path)}%`));
      }
      if (q.courseId) filters.push(eq(schoolSessions.courseId, q.courseId));
      if (q.from) filters.push(gte(schoolSessions.startsAt, startOfDayShanghai(q.from)));
      if (q.to) filters.push(lt(schoolSessions.startsAt, endOfDayShanghai(q.to)));
      const rows = await db
        .select()
        .from(schoolSessions)
        .where(and(...filters))
        .orderBy(desc(schoolSessions.startsAt))
        .limit(500);
      return { items: await sessionItems(rows) };
    },

    async createSession(ctx: Ctx, body: z.infer<typeof sessionBody>) {
      const c = await courseFor(ctx, body.courseId, 'legal.manage');
      return db.transaction(async () => {
        const [s] = await db
          .insert(schoolSessions)
          .values({
            ...body,
            startsAt: new Date(body.startsAt),
            placeId: c.placeId,
            placePath: c.placePath,
            checkinToken: randomBytes(16).toString('base64url'),
            createdAt: clock.now(),
          })
          .returning({ id: schoolSessions.id });
        await audit.record(ctx, {
          action: 'school_session.create',
          targetType: 'school_session',
          targetId: s.id,
          placeId: c.placeId,
          placePath: c.placePath,
          after: { title: body.title, startsAt: body.startsAt, capacity: body.capacity },
        });
        return s.id;
      });
    },

    async updateSession(ctx: Ctx, id: string, body: z.infer<typeof updateSessionBody>) {
      const s = await sessionFor(ctx, id, 'legal.manage');
      if (body.capacity !== undefined) {
        const signedUp = (await countsOf([id])).get(id)?.signedUp ?? 0;
        if (body.capacity < signedUp)
          throw conflict('CAPACITY_BELOW_SIGNUPS', `已有 ${signedUp} 人报名，名额不能少于报名人数`, {
            capacity: `至少 ${signedUp}`,
          });
      }
      await db.transaction(async () => {
        await db
          .update(schoolSessions)
          .set({ ...body, startsAt: body.startsAt ? new Date(body.startsAt) : undefined })
          .where(eq(schoolSessions.id, id));
        await audit.record(ctx, {
          action: 'school_session.update',
          targetType: 'school_session',
          targetId: id,
          placePath: s.placePath,
          before: { title: s.title, startsAt: s.startsAt.toISOString(), capacity: s.capacity },
          after: body,
        });
      });
    },

    async session(ctx: Ctx, id: string, origin: string) {
      const s = await sessionFor(ctx, id, 'legal.read');
      const [item] = await sessionItems([s]);
      const attendees = await db
        .select()
        .from(schoolAttendees)
        .where(eq(schoolAttendees.sessionId, id))
        .orderBy(asc(schoolAttendees.createdAt), asc(schoolAttendees.id));
      const chain = await chainOf(db, s.placePath);
      const checkinUrl = `${origin}${legalPublicPaths.checkin(s.checkinToken)}`;
      const materials = await deps.files.listFor('school_session', id);
      return {
        ...item,
        estateName: (nearest(chain, 'estate') ?? nearest(chain, 'community'))?.name ?? null,
        signupUrl: `${origin}${legalPublicPaths.signup(s.id)}`,
        checkinUrl,
        qrSvg: await QRCode.toString(checkinUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }),
        attendees: attendees.map((a) => ({
          id: a.id,
          nameMasked: a.nameMasked,
          phoneMasked: a.phoneMasked,
          signedUpAt: a.signedUpAt?.toISOString() ?? null,
          checkedInAt: a.checkedInAt?.toISOString() ?? null,
          checkinBy: a.checkinBy,
          rating: a.rating,
          comment: a.comment,
        })),
        materials: materials.map((m) => ({ id: m.id, name: m.name })),
      };
    },

    async addMaterial(ctx: Ctx, id: string, bytes: Buffer, name: string) {
      const s = await sessionFor(ctx, id, 'legal.manage');
      return db.transaction(async () => {
        const f = await saveDocument(deps, bytes, name || '课件');
        await deps.files.attach([f.id], { ownerType: 'school_session', ownerId: id, placePath: s.placePath });
        await audit.record(ctx, {
          action: 'school_session.material',
          targetType: 'school_session',
          targetId: id,
          placePath: s.placePath,
          after: { fileId: f.id, name: f.name },
        });
        return { id: f.id, name: f.name };
      });
    },

    async material(ctx: Ctx, id: string, fileId: string) {
      await sessionFor(ctx, id, 'legal.read');
      const owned = await deps.files.listFor('school_session', id);
      if (!owned.some((f) => f.id === fileId)) throw notFound('课件不存在');
      return fileId;
    },

    /** Staff at the door: tick someone on the sign-up list, or type in a walk-in. */
    async staffCheckin(ctx: Ctx, id: string, body: z.infer<typeof staffCheckinBody>) {
      const s = await sessionFor(ctx, id, 'legal.work');
      if ('attendeeId' in body) {
        const [a] = await db
          .select()
          .from(schoolAttendees)
          .where(and(eq(schoolAttendees.id, body.attendeeId), eq(schoolAttendees.sessionId, id)));
        if (!a) throw notFound('报名记录不存在');
        return checkIn(ctx, s, pii.decrypt(a.nameEnc), pii.decrypt(a.phoneEnc), 'staff');
      }
      return checkIn(ctx, s, body.name, mobileOf(body.phone), 'staff');
    },

    // ── attendance ──
    /** 人次 (check-ins) and unique people (distinct phones) by estate and month. */
    async attendance(ctx: Ctx, q: { placeId?: string; from: string; to: string }) {
      if (q.to < q.from) throw badRequest('结束日期不能早于开始日期', { to: '请重新选择' });
      const filters: SQL[] = [
        ctx.actor!.scopeFilter('legal.read', schoolSessions.placePath),
        gte(schoolSessions.startsAt, startOfDayShanghai(q.from)),
        lt(schoolSessions.startsAt, endOfDayShanghai(q.to)),
      ];
      if (q.placeId) {
        const p = await deps.org.places.visible(ctx, q.placeId, 'legal.read');
        filters.push(like(schoolSessions.placePath, `${escapeLike(p.path)}%`));
      }
      const where = and(...filters);
      const month = sql<string>`to_char(${schoolSessions.startsAt} at time zone 'Asia/Shanghai', 'YYYY-MM')`;
      const checked = and(where, isNotNull(schoolAttendees.checkedInAt));
      const [totals] = await db
        .select({
          visits: sql<number>`count(${schoolAttendees.checkedInAt})::int`,
          people: sql<number>`count(distinct ${schoolAttendees.phoneIndex}) filter (where ${schoolAttendees.checkedInAt} is not null)::int`,
          signedUp: sql<number>`count(${schoolAttendees.signedUpAt})::int`,
          rating: sql<number | null>`round(avg(${schoolAttendees.rating}), 1)::float8`,
        })
        .from(schoolSessions)
        .leftJoin(schoolAttendees, eq(schoolAttendees.sessionId, schoolSessions.id))
        .where(where);
      const [{ sessions }] = await db
        .select({ sessions: sql<number>`count(*)::int` })
        .from(schoolSessions)
        .where(where);
      const byPlace = await db
        .select({
          placeId: schoolSessions.placeId,
          sessions: sql<number>`count(distinct ${schoolSessions.id})::int`,
          visits: sql<number>`count(${schoolAttendees.checkedInAt})::int`,
          people: sql<number>`count(distinct ${schoolAttendees.phoneIndex}) filter (where ${schoolAttendees.checkedInAt} is not null)::int`,
        })
        .from(schoolSessions)
        .leftJoin(schoolAttendees, eq(schoolAttendees.sessionId, schoolSessions.id))
        .where(where)
        .groupBy(schoolSessions.placeId);
      const byMonth = await db
        .select({
          month,
          visits: sql<number>`count(*)::int`,
          people: sql<number>`count(distinct ${schoolAttendees.phoneIndex})::int`,
        })
        .from(schoolSessions)
        .innerJoin(schoolAttendees, eq(schoolAttendees.sessionId, schoolSessions.id))
        .where(checked)
        .groupBy(month)
        .orderBy(month);
      const names = await placeNames(
        db,
        byPlace.map((p) => p.placeId),
      );
      return {
        from: q.from,
        to: q.to,
        sessions,
        visits: totals?.visits ?? 0,
        people: totals?.people ?? 0,
        signedUp: totals?.signedUp ?? 0,
        averageRating: totals?.rating ?? null,
        byEstate: byPlace
          .map((p) => ({ ...p, name: names.get(p.placeId) ?? '' }))
          .sort((a, b) => b.visits - a.visits),
        byMonth,
      };
    },

    // ── public ──
    async publicSession(id: string) {
      const [s] = await db.select().from(schoolSessions).where(eq(schoolSessions.id, id));
      if (!s) throw notFound('课程不存在');
      return publicView(s);
    },

    /** Sign-up on the public page: one per phone and session, within the capacity. */
    async signup(ctx: Ctx, id: string, body: z.infer<typeof signupBody>, ip: string) {
      const [s] = await db.select().from(schoolSessions).where(eq(schoolSessions.id, id));
      if (!s) throw notFound('课程不存在');
      if (body.website) return { status: 'signed_up' as const, message: '报名成功' };
      const hash = ipHash(ip);
      await rateLimit(
        deps,
        schoolAttendees,
        schoolAttendees.ipHash,
        schoolAttendees.createdAt,
        hash,
        SCHOOL_LIMIT_PER_HOUR,
      );
      const phone = mobileOf(body.phone);
      if (ended(s) || clock.now() >= s.startsAt)
        throw conflict('SIGNUP_CLOSED', '本期课程已开课，报名已截止');
      const index = phoneIndex(phone);
      return db.transaction(async () => {
        // Counting and inserting under the session's row lock: the last seat goes to one person.
        await db
          .select({ id: schoolSessions.id })
          .from(schoolSessions)
          .where(eq(schoolSessions.id, id))
          .for('update');
        const [existing] = await db
          .select()
          .from(schoolAttendees)
          .where(and(eq(schoolAttendees.sessionId, id), eq(schoolAttendees.phoneIndex, index)));
        if (existing?.signedUpAt)
          return { status: 'already' as const, message: '您已报名本期课程，请按时参加' };
        const [{ n }] = await db
          .select({ n: sql<number>`count(*)::int` })
          .from(schoolAttendees)
          .where(and(eq(schoolAttendees.sessionId, id), isNotNull(schoolAttendees.signedUpAt)));
        if (n >= s.capacity)
          throw conflict('SESSION_FULL', `本期课程 ${s.capacity} 个名额已报满，欢迎参加下一期`);
        const now = clock.now();
        let attendeeId: string;
        if (existing) {
          await db
            .update(schoolAttendees)
            .set({ signedUpAt: now })
            .where(eq(schoolAttendees.id, existing.id));
          attendeeId = existing.id;
        } else {
          const [a] = await db
            .insert(schoolAttendees)
            .values({
              sessionId: id,
              placePath: s.placePath,
              nameEnc: pii.encrypt(body.name),
              nameMasked: maskName(body.name),
              phoneEnc: pii.encrypt(phone),
              phoneIndex: index,
              phoneMasked: maskPhone(phone),
              signedUpAt: now,
              ipHash: hash,
              createdAt: now,
            })
            .returning({ id: schoolAttendees.id });
          attendeeId = a.id;
        }
        await audit.record(residentCtx(ctx), {
          action: 'school.signup',
          targetType: 'school_attendee',
          targetId: attendeeId,
          placePath: s.placePath,
          after: { sessionId: id },
        });
        return { status: 'signed_up' as const, message: '报名成功，请按时参加；到场后扫描门口二维码签到' };
      });
    },

    async checkinSession(token: string) {
      return publicView(await sessionByToken(token));
    },

    async publicCheckin(ctx: Ctx, token: string, body: z.infer<typeof publicCheckinBody>, ip: string) {
      const s = await sessionByToken(token);
      if (ended(s)) throw conflict('SESSION_ENDED', '本期课程已结束，无法签到');
      // A photo of the QR code passed round a group chat must not check anyone in weeks ahead.
      if (clock.now().getTime() < s.startsAt.getTime() - CHECKIN_OPENS_BEFORE_MS)
        throw conflict('CHECKIN_NOT_OPEN', '签到将于开课当天开放，请上课时扫码签到');
      const hash = ipHash(ip);
      await rateLimit(
        deps,
        schoolAttendees,
        schoolAttendees.ipHash,
        schoolAttendees.createdAt,
        hash,
        SCHOOL_LIMIT_PER_HOUR,
      );
      return checkIn(ctx, s, body.name, mobileOf(body.phone), 'self', ip);
    },

    /** Feedback after the class, by the phone that checked in. */
    async feedback(ctx: Ctx, id: string, body: z.infer<typeof feedbackBody>) {
      const [s] = await db.select().from(schoolSessions).where(eq(schoolSessions.id, id));
      if (!s) throw notFound('课程不存在');
      let phone: string;
      try {
        phone = mobileOf(body.phone);
      } catch {
        throw notFound('未找到您的签到记录，请核对手机号');
      }
      const [a] = await db
        .select()
        .from(schoolAttendees)
        .where(
          and(
            eq(schoolAttendees.sessionId, id),
            eq(schoolAttendees.phoneIndex, phoneIndex(phone)),
            isNotNull(schoolAttendees.checkedInAt),
          ),
        );
      if (!a) throw notFound('未找到您的签到记录，请核对手机号');
      await db.transaction(async () => {
        const done = await db
          .update(schoolAttendees)
          .set({ rating: body.rating, comment: body.comment || null, feedbackAt: clock.now() })
          .where(and(eq(schoolAttendees.id, a.id), isNull(schoolAttendees.feedbackAt)))
          .returning({ id: schoolAttendees.id });
        if (done.length === 0) throw conflict('ALREADY_RATED', '您已评价过本期课程，谢谢');
        await audit.record(residentCtx(ctx), {
          action: 'school.feedback',
          targetType: 'school_attendee',
          targetId: a.id,
          placePath: a.placePath,
          after: { rating: body.rating },
        });
      });
    },

    /** Open sessions of the place's estate (and its community) for the public page. */
    async upcomingAt(placePath: string) {
      const chain = await chainOf(db, placePath);
      const estate = nearest(chain, 'estate');
      const community = nearest(chain, 'community');
      const prefixes = [estate, community].filter((p) => p !== undefined);
      if (prefixes.length === 0) return [];
      const rows = await db
        .select()
        .from(schoolSessions)
        .where(
          and(
            gte(schoolSessions.startsAt, clock.now()),
            sql`(${sql.join(
              prefixes.map((p) => sql`${p.path} like ${schoolSessions.placePath} || '%'`),
              sql` or `,
            )} or ${like(schoolSessions.placePath, `${escapeLike((estate ?? community)!.path)}%`)})`,
          ),
        )
        .orderBy(asc(schoolSessions.startsAt))
        .limit(5);
      const items = await sessionItems(rows);
      return items.map((i) => ({
        id: i.id,
        title: i.title,
        startsAt: i.startsAt,
        venue: i.venue,
        lecturer: i.lecturer,
        seatsLeft: Math.max(0, i.capacity - i.signedUp),
      }));
    },
  };
}

export type SchoolService = ReturnType<typeof createSchoolService>;
