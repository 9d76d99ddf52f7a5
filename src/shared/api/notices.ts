import { z } from 'zod';
import {
  AUDIENCE_KINDS,
  CHANNEL_FORMATS,
  CHANNEL_KINDS,
  DELIVERY_STATUSES,
  NOTICE_KINDS,
  NOTICE_STATUSES,
} from '../notices.js';
import { keysOf } from '../registry.js';
import { optionalText, paged, pageQuery, patchOf, text, uuid } from './common.js';

const en = <T extends Record<string, string>>(map: T, label: string) =>
  z.enum(keysOf(map), { error: `请选择${label}` });

export const noticeKind = en(NOTICE_KINDS, '通知类型');
export const noticeStatus = en(NOTICE_STATUSES, '状态');
export const audienceKind = en(AUDIENCE_KINDS, '发送对象');
export const channelKind = en(CHANNEL_KINDS, '渠道类型');
export const channelFormat = en(CHANNEL_FORMATS, '消息格式');
export const deliveryStatus = en(DELIVERY_STATUSES, '发送状态');

const roleCode = z
  .string({ error: '请选择角色' })
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, { error: '角色代码格式不正确' });

/** Who a notice goes to; the fields that matter depend on `kind`. */
export const audience = z.strictObject({
  kind: audienceKind,
  placeIds: z.array(uuid).max(100, { error: '楼栋最多选 100 个' }).default([]),
  teamId: uuid.nullable().default(null),
  roleCode: roleCode.nullable().default(null),
  userIds: z.array(uuid).max(500, { error: '人员最多选 500 人' }).default([]),
});
export type Audience = z.infer<typeof audience>;

const placeholderValue = z.strictObject({
  name: z.string().trim().min(1).max(20, { error: '占位符名称不能超过 20 个字' }),
  value: optionalText(500, '占位符内容'),
});

