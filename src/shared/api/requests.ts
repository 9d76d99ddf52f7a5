import { z } from 'zod';
import { optionalText, text, uuid } from './common.js';
import { eventCategory, lat, long, photos } from './grid.js';

/** The public form: no login, reached from a grid's QR code or the estate's board. */
export const publicRequestBody = z.strictObject({
  placeId: uuid,
  category: eventCategory,
  subcategory: z.string().max(32).nullable().default(null),
  description: text(1000, '诉求内容'),
  address: optionalText(200, '具体位置').default(''),
  lat: lat.nullable().default(null),
  long: long.nullable().default(null),
  name: optionalText(20, '姓名').default(''),
  phone: optionalText(20, '手机号码').default(''),
  photos: photos.default([]),
  /** Hidden from people; a bot fills it in. */
  website: z.string().max(200).default(''),
});
export const submitted = z.object({ trackingNo: z.string() });

const trackingNo = z
  .string({ error: '请填写受理编号' })
  .trim()
  .regex(/^[Ss][Qq]\d{8}$/, { error: '受理编号格式应为 SQ 加 8 位数字' });
const phone = z.string({ error: '请填写手机号码' }).trim().min(1, { error: '请填写手机号码' }).max(20);

export const statusQuery = z.strictObject({ trackingNo, phone });
export const requestStatus = z.object({
  trackingNo: z.string(),
  category: z.string(),
  description: z.string(),
  createdAt: z.string(),
  status: z.string(),
  closed: z.boolean(),
  closureKind: z.string().nullable(),
  reply: z.string().nullable(),
  handledBy: z.string(),
  rating: z.number().int().nullable(),
  canRate: z.boolean(),
  canReopen: z.boolean(),
  reopenUntil: z.string().nullable(),
  timeline: z.array(z.object({ at: z.string(), label: z.string() })),
});
export const rateBody = z.strictObject({
  trackingNo,
  phone,
  rating: z
    .number({ error: '请选择评分' })
    .int()
    .min(1, { error: '评分为 1–5 星' })
    .max(5, { error: '评分为 1–5 星' }),
  solved: z.boolean({ error: '请选择问题是否已解决' }),
  comment: optionalText(500, '评价').default(''),
});
export const reopenBody = z.strictObject({ trackingNo, phone, reason: text(500, '重办理由') });

export const publicPlace = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  estateName: z.string().nullable(),
  communityName: z.string().nullable(),
});

export const revealContactBody = z.strictObject({ reason: text(200, '查看理由') });
export const contact = z.object({ name: z.string().nullable(), phone: z.string().nullable() });
export const maskedContact = z.object({
  trackingNo: z.string(),
  hasName: z.boolean(),
  phoneMasked: z.string().nullable(),
  channel: z.string(),
});
