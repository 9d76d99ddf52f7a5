import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  numeric,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../../db/columns.js';
import { places, users } from '../org/schema.js';
import { people } from '../registry/schema.js';

// Rows carry `place_path` (the team's place) like the registry's: scope is one prefix match.

/** A volunteer team of an estate or community (平安志愿者, 平安嫂, 红袖套 …). */
export const volunteerTeams = pgTable(
  'volunteer_teams',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'restrict' }),
    placePath: text('place_path').notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    // Open to residents' sign-ups on the public page.
    recruiting: boolean('recruiting').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('volunteer_teams_path_idx').on(t.placePath.op('text_pattern_ops')),
    check(
      'volunteer_teams_kind_check',
      sql`${t.kind} in ('safety','sister','armband','patrol','fire','school','legal','mediation','poverty','ringworm','ten_household','other')`,
    ),
  ],
);

/** A member: a person of the registry (or, from a sign-up not yet matched, a name), with an optional account. */
export const volunteerMembers = pgTable(
  'volunteer_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => volunteerTeams.id, { onDelete: 'cascade' }),
    placePath: text('place_path').notNull(),
    personId: uuid('person_id').references(() => people.id, { onDelete: 'set null' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    role: text('role').notNull().default('member'),
    // The member's own phone when they came from a sign-up: encrypted, masked copy for lists.
    phoneEnc: text('phone_enc'),
    phoneMasked: text('phone_masked'),
    availability: text('availability').notNull().default(''),
    joinedOn: date('joined_on', { mode: 'string' }).notNull(),
    active: boolean('active').notNull().default(true),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('volunteer_members_team_idx').on(t.teamId),
    index('volunteer_members_path_idx').on(t.placePath.op('text_pattern_ops')),
    uniqueIndex('volunteer_members_person_key')
      .on(t.teamId, t.personId)
      .where(sql`${t.personId} is not null`),
    // One leader per team.
    uniqueIndex('volunteer_members_leader_key').on(t.teamId).where(sql`${t.role} = 'leader' and ${t.active}`),
    check('volunteer_members_role_check', sql`${t.role} in ('leader','member')`),
  ],
);

/** 排班: a weekly slot (weekday 1–7) or a dated one, with who is on it. */
export const volunteerShifts = pgTable(
  'volunteer_shifts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => volunteerTeams.id, { onDelete: 'cascade' }),
    placePath: text('place_path').notNull(),
    weekday: smallint('weekday'),
    date: date('date', { mode: 'string' }),
    startTime: text('start_time').notNull(),
    endTime: text('end_time').notNull(),
    title: text('title').notNull(),
    location: text('location').notNull().default(''),
    memberIds: uuid('member_ids').array().notNull().default(sql`'{}'::uuid[]`),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index('volunteer_shifts_team_idx').on(t.teamId),
    check(
      'volunteer_shifts_when_check',
      sql`(${t.weekday} is null) <> (${t.date} is null) and (${t.weekday} is null or ${t.weekday} between 1 and 7)`,
    ),
    check('volunteer_shifts_time_check', sql`${t.startTime} < ${t.endTime}`),
  ],
);

/** 活动: a drive the team held (宣传、巡逻、义诊 …); service records may name it. */
export const volunteerActivities = pgTable(
  'volunteer_activities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => volunteerTeams.id, { onDelete: 'cascade' }),
    placePath: text('place_path').notNull(),
    title: text('title').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    location: text('location').notNull().default(''),
    description: text('description').notNull().default(''),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('volunteer_activities_team_idx').on(t.teamId, t.heldOn)],
);

/** 服务记录: hours (exact, two decimals) and points a member earned on a day. */
export const volunteerRecords = pgTable(
  'volunteer_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => volunteerTeams.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => volunteerMembers.id, { onDelete: 'cascade' }),
    placePath: text('place_path').notNull(),
    servedOn: date('served_on', { mode: 'string' }).notNull(),
    hours: numeric('hours', { precision: 5, scale: 2 }).notNull(),
    points: integer('points').notNull().default(0),
    activityId: uuid('activity_id').references(() => volunteerActivities.id, { onDelete: 'set null' }),
    shiftId: uuid('shift_id').references(() => volunteerShifts.id, { onDelete: 'set null' }),
    note: text('note').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index('volunteer_records_team_idx').on(t.teamId, t.servedOn),
    index('volunteer_records_member_idx').on(t.memberId, t.servedOn),
    check('volunteer_records_hours_check', sql`${t.hours} > 0 and ${t.hours} <= 24`),
    check('volunteer_records_points_check', sql`${t.points} >= 0`),
  ],
);

/** A resident's sign-up from the public page: pending until a manager approves it into a team. */
export const volunteerApplications = pgTable(
  'volunteer_applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => volunteerTeams.id, { onDelete: 'cascade' }),
    placePath: text('place_path').notNull(),
    // Name and phone are personal data: encrypted, masked copies for lists.
    nameEnc: text('name_enc').notNull(),
    nameMasked: text('name_masked').notNull(),
    phoneEnc: text('phone_enc').notNull(),
    phoneMasked: text('phone_masked').notNull(),
    availability: text('availability').notNull().default(''),
    note: text('note').notNull().default(''),
    status: text('status').notNull().default('pending'),
    decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note').notNull().default(''),
    memberId: uuid('member_id').references(() => volunteerMembers.id, { onDelete: 'set null' }),
    // HMAC of the client IP: enough to count sign-ups per hour, useless for finding anyone.
    ipHash: text('ip_hash').notNull(),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index('volunteer_applications_path_idx').on(t.placePath.op('text_pattern_ops'), t.status),
    index('volunteer_applications_ip_idx').on(t.ipHash, t.createdAt),
    check('volunteer_applications_status_check', sql`${t.status} in ('pending','approved','rejected')`),
  ],
);
