import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { at, createdAt, updatedAt } from '../../db/columns.js';
import { places, users } from '../org/schema.js';
import { houses, people } from '../registry/schema.js';

const estate = () =>
  uuid('estate_id')
    .notNull()
    .references(() => places.id, { onDelete: 'restrict' });

// Every row carries its estate and the estate's `place_path`: scope is one prefix match, place
// moves rewrite it (service.ts).

/** 业主委员会 of one term: a new term is a new row, the old one stays for the record. */
export const govCommittees = pgTable(
  'gov_committees',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    estateId: estate(),
    placePath: text('place_path').notNull(),
    name: text('name').notNull(),
    termStart: date('term_start', { mode: 'string' }).notNull(),
    termEnd: date('term_end', { mode: 'string' }).notNull(),
    // The vote that elected it, when it was elected here.
    electedByVoteId: uuid('elected_by_vote_id'),
    note: text('note').notNull().default(''),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('gov_committees_path_idx').on(t.placePath.op('text_pattern_ops'), t.termStart),
    check('gov_committees_term_check', sql`${t.termEnd} >= ${t.termStart}`),
  ],
);

export const govCommitteeMembers = pgTable(
  'gov_committee_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    committeeId: uuid('committee_id')
      .notNull()
      .references(() => govCommittees.id, { onDelete: 'cascade' }),
    placePath: text('place_path').notNull(),
    // A registry person when the member is one (an owner of the estate), else only a name.
    personId: uuid('person_id').references(() => people.id, { onDelete: 'set null' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    post: text('post').notNull(),
    termStart: date('term_start', { mode: 'string' }).notNull(),
    termEnd: date('term_end', { mode: 'string' }).notNull(),
    duties: text('duties').notNull().default(''),
    sortOrder: integer('sort_order').notNull().default(0),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index('gov_committee_members_committee_idx').on(t.committeeId, t.sortOrder),
    check('gov_committee_members_post_check', sql`${t.post} in ('director','deputy','member')`),
    check('gov_committee_members_term_check', sql`${t.termEnd} >= ${t.termStart}`),
  ],
);

/** The property company (物业服务企业) serving an estate, with its contract term. */
export const govPropertyCompanies = pgTable(
  'gov_property_companies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    estateId: estate(),
    placePath: text('place_path').notNull(),
    name: text('name').notNull(),
    contactName: text('contact_name').notNull().default(''),
    // The service desk's published number (物业服务中心), printed on notices on purpose.
    contactPhone: text('contact_phone').notNull().default(''),
    contractStart: date('contract_start', { mode: 'string' }).notNull(),
    contractEnd: date('contract_end', { mode: 'string' }).notNull(),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('gov_property_companies_path_idx').on(t.placePath.op('text_pattern_ops'), t.contractStart),
    check('gov_property_companies_term_check', sql`${t.contractEnd} >= ${t.contractStart}`),
  ],
);

/**
 * The four lists (四张清单) and the 物业服务清单: maintained documents, one per estate and kind, whose
 * every change is a new version (the current items are the latest version's).
 */
export const govLists = pgTable(
  'gov_lists',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    estateId: estate(),
    placePath: text('place_path').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    version: integer('version').notNull().default(1),
    isDemo: boolean('is_demo').notNull().default(false),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('gov_lists_estate_kind_key').on(t.estateId, t.kind),
    index('gov_lists_path_idx').on(t.placePath.op('text_pattern_ops')),
    check(
      'gov_lists_kind_check',
      sql`${t.kind} in ('party','committee','property','social','property_service')`,
    ),
  ],
);

