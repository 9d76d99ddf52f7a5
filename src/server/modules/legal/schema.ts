import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, updatedAt } from '../../db/columns.js';
import { files } from '../../platform/files/schema.js';
import { places, users } from '../org/schema.js';
import { people } from '../registry/schema.js';

const placeId = () =>
  uuid('place_id')
    .notNull()
    .references(() => places.id, { onDelete: 'restrict' });

// Rows carry `place_path` like the registry's and the grid's: scope is one prefix match, place
// moves rewrite it.

/** A request to the 便民法律服务中心: 法律咨询, 法律援助, 劳动维权, 便民诉讼指引. */
export const legalRequests = pgTable(
  'legal_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    trackingNo: text('tracking_no').notNull(),
    placeId: placeId(),
    placePath: text('place_path').notNull(),
    kind: text('kind').notNull(),
    channel: text('channel').notNull(),
    status: text('status').notNull().default('submitted'),
    subject: text('subject').notNull(),
    description: text('description').notNull(),
    // The resident's name and phone are personal data: encrypted, with a blind index so that the
    // status page can match a tracking number to the phone given with it.
    nameEnc: text('name_enc'),
    nameMasked: text('name_masked').notNull().default(''),
    phoneEnc: text('phone_enc'),
    phoneIndex: text('phone_index'),
    phoneMasked: text('phone_masked'),
    // HMAC of the client IP for public submissions: enough to count them per hour.
    ipHash: text('ip_hash'),
    advisorId: uuid('advisor_id').references(() => users.id, { onDelete: 'set null' }),
    advisorName: text('advisor_name'),
    answer: text('answer'),
    answeredAt: at('answered_at'),
    closedAt: at('closed_at'),
    closingNote: text('closing_note'),
    rating: integer('rating'),
    ratingComment: text('rating_comment'),
    ratedAt: at('rated_at'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('legal_requests_tracking_key').on(t.trackingNo),
    index('legal_requests_path_idx').on(t.placePath.op('text_pattern_ops'), t.createdAt),
    index('legal_requests_ip_idx').on(t.ipHash, t.createdAt),
    index('legal_requests_advisor_idx').on(t.advisorId, t.status),
    check('legal_requests_kind_check', sql`${t.kind} in ('consult','aid','labour','litigation')`),
    check('legal_requests_status_check', sql`${t.status} in ('submitted','assigned','answered','closed')`),
    check('legal_requests_channel_check', sql`${t.channel} in ('web','desk')`),
    check('legal_requests_rating_check', sql`${t.rating} is null or ${t.rating} between 1 and 5`),
  ],
);

/** Every step of a request: the timeline of the detail page. */
export const legalRequestSteps = pgTable(
  'legal_request_steps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => legalRequests.id, { onDelete: 'cascade' }),
    // 1, 2, 3 … within the request: the timeline's order even when two steps share a timestamp.
    seq: integer('seq').notNull().default(0),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    actorName: text('actor_name').notNull(),
    note: text('note').notNull().default(''),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('legal_request_steps_seq_key').on(t.requestId, t.seq)],
);

/** 值班表: one advisor's duty at one venue on one day, from start to end (HH:mm, Asia/Shanghai). */
export const legalDutySlots = pgTable(
  'legal_duty_slots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    placeId: placeId(),
    placePath: text('place_path').notNull(),
    venue: text('venue').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    startTime: text('start_time').notNull(),
    endTime: text('end_time').notNull(),
    advisorId: uuid('advisor_id').references(() => users.id, { onDelete: 'set null' }),
    advisorName: text('advisor_name').notNull(),
    note: text('note').notNull().default(''),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index('legal_duty_slots_path_idx').on(t.placePath.op('text_pattern_ops'), t.date),
    index('legal_duty_slots_date_idx').on(t.date),
    check('legal_duty_slots_time_check', sql`${t.endTime} > ${t.startTime}`),
  ],
);

/** 法律明白人 of a building: a registry person or a named person, with a phone. */
export const legalContacts = pgTable(
  'legal_contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    placeId: placeId(),
    placePath: text('place_path').notNull(),
    personId: uuid('person_id').references(() => people.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    phoneEnc: text('phone_enc'),
    phoneMasked: text('phone_masked'),
    // Shown in full on the public board only when the person agreed to it.
    publishPhone: boolean('publish_phone').notNull().default(false),
    note: text('note').notNull().default(''),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('legal_contacts_path_idx').on(t.placePath.op('text_pattern_ops'))],
);

