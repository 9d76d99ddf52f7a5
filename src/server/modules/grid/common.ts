import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Permission } from '../../../shared/permissions.js';
import type { PlaceKind } from '../../../shared/places.js';
import type { Db } from '../../db/index.js';
import type { AuditService } from '../../platform/audit/service.js';
import type { Clock } from '../../platform/clock.js';
import type { Files } from '../../platform/files/index.js';
import { files } from '../../platform/files/schema.js';
import type { PiiCipher } from '../../platform/pii/index.js';
import { places, roles, userRoles, users } from '../org/schema.js';
import type { OrgService } from '../org/service.js';
import type { RegistryService } from '../registry/service.js';

export interface GridDeps {
  db: Db;
  clock: Clock;
  audit: AuditService;
  pii: PiiCipher;
  org: OrgService;
  registry: RegistryService;
  files: FilesPort;
  notifications: NotificationsPort;
  /** 法律明白人 of an estate's buildings for its public board, from the legal module's service. */
  lawContacts?: (
    estatePath: string,
  ) => Promise<{ buildingId: string; buildingName: string; name: string; servicePhone: string | null }[]>;
}

/** The platform's files, seen as grid work needs them (photos of many records listed at once). */
export function filesPortOf(db: Db, f: Files): FilesPort {
  return {
    saveImage: (bytes, opts) => f.saveImage(bytes, opts),
    attach: (ids, owner) => f.attach(ids, owner),
    async listOwned(ownerType, ownerIds) {
      if (ownerIds.length === 0) return [];
      const found = await db
        .select({ id: files.id, name: files.name, ownerId: files.ownerId })
        .from(files)
        .where(and(eq(files.ownerType, ownerType), inArray(files.ownerId, ownerIds)))
        .orderBy(files.createdAt);
      return found.map((r) => ({ ...r, ownerId: r.ownerId! }));
    },
  };
}

/** What grid work needs of file storage: images in, bytes out. */
export interface FilesPort {
  saveImage(bytes: Buffer, opts: { name: string; maxBytes?: number }): Promise<{ id: string }>;
  attach(
    ids: string[],
    owner: { ownerType: string; ownerId: string; placePath: string | null },
  ): Promise<void>;
  listOwned(ownerType: string, ownerIds: string[]): Promise<{ id: string; name: string; ownerId: string }[]>;
}

export interface NotificationsPort {
  send(
    userIds: string[],
    n: { kind: string; title: string; body: string; link: string; targetType?: string; targetId?: string },
  ): Promise<unknown>;
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

/** The nearest place of a kind on a chain (a micro-grid before its grid). */
export function nearest(chain: readonly PlaceLink[], kind: PlaceKind): PlaceLink | undefined {
  for (let i = chain.length - 1; i >= 0; i--) if (chain[i].kind === kind) return chain[i];
  return undefined;
}

/** Active users holding `permission` through a role granted exactly at one of these places. */
export async function holdersAt(db: Db, placeIds: string[], permission: Permission): Promise<string[]> {
  if (placeIds.length === 0) return [];
  const rows = await db
    .selectDistinct({ id: users.id })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .innerJoin(users, eq(users.id, userRoles.userId))
    .where(
      and(
        inArray(userRoles.placeId, placeIds),
        eq(users.active, true),
        sql`${permission} = any(${roles.permissions})`,
      ),
    );
  return rows.map((r) => r.id);
}

/** Decodes base64 photos from a JSON body and stores them as images (type and size checked there). */
export async function savePhotos(
  files: FilesPort,
  photos: readonly { name: string; data: string }[],
  maxBytes: number,
): Promise<string[]> {
  const ids: string[] = [];
  for (const p of photos) {
    const bytes = Buffer.from(p.data.replace(/\s+/g, ''), 'base64');
    ids.push((await files.saveImage(bytes, { name: p.name, maxBytes })).id);
  }
  return ids;
}

export const photoUrl = (ownerPath: string, fileId: string) => `${ownerPath}/photos/${fileId}`;