export const govListVersions = pgTable(
  'gov_list_versions',
  {
    listId: uuid('list_id')
      .notNull()
      .references(() => govLists.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    // [{ title, detail, responsible }]: validated by the API schema.
    items: jsonb('items').notNull(),
    changeNote: text('change_note').notNull().default(''),
    changedOn: date('changed_on', { mode: 'string' }).notNull(),
    changedBy: uuid('changed_by').references(() => users.id, { onDelete: 'set null' }),
    changedByName: text('changed_by_name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.listId, t.version] })],
);

/** 月例会, 联席会, 协调会, 季度议事会, 业主大会, 楼栋会. */
export const govMeetings = pgTable(
  'gov_meetings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    estateId: estate(),
    placePath: text('place_path').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    heldAt: at('held_at').notNull(),
    location: text('location').notNull().default(''),
    host: text('host').notNull().default(''),
    status: text('status').notNull().default('planned'),
    // [{ name, org }] and [{ name, org, present, note }]: validated by the API schema.
    invitees: jsonb('invitees').notNull().default([]),
    attendance: jsonb('attendance').notNull().default([]),
    minutes: text('minutes').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('gov_meetings_path_idx').on(t.placePath.op('text_pattern_ops'), t.heldAt),
    check(
      'gov_meetings_kind_check',
      sql`${t.kind} in ('monthly','joint','coordination','quarterly','assembly','building')`,
    ),
    check('gov_meetings_status_check', sql`${t.status} in ('planned','held','cancelled')`),
  ],
);

/** A decision's follow-up: owner, deadline, done (整改销号). */
export const govTasks = pgTable(
  'gov_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    estateId: estate(),
    placePath: text('place_path').notNull(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => govMeetings.id, { onDelete: 'restrict' }),
    title: text('title').notNull(),
    ownerName: text('owner_name').notNull(),
    ownerUserId: uuid('owner_user_id').references(() => users.id, { onDelete: 'set null' }),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    status: text('status').notNull().default('open'),
    doneOn: date('done_on', { mode: 'string' }),
    doneNote: text('done_note').notNull().default(''),
    doneByName: text('done_by_name'),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('gov_tasks_path_idx').on(t.placePath.op('text_pattern_ops'), t.dueOn),
    index('gov_tasks_open_idx').on(t.estateId, t.dueOn).where(sql`${t.status} = 'open'`),
    index('gov_tasks_meeting_idx').on(t.meetingId),
    check('gov_tasks_status_check', sql`${t.status} in ('open','done')`),
    check('gov_tasks_done_check', sql`(${t.status} = 'done') = (${t.doneOn} is not null)`),
  ],
);

/** Agenda items and decisions of a meeting; a carried item points at the open task it reviews. */
export const govMeetingItems = pgTable(
  'gov_meeting_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => govMeetings.id, { onDelete: 'cascade' }),
    // 'agenda' | 'decision'
    kind: text('kind').notNull(),
    seq: integer('seq').notNull(),
    content: text('content').notNull(),
    // agenda: the open task this item carries over; decision: the task it became.
    taskId: uuid('task_id').references(() => govTasks.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('gov_meeting_items_seq_key').on(t.meetingId, t.kind, t.seq),
    check('gov_meeting_items_kind_check', sql`${t.kind} in ('agenda','decision')`),
  ],
);

/** 表决 and 选举 under 民法典第二百七十八条. */
export const govVotes = pgTable(
  'gov_votes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    estateId: estate(),
    placePath: text('place_path').notNull(),
    kind: text('kind').notNull(),
    matter: text('matter').notNull(),
    // Fixed by the matter when the vote is made (never edited after): what the count applies.
    rule: text('rule').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    // Elections: what is filled, how many seats.
    post: text('post'),
    seats: integer('seats'),
    status: text('status').notNull().default('draft'),
    startsAt: at('starts_at').notNull(),
    endsAt: at('ends_at').notNull(),
    openedAt: at('opened_at'),
    closedAt: at('closed_at'),
    remindedAt: at('reminded_at'),
    // The electorate's totals at opening (area in 0.01 m²): the snapshot's own sums, kept for checks.
    totalAreaCents: bigint('total_area_cents', { mode: 'bigint' }),
    totalHeads: integer('total_heads'),
    totalHouses: integer('total_houses'),
    // The count, as computed in the closing transaction (counting.ts result).
    result: jsonb('result'),
    passed: boolean('passed'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('gov_votes_path_idx').on(t.placePath.op('text_pattern_ops'), t.startsAt),
    check('gov_votes_kind_check', sql`${t.kind} in ('matter','election')`),
    check('gov_votes_rule_check', sql`${t.rule} in ('majority','supermajority')`),
    check('gov_votes_status_check', sql`${t.status} in ('draft','open','closed','published')`),
    check('gov_votes_window_check', sql`${t.endsAt} > ${t.startsAt}`),
    check(
      'gov_votes_election_check',
      sql`(${t.kind} = 'election') = (${t.seats} is not null and ${t.post} is not null)`,
    ),
    check('gov_votes_seats_check', sql`${t.seats} is null or ${t.seats} between 1 and 99`),
  ],
);

export const govCandidates = pgTable(
  'gov_candidates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    voteId: uuid('vote_id')
      .notNull()
      .references(() => govVotes.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').references(() => people.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    intro: text('intro').notNull().default(''),
    seq: integer('seq').notNull(),
  },
  (t) => [uniqueIndex('gov_candidates_seq_key').on(t.voteId, t.seq)],
);

/**
 * The electorate, snapshotted when the vote opens: one row per house of the estate, its exclusive
 * area, its owners then, the head it counts as, and the designated voter (co-owners name one).
 */
export const govElectorate = pgTable(
  'gov_electorate',
  {
    voteId: uuid('vote_id')
      .notNull()
      .references(() => govVotes.id, { onDelete: 'cascade' }),
    houseId: uuid('house_id')
      .notNull()
      .references(() => houses.id, { onDelete: 'restrict' }),
    address: text('address').notNull(),
    buildingId: uuid('building_id'),
    areaCents: bigint('area_cents', { mode: 'bigint' }).notNull(),
    ownerIds: uuid('owner_ids').array().notNull(),
    ownerNames: text('owner_names').array().notNull(),
    headKey: text('head_key').notNull(),
    voterPersonId: uuid('voter_person_id').references(() => people.id, { onDelete: 'set null' }),
    voterName: text('voter_name'),
    // 'default' (largest share, then first registered) | 'designated' (the co-owners named one).
    voterBasis: text('voter_basis').notNull().default('default'),
  },
  (t) => [
    primaryKey({ columns: [t.voteId, t.houseId] }),
    index('gov_electorate_voter_idx').on(t.voterPersonId),
    check('gov_electorate_area_check', sql`${t.areaCents} >= 0`),
    check('gov_electorate_basis_check', sql`${t.voterBasis} in ('default','designated')`),
  ],
);

/**
 * One ballot per house and vote, by construction: the primary key is (vote, house), so a second
 * ballot — also one racing the first — fails on the key and never counts.
 */
export const govBallots = pgTable(
  'gov_ballots',
  {
    voteId: uuid('vote_id').notNull(),
    houseId: uuid('house_id').notNull(),
    voterPersonId: uuid('voter_person_id').references(() => people.id, { onDelete: 'set null' }),
    voterName: text('voter_name').notNull(),
    channel: text('channel').notNull(),
    choice: text('choice'),
    candidateIds: uuid('candidate_ids').array(),
    // Paper ballots: the scan of the signed ballot (platform files) and who entered it.
    scanFileId: uuid('scan_file_id'),
    enteredBy: uuid('entered_by').references(() => users.id, { onDelete: 'set null' }),
    enteredByName: text('entered_by_name'),
    castAt: at('cast_at').notNull(),
  },
  (t) => [
    primaryKey({ name: 'gov_ballots_pkey', columns: [t.voteId, t.houseId] }),
    foreignKey({
      name: 'gov_ballots_electorate_fk',
      columns: [t.voteId, t.houseId],
      foreignColumns: [govElectorate.voteId, govElectorate.houseId],
    }).onDelete('cascade'),
    check('gov_ballots_channel_check', sql`${t.channel} in ('online','paper')`),
    check('gov_ballots_choice_check', sql`${t.choice} is null or ${t.choice} in ('yes','no','abstain')`),
    check('gov_ballots_paper_check', sql`${t.channel} <> 'paper' or ${t.scanFileId} is not null`),
    check('gov_ballots_shape_check', sql`(${t.choice} is null) <> (${t.candidateIds} is null)`),
  ],
);

/** The result notice (表决结果公告) of a closed vote: what was published, frozen, with its figures. */
export const govResultNotices = pgTable(
  'gov_result_notices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    voteId: uuid('vote_id')
      .notNull()
      .references(() => govVotes.id, { onDelete: 'restrict' }),
    estateId: estate(),
    placePath: text('place_path').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    // The notices module's record, when it published there too.
    noticeId: uuid('notice_id'),
    publishedAt: at('published_at').notNull(),
    publishedBy: uuid('published_by').references(() => users.id, { onDelete: 'set null' }),
    publishedByName: text('published_by_name').notNull(),
  },
  (t) => [
    uniqueIndex('gov_result_notices_vote_key').on(t.voteId),
    index('gov_result_notices_estate_idx').on(t.estateId, t.publishedAt),
  ],
);

