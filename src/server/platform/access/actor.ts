import { eq, like, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Permission } from '../../../shared/permissions.js';
import type { PlaceKind } from '../../../shared/places.js';
import type { Db } from '../../db/index.js';
import { places, roles, userRoles, users } from '../../modules/org/schema.js';
import { notFound } from '../errors.js';

export interface Grant {
  roleId: string;
  roleCode: string;
  roleName: string;
  permissions: ReadonlySet<string>;
  /** null: everywhere. */
  place: { id: string; name: string; kind: PlaceKind; path: string } | null;
}

/**
 * The signed-in user with what they may do where. A permission's scope is the union of the
 * subtrees of the places where the user holds a role granting it, so a street admin who is also a
 * grid worker elsewhere does not carry admin rights into that grid.
 */
export class Actor {
  constructor(
    readonly userId: string,
    readonly username: string,
    readonly displayName: string,
    readonly mustChangePassword: boolean,
    readonly grants: readonly Grant[],
  ) {}

  get permissions(): string[] {
    return [...new Set(this.grants.flatMap((g) => [...g.permissions]))].sort();
  }

  get global(): boolean {
    return this.grants.some((g) => g.place === null);
  }

  can(permission: Permission): boolean {
    return this.grants.some((g) => g.permissions.has(permission));
  }

  /** 'all', or the path prefixes under which `permission` applies. */
  scope(permission: Permission): 'all' | string[] {
    const paths: string[] = [];
    for (const g of this.grants) {
      if (!g.permissions.has(permission)) continue;
      if (g.place === null) return 'all';
      paths.push(g.place.path);
    }
    // Drop paths already covered by a shorter one.
    return paths.filter((p) => !paths.some((q) => q !== p && p.startsWith(q)));
  }

  /** A predicate on a place-path column: true for rows the caller may see under `permission`. */
  scopeFilter(permission: Permission, pathColumn: AnyPgColumn): SQL {
    const s = this.scope(permission);
    if (s === 'all') return sql`true`;
    if (s.length === 0) return sql`false`;
    return or(...s.map((p) => like(pathColumn, `${p}%`)))!;
  }

  inScope(permission: Permission, path: string | null): boolean {
    const s = this.scope(permission);
    if (s === 'all') return true;
    if (path === null) return false;
    return s.some((p) => path.startsWith(p));
  }

  /** Out of scope looks absent: 404, never 403. */
  assertInScope(permission: Permission, path: string | null): void {
    if (!this.inScope(permission, path)) throw notFound();
  }
}

export async function loadActor(db: Db, userId: string): Promise<Actor | null> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user?.active) return null;
  return actorOf(db, user);
}

/** The actor for a user row already in hand (one query fewer on every request's session check). */
export async function actorOf(
  db: Db,
  user: { id: string; username: string; displayName: string; mustChangePassword: boolean },
): Promise<Actor> {
  const rows = await db
    .select({
      roleId: roles.id,
      roleCode: roles.code,
      roleName: roles.name,
      permissions: roles.permissions,
      placeId: places.id,
      placeName: places.name,
      placeKind: places.kind,
      placePath: places.path,
    })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .leftJoin(places, eq(places.id, userRoles.placeId))
    .where(eq(userRoles.userId, user.id))
    .orderBy(places.depth, roles.name);
  const grants: Grant[] = rows.map((r) => ({
    roleId: r.roleId,
    roleCode: r.roleCode,
    roleName: r.roleName,
    permissions: new Set(r.permissions),
    place:
      r.placeId === null
        ? null
        : { id: r.placeId, name: r.placeName!, kind: r.placeKind as PlaceKind, path: r.placePath! },
  }));
  return new Actor(user.id, user.username, user.displayName, user.mustChangePassword, grants);
}
