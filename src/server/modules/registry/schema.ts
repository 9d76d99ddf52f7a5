import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from '../../db/columns.js';
import { places, users } from '../org/schema.js';

const emptyArray = sql`'{}'::text[]`;
const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

// Every registry row carries `place_path`: the path of the place it hangs on (a house's unit, a
// person's home or registering place). Scope is one prefix match on it; place moves rewrite it.

export const houses = pgTable(
  'houses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => places.id, { onDelete: 'restrict' }),
    placePath: text('place_path').notNull(),
    floor: integer('floor').notNull(),
    number: text('number').notNull(),
    // '3-2-501' (楼栋-单元-房号): what an address typed the Chinese way normalises to.
    addressKey: text('address_key').notNull(),
    // Exclusive floor area in m², exact: owners' votes are counted by it.
    area: numeric('area', { precision: 10, scale: 2 }),
    use: text('use').notNull().default('self'),
    tags: text('tags').array().notNull().default(emptyArray),
    note: text('note').notNull().default(''),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('houses_unit_number_key').on(t.unitId, t.number),
    index('houses_place_path_idx').on(t.placePath.op('text_pattern_ops')),
    index('houses_address_key_idx').on(
      t.addressKey.op('text_pattern_ops'),
      t.placePath.op('text_pattern_ops'),
    ),
    index('houses_tags_idx').using('gin', t.tags),
    check('houses_use_check', sql`${t.use} in ('self','rent','vacant','commercial','other')`),
  ],
);

export const people = pgTable(
  'people',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    // 1- and 2-character grams of the name, computed in application code: a GIN index on them
    // answers 1–3 character Chinese searches where pg_trgm cannot (ARCHITECTURE.md).
    nameGrams: text('name_grams').array().notNull(),
    namePinyin: text('name_pinyin').notNull(),
    nameInitials: text('name_initials').notNull(),
    gender: text('gender'),
    birthDate: date('birth_date', { mode: 'string' }),
    idType: text('id_type').notNull().default('resident_id'),
    idEnc: text('id_enc'),
    idIndex: text('id_index'),
    idMasked: text('id_masked'),
    phoneEnc: text('phone_enc'),
    phoneMasked: text('phone_masked'),
    // Blind indexes of the full ID and phone and of their tails (last 4+ digits): exact-match
    // search without storing the numbers in clear.
    piiKeys: text('pii_keys').array().notNull().default(emptyArray),
    ethnicity: text('ethnicity').notNull().default(''),
    hukouAddress: text('hukou_address').notNull().default(''),
    populationType: text('population_type').notNull(),
    tags: text('tags').array().notNull().default(emptyArray),
    note: text('note').notNull().default(''),
    // Where the person lives now (null: no current home here) and the place their record hangs on.
    houseId: uuid('house_id').references(() => houses.id, { onDelete: 'set null' }),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'restrict' }),
    placePath: text('place_path').notNull(),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('people_id_index_key').on(t.idIndex),
    // The place ids on the path ride along as a second key, so a common name (thousands across a
    // district) reads only the matches inside the caller's scope.
    index('people_name_grams_scope_idx').using('gin', t.nameGrams, sql`string_to_array(${t.placePath}, '/')`),
    // The scope rides along as a second key, so a pinyin prefix search never fetches the matches
    // of the whole district only to drop those outside the caller's street; the id (and pinyin)
    // after it let the search order and count its matches from the index alone.
    index('people_name_pinyin_scope_idx').on(
      t.namePinyin.op('text_pattern_ops'),
      t.placePath.op('text_pattern_ops'),
      t.id,
    ),
    // Initials lead with the root of the path (the street): two letters match thousands across a
    // district, a scoped search reads only its street's.
    index('people_name_initials_scope_idx').on(
      sql`split_part(${t.placePath}, '/', 2)`,
      t.nameInitials.op('text_pattern_ops'),
      t.placePath.op('text_pattern_ops'),
      t.namePinyin,
      t.id,
    ),
    index('people_pii_keys_idx').using('gin', t.piiKeys),
    index('people_tags_idx').using('gin', t.tags),
    index('people_place_path_idx').on(t.placePath.op('text_pattern_ops'), t.namePinyin),
    index('people_house_idx').on(t.houseId),
    check(
      'people_population_type_check',
      sql`${t.populationType} in ('registered','floating','overseas','left_behind')`,
    ),
    check('people_gender_check', sql`${t.gender} is null or ${t.gender} in ('male','female')`),
  ],
);

// Who lives where, with history: moving out sets move_out and never deletes the row.
export const residencies = pgTable(
  'residencies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    houseId: uuid('house_id')
      .notNull()
      .references(() => houses.id, { onDelete: 'restrict' }),
    relation: text('relation').notNull(),
    moveIn: date('move_in', { mode: 'string' }),
    moveOut: date('move_out', { mode: 'string' }),
    placePath: text('place_path').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('residencies_house_idx').on(t.houseId),
    index('residencies_person_idx').on(t.personId),
    uniqueIndex('residencies_current_key').on(t.personId, t.houseId).where(sql`${t.moveOut} is null`),
  ],
);