/**
 * A resident account verified as a registry person (业主身份核验): what lets a user vote online for
 * the houses whose designated voter that person is. The committee verifies; one person per account.
 */
export const govOwnerAccounts = pgTable(
  'gov_owner_accounts',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    placePath: text('place_path').notNull(),
    verifiedBy: uuid('verified_by').references(() => users.id, { onDelete: 'set null' }),
    verifiedByName: text('verified_by_name').notNull(),
    verifiedAt: at('verified_at').notNull(),
    note: text('note').notNull().default(''),
  },
  (t) => [uniqueIndex('gov_owner_accounts_person_key').on(t.personId)],
);

/** 管理规约, 业主大会议事规则, 业主委员会章程: one per estate and kind, with versions. */
export const govRules = pgTable(
  'gov_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    estateId: estate(),
    placePath: text('place_path').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('gov_rules_estate_kind_key').on(t.estateId, t.kind),
    index('gov_rules_path_idx').on(t.placePath.op('text_pattern_ops')),
    check(
      'gov_rules_kind_check',
      sql`${t.kind} in ('management_rules','assembly_rules','committee_charter')`,
    ),
  ],
);

export const govRuleVersions = pgTable(
  'gov_rule_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => govRules.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    content: text('content').notNull(),
    changeNote: text('change_note').notNull().default(''),
    effectiveOn: date('effective_on', { mode: 'string' }).notNull(),
    // The owners' vote that adopted this text (a passed vote on the matching matter).
    adoptedByVoteId: uuid('adopted_by_vote_id').references(() => govVotes.id, { onDelete: 'restrict' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdByName: text('created_by_name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('gov_rule_versions_key').on(t.ruleId, t.version)],
);
