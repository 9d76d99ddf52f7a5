import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

// Metadata of stored files; the bytes live in the FileStore under the id (never under the user's name).
// A file is saved first (owner unset) and attached to its record in the record's own transaction.
export const files = pgTable(
  'files',
  {
    id: uuid('id').primaryKey(),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    contentType: text('content_type').notNull(),
    name: text('name').notNull(),
    placePath: text('place_path'),
    ownerType: text('owner_type'),
    ownerId: text('owner_id'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    index('files_owner_idx').on(t.ownerType, t.ownerId),
    index('files_place_path_idx').on(t.placePath.op('text_pattern_ops')),
    index('files_sha256_idx').on(t.sha256),
  ],
);
