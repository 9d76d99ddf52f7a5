import { z } from 'zod';
import { optionalText, paged, pageQuery } from './common.js';

export const auditEvent = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  placeId: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof auditEvent>;
export const auditList = paged(auditEvent);

// A real calendar day: 2026-02-30 and 2026-13-01 are refused, not rolled over.
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' })
  .refine(
    (v) => {
      const [y, m, d] = v.split('-').map(Number);
      const date = new Date(Date.UTC(y, m - 1, d));
      return (
        y >= 1900 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
      );
    },
    { error: '日期不存在' },
  );
export const auditQuery = z.strictObject({
  actor: optionalText(64, '操作人').optional(),
  action: optionalText(64, '操作').optional(),
  targetType: optionalText(64, '对象类型').optional(),
  targetId: optionalText(64, '对象编号').optional(),
  /** Only entries about this place and what lies under it (the place switcher). */
  placeId: z.uuid({ error: '地点编号格式不正确' }).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  ...pageQuery,
});

export const verifyResult = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  broken: z.object({ seq: z.number().int(), reason: z.string() }).nullable(),
});
