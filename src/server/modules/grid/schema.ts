import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgSequence,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { at, createdAt, updatedAt } from '../../db/columns.js';
import { places, users } from '../org/schema.js';
import { groupCases, houses, people } from '../registry/schema.js';

// Rows carry `place_path` like the registry's: scope is one prefix match, place moves rewrite it.

/** 网格长, 网格员, 楼栋长, 微网格员 of a grid; a member may or may not have an account. */
export const gridMembers = pgTable(
  'grid_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    gridId: uuid('grid_id')
      .notNull()
      .references(() => places.id, { onDelete: 'restrict' }),
    placePath: text('place_path').notNull(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    role: text('role').notNull(),
    // The work number printed on the service card for residents to call: published on purpose.
    servicePhone: text('service_phone').notNull().default(''),
    duties: text('duties').notNull().default(''),
    photoFileId: uuid('photo_file_id'),
    sortOrder: integer('sort_order').notNull().default(0),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('grid_members_grid_idx').on(t.gridId, t.sortOrder),
    index('grid_members_path_idx').on(t.placePath.op('text_pattern_ops')),
    uniqueIndex('grid_members_user_key').on(t.gridId, t.userId).where(sql`${t.userId} is not null`),
    check('grid_members_role_check', sql`${t.role} in ('leader','worker','building_head','micro_worker')`),
  ],
);

/** 专项行动: a named drive over a place and period that events can belong to. */
export const campaigns = pgTable(
  'campaigns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'restrict' }),
    placePath: text('place_path').notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    goals: text('goals').notNull().default(''),
    targetCount: integer('target_count'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index('campaigns_path_idx').on(t.placePath.op('text_pattern_ops')),
    check('campaigns_period_check', sql`${t.endsOn} >= ${t.startsOn}`),
  ],
);

export const eventNoSeq = pgSequence('event_no_seq', { startWith: 1 });

export const events = pgTable(
  'events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // What people quote on the phone: SJ20261123-000123.
    no: text('no').notNull(),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'restrict' }),
    placePath: text('place_path').notNull(),
    category: text('category').notNull(),
    subcategory: text('subcategory'),
    urgency: text('urgency').notNull().default('normal'),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    // 治安 reports: what was seen, where, when, observable behaviour — never what someone looks like.
    observation: jsonb('observation'),
    address: text('address').notNull().default(''),
    lat: numeric('lat', { precision: 9, scale: 6 }),
    long: numeric('long', { precision: 9, scale: 6 }),
    source: text('source').notNull(),
    reporterId: uuid('reporter_id').references(() => users.id, { onDelete: 'set null' }),
    reporterName: text('reporter_name').notNull(),
    status: text('status').notNull().default('reported'),
    level: text('level').notNull().default('grid'),
    // When it reached its level: the weekly clearing counts from here.
    levelSince: at('level_since').notNull(),
    assigneeKind: text('assignee_kind').notNull(),
    assigneeUserId: uuid('assignee_user_id').references(() => users.id, { onDelete: 'set null' }),
    assigneePlaceId: uuid('assignee_place_id').references(() => places.id, { onDelete: 'set null' }),
    assigneeOutside: text('assignee_outside'),
    assigneeLabel: text('assignee_label').notNull(),
    closureKind: text('closure_kind'),
    closureNote: text('closure_note'),
    duplicateOf: uuid('duplicate_of'),
    campaignId: uuid('campaign_id').references(() => campaigns.id, { onDelete: 'set null' }),
    involvedPersonIds: uuid('involved_person_ids').array().notNull().default(sql`'{}'::uuid[]`),
    involvedHouseIds: uuid('involved_house_ids').array().notNull().default(sql`'{}'::uuid[]`),
    deadlineAt: at('deadline_at').notNull(),
    acceptedAt: at('accepted_at'),
    closedAt: at('closed_at'),
    reviewedAt: at('reviewed_at'),
    archivedAt: at('archived_at'),
    overdueNotifiedAt: at('overdue_notified_at'),
    supervisedCount: integer('supervised_count').notNull().default(0),
    reopenedCount: integer('reopened_count').notNull().default(0),
    rating: integer('rating'),
    ratingComment: text('rating_comment'),
    // The resident's own word on whether it was solved (解决率 counts this, not the handler's).
    residentConfirmed: boolean('resident_confirmed'),
    idempotencyKey: text('idempotency_key'),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('events_no_key').on(t.no),
    // Most events carry no key: the index holds only those that do (fewer entries to keep on updates).
    uniqueIndex('events_idempotency_key').on(t.idempotencyKey).where(sql`${t.idempotencyKey} is not null`),
    index('events_path_idx').on(t.placePath.op('text_pattern_ops'), t.createdAt),
    // Migration 0009 rebuilds these two with (…, id) INCLUDE (place_path), the place one only for
    // events nobody has taken: "my open events" is then answered from the indexes.
    index('events_assignee_open_idx')
      .on(t.assigneeUserId, t.deadlineAt)
      .where(sql`${t.status} in ('reported','accepted','in_progress')`),
    index('events_assignee_place_open_idx')
      .on(t.assigneePlaceId, t.deadlineAt)
      .where(sql`${t.status} in ('reported','accepted','in_progress')`),
    index('events_level_open_idx')
      .on(t.level, t.levelSince)
      .where(sql`${t.status} in ('reported','accepted','in_progress')`),
    index('events_created_idx').on(t.createdAt),
    check(
      'events_status_check',
      sql`${t.status} in ('reported','accepted','in_progress','closed','reviewed','archived')`,
    ),
    check('events_level_check', sql`${t.level} in ('grid','community','street')`),
    check('events_urgency_check', sql`${t.urgency} in ('normal','urgent','critical')`),
    check('events_rating_check', sql`${t.rating} between 1 and 5`),
  ],
);