export const houseOwners = pgTable(
  'house_owners',
  {
    houseId: uuid('house_id')
      .notNull()
      .references(() => houses.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'restrict' }),
    // Percent of the house held; co-owners' shares add up to 100.
    share: numeric('share', { precision: 5, scale: 2 }).notNull().default('100'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.houseId, t.personId] }), index('house_owners_person_idx').on(t.personId)],
);

export const tenancies = pgTable(
  'tenancies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    houseId: uuid('house_id')
      .notNull()
      .references(() => houses.id, { onDelete: 'restrict' }),
    landlordId: uuid('landlord_id').references(() => people.id, { onDelete: 'set null' }),
    landlordName: text('landlord_name').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    // Set when a tenancy ends before its contract does (退租).
    endedOn: date('ended_on', { mode: 'string' }),
    purpose: text('purpose').notNull().default('living'),
    note: text('note').notNull().default(''),
    registeredBy: uuid('registered_by').references(() => users.id, { onDelete: 'set null' }),
    registeredByName: text('registered_by_name').notNull(),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull().defaultNow(),
    placePath: text('place_path').notNull(),
    isDemo: boolean('is_demo').notNull().default(false),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('tenancies_house_idx').on(t.houseId),
    index('tenancies_place_path_idx').on(t.placePath.op('text_pattern_ops'), t.endDate),
    check('tenancies_dates_check', sql`${t.endDate} >= ${t.startDate}`),
  ],
);

export const tenancyTenants = pgTable(
  'tenancy_tenants',
  {
    tenancyId: uuid('tenancy_id')
      .notNull()
      .references(() => tenancies.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.tenancyId, t.personId] }),
    index('tenancy_tenants_person_idx').on(t.personId),
  ],
);

// Special groups (特殊人群) and care groups (关爱对象) share one shape: a person, a group, a visit
// schedule. `kind` keeps them apart because who may see them differs.
export const groupCases = pgTable(
  'group_cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    group: text('group').notNull(),
    // special: attention 高/中/低; care: service level 1–3 stars.
    attention: text('attention'),
    level: integer('level'),
    // Category-specific fields (社区矫正: 矫正类别, dates; 精神障碍: 风险等级 …), validated by the API schema.
    details: jsonb('details').notNull().default({}),
    responsibleId: uuid('responsible_id').references(() => users.id, { onDelete: 'set null' }),
    responsibleName: text('responsible_name').notNull().default(''),
    plan: text('plan').notNull().default(''),
    visitEveryDays: integer('visit_every_days').notNull(),
    startedOn: date('started_on', { mode: 'string' }).notNull(),
    endedOn: date('ended_on', { mode: 'string' }),
    endReason: text('end_reason').notNull().default(''),
    lastVisitOn: date('last_visit_on', { mode: 'string' }),
    nextVisitDue: date('next_visit_due', { mode: 'string' }).notNull(),
    placePath: text('place_path').notNull(),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('group_cases_person_idx').on(t.personId),
    index('group_cases_scope_idx').on(t.kind, t.placePath.op('text_pattern_ops')),
    index('group_cases_due_idx').on(t.kind, t.nextVisitDue).where(sql`${t.endedOn} is null`),
    check('group_cases_kind_check', sql`${t.kind} in ('special','care')`),
    check('group_cases_level_check', sql`${t.level} is null or ${t.level} between 1 and 3`),
  ],
);

export const caseVisits = pgTable(
  'case_visits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => groupCases.id, { onDelete: 'cascade' }),
    visitedOn: date('visited_on', { mode: 'string' }).notNull(),
    visitorId: uuid('visitor_id').references(() => users.id, { onDelete: 'set null' }),
    visitorName: text('visitor_name').notNull(),
    findings: text('findings').notNull(),
    help: text('help').notNull().default(''),
    placePath: text('place_path').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('case_visits_case_idx').on(t.caseId, t.visitedOn)],
);

// One Excel import: validated whole before any write, applied in one transaction, its progress
// polled by the page (any node answers: the state is here, not in memory).
export const registryImports = pgTable(
  'registry_imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    mode: text('mode').notNull(),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'cascade' }),
    placePath: text('place_path').notNull(),
    fileName: text('file_name').notNull(),
    status: text('status').notNull(),
    message: text('message').notNull().default(''),
    rowsRead: integer('rows_read').notNull().default(0),
    rowsTotal: integer('rows_total').notNull().default(0),
    created: integer('created').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    errorCount: integer('error_count').notNull().default(0),
    // The first errors for the page; the full list is in the report workbook.
    errors: jsonb('errors').notNull().default([]),
    report: bytea('report'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('registry_imports_scope_idx').on(t.placePath.op('text_pattern_ops'), t.createdAt)],
);