/** An attachment inside the JSON body (base64), like the photos of grid work. */
export const attachmentInput = z.strictObject({
  name: text(100, '附件文件名'),
  contentType: z.enum(
    [
      'application/pdf',
      'image/jpeg',
      'image/png',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    { error: '附件只能是 PDF、Word（.docx）或图片' },
  ),
  data: z
    .string({ error: '附件数据必须是文字' })
    .max(7_000_000, { error: '附件不能超过 5 MB' })
    .regex(/^[A-Za-z0-9+/=\s]*$/, { error: '附件数据格式不正确' }),
});

export const noticeBody = z.strictObject({
  placeId: uuid,
  kind: noticeKind.default('notice'),
  title: text(100, '标题'),
  body: text(5000, '正文'),
  audience,
  channelIds: z.array(uuid).max(20).default([]),
  public: z.boolean().default(true),
  templateId: uuid.nullable().default(null),
  /** Values for the template's own placeholders (the built-in ones are filled by the server). */
  values: z.array(placeholderValue).max(20).default([]),
  attachment: attachmentInput.nullable().default(null),
});
export const previewBody = noticeBody.omit({ attachment: true });
export const preview = z.object({
  title: z.string(),
  body: z.string(),
  recipientCount: z.number().int(),
  sample: z.array(z.object({ name: z.string(), via: z.string() })),
  /** Placeholders still unfilled: the send would be refused. */
  missing: z.array(z.string()),
  channels: z.array(
    z.object({ id: z.string(), name: z.string(), kind: channelKind, messages: z.number().int() }),
  ),
});

export const noticeListQuery = z.strictObject({
  ...pageQuery,
  placeId: uuid.optional(),
  kind: noticeKind.optional(),
  status: noticeStatus.optional(),
  q: z.string().trim().max(50).optional(),
});

export const noticeItem = z.object({
  id: z.string(),
  placeId: z.string(),
  placeName: z.string(),
  kind: noticeKind,
  title: z.string(),
  audienceLabel: z.string(),
  public: z.boolean(),
  status: noticeStatus,
  recipientCount: z.number().int(),
  readCount: z.number().int(),
  createdByName: z.string(),
  publishedAt: z.string(),
});
export const noticeList = paged(noticeItem);

export const deliveryView = z.object({
  id: z.string(),
  channelId: z.string(),
  channelName: z.string(),
  channelKind: channelKind,
  recipientLabel: z.string(),
  status: deliveryStatus,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  sentAt: z.string().nullable(),
  updatedAt: z.string(),
});

export const channelSummary = z.object({
  channelId: z.string(),
  channelName: z.string(),
  channelKind: channelKind,
  total: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
  pending: z.number().int(),
  skipped: z.number().int(),
});

export const noticeDetail = noticeItem.extend({
  body: z.string(),
  audience,
  withdrawnAt: z.string().nullable(),
  attachment: z.object({ name: z.string(), url: z.string() }).nullable(),
  unreadCount: z.number().int(),
  channels: z.array(channelSummary),
  deliveries: z.array(deliveryView),
});

export const receiptsQuery = z.strictObject({
  ...pageQuery,
  read: z.enum(['true', 'false']).optional(),
});
export const receipt = z.object({
  userId: z.string(),
  name: z.string(),
  via: z.string(),
  readAt: z.string().nullable(),
});
export const receiptList = paged(receipt).extend({ read: z.number().int(), unread: z.number().int() });

/** What a recipient sees when they open the notice from the bell (opening it is the read receipt). */
export const receivedNotice = z.object({
  id: z.string(),
  placeName: z.string(),
  kind: noticeKind,
  title: z.string(),
  body: z.string(),
  publishedAt: z.string(),
  createdByName: z.string(),
  attachment: z.object({ name: z.string(), url: z.string() }).nullable(),
  readAt: z.string(),
});

// ── channels ──

const httpsUrl = z
  .string({ error: '请填写地址' })
  .trim()
  .min(1, { error: '请填写地址' })
  .max(1000, { error: '地址不能超过 1000 个字符' });
const secret = z.string().trim().max(200, { error: '密钥不能超过 200 个字符' });

export const smsSettings = z.strictObject({
  method: z.enum(['POST', 'PUT'], { error: '请求方式只能是 POST 或 PUT' }).default('POST'),
  /** The JSON body with {{phone}}, {{content}} and {{title}} where the gateway expects them. */
  bodyTemplate: text(2000, '请求体模板'),
  /** One header for the gateway's key (Authorization, X-Api-Key …); its value is a secret. */
  headerName: z
    .string()
    .trim()
    .regex(/^([A-Za-z0-9-]{1,60})?$/, { error: '请求头名称只能是字母、数字和连字符' })
    .default(''),
});

export const channelBody = z.strictObject({
  placeId: uuid,
  kind: channelKind,
  name: text(50, '渠道名称'),
  url: httpsUrl,
  secret: secret.default(''),
  format: channelFormat.default('markdown'),
  enabled: z.boolean().default(true),
  sms: smsSettings.nullable().default(null),
});
/** Leaving `url` or `secret` out keeps the stored one: the page never holds them. */
export const updateChannelBody = z.strictObject({
  name: text(50, '渠道名称').optional(),
  url: httpsUrl.optional(),
  secret: secret.optional(),
  format: channelFormat.optional(),
  enabled: z.boolean().optional(),
  sms: smsSettings.nullable().optional(),
});
export const channelListQuery = z.strictObject({
  placeId: uuid.optional(),
  /** The channels a notice of this place may use: its own and its ancestors'. */
  forPlaceId: uuid.optional(),
});
export const channelView = z.object({
  id: z.string(),
  placeId: z.string(),
  placeName: z.string(),
  kind: channelKind,
  name: z.string(),
  format: channelFormat,
  urlMasked: z.string(),
  hasSecret: z.boolean(),
  enabled: z.boolean(),
  sms: z.object({ method: z.string(), bodyTemplate: z.string(), headerName: z.string() }).nullable(),
  lastStatus: deliveryStatus.nullable(),
  lastError: z.string().nullable(),
  lastAt: z.string().nullable(),
});
export const channelList = z.object({ items: z.array(channelView) });
export const channelTestBody = z.strictObject({
  /** For an SMS gateway: the phone the test goes to. */
  phone: z
    .string()
    .trim()
    .regex(/^(1\d{10})?$/, { error: '请填写 11 位手机号' })
    .default(''),
});
export const channelTest = z.object({
  ok: z.boolean(),
  status: deliveryStatus,
  error: z.string().nullable(),
});

// ── templates ──

export const templateBody = z.strictObject({
  placeId: uuid,
  name: text(50, '模板名称'),
  kind: noticeKind.default('notice'),
  title: text(100, '标题'),
  body: text(5000, '正文'),
});
export const updateTemplateBody = patchOf(templateBody.omit({ placeId: true }));
export const templateListQuery = z.strictObject({ placeId: uuid.optional() });
export const templateView = z.object({
  id: z.string(),
  placeId: z.string(),
  placeName: z.string(),
  name: z.string(),
  kind: noticeKind,
  title: z.string(),
  body: z.string(),
  placeholders: z.array(z.string()),
  updatedAt: z.string(),
});
export const templateList = z.object({ items: z.array(templateView) });

// ── audience picker ──

export const audienceQuery = z.strictObject({ placeId: uuid, q: z.string().trim().max(20).optional() });
export const audienceOptions = z.object({
  place: z.object({ id: z.string(), name: z.string(), kind: z.string() }),
  buildings: z.array(z.object({ id: z.string(), name: z.string() })),
  teams: z.array(z.object({ id: z.string(), name: z.string(), memberCount: z.number().int() })),
  roles: z.array(z.object({ code: z.string(), name: z.string(), count: z.number().int() })),
  users: z.array(z.object({ id: z.string(), name: z.string(), roleName: z.string() })),
});

// ── public board ──

export const publicNotice = z.object({
  id: z.string(),
  kind: noticeKind,
  title: z.string(),
  body: z.string(),
  placeName: z.string(),
  publishedAt: z.string(),
  attachment: z.object({ name: z.string(), url: z.string() }).nullable(),
});
export const publicNoticeBoard = z.object({
  estate: z.object({ id: z.string(), name: z.string() }),
  items: z.array(publicNotice),
});
