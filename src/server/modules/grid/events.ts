import { and, asc, desc, eq, gte, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  type duplicatesQuery,
  EVENT_EXPORT_MAX,
  type eventActionBody,
  type eventBody,
  type eventExportBody,
  type eventListQuery,
} from '../../../shared/api/grid.js';
import {
  CLOSURE_KINDS,
  categoryLabel,
  DUPLICATE_WINDOW_DAYS,
  deadlineWorkingDays,
  EVENT_ACTIONS,
  EVENT_LEVELS,
  EVENT_STATUSES,
  type EventAction,
  type EventCategory,
  type EventLevel,
  type EventSource,
  type EventStatus,
  OPEN_STATUSES,
  OUTSIDE_BODIES,
  PHOTO_MAX_BYTES,
  STEP_LABELS,
  TRANSITIONS,
  type Urgency,
} from '../../../shared/grid.js';
import type { Permission } from '../../../shared/permissions.js';
import { escapeLike, rows } from '../../db/sql.js';
import { addWorkingDays } from '../../platform/calendar/index.js';
import type { Ctx } from '../../platform/context.js';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { users } from '../org/schema.js';
import { houses, people } from '../registry/schema.js';
import { houseAddressSql, writeXlsx } from '../registry/service.js';
import { chainOf, type GridDeps, holdersAt, nearest, type PlaceLink, savePhotos } from './common.js';
import { campaigns, eventNoSeq, eventSteps, events, gridMembers } from './schema.js';

type EventRow = typeof events.$inferSelect;

/** Who handles an event at a place first: its grid, else its community, else its street. */
export function routeFor(chain: readonly PlaceLink[]): {
  level: EventLevel;
  assigneeKind: 'grid' | 'community' | 'street';
  place: PlaceLink;
} {
  const grid = nearest(chain, 'grid');
  if (grid) return { level: 'grid', assigneeKind: 'grid', place: grid };
  const community = nearest(chain, 'community');
  if (community) return { level: 'community', assigneeKind: 'community', place: community };
  return { level: 'street', assigneeKind: 'street', place: chain[0] };
}

/** Character bigrams of a text, for a rough "similar wording" measure at intake. */
function bigrams(s: string): Set<string> {
  const t = s.replace(/[\s\p{P}]+/gu, '');
  const out = new Set<string>();
  for (let i = 0; i < t.length - 1; i++) out.add(t.slice(i, i + 2));
  if (t.length === 1) out.add(t);
  return out;
}
export function similarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  if (x.size === 0 || y.size === 0) return 0;
  let both = 0;
  for (const g of x) if (y.has(g)) both++;
  // Overlap, not Jaccard: a short new report inside a long earlier description is still the same thing.
  return both / Math.min(x.size, y.size);
}

const placeName = sql<string>`(select name from places p where p.id = ${events.placeId})`;
const briefColumns = {
  id: events.id,
  no: events.no,
  title: events.title,
  category: events.category,
  subcategory: events.subcategory,
  urgency: events.urgency,
  status: events.status,
  closureKind: events.closureKind,
  level: events.level,
  placeId: events.placeId,
  placeName,
  source: events.source,
  reporterName: events.reporterName,
  assigneeKind: events.assigneeKind,
  assigneeLabel: events.assigneeLabel,
  deadlineAt: events.deadlineAt,
  supervisedCount: events.supervisedCount,
  createdAt: events.createdAt,
  closedAt: events.closedAt,
};
type BriefRow = {
  [K in keyof typeof briefColumns]: K extends 'deadlineAt' | 'createdAt'
    ? Date
    : K extends 'closedAt'
      ? Date | null
      : K extends 'supervisedCount'
        ? number
        : K extends 'subcategory' | 'closureKind'
          ? string | null
          : string;
};

