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
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { at, createdAt } from '../../db/columns.js';
import { files } from '../../platform/files/schema.js';
import { places, users } from '../org/schema.js';
import { people } from '../registry/schema.js';

// Rows carry `place_path` like the registry's: scope is one prefix match, place moves rewrite it.

/** 人民调解委员会 of an estate or a community, with the departments its emergency response calls. */
export const mediationCommittees = pgTable(
  'mediation_committees',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'restrict' }),
    placePath: text('place_path').notNull(),
    name: text('name').notNull(),
    phone: text('phone').notNull().default(''),
    address: text('address').notNull().default(''),
    // 应急联动: [{ name, contact }] called when a 重大群体性 case starts.
    responseDepartments: jsonb('response_departments').notNull().default(sql`'[]'::jsonb`),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('mediation_committees_place_key').on(t.placeId),
    index('mediation_committees_path_idx').on(t.placePath.op('text_pattern_ops')),
  ],
);

export const mediationMembers = pgTable(
  'mediation_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    committeeId: uuid('committee_id')
      .notNull()
      .references(() => mediationCommittees.id, { onDelete: 'cascade' }),
    placePath: text('place_path').notNull(),
    name: text('name').notNull(),
    gender: text('gender').notNull(),
    role: text('role').notNull(),
    // A member with an account can be assigned cases; one in the registry is checked for 回避.
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    personId: uuid('person_id').references(() => people.id, { onDelete: 'set null' }),
    // The committee's work number for residents, published on purpose (not a private phone).
    servicePhone: text('service_phone').notNull().default(''),
    active: boolean('active').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    index('mediation_members_committee_idx').on(t.committeeId, t.sortOrder),
    index('mediation_members_user_idx').on(t.userId),
    check('mediation_members_role_check', sql`${t.role} in ('director','member','mediator')`),
    check('mediation_members_gender_check', sql`${t.gender} in ('male','female')`),
  ],
);

/** 矛盾纠纷排查: a periodic sweep of a place; its findings become cases. */
export const mediationSweeps = pgTable(
  'mediation_sweeps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    committeeId: uuid('committee_id')
      .notNull()
      .references(() => mediationCommittees.id, { onDelete: 'restrict' }),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'restrict' }),
    placePath: text('place_path').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    participants: text('participants').notNull().default(''),
    summary: text('summary').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('mediation_sweeps_path_idx').on(t.placePath.op('text_pattern_ops'), t.heldOn)],
);

export const caseNoSeq = pgSequence('mediation_case_no_seq', { startWith: 1 });

export const mediationCases = pgTable(
  'mediation_cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // What the file cover shows: TJ2026-000123.
    no: text('no').notNull(),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'restrict' }),
    placePath: text('place_path').notNull(),
    committeeId: uuid('committee_id')
      .notNull()
      .references(() => mediationCommittees.id, { onDelete: 'restrict' }),
    level: text('level').notNull(),
    levelSince: at('level_since').notNull(),
    source: text('source').notNull(),
    eventId: uuid('event_id'),
    sweepId: uuid('sweep_id').references(() => mediationSweeps.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    description: text('description').notNull(),
    category: text('category').notNull(),
    subcategory: text('subcategory'),
    scale: text('scale').notNull(),
    amount: numeric('amount', { precision: 14, scale: 2 }),
    riskFlag: boolean('risk_flag').notNull().default(false),
    riskLevel: text('risk_level'),
    riskNote: text('risk_note').notNull().default(''),
    status: text('status').notNull().default('intake'),
    declineReason: text('decline_reason'),
    declineReferral: text('decline_referral'),
    acceptedAt: at('accepted_at'),
    rightsNotifiedAt: at('rights_notified_at'),
    outcome: text('outcome'),
    oralContent: text('oral_content'),
    referral: text('referral'),
    referralDestination: text('referral_destination'),
    resolvedAt: at('resolved_at'),
    closedAt: at('closed_at'),
    // 人民调解协议书: the law's parts, edited on the case and printed from here.
    agreement: jsonb('agreement'),
    agreementSignedOn: date('agreement_signed_on', { mode: 'string' }),
    partiesSigned: boolean('parties_signed').notNull().default(false),
    mediatorSigned: boolean('mediator_signed').notNull().default(false),
    sealed: boolean('sealed').notNull().default(false),
    judicialStatus: text('judicial_status').notNull().default('none'),
    judicialAppliedOn: date('judicial_applied_on', { mode: 'string' }),
    performanceStatus: text('performance_status'),
    performanceNote: text('performance_note').notNull().default(''),
    // 包案: 定领导、定专人、定方案、定时限.
    leadLeader: text('lead_leader'),
    leadHandler: text('lead_handler'),
    leadPlan: text('lead_plan'),
    leadDeadline: date('lead_deadline', { mode: 'string' }),
    emergencyStartedAt: at('emergency_started_at'),
    emergencyDepartments: jsonb('emergency_departments'),
    // 情况说明 for file items that are missing on purpose: { item: text }.
    explanations: jsonb('explanations').notNull().default(sql`'{}'::jsonb`),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('mediation_cases_no_key').on(t.no),
    index('mediation_cases_path_idx').on(t.placePath.op('text_pattern_ops'), t.createdAt),
    index('mediation_cases_risk_idx')
      .on(t.placePath.op('text_pattern_ops'))
      .where(sql`${t.riskFlag} and ${t.status} in ('intake','mediating')`),
    index('mediation_cases_event_idx').on(t.eventId),
    check(
      'mediation_cases_status_check',
      sql`${t.status} in ('intake','mediating','declined','agreed','failed','closed')`,
    ),
    check('mediation_cases_level_check', sql`${t.level} in ('estate','community','street')`),
    check('mediation_cases_scale_check', sql`${t.scale} in ('individual','group','major_group')`),
    check('mediation_cases_amount_check', sql`${t.amount} is null or ${t.amount} >= 0`),
  ],
);

