import { and, eq, inArray, isNull, like, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Permission } from '../../../shared/permissions.js';
import type { CareGroup, SpecialGroup } from '../../../shared/registry.js';
import type { Db } from '../../db/index.js';
import { escapeLike } from '../../db/sql.js';
import type { Clock } from '../../platform/clock.js';
import type { Ctx } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import type { OrgService } from '../org/service.js';
import { groupCases, people } from './schema.js';

export interface RegistryDeps {
  db: Db;
  clock: Clock;
  org: OrgService;
}

/** Today's date in Asia/Shanghai, where the estates are: visits and contracts fall due by it. */
export function today(clock: Clock): string {
  return new Date(clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A place the caller names (a filter, a parent) must lie in their scope for `permission`, or it does not exist. */
export async function placeFor(deps: RegistryDeps, ctx: Ctx, placeId: string, permission: Permission) {
  return deps.org.places.visible(ctx, placeId, permission);
}

/** The scope predicate, narrowed to a place when the caller picked one (the place switcher). */
export async function scopeWhere(
  deps: RegistryDeps,
  ctx: Ctx,
  permission: Permission,
  column: AnyPgColumn,
  placeId?: string,
): Promise<SQL> {
  const scope = ctx.actor!.scopeFilter(permission, column);
  if (!placeId) return scope;
  const place = await placeFor(deps, ctx, placeId, permission);
  return and(scope, like(column, `${escapeLike(place.path)}%`))!;
}

/**
 * A house's address as people write it: '锦绣春天小区 3栋2单元501' (the estate is the nearest
 * estate on the unit's path; grids are left out, nobody writes them on an envelope).
 */
export const houseAddressSql = (houseAlias: string) =>
  sql.raw(`(select coalesce(e.name || ' ', '') || b.name || u.name || ${houseAlias}.number
    from places u join places b on b.id = u.parent_id
    left join places e on e.kind = 'estate'
      and e.id = any(string_to_array(trim(both '/' from u.path), '/')::uuid[])
    where u.id = ${houseAlias}.unit_id)`);

/** Whether the caller sees special-group membership for a row at `path`. */
export const seesSpecial = (ctx: Ctx, path: string) => ctx.actor!.inScope('registry.special', path);

/** Open special and care memberships of some people, for the badges in lists and cards. */
export async function groupsOf(db: Db, personIds: string[]) {
  const map = new Map<string, { special: SpecialGroup[]; care: CareGroup[] }>();
  if (personIds.length === 0) return map;
  const rows = await db
    .select({ personId: groupCases.personId, kind: groupCases.kind, group: groupCases.group })
    .from(groupCases)
    .where(and(inArray(groupCases.personId, personIds), isNull(groupCases.endedOn)));
  for (const r of rows) {
    const entry = map.get(r.personId) ?? { special: [], care: [] };
    if (r.kind === 'special') entry.special.push(r.group as SpecialGroup);
    else entry.care.push(r.group as CareGroup);
    map.set(r.personId, entry);
  }
  return map;
}

/** The badges of one person from `kind:group` strings (a list query aggregates them per row). */
export function groupsFrom(entries: readonly string[]): { special: SpecialGroup[]; care: CareGroup[] } {
  const entry = { special: [] as SpecialGroup[], care: [] as CareGroup[] };
  for (const e of entries) {
    const i = e.indexOf(':');
    if (e.slice(0, i) === 'special') entry.special.push(e.slice(i + 1) as SpecialGroup);
    else entry.care.push(e.slice(i + 1) as CareGroup);
  }
  return entry;
}

type PersonRowDb = typeof people.$inferSelect;

/** The list view of a person: masked, with special groups only for those who may see them. */
export function personBriefOf(
  ctx: Ctx,
  p: Pick<
    PersonRowDb,
    | 'id'
    | 'name'
    | 'gender'
    | 'birthDate'
    | 'idType'
    | 'idMasked'
    | 'phoneMasked'
    | 'populationType'
    | 'tags'
    | 'placePath'
  >,
  groups: { special: SpecialGroup[]; care: CareGroup[] } | undefined,
) {
  return {
    id: p.id,
    name: p.name,
    gender: (p.gender ?? null) as 'male' | 'female' | null,
    birthDate: p.birthDate ?? null,
    idType: p.idType as 'resident_id',
    idMasked: p.idMasked ?? null,
    phoneMasked: p.phoneMasked ?? null,
    populationType: p.populationType as 'registered',
    tags: p.tags,
    ...(seesSpecial(ctx, p.placePath) ? { specialGroups: groups?.special ?? [] } : {}),
    careGroups: groups?.care ?? [],
  };
}

export const personBriefColumns = {
  id: people.id,
  name: people.name,
  gender: people.gender,
  birthDate: people.birthDate,
  idType: people.idType,
  idMasked: people.idMasked,
  phoneMasked: people.phoneMasked,
  populationType: people.populationType,
  tags: people.tags,
  placePath: people.placePath,
};

/** One person the caller may see under `permission`, or 404. */
export async function personFor(deps: RegistryDeps, ctx: Ctx, id: string, permission: Permission) {
  const [p] = await deps.db.select().from(people).where(eq(people.id, id));
  if (!p || !ctx.actor!.inScope(permission, p.placePath)) throw notFound('人员不存在或无权访问');
  return p;
}

/** A tenancy is in force on `day` when it has started and neither its contract nor an early end has passed. */
export const tenancyInForce = (alias: string, day: string) =>
  sql.raw(
    `(${alias}.start_date <= '${day}' and ${alias}.end_date >= '${day}' and (${alias}.ended_on is null or ${alias}.ended_on > '${day}'))`,
  );