/** The timeline: every step, who took it, from which status to which. */
export const eventSteps = pgTable(
  'event_steps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // Steps taken in the same instant still read in the order they were taken.
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    at: at('at').notNull(),
    action: text('action').notNull(),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    actorName: text('actor_name').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    note: text('note').notNull().default(''),
    data: jsonb('data'),
  },
  (t) => [index('event_steps_event_idx').on(t.eventId, t.seq)],
);

/** 民情日记: one visit or conversation, kept by the grid worker who had it. */
export const diaryEntries = pgTable(
  'diary_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    authorName: text('author_name').notNull(),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'restrict' }),
    placePath: text('place_path').notNull(),
    houseId: uuid('house_id').references(() => houses.id, { onDelete: 'set null' }),
    personId: uuid('person_id').references(() => people.id, { onDelete: 'set null' }),
    caseId: uuid('case_id').references(() => groupCases.id, { onDelete: 'set null' }),
    topic: text('topic').notNull(),
    said: text('said').notNull(),
    followUp: text('follow_up').notNull().default(''),
    needsFollowUp: boolean('needs_follow_up').notNull().default(false),
    visitedAt: at('visited_at').notNull(),
    lat: numeric('lat', { precision: 9, scale: 6 }),
    long: numeric('long', { precision: 9, scale: 6 }),
    eventId: uuid('event_id').references(() => events.id, { onDelete: 'set null' }),
    idempotencyKey: text('idempotency_key').notNull(),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('diary_entries_idempotency_key').on(t.userId, t.idempotencyKey),
    index('diary_entries_user_idx').on(t.userId, t.visitedAt),
    index('diary_entries_path_idx').on(t.placePath.op('text_pattern_ops'), t.visitedAt),
  ],
);

/** The daily round (日巡查): one check-in per worker per day. */
export const roundCheckins = pgTable(
  'round_checkins',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    gridId: uuid('grid_id')
      .notNull()
      .references(() => places.id, { onDelete: 'restrict' }),
    placePath: text('place_path').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    at: at('at').notNull(),
    note: text('note').notNull().default(''),
    lat: numeric('lat', { precision: 9, scale: 6 }),
    long: numeric('long', { precision: 9, scale: 6 }),
    isDemo: boolean('is_demo').notNull().default(false),
  },
  (t) => [
    uniqueIndex('round_checkins_user_day_key').on(t.userId, t.day),
    index('round_checkins_path_idx').on(t.placePath.op('text_pattern_ops'), t.day),
  ],
);

/** The 月考评 formula of a place (a street or a community): weights and targets per item. */
export const gridScoreRules = pgTable(
  'grid_score_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'cascade' }),
    placePath: text('place_path').notNull(),
    items: jsonb('items').notNull(),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('grid_score_rules_place_key').on(t.placeId)],
);
