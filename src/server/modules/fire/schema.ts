import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { at, createdAt, updatedAt } from '../../db/columns.js';
import { places, users } from '../org/schema.js';
import { people } from '../registry/schema.js';

// Every fire record lies at an estate or a place inside one (grid, building, unit): `place_path` is
// that place's path (scope is one prefix match, like the registry's), `estate_id` its estate.

const placeColumns = () => ({
  placeId: uuid('place_id')
    .notNull()
    .references(() => places.id, { onDelete: 'restrict' }),
  placePath: text('place_path').notNull(),
  estateId: uuid('estate_id')
    .notNull()
    .references(() => places.id, { onDelete: 'restrict' }),
});

/** 消防设施: extinguishers, hydrants, smoke alarms … at a place, with their expiry. */
export const fireEquipment = pgTable(
  'fire_equipment',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...placeColumns(),
    kind: text('kind').notNull(),
    location: text('location').notNull().default(''),
    quantity: integer('quantity').notNull().default(1),
    installedOn: date('installed_on', { mode: 'string' }),
    expiresOn: date('expires_on', { mode: 'string' }),
    status: text('status').notNull().default('normal'),
    note: text('note').notNull().default(''),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('fire_equipment_path_idx').on(t.placePath.op('text_pattern_ops')),
    index('fire_equipment_expiry_idx').on(t.expiresOn),
    check('fire_equipment_quantity_check', sql`${t.quantity} > 0`),
  ],
);

/** An estate's monthly checklist: the items an inspection goes through (a default applies without one). */
export const fireChecklists = pgTable('fire_checklists', {
  estateId: uuid('estate_id')
    .primaryKey()
    .references(() => places.id, { onDelete: 'cascade' }),
  placePath: text('place_path').notNull(),
  // [{ code, label }]
  items: jsonb('items').notNull(),
  updatedAt: updatedAt(),
});

/** 月度防火检查: one walk through the checklist, each item passed or failed with a note. */
export const fireInspections = pgTable(
  'fire_inspections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...placeColumns(),
    // The month it counts for, Asia/Shanghai: '2026-11'.
    month: text('month').notNull(),
    inspectedAt: at('inspected_at').notNull(),
    inspectorId: uuid('inspector_id').references(() => users.id, { onDelete: 'set null' }),
    inspectorName: text('inspector_name').notNull(),
    // [{ code, label, passed, note }]
    items: jsonb('items').notNull(),
    failedCount: integer('failed_count').notNull().default(0),
    note: text('note').notNull().default(''),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index('fire_inspections_path_idx').on(t.placePath.op('text_pattern_ops'), t.inspectedAt),
    index('fire_inspections_estate_month_idx').on(t.estateId, t.month),
  ],
);

/** 火灾隐患: 发现 → 整改 → 复查 → 销号. */
export const fireHazards = pgTable(
  'fire_hazards',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...placeColumns(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    location: text('location').notNull().default(''),
    level: text('level').notNull().default('general'),
    source: text('source').notNull(),
    sourceEventId: uuid('source_event_id'),
    sourceInspectionId: uuid('source_inspection_id').references(() => fireInspections.id, {
      onDelete: 'set null',
    }),
    sourceItem: text('source_item'),
    status: text('status').notNull().default('found'),
    responsible: text('responsible'),
    deadline: date('deadline', { mode: 'string' }),
    rectifyNote: text('rectify_note'),
    recheckCount: integer('recheck_count').notNull().default(0),
    escalatedAt: at('escalated_at'),
    closedAt: at('closed_at'),
    reporterId: uuid('reporter_id').references(() => users.id, { onDelete: 'set null' }),
    reporterName: text('reporter_name').notNull(),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('fire_hazards_path_idx').on(t.placePath.op('text_pattern_ops'), t.createdAt),
    index('fire_hazards_open_deadline_idx')
      .on(t.deadline)
      .where(sql`${t.status} = 'rectifying' and ${t.escalatedAt} is null`),
    check('fire_hazards_status_check', sql`${t.status} in ('found','rectifying','rechecking','closed')`),
  ],
);

export const fireHazardSteps = pgTable(
  'fire_hazard_steps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    hazardId: uuid('hazard_id')
      .notNull()
      .references(() => fireHazards.id, { onDelete: 'cascade' }),
    at: at('at').notNull(),
    action: text('action').notNull(),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    actorName: text('actor_name').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    note: text('note').notNull().default(''),
    data: jsonb('data'),
  },
  (t) => [index('fire_hazard_steps_hazard_idx').on(t.hazardId, t.seq)],
);

/** 应急预案 of an estate (or a building in it), with its contacts. */
export const firePlans = pgTable(
  'fire_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...placeColumns(),
    title: text('title').notNull(),
    content: text('content').notNull().default(''),
    revisedOn: date('revised_on', { mode: 'string' }),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('fire_plans_path_idx').on(t.placePath.op('text_pattern_ops'))],
);

export const firePlanContacts = pgTable(
  'fire_plan_contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => firePlans.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    role: text('role').notNull(),
    phoneEnc: text('phone_enc').notNull(),
    phoneMasked: text('phone_masked').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [index('fire_plan_contacts_plan_idx').on(t.planId, t.sortOrder)],
);

/** 消防演练 and 消防培训, with who attended and the plan exercised. */
export const fireDrills = pgTable(
  'fire_drills',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...placeColumns(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    location: text('location').notNull().default(''),
    organiser: text('organiser').notNull(),
    attendance: integer('attendance').notNull().default(0),
    attendees: text('attendees').array().notNull().default(sql`'{}'::text[]`),
    planId: uuid('plan_id').references(() => firePlans.id, { onDelete: 'set null' }),
    summary: text('summary').notNull().default(''),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index('fire_drills_path_idx').on(t.placePath.op('text_pattern_ops'), t.heldOn),
    index('fire_drills_plan_idx').on(t.planId),
    check('fire_drills_kind_check', sql`${t.kind} in ('drill','training')`),
    check('fire_drills_attendance_check', sql`${t.attendance} >= 0`),
  ],
);

/** 义务消防队: registry people serving in an estate's volunteer fire brigade. */
export const fireBrigadeMembers = pgTable(
  'fire_brigade_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...placeColumns(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    duty: text('duty').notNull().default('队员'),
    joinedOn: date('joined_on', { mode: 'string' }),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('fire_brigade_members_key').on(t.estateId, t.personId),
    index('fire_brigade_members_path_idx').on(t.placePath.op('text_pattern_ops')),
  ],
);
