import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, updatedAt } from '../../db/columns.js';
import { places, users } from '../org/schema.js';

// Rows carry `place_path` like the registry's: scope is one prefix match, place moves rewrite it.

/**
 * A delivery channel of a street, community or estate: a group robot (WeCom, DingTalk, Feishu) or an
 * SMS gateway. Its address and secret are one encrypted JSON document (`config_enc`); only a masked
 * address is kept in clear, for lists.
 */
export const noticeChannels = pgTable(
  'notice_channels',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'restrict' }),
    placePath: text('place_path').notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    format: text('format').notNull().default('markdown'),
    configEnc: text('config_enc').notNull(),
    urlMasked: text('url_masked').notNull(),
    hasSecret: boolean('has_secret').notNull().default(false),
    enabled: boolean('enabled').notNull().default(true),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('notice_channels_path_idx').on(t.placePath.op('text_pattern_ops')),
    check('notice_channels_kind_check', sql`${t.kind} in ('wecom','dingtalk','feishu','sms')`),
    check('notice_channels_format_check', sql`${t.format} in ('markdown','text')`),
  ],
);

/** 通知模板 (每周平安提示 …): `{{名称}}` placeholders are filled when sending. */
export const noticeTemplates = pgTable(
  'notice_templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'restrict' }),
    placePath: text('place_path').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('notice_templates_path_idx').on(t.placePath.op('text_pattern_ops'))],
);

export const notices = pgTable(
  'notices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    placeId: uuid('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'restrict' }),
    placePath: text('place_path').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    // Who it went to, as chosen: { kind, placeIds?, teamId?, roleCode?, userIds? } and its label.
    audience: jsonb('audience').notNull(),
    audienceLabel: text('audience_label').notNull(),
    // Shown on the estate's public notice board (no login).
    public: boolean('public').notNull().default(true),
    status: text('status').notNull().default('published'),
    templateId: uuid('template_id').references(() => noticeTemplates.id, { onDelete: 'set null' }),
    attachmentFileId: uuid('attachment_file_id'),
    attachmentName: text('attachment_name'),
    // What published it when not a person (a governance vote's result): { type, id }.
    sourceType: text('source_type'),
    sourceId: text('source_id'),
    recipientCount: integer('recipient_count').notNull().default(0),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdByName: text('created_by_name').notNull(),
    publishedAt: at('published_at').notNull(),
    withdrawnAt: at('withdrawn_at'),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index('notices_path_idx').on(t.placePath.op('text_pattern_ops'), t.publishedAt.desc()),
    index('notices_board_idx')
      .on(t.placeId, t.publishedAt.desc())
      .where(sql`${t.public} and ${t.status} = 'published'`),
    check('notices_status_check', sql`${t.status} in ('published','withdrawn')`),
  ],
);

/**
 * Who a notice went to in the app. The in-app copy is the platform notification (the bell); its
 * `read_at` is the read receipt, joined on (user, 'notice', id).
 */
export const noticeRecipients = pgTable(
  'notice_recipients',
  {
    noticeId: uuid('notice_id')
      .notNull()
      .references(() => notices.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    // Why they are on the list: the building, team or role that put them there.
    via: text('via').notNull().default(''),
  },
  (t) => [
    uniqueIndex('notice_recipients_key').on(t.noticeId, t.userId),
    index('notice_recipients_user_idx').on(t.userId),
  ],
);

/**
 * One message through one channel: a group robot gets one per notice, an SMS gateway one per
 * recipient phone. Each is its own job, so a failing channel never holds up another.
 */
export const noticeDeliveries = pgTable(
  'notice_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // Null for a channel's test message.
    noticeId: uuid('notice_id').references(() => notices.id, { onDelete: 'cascade' }),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => noticeChannels.id, { onDelete: 'cascade' }),
    placePath: text('place_path').notNull(),
    channelKind: text('channel_kind').notNull(),
    // The group's name or the recipient, masked (张* 138****5678).
    recipientLabel: text('recipient_label').notNull(),
    recipientUserId: uuid('recipient_user_id').references(() => users.id, { onDelete: 'set null' }),
    phoneEnc: text('phone_enc'),
    status: text('status').notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    sentAt: at('sent_at'),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('notice_deliveries_notice_idx').on(t.noticeId, t.channelId),
    index('notice_deliveries_channel_idx').on(t.channelId, t.createdAt.desc()),
    check(
      'notice_deliveries_status_check',
      sql`${t.status} in ('queued','retrying','sent','failed','skipped')`,
    ),
  ],
);