/** 当事人: a registry person or someone from outside, with a representative where there is one. */
export const mediationParties = pgTable(
  'mediation_parties',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => mediationCases.id, { onDelete: 'cascade' }),
    side: text('side').notNull(),
    personId: uuid('person_id').references(() => people.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    gender: text('gender'),
    birthDate: date('birth_date', { mode: 'string' }),
    ethnicity: text('ethnicity').notNull().default(''),
    occupation: text('occupation').notNull().default(''),
    address: text('address').notNull().default(''),
    idEnc: text('id_enc'),
    idMasked: text('id_masked'),
    phoneEnc: text('phone_enc'),
    phoneMasked: text('phone_masked'),
    representative: text('representative').notNull().default(''),
    representativeRole: text('representative_role').notNull().default(''),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [
    index('mediation_parties_case_idx').on(t.caseId, t.sortOrder),
    index('mediation_parties_person_idx').on(t.personId),
    check('mediation_parties_side_check', sql`${t.side} in ('applicant','respondent','third')`),
  ],
);

export const mediationAssignments = pgTable(
  'mediation_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => mediationCases.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => mediationMembers.id, { onDelete: 'restrict' }),
    lead: boolean('lead').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('mediation_assignments_key').on(t.caseId, t.memberId),
    index('mediation_assignments_member_idx').on(t.memberId),
  ],
);

/** One mediation session and its record (调解笔录). */
export const mediationSessions = pgTable(
  'mediation_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => mediationCases.id, { onDelete: 'cascade' }),
    heldAt: at('held_at').notNull(),
    place: text('place').notNull(),
    attendees: text('attendees').notNull(),
    record: text('record').notNull(),
    recordedBy: text('recorded_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('mediation_sessions_case_idx').on(t.caseId, t.heldAt)],
);

/** 回访: scheduled when an agreement is reached, recorded when made. */
export const mediationFollowups = pgTable(
  'mediation_followups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => mediationCases.id, { onDelete: 'cascade' }),
    placePath: text('place_path').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    doneAt: at('done_at'),
    method: text('method'),
    note: text('note').notNull().default(''),
    byName: text('by_name'),
    remindedAt: at('reminded_at'),
  },
  (t) => [
    index('mediation_followups_case_idx').on(t.caseId, t.dueOn),
    index('mediation_followups_due_idx').on(t.dueOn).where(sql`${t.doneAt} is null`),
  ],
);

/** Papers and evidence of the case file, each with its SHA-256 from upload (证据留痕). */
export const mediationDocuments = pgTable(
  'mediation_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => mediationCases.id, { onDelete: 'cascade' }),
    fileId: uuid('file_id')
      .notNull()
      .references(() => files.id, { onDelete: 'restrict' }),
    kind: text('kind').notNull(),
    description: text('description').notNull().default(''),
    uploadedBy: text('uploaded_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('mediation_documents_case_idx').on(t.caseId, t.createdAt),
    uniqueIndex('mediation_documents_file_key').on(t.fileId),
  ],
);

/** The case's timeline: every step, who took it, at which level. */
export const mediationSteps = pgTable(
  'mediation_steps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => mediationCases.id, { onDelete: 'cascade' }),
    at: at('at').notNull(),
    action: text('action').notNull(),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    actorName: text('actor_name').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    level: text('level').notNull(),
    note: text('note').notNull().default(''),
    data: jsonb('data'),
  },
  (t) => [index('mediation_steps_case_idx').on(t.caseId, t.seq)],
);
