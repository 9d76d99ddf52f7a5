import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  open311KeyBody,
  postRequestBody,
  requestsQuery,
  updatesQuery,
} from '../../../shared/api/open311.js';
import { CLOSURE_KINDS, categoryLabel, EVENT_CATEGORIES, type EventCategory } from '../../../shared/grid.js';
import { escapeLike } from '../../db/sql.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, badRequest, notFound } from '../../platform/errors.js';
import { eventSteps, events } from '../grid/schema.js';
import { places } from '../org/schema.js';
import { open311Keys, residentRequests } from './schema.js';
import type { RequestsDeps, RequestsService } from './service.js';

const CLOSED = ['closed', 'reviewed', 'archived'];
const DEFAULT_WINDOW_DAYS = 90;
const MAX_RESULTS = 1000;

/** Phone and ID numbers a resident typed into a description do not leave through a public feed. */
export function redactNumbers(text: string): string {
  return text
    .replace(/(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g, '$1****$2')
    .replace(/(?<![\dXx])(\d{6})\d{8}(\d{3}[\dXx])(?![\dXx])/g, '$1********$2');
}

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** Beijing time with its offset, as GeoReport clients expect (w3 format). */
const w3 = (d: Date) => `${new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;

export function serviceList() {
  return (
    Object.entries(EVENT_CATEGORIES) as [EventCategory, (typeof EVENT_CATEGORIES)[EventCategory]][]
  ).flatMap(([code, c]) =>
    Object.entries(c.subs as Record<string, string>).map(([sub, label]) => ({
      service_code: `${code}.${sub}`,
      service_name: label === c.label ? label : `${c.label}：${label}`,
      description: `向所在网格反映${label}问题`,
      metadata: false,
      type: 'realtime' as const,
      keywords: [c.label, label].join(','),
      group: c.label,
    })),
  );
}

/**
 * Open311 GeoReport v2 over residents' requests: the same requests as the public form, the same
 * per-address limit; a client POSTs with an api_key an administrator issued.
 */
export function createOpen311(deps: RequestsDeps, requests: RequestsService) {
  const { db, clock } = deps;

  /** jurisdiction_id is a street's code; without one, every street this node serves. */
  async function jurisdiction(id: string | undefined): Promise<string | null> {
    if (!id) return null;
    const [street] = await db
      .select({ path: places.path })
      .from(places)
      .where(and(eq(places.kind, 'street'), eq(places.code, id)));
    if (!street) throw notFound('jurisdiction_id 不存在');
    return street.path;
  }

  function view(r: {
    trackingNo: string;
    status: string;
    closureKind: string | null;
    category: string;
    subcategory: string | null;
    description: string;
    assigneeLabel: string;
    assigneeKind: string;
    createdAt: Date;
    updatedAt: Date;
    deadlineAt: Date;
    address: string;
    placeId: string;
    placeName: string;
    lat: string | null;
    long: string | null;
  }) {
    const closed = CLOSED.includes(r.status);
    return {
      service_request_id: r.trackingNo,
      status: closed ? ('closed' as const) : ('open' as const),
      status_notes:
        closed && r.closureKind ? CLOSURE_KINDS[r.closureKind as keyof typeof CLOSURE_KINDS] : null,
      service_name: categoryLabel(r.category, r.subcategory),
      service_code: r.subcategory ? `${r.category}.${r.subcategory}` : r.category,
      description: redactNumbers(r.description),
      // A person's name never: the grid, community or outside body that holds it.
      agency_responsible: r.assigneeKind === 'person' ? r.placeName : r.assigneeLabel,
      service_notice: null,
      requested_datetime: w3(r.createdAt),
      updated_datetime: w3(r.updatedAt),
      expected_datetime: closed ? null : w3(r.deadlineAt),
      address: r.address || r.placeName,
      address_id: r.placeId,
      zipcode: null,
      lat: r.lat === null ? null : Number(r.lat),
      long: r.long === null ? null : Number(r.long),
      media_url: null,
    };
  }

  const columns = {
    trackingNo: residentRequests.trackingNo,
    status: events.status,
    closureKind: events.closureKind,
    category: events.category,
    subcategory: events.subcategory,
    description: events.description,
    assigneeLabel: events.assigneeLabel,
    assigneeKind: events.assigneeKind,
    createdAt: events.createdAt,
    updatedAt: events.updatedAt,
    deadlineAt: events.deadlineAt,
    address: events.address,
    placeId: events.placeId,
    placeName: places.name,
    lat: events.lat,
    long: events.long,
  };

  return {
    services: serviceList,

    service(code: string) {
      if (!serviceList().some((s) => s.service_code === code)) throw notFound('service_code 不存在');
      return { service_code: code, attributes: [] };
    },

    async post(body: z.infer<typeof postRequestBody>, ip: string) {
      const [key] = await db
        .select()
        .from(open311Keys)
        .where(and(eq(open311Keys.keyHash, hashKey(body.api_key)), isNull(open311Keys.revokedAt)));
      if (!key) throw new AppError(403, 'INVALID_API_KEY', 'api_key 无效或已停用');
      const root = await jurisdiction(body.jurisdiction_id);
      const [category, sub] = body.service_code.split('.') as [EventCategory, string | undefined];
      if (!serviceList().some((s) => s.service_code === body.service_code))
        throw badRequest('service_code 不存在', { service_code: '请先查询 services.json' });
      let placeId = body.address_id;
      if (!placeId && body.address_string) {
        // An address written out: the estate named in it.
        const [estate] = await db
          .select({ id: places.id })
          .from(places)
          .where(
            and(
              eq(places.kind, 'estate'),
              sql`${body.address_string} like '%' || ${places.name} || '%'`,
              root ? sql`${places.path} like ${`${escapeLike(root)}%`}` : undefined,
            ),
          )
          .limit(1);
        placeId = estate?.id;
      }
      if (!placeId)
        throw badRequest('请用 address_id 指明小区或网格，或在 address_string 中写明小区名称', {
          address_string: '未识别出小区',
        });
      const name = [body.last_name, body.first_name].filter(Boolean).join('');
      const made = await requests.submit(
        {
          placeId,
          category,
          subcategory: sub ?? null,
          description: body.description,
          address: body.address_string ?? '',
          lat: body.lat ?? null,
          long: body.long ?? null,
          name,
          phone: body.phone ?? '',
          photos: [],
          website: '',
        },
        ip,
        'open311',
      );
      return [
        { service_request_id: made.trackingNo, service_notice: '已转至所在网格办理', account_id: null },
      ];
    },

    async list(q: z.infer<typeof requestsQuery>) {
      const root = await jurisdiction(q.jurisdiction_id);
      const filters = [];
      if (root) filters.push(sql`${residentRequests.placePath} like ${`${escapeLike(root)}%`}`);
      if (q.service_request_id) {
        const ids = q.service_request_id
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .slice(0, 100);
        filters.push(inArray(residentRequests.trackingNo, ids));
      } else {
        const end = q.end_date ? new Date(q.end_date) : clock.now();
        const start = q.start_date
          ? new Date(q.start_date)
          : new Date(end.getTime() - DEFAULT_WINDOW_DAYS * 86_400_000);
        filters.push(gte(events.createdAt, start), lte(events.createdAt, end));
        if (q.service_code) {
          const [c, s] = q.service_code.split('.');
          filters.push(eq(events.category, c));
          if (s) filters.push(eq(events.subcategory, s));
        }
        if (q.status === 'closed') filters.push(inArray(events.status, CLOSED));
        if (q.status === 'open') filters.push(sql`${events.status} not in ('closed','reviewed','archived')`);
      }
      const rows = await db
        .select(columns)
        .from(residentRequests)
        .innerJoin(events, eq(events.id, residentRequests.eventId))
        .innerJoin(places, eq(places.id, events.placeId))
        .where(and(...filters))
        .orderBy(desc(events.createdAt))
        .limit(MAX_RESULTS);
      return rows.map(view);
    },

    async one(trackingNo: string, jurisdictionId?: string) {
      const found = await this.list({ service_request_id: trackingNo, jurisdiction_id: jurisdictionId });
      if (found.length === 0) throw notFound('诉求不存在');
      return found;
    },

    /** The servicerequestupdates.json extension: each step a resident would see, as an update. */
    async updates(q: z.infer<typeof updatesQuery>) {
      const root = await jurisdiction(q.jurisdiction_id);
      const end = q.end_date ? new Date(q.end_date) : clock.now();
      const start = q.start_date ? new Date(q.start_date) : new Date(end.getTime() - 86_400_000);
      const rows = await db
        .select({
          id: eventSteps.id,
          trackingNo: residentRequests.trackingNo,
          at: eventSteps.at,
          action: eventSteps.action,
          toStatus: eventSteps.toStatus,
        })
        .from(eventSteps)
        .innerJoin(residentRequests, eq(residentRequests.eventId, eventSteps.eventId))
        .where(
          and(
            gte(eventSteps.at, start),
            lte(eventSteps.at, end),
            inArray(eventSteps.action, [
              'report',
              'accept',
              'start',
              'close',
              'reopen',
              'resident_reopen',
              'resident_rate',
            ]),
            root ? sql`${residentRequests.placePath} like ${`${escapeLike(root)}%`}` : undefined,
          ),
        )
        .orderBy(eventSteps.at, eventSteps.seq)
        .limit(MAX_RESULTS);
      const said: Record<string, string> = {
        report: '已受理登记',
        accept: '已签收',
        start: '正在办理',
        close: '已办结',
        reopen: '重新办理',
        resident_reopen: '居民要求重新办理',
        resident_rate: '居民已评价',
      };
      return rows.map((r) => ({
        update_id: r.id,
        service_request_id: r.trackingNo,
        status: CLOSED.includes(r.toStatus ?? '') ? ('closed' as const) : ('open' as const),
        updated_datetime: w3(r.at),
        description: said[r.action] ?? r.action,
        media_url: null,
      }));
    },

    /** An api_key for one client: shown once, kept as a hash. */
    async issueKey(ctx: Ctx, body: z.infer<typeof open311KeyBody>) {
      const key = randomBytes(24).toString('base64url');
      return db.transaction(async () => {
        const [row] = await db
          .insert(open311Keys)
          .values({ name: body.name, keyHash: hashKey(key), createdAt: clock.now() })
          .returning();
        await deps.audit.record(ctx, {
          action: 'open311.key.issue',
          targetType: 'open311_key',
          targetId: row.id,
          after: { name: body.name },
        });
        return { id: row.id, name: row.name, apiKey: key };
      });
    },

    async keys() {
      const rows = await db.select().from(open311Keys).orderBy(desc(open311Keys.createdAt));
      return {
        items: rows.map((r) => ({
          id: r.id,
          name: r.name,
          createdAt: r.createdAt.toISOString(),
          revokedAt: r.revokedAt?.toISOString() ?? null,
        })),
      };
    },

    async revokeKey(ctx: Ctx, id: string) {
      const [row] = await db.select().from(open311Keys).where(eq(open311Keys.id, id));
      if (!row) throw notFound('接入密钥不存在');
      await db.transaction(async () => {
        await db.update(open311Keys).set({ revokedAt: clock.now() }).where(eq(open311Keys.id, id));
        await deps.audit.record(ctx, {
          action: 'open311.key.revoke',
          targetType: 'open311_key',
          targetId: id,
          before: { name: row.name },
        });
      });
    },
  };
}

export type Open311 = ReturnType<typeof createOpen311>;
