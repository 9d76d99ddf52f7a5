import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../../db/columns.js';

// The place tree. `path` is the chain of ids from the root, '/a/b/c/', so that a subtree is one
// prefix match on an index (text_pattern_ops) and scope checks never walk the tree.
export const places = pgTable(
  'places',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    parentId: uuid('parent_id').references((): AnyPgColumn => places.id, { onDelete: 'restrict' }),
    kind: text('kind').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    path: text('path').notNull(),
    depth: integer('depth').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('places_parent_code_key').on(t.parentId, t.code).nullsNotDistinct(),
    index('places_path_idx').on(t.path.op('text_pattern_ops')),
    index('places_parent_idx').on(t.parentId, t.sortOrder),
    check('places_kind_check', sql`${t.kind} in ('street','community','estate','grid','building','unit')`),
  ],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    // Personal data: AES-256-GCM ciphertext plus an HMAC blind index for exact lookup.
    phoneEnc: text('phone_enc'),
    phoneIndex: text('phone_index'),
    phoneMasked: text('phone_masked'),
    passwordHash: text('password_hash').notNull(),
    active: boolean('active').notNull().default(true),
    mustChangePassword: boolean('must_change_password').notNull().default(true),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique('users_username_key').on(t.username), index('users_phone_index_idx').on(t.phoneIndex)],
);

export const roles = pgTable(
  'roles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    builtin: boolean('builtin').notNull().default(false),
    permissions: text('permissions').array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique('roles_code_key').on(t.code), unique('roles_name_key').on(t.name)],
);

// A role held at a place: the holder's scope for that role's permissions is the subtree under it.
// A null place means everywhere (system administrators only).
export const userRoles = pgTable(
  'user_roles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    roleId: uuid('role_id')
      .notNull()
      .references(() => roles.id, { onDelete: 'restrict' }),
    placeId: uuid('place_id').references(() => places.id, { onDelete: 'restrict' }),
    createdAt: createdAt(),
  },
  (t) => [
    unique('user_roles_unique').on(t.userId, t.roleId, t.placeId).nullsNotDistinct(),
    index('user_roles_place_idx').on(t.placeId),
    index('user_roles_role_idx').on(t.roleId),
  ],
);