export function createEventsService(deps: GridDeps) {
  const { db, clock, audit, files, notifications } = deps;
  const closedListeners: ((e: EventRow) => Promise<void>)[] = [];

  function brief(r: BriefRow, now = clock.now()) {
    return {
      id: r.id,
      no: r.no,
      title: r.title,
      category: r.category,
      categoryLabel: categoryLabel(r.category, r.subcategory),
      urgency: r.urgency as Urgency,
      status: r.status as EventStatus,
      closureKind: r.closureKind as keyof typeof CLOSURE_KINDS | null,
      level: r.level as EventLevel,
      placeId: r.placeId,
      placeName: r.placeName,
      source: r.source as EventSource,
      reporterName: r.reporterName,
      assigneeKind: r.assigneeKind as 'person',
      assigneeLabel: r.assigneeLabel,
      deadlineAt: r.deadlineAt.toISOString(),
      overdue: OPEN_STATUSES.includes(r.status as EventStatus) && r.deadlineAt < now,
      supervisedCount: r.supervisedCount,
      createdAt: r.createdAt.toISOString(),
      closedAt: r.closedAt?.toISOString() ?? null,
    };
  }

  async function eventFor(ctx: Ctx, id: string, permission: Permission = 'grid.read'): Promise<EventRow> {
    const [e] = await db.select().from(events).where(eq(events.id, id));
    if (!e || !ctx.actor!.inScope('grid.read', e.placePath)) throw notFound('事件不存在或无权访问');
    if (permission !== 'grid.read' && !ctx.actor!.inScope(permission, e.placePath))
      throw forbidden('您不能处理该事件');
    return e;
  }

  async function step(
    e: { id: string },
    ctx: Ctx | null,
    action: string,
    from: string | null,
    to: string | null,
    note = '',
    data?: unknown,
  ) {
    await db.insert(eventSteps).values({
      eventId: e.id,
      at: clock.now(),
      action,
      actorId: ctx?.actor?.userId ?? null,
      actorName: ctx?.actor?.displayName ?? ctx?.actorLabel ?? '系统',
      fromStatus: from,
      toStatus: to,
      note,
      data: data ?? null,
    });
  }

  /** Everyone who should hear about an event's assignment: the person, or the grid's members with accounts. */
  async function assigneeUsers(e: Pick<EventRow, 'assigneeKind' | 'assigneeUserId' | 'assigneePlaceId'>) {
    if (e.assigneeUserId) return [e.assigneeUserId];
    if (!e.assigneePlaceId) return [];
    if (e.assigneeKind === 'grid') {
      const members = await db
        .select({ userId: gridMembers.userId })
        .from(gridMembers)
        .where(eq(gridMembers.gridId, e.assigneePlaceId));
      const ids = members.map((m) => m.userId).filter((x): x is string => x !== null);
      if (ids.length > 0) return ids;
    }
    return holdersAt(db, [e.assigneePlaceId], 'grid.work');
  }

  async function tell(
    userIds: string[],
    e: Pick<EventRow, 'id' | 'no' | 'title'>,
    kind: string,
    title: string,
  ) {
    const to = [...new Set(userIds)];
    if (to.length === 0) return;
    await notifications.send(to, {
      kind,
      title,
      body: `${e.no} ${e.title}`,
      link: `/grid/events/${e.id}`,
      targetType: 'event',
      targetId: e.id,
    });
  }

  function deadlineFrom(from: Date, category: EventCategory, urgency: Urgency): Date {
    return addWorkingDays(from, deadlineWorkingDays(category, urgency));
  }

  async function nextNo(now: Date): Promise<string> {
    const [{ n }] = await rows<{ n: string }>(
      db,
      sql`select nextval(${sql.raw(`'${eventNoSeq.seqName}'`)})::text as n`,
    );
    const day = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
    return `SJ${day}-${n.padStart(6, '0')}`;
  }

  /** People and houses named on an event must exist and lie where the reporter may see them. */
  async function checkInvolved(ctx: Ctx | null, personIds: string[], houseIds: string[]) {
    if (personIds.length > 0) {
      const found = await db
        .select({ id: people.id, placePath: people.placePath })
        .from(people)
        .where(inArray(people.id, personIds));
      const ok = new Set(
        found.filter((p) => !ctx?.actor || ctx.actor.inScope('registry.read', p.placePath)).map((p) => p.id),
      );
      if (personIds.some((id) => !ok.has(id)))
        throw badRequest('涉及人员不存在或不在您的辖区', { personIds: '请从人口库中选择' });
    }
    if (houseIds.length > 0) {
      const found = await db
        .select({ id: houses.id, placePath: houses.placePath })
        .from(houses)
        .where(inArray(houses.id, houseIds));
      const ok = new Set(
        found.filter((h) => !ctx?.actor || ctx.actor.inScope('registry.read', h.placePath)).map((h) => h.id),
      );
      if (houseIds.some((id) => !ok.has(id)))
        throw badRequest('涉及房屋不存在或不在您的辖区', { houseIds: '请从房屋库中选择' });
    }
  }

  /**
   * Files a new event, routed to the grid of its place. `ctx` null: a resident's request or an
   * Open311 client (no account). An idempotency key already seen answers with the first event.
   */
  async function report(
    ctx: Ctx | null,
    body: z.infer<typeof eventBody>,
    opts: { source: EventSource; reporterName?: string; photoIds?: string[] },
  ) {
    if (body.idempotencyKey) {
      const [seen] = await db
        .select({ id: events.id, no: events.no, reporterId: events.reporterId })
        .from(events)
        .where(eq(events.idempotencyKey, `${ctx?.actor?.userId ?? 'public'}:${body.idempotencyKey}`));
      if (seen) return { id: seen.id, no: seen.no, replayed: true };
    }
    const place = ctx?.actor
      ? await deps.org.places.visible(ctx, body.placeId, 'grid.report')
      : await deps.org.places.find(body.placeId);
    if (!place) throw notFound('地点不存在');
    if (body.campaignId) {
      const [c] = await db.select().from(campaigns).where(eq(campaigns.id, body.campaignId));
      if (!c || !place.path.startsWith(c.placePath))
        throw badRequest('专项行动不存在或不包含该地点', { campaignId: '请重新选择专项行动' });
    }
    await checkInvolved(ctx, body.personIds, body.houseIds);
    const chain = await chainOf(db, place.path);
    const route = routeFor(chain);
    const now = clock.now();
    const created = await db.transaction(async () => {
      // Saved inside the transaction: a report refused further down leaves no file row behind.
      const photoIds = opts.photoIds ?? (await savePhotos(files, body.photos, PHOTO_MAX_BYTES));
      const [e] = await db
        .insert(events)
        .values({
          no: await nextNo(now),
          placeId: place.id,
          placePath: place.path,
          category: body.category,
          subcategory: body.subcategory,
          urgency: body.urgency,
          title: body.title,
          description: body.description,
          observation: body.observation,
          address: body.address,
          lat: body.lat === null ? null : String(body.lat),
          long: body.long === null ? null : String(body.long),
          source: opts.source,
          reporterId: ctx?.actor?.userId ?? null,
          reporterName: opts.reporterName ?? ctx?.actor?.displayName ?? '居民',
          level: route.level,
          levelSince: now,
          assigneeKind: route.assigneeKind,
          assigneePlaceId: route.place.id,
          assigneeLabel: route.place.name,
          campaignId: body.campaignId,
          involvedPersonIds: body.personIds,
          involvedHouseIds: body.houseIds,
          deadlineAt: deadlineFrom(now, body.category, body.urgency),
          idempotencyKey: body.idempotencyKey
            ? `${ctx?.actor?.userId ?? 'public'}:${body.idempotencyKey}`
            : null,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await step(
        e,
        ctx ?? { actor: null, actorLabel: opts.reporterName ?? '居民' },
        'report',
        null,
        'reported',
      );
      if (photoIds.length > 0)
        await files.attach(photoIds, { ownerType: 'event', ownerId: e.id, placePath: e.placePath });
      await audit.record(ctx ?? { actor: null, actorLabel: '居民诉求' }, {
        action: 'event.report',
        targetType: 'event',
        targetId: e.id,
        placeId: e.placeId,
        placePath: e.placePath,
        after: { no: e.no, category: e.category, title: e.title, source: e.source, photos: photoIds.length },
      });
      await tell(await assigneeUsers(e), e, 'event.assigned', `新事件待受理：${e.title}`);
      return e;
    });
    return { id: created.id, no: created.no, replayed: false };
  }

  async function filtersOf(ctx: Ctx, q: z.infer<typeof eventListQuery>): Promise<SQL> {
    const actor = ctx.actor!;
    const filters: SQL[] = [actor.scopeFilter('grid.read', events.placePath)];
    if (q.placeId) {
      const place = await deps.org.places.visible(ctx, q.placeId, 'grid.read');
      filters.push(sql`${events.placePath} like ${`${escapeLike(place.path)}%`}`);
    }
    if (q.status === 'open') filters.push(inArray(events.status, [...OPEN_STATUSES]));
    else if (q.status) filters.push(eq(events.status, q.status));
    if (q.category) filters.push(eq(events.category, q.category));
    if (q.level) filters.push(eq(events.level, q.level));
    if (q.source) filters.push(eq(events.source, q.source));
    if (q.campaignId) filters.push(eq(events.campaignId, q.campaignId));
    if (q.overdue === 'true')
      filters.push(and(inArray(events.status, [...OPEN_STATUSES]), lt(events.deadlineAt, clock.now()))!);
    if (q.mine === 'true') filters.push(mineFilter(ctx));
    if (q.from) filters.push(gte(events.createdAt, new Date(`${q.from}T00:00:00+08:00`)));
    if (q.to) filters.push(lt(events.createdAt, new Date(Date.parse(`${q.to}T00:00:00+08:00`) + 86_400_000)));
    if (q.q) {
      const pattern = `%${escapeLike(q.q)}%`;
      filters.push(or(sql`${events.no} like ${pattern}`, sql`${events.title} like ${pattern}`)!);
    }
    if (q.reporterId) filters.push(eq(events.reporterId, q.reporterId));
    if (q.assigneeUserId) filters.push(eq(events.assigneeUserId, q.assigneeUserId));
    if (q.closedFrom) filters.push(gte(events.closedAt, new Date(`${q.closedFrom}T00:00:00+08:00`)));
    if (q.closedTo)
      filters.push(lt(events.closedAt, new Date(Date.parse(`${q.closedTo}T00:00:00+08:00`) + 86_400_000)));
    return and(...filters)!;
  }

  /** Assigned to me, or to a grid or community where I work on events. */
  function mineFilter(ctx: Ctx): SQL {
    const actor = ctx.actor!;
    const placeIds = actor.grants
      .filter((g) => g.permissions.has('grid.work') && g.place)
      .map((g) => g.place!.id);
    const byUser = eq(events.assigneeUserId, actor.userId);
    if (placeIds.length === 0) return byUser;
    return or(byUser, and(sql`${events.assigneeUserId} is null`, inArray(events.assigneePlaceId, placeIds)))!;
  }

  /** Filters besides mine/open that a "my open events" call may not carry for the fast path. */
  const NARROWING = [
    'placeId',
    'category',
    'level',
    'source',
    'campaignId',
    'overdue',
    'q',
    'from',
    'to',
    'reporterId',
    'assigneeUserId',
    'closedFrom',
    'closedTo',
  ] as const;

  /**
   * "My open events", the worker's start page: the ids, deadlines and places come from the covering
   * assignee indexes (the count and the order need nothing else); only the page's rows are read.
   */
  async function listMine(ctx: Ctx, q: z.infer<typeof eventListQuery>) {
    const actor = ctx.actor!;
    const placeIds = actor.grants
      .filter((g) => g.permissions.has('grid.work') && g.place)
      .map((g) => g.place!.id);
    const scope = actor.scopeFilter('grid.read', events.placePath);
    const open = sql`${events.status} in ('reported','accepted','in_progress')`;
    const found = await rows<BriefRow & { total: number }>(
      db,
      sql`with candidates as (
            select ${events.id} as id, ${events.deadlineAt} as deadline_at from ${events}
              where ${open} and ${events.assigneeUserId} = ${actor.userId} and ${scope}
            union all
            select ${events.id}, ${events.deadlineAt} from ${events}
              where ${open} and ${events.assigneeUserId} is null
                and ${events.assigneePlaceId} = any(${sql.param(placeIds)}::uuid[]) and ${scope}
          ), page as (
            select id, deadline_at, count(*) over () as total from candidates
            order by deadline_at, id limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}
          )
          select e.id, e.no, e.title, e.category, e.subcategory, e.urgency, e.status,
            e.closure_kind as "closureKind", e.level, e.place_id as "placeId",
            (select name from places p where p.id = e.place_id) as "placeName", e.source,
            e.reporter_name as "reporterName", e.assignee_kind as "assigneeKind",
            e.assignee_label as "assigneeLabel", e.deadline_at as "deadlineAt",
            e.supervised_count as "supervisedCount", e.created_at as "createdAt", e.closed_at as "closedAt",
            page.total::int as total
          from page join events e on e.id = page.id
          order by page.deadline_at, page.id`,
    );
    const asDate = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));
    const items = found.map((r) => ({
      ...r,
      deadlineAt: asDate(r.deadlineAt),
      createdAt: asDate(r.createdAt),
      closedAt: r.closedAt === null ? null : asDate(r.closedAt),
    }));
    let total = found[0]?.total;
    if (total === undefined) {
      const [c] = await rows<{ n: number }>(
        db,
        sql`select count(*)::int as n from ${events} where ${open} and ${scope} and (${mineFilter(ctx)})`,
      );
      total = c.n;
    }
    const now = clock.now();
    return { items: items.map((r) => brief(r, now)), total, page: q.page, pageSize: q.pageSize };
  }

  async function list(ctx: Ctx, q: z.infer<typeof eventListQuery>) {
    if (q.mine === 'true' && (!q.status || q.status === 'open') && NARROWING.every((k) => !q[k]))
      return listMine(ctx, q);
    const where = await filtersOf(ctx, q);
    const order =
      q.mine === 'true' || q.status === 'open'
        ? [asc(events.deadlineAt), asc(events.id)]
        : [desc(events.createdAt), desc(events.id)];
    const items = await db
      .select({ ...briefColumns, total: sql<number>`(count(*) over ())::int` })
      .from(events)
      .where(where)
      .orderBy(...order)
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize);
    // One statement when the page has rows; a page past the end still needs the count.
    const total =
      items[0]?.total ??
      (await db.select({ total: sql<number>`count(*)::int` }).from(events).where(where))[0].total;
    const now = clock.now();
    return { items: items.map((r) => brief(r as BriefRow, now)), total, page: q.page, pageSize: q.pageSize };
  }

  /** 导出 of the filtered list as xlsx (no personal data: residents appear masked); audited. */
  async function exportList(ctx: Ctx, filters: z.infer<typeof eventExportBody>['filters']) {
    const q = { ...filters, page: 1, pageSize: EVENT_EXPORT_MAX };
    const where = await filtersOf(ctx, q);
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(events).where(where);
    if (n > EVENT_EXPORT_MAX)
      throw badRequest(`符合条件的事件有 ${n} 件，超过一次导出的上限 ${EVENT_EXPORT_MAX} 件，请缩小范围`);
    const found = await db
      .select({ ...briefColumns, closureNote: events.closureNote, rating: events.rating })
      .from(events)
      .where(where)
      .orderBy(desc(events.createdAt), desc(events.id));
    const now = clock.now();
    const local = (d: Date | null) =>
      d ? new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : '';
    const file = await writeXlsx(
      '事件',
      [
        { header: '编号', key: 'no', width: 20 },
        { header: '标题', key: 'title', width: 30 },
        { header: '类别', key: 'category', width: 20 },
        { header: '地点', key: 'place', width: 16 },
        { header: '状态', key: 'status', width: 10 },
        { header: '办结类型', key: 'closure', width: 14 },
        { header: '层级', key: 'level', width: 8 },
        { header: '承办', key: 'assignee', width: 16 },
        { header: '上报人', key: 'reporter', width: 12 },
        { header: '上报时间', key: 'created', width: 17 },
        { header: '办理期限', key: 'deadline', width: 17 },
        { header: '办结时间', key: 'closed', width: 17 },
        { header: '超期', key: 'overdue', width: 6 },
        { header: '评分', key: 'rating', width: 6 },
        { header: '办结说明', key: 'note', width: 40 },
      ],
      found.map((r) => {
        const b = brief(r as BriefRow, now);
        return {
          no: b.no,
          title: b.title,
          category: b.categoryLabel,
          place: b.placeName,
          status: EVENT_STATUSES[b.status],
          closure: b.closureKind ? CLOSURE_KINDS[b.closureKind] : '',
          level: EVENT_LEVELS[b.level],
          assignee: b.assigneeLabel,
          reporter: b.reporterName,
          created: local(r.createdAt),
          deadline: local(r.deadlineAt),
          closed: local(r.closedAt),
          overdue: b.overdue || (r.closedAt !== null && r.closedAt > r.deadlineAt) ? '是' : '',
          rating: r.rating ?? '',
          note: r.closureNote ?? '',
        };
      }),
    );
    await audit.record(ctx, {
      action: 'event.export',
      targetType: 'event',
      after: { rows: found.length, filters },
    });
    return file;
  }

  async function detail(ctx: Ctx, id: string) {
    const e = await eventFor(ctx, id);
    const [[row], steps, involvedPeople, involvedHouses, photos, dup, camp, request] = await Promise.all([
      db.select(briefColumns).from(events).where(eq(events.id, id)),
      db.select().from(eventSteps).where(eq(eventSteps.eventId, id)).orderBy(asc(eventSteps.seq)),
      e.involvedPersonIds.length === 0
        ? []
        : db
            .select({
              id: people.id,
              name: people.name,
              idMasked: people.idMasked,
              placePath: people.placePath,
            })
            .from(people)
            .where(inArray(people.id, e.involvedPersonIds)),
      e.involvedHouseIds.length === 0
        ? []
        : rows<{ id: string; address: string; place_path: string }>(
            db,
            sql`select h.id, ${houseAddressSql('h')} as address, h.place_path from houses h where h.id = any(${sql.param(e.involvedHouseIds)}::uuid[])`,
          ),
      files.listOwned('event', [id]),
      e.duplicateOf
        ? db.select({ id: events.id, no: events.no }).from(events).where(eq(events.id, e.duplicateOf))
        : [],
      e.campaignId
        ? db
            .select({ id: campaigns.id, name: campaigns.name })
            .from(campaigns)
            .where(eq(campaigns.id, e.campaignId))
        : [],
      rows<{ tracking_no: string }>(
        db,
        sql`select tracking_no from resident_requests where event_id = ${id}`,
      ),
    ]);
    const actor = ctx.actor!;
    const canWork = actor.inScope('grid.work', e.placePath);
    const canManage = actor.inScope('grid.manage', e.placePath);
    const allowed = TRANSITIONS[e.status as EventStatus].filter((a) =>
      MANAGER_ACTIONS.has(a) ? canManage : canWork,
    );
    return {
      ...brief(row as BriefRow),
      subcategory: e.subcategory,
      description: e.description,
      observation: (e.observation ?? null) as never,
      address: e.address,
      lat: e.lat === null ? null : Number(e.lat),
      long: e.long === null ? null : Number(e.long),
      assigneeUserId: e.assigneeUserId,
      assigneePlaceId: e.assigneePlaceId,
      assigneeOutside: e.assigneeOutside,
      closureNote: e.closureNote,
      duplicateOf: dup[0] ?? null,
      campaign: camp[0] ?? null,
      // Out of the viewer's registry scope, a person is only a name on the event, masked.
      people: involvedPeople.map((p) =>
        actor.inScope('registry.read', p.placePath)
          ? { id: p.id, name: p.name, idMasked: p.idMasked }
          : { id: p.id, name: `${p.name.slice(0, 1)}**`, idMasked: null },
      ),
      houses: involvedHouses.map((h) => ({ id: h.id, address: h.address })),
      photos: photos.map((f) => ({
        id: f.id,
        name: f.name,
        url: `/api/v1/grid/events/${id}/photos/${f.id}`,
      })),
      acceptedAt: e.acceptedAt?.toISOString() ?? null,
      reviewedAt: e.reviewedAt?.toISOString() ?? null,
      archivedAt: e.archivedAt?.toISOString() ?? null,
      rating: e.rating,
      ratingComment: e.ratingComment,
      residentConfirmed: e.residentConfirmed,
      reopenedCount: e.reopenedCount,
      trackingNo: request[0]?.tracking_no ?? null,
      steps: steps.map((s) => ({
        id: s.id,
        at: s.at.toISOString(),
        action: s.action,
        actionLabel: STEP_LABELS[s.action] ?? s.action,
        actorName: s.actorName,
        fromStatus: s.fromStatus,
        toStatus: s.toStatus,
        note: s.note,
      })),
      allowed,
    };
  }

  function refuse(e: EventRow, action: EventAction): never {
    const allowed = TRANSITIONS[e.status as EventStatus];
    const names = allowed.map((a) => EVENT_ACTIONS[a]).join('、');
    throw conflict(
      'ILLEGAL_TRANSITION',
      `事件当前为「${EVENT_STATUSES[e.status as EventStatus]}」，不能${EVENT_ACTIONS[action]}` +
        (names ? `；可以：${names}` : '；已归档的事件不能再操作'),
      { allowed: allowed.join(',') },
    );
  }

  async function assigneeFor(ctx: Ctx, e: EventRow, body: z.infer<typeof eventActionBody>) {
    switch (body.assigneeKind) {
      case 'person': {
        const [u] = await db
          .select({ id: users.id, name: users.displayName, active: users.active })
          .from(users)
          .where(eq(users.id, body.assigneeUserId!));
        const holders = u ? await usersWhoMayWork(e) : [];
        if (!u?.active || !holders.includes(u.id))
          throw badRequest('承办人不存在或无权处理该地点的事件', { assigneeUserId: '请重新选择承办人' });
        return {
          assigneeKind: 'person',
          assigneeUserId: u.id,
          assigneePlaceId: null,
          assigneeOutside: null,
          assigneeLabel: u.name,
        };
      }
      case 'outside':
        return {
          assigneeKind: 'outside',
          assigneeUserId: null,
          assigneePlaceId: null,
          assigneeOutside: body.assigneeOutside!,
          assigneeLabel: OUTSIDE_BODIES[body.assigneeOutside!],
        };
      default: {
        const place = await deps.org.places.visible(ctx, body.assigneePlaceId!, 'grid.read');
        const kinds = { grid: 'grid', community: 'community', street: 'street' } as const;
        const want = kinds[body.assigneeKind as keyof typeof kinds];
        if (place.kind !== want || !e.placePath.startsWith(place.path))
          throw badRequest('承办地点须是该事件所在的网格、社区或街道', { assigneePlaceId: '请重新选择' });
        return {
          assigneeKind: want,
          assigneeUserId: null,
          assigneePlaceId: place.id,
          assigneeOutside: null,
          assigneeLabel: place.name,
        };
      }
    }
  }

  /** Users who hold grid.work somewhere on the event's path (the candidates for 改派 to a person). */
  async function usersWhoMayWork(e: Pick<EventRow, 'placePath'>) {
    return holdersAt(db, e.placePath.split('/').filter(Boolean), 'grid.work');
  }

  async function act(ctx: Ctx, id: string, body: z.infer<typeof eventActionBody>) {
    const action = body.action;
    const e = await eventFor(ctx, id, MANAGER_ACTIONS.has(action) ? 'grid.manage' : 'grid.work');
    if (!TRANSITIONS[e.status as EventStatus].includes(action)) refuse(e, action);
    const now = clock.now();
    const from = e.status as EventStatus;
    let to: EventStatus = from;
    const set: Partial<typeof events.$inferInsert> = { updatedAt: now };
    let notify: { users: string[]; kind: string; title: string } | null = null;

    switch (action) {
      case 'accept':
        to = 'accepted';
        set.acceptedAt = e.acceptedAt ?? now;
        if (e.assigneeKind !== 'person' && e.assigneeKind !== 'outside') {
          // Whoever signs for a grid's or community's event is the one handling it from now on.
          Object.assign(set, {
            assigneeKind: 'person',
            assigneeUserId: ctx.actor!.userId,
            assigneeLabel: ctx.actor!.displayName,
          });
        }
        break;
      case 'start':
        to = 'in_progress';
        break;
      case 'return': {
        // 退回: back to the level above, to be dispatched again.
        const chain = await chainOf(db, e.placePath);
        const up: EventLevel = e.level === 'grid' ? 'community' : 'street';
        const place = up === 'community' ? (nearest(chain, 'community') ?? chain[0]) : chain[0];
        to = 'reported';
        Object.assign(set, {
          level: up,
          levelSince: now,
          assigneeKind: up,
          assigneeUserId: null,
          assigneePlaceId: place.id,
          assigneeOutside: null,
          assigneeLabel: place.name,
        });
        notify = {
          users: await holdersAt(db, [place.id], 'grid.manage'),
          kind: 'event.returned',
          title: `事件被退回：${e.title}`,
        };
        break;
      }
      case 'reassign': {
        const a = await assigneeFor(ctx, e, body);
        to = 'reported';
        Object.assign(set, a);
        if (a.assigneeKind === 'grid' || a.assigneeKind === 'community' || a.assigneeKind === 'street') {
          Object.assign(set, { level: a.assigneeKind, levelSince: now });
        }
        notify = {
          users: await assigneeUsers(a as EventRow),
          kind: 'event.assigned',
          title: `事件改派给您：${e.title}`,
        };
        break;
      }
      case 'supervise':
        set.supervisedCount = e.supervisedCount + 1;
        notify = { users: await assigneeUsers(e), kind: 'event.supervised', title: `督办：${e.title}` };
        break;
      case 'close': {
        to = 'closed';
        if (body.closureKind === 'duplicate') {
          const [orig] = await db.select().from(events).where(eq(events.id, body.duplicateOf!));
          if (!orig || orig.id === e.id || !ctx.actor!.inScope('grid.read', orig.placePath))
            throw badRequest('原事件不存在或无权访问', { duplicateOf: '请选择原事件' });
          if (orig.duplicateOf)
            throw badRequest('所选事件本身是重复件，请选择最初的事件', { duplicateOf: '请选择原事件' });
          set.duplicateOf = orig.id;
        }
        Object.assign(set, { closureKind: body.closureKind, closureNote: body.note || null, closedAt: now });
        break;
      }
      case 'review':
        to = 'reviewed';
        Object.assign(set, {
          reviewedAt: now,
          rating: body.rating ?? e.rating,
          ratingComment: body.note || e.ratingComment,
          residentConfirmed: body.residentConfirmed ?? e.residentConfirmed,
        });
        break;
      case 'reopen':
        to = 'in_progress';
        Object.assign(set, {
          reopenedCount: e.reopenedCount + 1,
          closureKind: null,
          closureNote: null,
          duplicateOf: null,
          closedAt: null,
          reviewedAt: null,
          residentConfirmed: null,
          overdueNotifiedAt: null,
          deadlineAt: deadlineFrom(now, e.category as EventCategory, e.urgency as Urgency),
        });
        break;
      case 'archive':
        to = 'archived';
        set.archivedAt = now;
        break;
      case 'note':
        break;
    }
    if (to !== from) set.status = to;

    await db.transaction(async () => {
      // The status in the WHERE makes two handlers racing on the same event meet a 409, not a double step.
      const done = await db
        .update(events)
        .set(set)
        .where(and(eq(events.id, id), eq(events.status, from)))
        .returning({ id: events.id });
      if (done.length === 0) throw conflict('EVENT_CHANGED', '事件刚被其他人处理过，请刷新后再试');
      await step(e, ctx, action, from, to, body.note, stepData(action, body, set));
      await audit.record(ctx, {
        action: `event.${action}`,
        targetType: 'event',
        targetId: e.id,
        placeId: e.placeId,
        placePath: e.placePath,
        before: { status: from, assignee: e.assigneeLabel, level: e.level },
        after: {
          status: to,
          assignee: set.assigneeLabel ?? e.assigneeLabel,
          closureKind: set.closureKind,
          note: body.note,
        },
      });
      if (notify) await tell(notify.users, e, notify.kind, notify.title);
      if (action === 'close') {
        const closed = { ...e, ...set } as EventRow;
        if (e.reporterId && e.reporterId !== ctx.actor!.userId)
          await tell([e.reporterId], e, 'event.closed', `您上报的事件已办结：${e.title}`);
        for (const l of closedListeners) await l(closed);
      }
    });
    return { status: to };
  }

  /** A resident's word on a closed event: a rating, and whether it was solved. */
  async function residentRate(eventId: string, rating: number, comment: string, solved: boolean) {
    const [e] = await db.select().from(events).where(eq(events.id, eventId));
    if (!e) throw notFound();
    if (e.status !== 'closed' && e.status !== 'reviewed')
      throw conflict('NOT_CLOSED', '诉求尚未办结，办结后才能评价');
    if (e.residentConfirmed !== null) throw conflict('ALREADY_RATED', '该诉求已评价过');
    const now = clock.now();
    await db.transaction(async () => {
      await db
        .update(events)
        .set({
          status: 'reviewed',
          rating,
          ratingComment: comment || null,
          residentConfirmed: solved,
          reviewedAt: now,
          updatedAt: now,
        })
        .where(eq(events.id, eventId));
      await step(e, { actor: null, actorLabel: '居民' }, 'resident_rate', e.status, 'reviewed', comment, {
        rating,
        solved,
      });
    });
  }

  /** A resident asks for it to be handled again (within the reopen window, checked by the caller). */
  async function residentReopen(eventId: string, reason: string) {
    const [e] = await db.select().from(events).where(eq(events.id, eventId));
    if (!e) throw notFound();
    if (e.status !== 'closed' && e.status !== 'reviewed')
      throw conflict('NOT_CLOSED', '诉求尚在办理中，无需重新提交');
    const now = clock.now();
    await db.transaction(async () => {
      await db
        .update(events)
        .set({
          status: 'in_progress',
          reopenedCount: e.reopenedCount + 1,
          closureKind: null,
          closedAt: null,
          reviewedAt: null,
          residentConfirmed: false,
          overdueNotifiedAt: null,
          deadlineAt: deadlineFrom(now, e.category as EventCategory, e.urgency as Urgency),
          updatedAt: now,
        })
        .where(eq(events.id, eventId));
      await step(e, { actor: null, actorLabel: '居民' }, 'resident_reopen', e.status, 'in_progress', reason);
      await tell(await assigneeUsers(e), e, 'event.reopened', `居民要求重办：${e.title}`);
    });
  }

  async function duplicates(ctx: Ctx, q: z.infer<typeof duplicatesQuery>) {
    const place = await deps.org.places.visible(ctx, q.placeId, 'grid.read');
    const since = new Date(clock.now().getTime() - DUPLICATE_WINDOW_DAYS * 86_400_000);
    const candidates = await db
      .select({ ...briefColumns, description: events.description })
      .from(events)
      .where(
        and(
          ctx.actor!.scopeFilter('grid.read', events.placePath),
          eq(events.category, q.category),
          gte(events.createdAt, since),
          sql`${events.duplicateOf} is null`,
          or(
            sql`${events.placePath} like ${`${escapeLike(place.path)}%`}`,
            sql`${place.path} like ${events.placePath} || '%'`,
          ),
        ),
      )
      .orderBy(desc(events.createdAt))
      .limit(50);
    const text = q.text ?? '';
    return {
      items: candidates
        .map((c) => ({
          ...brief(c as BriefRow),
          similarity: text ? similarity(text, `${c.title}${c.description}`) : 0,
        }))
        .sort((a, b) => b.similarity - a.similarity)
        .slice(0, 10),
    };
  }

  async function assigneeOptions(ctx: Ctx, id: string) {
    const e = await eventFor(ctx, id, 'grid.manage');
    const ids = await usersWhoMayWork(e);
    const us = ids.length
      ? await db
          .select({ id: users.id, name: users.displayName })
          .from(users)
          .where(inArray(users.id, ids))
          .orderBy(users.displayName)
      : [];
    const chain = await chainOf(db, e.placePath);
    return {
      users: us.map((u) => ({ ...u, role: '' })),
      places: chain
        .filter((p) => p.kind === 'grid' || p.kind === 'community' || p.kind === 'street')
        .map((p) => ({ id: p.id, name: p.name, kind: p.kind })),
    };
  }

  async function photo(ctx: Ctx, id: string, fileId: string) {
    await eventFor(ctx, id);
    const owned = await files.listOwned('event', [id]);
    if (!owned.some((f) => f.id === fileId)) throw notFound('照片不存在');
    return fileId;
  }

  return {
    report,
    list,
    exportList,
    detail,
    act,
    duplicates,
    assigneeOptions,
    photo,
    residentRate,
    residentReopen,
    assigneeUsers,
    tell,
    brief,
    briefColumns,
    /** Told inside the closing transaction (the requests module records the reply). */
    onClosed(listener: (e: EventRow) => Promise<void>) {
      closedListeners.push(listener);
    },
  };
}

/** Actions for those who dispatch and supervise rather than handle. */
const MANAGER_ACTIONS = new Set<EventAction>(['reassign', 'supervise', 'review', 'archive']);

function stepData(action: EventAction, body: z.infer<typeof eventActionBody>, set: Record<string, unknown>) {
  if (action === 'close') return { closureKind: body.closureKind, duplicateOf: set.duplicateOf ?? null };
  if (action === 'reassign' || action === 'return' || action === 'accept')
    return set.assigneeLabel ? { assignee: set.assigneeLabel } : null;
  if (action === 'review')
    return { rating: body.rating ?? null, residentConfirmed: body.residentConfirmed ?? null };
  return null;
}

export type EventsService = ReturnType<typeof createEventsService>;
