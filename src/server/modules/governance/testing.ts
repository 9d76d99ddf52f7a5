import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/index.js';
import { places, roles, userRoles, users } from '../org/schema.js';
import { houseOwners, houses, people } from '../registry/schema.js';

/**
 * Small estates built straight in the database for governance tests and fixtures: exact areas,
 * owners with shares, and accounts. Nothing here is used by the running app.
 */

export interface Place {
  id: string;
  path: string;
  depth: number;
}

export interface BuiltEstate {
  estate: Place;
  unit: Place;
  houses: { id: string; number: string; area: string; owners: { id: string; name: string }[] }[];
}

const placeRow = (parent: Place, kind: string, name: string) => {
  const id = randomUUID();
  return {
    id,
    parentId: parent.id,
    kind,
    code: `G${id.slice(0, 8)}`.toUpperCase(),
    name,
    path: `${parent.path}${id}/`,
    depth: parent.depth + 1,
  };
};

export async function insertPlace(db: Db, parent: Place, kind: string, name: string): Promise<Place> {
  const row = placeRow(parent, kind, name);
  await db.insert(places).values(row);
  return { id: row.id, path: row.path, depth: row.depth };
}

export async function insertPerson(db: Db, at: Place, name: string): Promise<{ id: string; name: string }> {
  const [p] = await db
    .insert(people)
    .values({
      name,
      nameGrams: [...name],
      namePinyin: 'ce shi',
      nameInitials: 'cs',
      populationType: 'registered',
      placeId: at.id,
      placePath: at.path,
    })
    .returning({ id: people.id, name: people.name });
  return p;
}

/**
 * An estate under `community` with one building and unit, and one house per spec entry: its area
 * and its owners (names; the same name in two entries is the same person; shares by list order,
 * `share` when given).
 */
export async function buildEstate(
  db: Db,
  community: Place,
  spec: { area: string; owners: (string | { name: string; share: string })[] }[],
  name = '测试小区',
): Promise<BuiltEstate> {
  return buildHouses(db, await insertPlace(db, community, 'estate', name), spec);
}

/** Houses (in a new building and unit) of an existing estate. */
export async function buildHouses(
  db: Db,
  estate: Place,
  spec: { area: string; owners: (string | { name: string; share: string })[] }[],
): Promise<BuiltEstate> {
  const building = await insertPlace(db, estate, 'building', '1栋');
  const unit = await insertPlace(db, building, 'unit', '1单元');
  const persons = new Map<string, { id: string; name: string }>();
  const built: BuiltEstate['houses'] = [];
  for (const [i, h] of spec.entries()) {
    const number = `${100 + i + 1}`;
    const [row] = await db
      .insert(houses)
      .values({
        unitId: unit.id,
        placePath: unit.path,
        floor: 1,
        number,
        addressKey: `1-1-${number}`,
        area: h.area,
      })
      .returning({ id: houses.id });
    const owners: { id: string; name: string }[] = [];
    for (const [k, o] of h.owners.entries()) {
      const ownerName = typeof o === 'string' ? o : o.name;
      let p = persons.get(ownerName);
      if (!p) {
        p = await insertPerson(db, unit, ownerName);
        persons.set(ownerName, p);
      }
      const share =
        typeof o === 'string'
          ? h.owners.length === 1
            ? '100'
            : k === 0
              ? '60'
              : String(40 / (h.owners.length - 1))
          : o.share;
      // Insertion order is registration order: the first owner was registered first.
      await db.insert(houseOwners).values({
        houseId: row.id,
        personId: p.id,
        share,
        createdAt: new Date(Date.UTC(2020, 0, 1, 0, 0, k)),
      });
      owners.push(p);
    }
    built.push({ id: row.id, number, area: h.area, owners });
  }
  return { estate, unit, houses: built };
}

/** A user holding `role` at `place`, with the password hash of an existing account (tests sign in with it). */
export async function insertUser(
  db: Db,
  place: Place | null,
  role: string,
  copyPasswordFrom = 'admin',
): Promise<{ id: string; username: string }> {
  const [{ passwordHash }] = await db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.username, copyPasswordFrom));
  const username = `g${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const [u] = await db
    .insert(users)
    .values({ username, displayName: '测试用户', passwordHash, mustChangePassword: false })
    .returning({ id: users.id });
  const [r] = await db.select({ id: roles.id }).from(roles).where(eq(roles.code, role));
  await db.insert(userRoles).values({ userId: u.id, roleId: r.id, placeId: place?.id ?? null });
  return { id: u.id, username };
}
