import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at } from '../../db/columns.js';
import { events } from '../grid/schema.js';
import { places } from '../org/schema.js';

/**
 * A resident's request (诉求): the tracking number they were given and how to reach them. The work,
 * the reply (the closing note) and their rating live on the event it became.
 */
export const residentRequests = pgTable(
  'resident_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    trackingNo: text('tracking_no').notNull(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'restrict' }),
    placePath: text('place_path').notNull(),
    channel: text('channel').notNull().default('web'),
    serviceCode: text('service_code').notNull(),
    // Name and phone are personal data: encrypted, with a blind index so that the status page can
    // match a tracking number to the phone given with it.
    nameEnc: text('name_enc'),
    phoneEnc: text('phone_enc'),
    phoneIndex: text('phone_index'),
    phoneMasked: text('phone_masked'),
    // HMAC of the client IP: enough to count submissions per hour, useless for finding anyone.
    ipHash: text('ip_hash').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('resident_requests_tracking_key').on(t.trackingNo),
    uniqueIndex('resident_requests_event_key').on(t.eventId),
    index('resident_requests_ip_idx').on(t.ipHash, t.createdAt),
    index('resident_requests_path_idx').on(t.placePath.op('text_pattern_ops'), t.createdAt),
  ],
);

/** Open311 clients that may POST requests (the api_key of GeoReport v2), stored hashed. */
export const open311Keys = pgTable(
  'open311_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
    revokedAt: at('revoked_at'),
  },
  (t) => [uniqueIndex('open311_keys_hash_key').on(t.keyHash)],
);
