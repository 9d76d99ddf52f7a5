import { asc, sql } from 'drizzle-orm';
import type { RegistryStats } from '../../../shared/api/registry.js';
import {
  CARE_GROUPS,
  HOUSE_USES,
  POPULATION_TYPES,
  SPECIAL_GROUPS,
  TENANCY_ENDING_DAYS,
} from '../../../shared/registry.js';
import { rows } from '../../db/sql.js';
import type { Ctx } from '../../platform/context.js';
import { places } from '../org/schema.js';
import { addDays, type RegistryDeps, tenancyInForce, today } from './common.js';

const zeros = (map: Record<string, string>) => Object.fromEntries(Object.keys(map).map((k) => [k, 0]));
const rate = (registered: number, known: number) => (known === 0 ? null : registered / known);

/**
 * The registry's headline figures for a place (or the caller's whole scope): each count is made
 * only over what the caller may see, so special-group numbers never leak below their scope.
 */
export function createStatsService(deps: RegistryDeps) {
  const { db, clock, org } = deps;

  return async function stats(ctx: Ctx, placeId?: string): Promise<RegistryStats> {
    const actor = ctx.actor!;
    const place = placeId ? await org.places.visible(ctx, placeId, 'registry.read') : null;
    const day = today(clock);
    const soon = addDays(day, TENANCY_ENDING_DAYS);
    const within = (alias: string, permission: 'registry.read' | 'registry.special') => {
      const scope = actor.scope(permission);
      const parts: string[] = [];
      // A place the caller may read lies inside their read scope with all below it: the place
      // alone says it (the special-group scope may be narrower and stays).
      if (scope !== 'all' && !(place && permission === 'registry.read'))
        parts.push(
          scope.length === 0
            ? 'false'
            : `(${scope.map((p) => `${alias}.place_path like '${p}%'`).join(' or ')})`,
        );
      if (place) parts.push(`${alias}.place_path like '${place.path}%'`);
      return sql.raw(parts.length ? parts.join(' and ') : 'true');
    };
    const inForce = tenancyInForce('t', day);

    const [houseRows, peopleRows, tenancyRow, caseRows] = await Promise.all([
      rows<{ use: string; n: number; occupied: number }>(
        db,
        sql`
        select h.use, count(*)::int as n,
          count(*) filter (where exists (select 1 from residencies r where r.house_id = h.id and r.move_out is null))::int as occupied
        from houses h where ${within('h', 'registry.read')} group by h.use`,
      ),
      rows<{ population_type: string; n: number; registered: number }>(
        db,
        sql`
        select p.population_type, count(*)::int as n,
          count(*) filter (where p.population_type = 'floating' and exists (select 1 from tenancy_tenants tt
            join tenancies t on t.id = tt.tenancy_id where tt.person_id = p.id and ${inForce}))::int as registered
        from people p where p.house_id is not null and ${within('p', 'registry.read')} group by p.population_type`,
      ),
      rows<{ houses: number; active: number; ending: number }>(
        db,
        sql`
        select count(distinct t.house_id)::int as houses, count(*)::int as active,
          count(*) filter (where t.end_date <= ${soon})::int as ending
        from tenancies t where ${inForce} and ${within('t', 'registry.read')}`,
      ),
      rows<{ kind: string; grp: string; n: number; overdue: number }>(
        db,
        sql`
        select g.kind, g.group as grp, count(*)::int as n, count(*) filter (where g.next_visit_due < ${day})::int as overdue
        from group_cases g where g.ended_on is null
          and ((g.kind = 'care' and ${within('g', 'registry.read')}) or (g.kind = 'special' and ${within('g', 'registry.special')}))
        group by g.kind, g.group`,
      ),
    ]);

    const housesByUse = zeros(HOUSE_USES);
    let houses = 0;
    let households = 0;
    for (const r of houseRows) {
      housesByUse[r.use] = r.n;
      houses += r.n;
      households += r.occupied;
    }
    const peopleByType = zeros(POPULATION_TYPES);
    let population = 0;
    let floatingRegistered = 0;
    // `registered` is counted for the floating population only: the rate is theirs.
    for (const r of peopleRows) {
      peopleByType[r.population_type] = r.n;
      population += r.n;
      if (r.population_type === 'floating') floatingRegistered = r.registered;
    }
    const special = zeros(SPECIAL_GROUPS);
    const care = zeros(CARE_GROUPS);
    let overdueVisits = 0;
    for (const r of caseRows) {
      (r.kind === 'special' ? special : care)[r.grp] = r.n;
      overdueVisits += r.overdue;
    }
    const t = tenancyRow[0];

    // One row per child of the chosen place (or of the caller's scope roots) for the ranking chart.
    const parentIds = place
      ? [place.id]
      : actor.scope('registry.read') === 'all'
        ? []
        : actor.grants.filter((g) => g.place && g.permissions.has('registry.read')).map((g) => g.place!.id);
    const children = await db
      .select({ id: places.id, name: places.name, path: places.path })
      .from(places)
      .where(
        parentIds.length === 0
          ? sql`${places.parentId} is null`
          : sql`${places.parentId} in (${sql.join(
              parentIds.map((id) => sql`${id}::uuid`),
              sql`, `,
            )})`,
      )
      .orderBy(asc(places.sortOrder), asc(places.name))
      .limit(60);
    const perChild = children.length
      ? await rows<{ id: string; people: number; floating: number; registered: number }>(
          db,
          sql`
          select c.id, count(p.id)::int as people,
            count(p.id) filter (where p.population_type = 'floating')::int as floating,
            count(p.id) filter (where p.population_type = 'floating' and exists (
              select 1 from tenancy_tenants tt join tenancies t on t.id = tt.tenancy_id where tt.person_id = p.id and ${inForce}))::int as registered
          from places c
          left join people p on p.house_id is not null and p.place_path like c.path || '%' and ${within('p', 'registry.read')}
          where c.id in (${sql.join(
            children.map((c) => sql`${c.id}::uuid`),
            sql`, `,
          )})
          group by c.id`,
        )
      : [];
    const byId = new Map(perChild.map((r) => [r.id, r]));

    return {
      houses,
      households,
      people: population,
      housesByUse,
      peopleByType,
      rentedHouses: t?.houses ?? 0,
      activeTenancies: t?.active ?? 0,
      tenanciesEnding: t?.ending ?? 0,
      floating: peopleByType.floating,
      floatingRegistered,
      registrationRate: rate(floatingRegistered, peopleByType.floating),
      ...(actor.can('registry.special') ? { special } : {}),
      care,
      overdueVisits,
      children: children.map((c) => {
        const r = byId.get(c.id);
        return {
          id: c.id,
          name: c.name,
          people: r?.people ?? 0,
          floating: r?.floating ?? 0,
          floatingRegistered: r?.registered ?? 0,
          registrationRate: rate(r?.registered ?? 0, r?.floating ?? 0),
        };
      }),
    };
  };
}
