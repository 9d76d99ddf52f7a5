import { eq, like, sql } from 'drizzle-orm';
import type { Db } from '../../db/index.js';
import { escapeLike } from '../../db/sql.js';
import { houseAddressSql } from './common.js';
import { houses, people } from './schema.js';

export interface OwnedHouse {
  houseId: string;
  address: string;
  buildingId: string;
  /** Exclusive floor area as the exact decimal text the registry keeps ('89.50'); null if unknown. */
  area: string | null;
  /** Largest share first, then the first registered, then by name. */
  owners: { personId: string; name: string; share: string }[];
}

/**
 * Houses and their registered owners, for other modules that count by them (owners' votes under
 * 民法典第二百七十八条). No scope here: the caller decides who may see what it builds from this.
 */
export function createOwnersService({ db }: { db: Db }) {
  return {
    /** Every house under a place (an estate), with its owners. */
    async housesUnder(placePath: string): Promise<OwnedHouse[]> {
      const rows = await db
        .select({
          houseId: houses.id,
          address: sql<string>`${houseAddressSql('houses')}`,
          buildingId: sql<string>`(select u.parent_id from places u where u.id = houses.unit_id)`,
          area: houses.area,
          owners: sql<{ personId: string; name: string; share: string }[]>`coalesce((
            select json_agg(json_build_object('personId', p.id, 'name', p.name, 'share', o.share::text)
              order by o.share desc, o.created_at, p.name_pinyin, p.id)
            from house_owners o join people p on p.id = o.person_id where o.house_id = houses.id), '[]'::json)`,
        })
        .from(houses)
        .where(like(houses.placePath, `${escapeLike(placePath)}%`))
        .orderBy(houses.placePath, houses.floor, houses.number);
      return rows;
    },

    /** A person's name and where their record hangs (for scope checks by the caller). */
    async person(personId: string): Promise<{ id: string; name: string; placePath: string } | null> {
      const [p] = await db
        .select({ id: people.id, name: people.name, placePath: people.placePath })
        .from(people)
        .where(eq(people.id, personId));
      return p ?? null;
    },
  };
}

export type OwnersService = ReturnType<typeof createOwnersService>;