/** 法律顾问协议 of an estate: who, for how long, to do what; the signed copy as a file. */
export const legalAgreements = pgTable(
  'legal_agreements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    placeId: placeId(),
    placePath: text('place_path').notNull(),
    advisorName: text('advisor_name').notNull(),
    firm: text('firm').notNull(),
    // The advisor's business phone, printed on the notice board: not private.
    phone: text('phone').notNull().default(''),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    duties: text('duties').notNull(),
    fileId: uuid('file_id').references(() => files.id, { onDelete: 'set null' }),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('legal_agreements_path_idx').on(t.placePath.op('text_pattern_ops')),
    check('legal_agreements_term_check', sql`${t.endsOn} >= ${t.startsOn}`),
  ],
);

/** The knowledge base: laws explained, FAQs. Visible to residents of the place and below when published. */
export const legalArticles = pgTable(
  'legal_articles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    placeId: placeId(),
    placePath: text('place_path').notNull(),
    category: text('category').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    published: boolean('published').notNull().default(true),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('legal_articles_path_idx').on(t.placePath.op('text_pattern_ops'), t.updatedAt),
    check('legal_articles_category_check', sql`${t.category} in ('law','faq','case','guide')`),
  ],
);

/** 宣传专栏: each change of an estate's notice board; the newest is what hangs there now. */
export const legalBoards = pgTable(
  'legal_boards',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    placeId: placeId(),
    placePath: text('place_path').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    photoFileId: uuid('photo_file_id').references(() => files.id, { onDelete: 'set null' }),
    changedOn: date('changed_on', { mode: 'string' }).notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index('legal_boards_place_idx').on(t.placeId, t.changedOn),
    index('legal_boards_path_idx').on(t.placePath.op('text_pattern_ops')),
  ],
);

/** 法治夜校: a course given in monthly sessions. */
export const schoolCourses = pgTable(
  'school_courses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    placeId: placeId(),
    placePath: text('place_path').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('school_courses_path_idx').on(t.placePath.op('text_pattern_ops'))],
);

/** One class of a course: when, where, who teaches, how many seats; its door QR carries `checkin_token`. */
export const schoolSessions = pgTable(
  'school_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    courseId: uuid('course_id')
      .notNull()
      .references(() => schoolCourses.id, { onDelete: 'restrict' }),
    placeId: placeId(),
    placePath: text('place_path').notNull(),
    title: text('title').notNull(),
    lecturer: text('lecturer').notNull(),
    venue: text('venue').notNull(),
    startsAt: at('starts_at').notNull(),
    durationMinutes: integer('duration_minutes').notNull().default(90),
    capacity: integer('capacity').notNull(),
    checkinToken: text('checkin_token').notNull(),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('school_sessions_token_key').on(t.checkinToken),
    index('school_sessions_path_idx').on(t.placePath.op('text_pattern_ops'), t.startsAt),
    index('school_sessions_course_idx').on(t.courseId, t.startsAt),
    check('school_sessions_capacity_check', sql`${t.capacity} between 1 and 10000`),
  ],
);

/**
 * A person at a session: signed up, checked in, or both. One row per phone and session (the blind
 * index), which is what makes a second check-in a friendly 已签到 and unique people countable.
 */
export const schoolAttendees = pgTable(
  'school_attendees',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => schoolSessions.id, { onDelete: 'cascade' }),
    placePath: text('place_path').notNull(),
    nameEnc: text('name_enc').notNull(),
    nameMasked: text('name_masked').notNull(),
    phoneEnc: text('phone_enc').notNull(),
    phoneIndex: text('phone_index').notNull(),
    phoneMasked: text('phone_masked').notNull(),
    signedUpAt: at('signed_up_at'),
    checkedInAt: at('checked_in_at'),
    checkinBy: text('checkin_by'),
    rating: integer('rating'),
    comment: text('comment'),
    feedbackAt: at('feedback_at'),
    ipHash: text('ip_hash'),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('school_attendees_phone_key').on(t.sessionId, t.phoneIndex),
    index('school_attendees_path_idx').on(t.placePath.op('text_pattern_ops')),
    index('school_attendees_ip_idx').on(t.ipHash, t.createdAt),
    check('school_attendees_rating_check', sql`${t.rating} is null or ${t.rating} between 1 and 5`),
  ],
);
