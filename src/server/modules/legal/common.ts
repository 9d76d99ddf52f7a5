import { randomInt } from 'node:crypto';
import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Permission } from '../../../shared/permissions.js';
import type { PlaceKind } from '../../../shared/places.js';
import type { Db } from '../../db/index.js';
import type { AuditService } from '../../platform/audit/service.js';
import type { Clock } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, badRequest } from '../../platform/errors.js';
import type { Files } from '../../platform/files/index.js';
import { type PiiCipher, validateMobile } from '../../platform/pii/index.js';
import { places } from '../org/schema.js';
import type { OrgService } from '../org/service.js';
import type { RegistryService } from '../registry/service.js';

export interface LegalDeps {
  db: Db;
  clock: Clock;
  audit: AuditService;
  pii: PiiCipher;
  org: OrgService;
  registry: RegistryService;
  files: Files;
}

export interface PlaceLink {
  id: string;
  kind: PlaceKind;
  name: string;
  path: string;
}

/** The places on a path, root first (the path is the chain of ids). */
export async function chainOf(db: Db, path: string): Promise<PlaceLink[]> {
  const ids = path.split('/').filter(Boolean);
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: places.id, kind: places.kind, name: places.name, path: places.path, depth: places.depth })
    .from(places)
    .where(inArray(places.id, ids));
  return rows.sort((a, b) => a.depth - b.depth).map((r) => ({ ...r, kind: r.kind as PlaceKind }));
}

export function nearest(chain: readonly PlaceLink[], kind: PlaceKind): PlaceLink | undefined {
  for (let i = chain.length - 1; i >= 0; i--) if (chain[i].kind === kind) return chain[i];
  return undefined;
}

/** Names of places by id, for list rows. */
export async function placeNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({ id: places.id, name: places.name })
    .from(places)
    .where(inArray(places.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** "锦绣春天 › 3栋": the estate (or community) and the place itself, as a list shows it. */
export async function placeLabels(db: Db, paths: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(paths.flatMap((p) => p.split('/').filter(Boolean)))];
  const rows = ids.length
    ? await db
        .select({ id: places.id, kind: places.kind, name: places.name })
        .from(places)
        .where(inArray(places.id, ids))
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out = new Map<string, string>();
  for (const path of paths) {
    const chain = path
      .split('/')
      .filter(Boolean)
      .map((id) => byId.get(id))
      .filter((p) => p !== undefined);
    const own = chain.at(-1);
    const estate = chain.find((p) => p.kind === 'estate');
    out.set(path, !own ? '' : estate && estate.id !== own.id ? `${estate.name} › ${own.name}` : own.name);
  }
  return out;
}

/** A place the caller may act on under `permission`, of one of `kinds` when given. */
export async function placeFor(
  deps: LegalDeps,
  ctx: Ctx,
  placeId: string,
  permission: Permission,
  kinds?: readonly PlaceKind[],
  field = 'placeId',
) {
  const p = await deps.org.places.visible(ctx, placeId, permission);
  if (kinds && !kinds.includes(p.kind as PlaceKind))
    throw badRequest(`请选择${kinds.map((k) => KIND_LABEL[k]).join('或')}`, { [field]: '地点类型不符' });
  return p;
}

const KIND_LABEL: Record<PlaceKind, string> = {
  street: '街道',
  community: '社区',
  estate: '小区',
  grid: '网格',
  building: '楼栋',
  unit: '单元',
};

/** A mobile number from a form, or the 400 naming the field. */
export function mobileOf(phone: string, field = 'phone'): string {
  const m = validateMobile(phone);
  if (!m.ok) throw badRequest(m.message, { [field]: m.message });
  return m.value;
}

/** Refuses the (hashed) IP's submission when it already made `limit` in the past hour. */
export async function rateLimit(
  deps: LegalDeps,
  table: PgTable,
  ipColumn: AnyPgColumn,
  createdColumn: AnyPgColumn,
  ipHash: string,
  limit: number,
) {
  const since = new Date(deps.clock.now().getTime() - 3_600_000);
  const [{ n }] = await deps.db
    .select({ n: sql<number>`count(*)::int` })
    .from(table)
    .where(and(eq(ipColumn, ipHash), gte(createdColumn, since)));
  if (n >= limit) throw new AppError(429, 'RATE_LIMITED', `提交过于频繁，每小时最多 ${limit} 次，请稍后再试`);
}

export const randomDigits = (n: number) => String(randomInt(0, 10 ** n)).padStart(n, '0');

/** The public pages' actor in the audit trail. */
export const residentCtx = (ctx: Ctx): Ctx => ({ ...ctx, actor: null, actorLabel: '居民（公开页面）' });

/** The first day of the month `date` (YYYY-MM-DD) lies in. */
export const monthStart = (date: string) => `${date.slice(0, 7)}-01`;
