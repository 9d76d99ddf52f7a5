import { z } from 'zod';

// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), JSON format. Field names are the
// standard's, snake_case, so that existing Open311 clients work unchanged.

export const jurisdictionQuery = { jurisdiction_id: z.string().trim().max(32).optional() };

export const discovery = z.object({
  changeset: z.string(),
  contact: z.string(),
  key_service: z.string(),
  endpoints: z.array(
    z.object({
      specification: z.string(),
      url: z.string(),
      changeset: z.string(),
      type: z.enum(['production', 'test']),
      formats: z.array(z.string()),
    }),
  ),
});

export const service = z.object({
  service_code: z.string(),
  service_name: z.string(),
  description: z.string(),
  metadata: z.boolean(),
  type: z.enum(['realtime', 'batch', 'blackbox']),
  keywords: z.string(),
  group: z.string(),
});
export const serviceDefinition = z.object({
  service_code: z.string(),
  attributes: z.array(z.object({ code: z.string() })),
});
export const serviceCodeParams = z.strictObject({
  service_code: z
    .string()
    .trim()
    .max(64)
    .regex(/^[a-z_]+(\.[a-z_]+)?$/, { error: '服务代码格式不正确' }),
});

/** A number, or — as a form-encoded POST sends it — a numeric string; nothing else becomes a number. */
const num = (label: string, min: number, max: number) =>
  z
    .union(
      [
        z.number(),
        z
          .string()
          .trim()
          .regex(/^-?\d{1,3}(\.\d{1,10})?$/)
          .transform(Number),
      ],
      { error: `${label}必须是数字` },
    )
    .pipe(
      z
        .number()
        .min(min, { error: `${label}超出范围` })
        .max(max, { error: `${label}超出范围` }),
    );

/** POST requests.json: form-encoded (as the standard says) or JSON. */
export const postRequestBody = z.strictObject({
  api_key: z.string({ error: '缺少 api_key' }).trim().min(16).max(128),
  jurisdiction_id: z.string().trim().max(32).optional(),
  service_code: serviceCodeParams.shape.service_code,
  lat: num('纬度', -90, 90).optional(),
  long: num('经度', -180, 180).optional(),
  address_string: z.string().trim().max(200).optional(),
  address_id: z.uuid({ error: 'address_id 应为地点编号' }).optional(),
  email: z.string().trim().max(100).optional(),
  device_id: z.string().trim().max(100).optional(),
  account_id: z.string().trim().max(100).optional(),
  first_name: z.string().trim().max(20).optional(),
  last_name: z.string().trim().max(20).optional(),
  phone: z.string().trim().max(20).optional(),
  description: z
    .string({ error: '请填写 description' })
    .trim()
    .min(1, { error: '请填写 description' })
    .max(1000),
  media_url: z.url({ error: 'media_url 应为网址' }).max(500).optional(),
});
export const postRequestAnswer = z.array(
  z.object({ service_request_id: z.string(), service_notice: z.string(), account_id: z.string().nullable() }),
);

const isoDateTime = z.iso.datetime({
  offset: true,
  error: '时间应为 ISO 8601 格式，如 2026-11-23T08:00:00+08:00',
});
export const requestsQuery = z.strictObject({
  ...jurisdictionQuery,
  service_request_id: z.string().trim().max(1100).optional(),
  service_code: z.string().trim().max(64).optional(),
  start_date: isoDateTime.optional(),
  end_date: isoDateTime.optional(),
  status: z.enum(['open', 'closed'], { error: 'status 只能是 open 或 closed' }).optional(),
});
export const requestIdParams = z.strictObject({
  id: z.string().regex(/^SQ\d{8}$/, { error: '诉求编号格式不正确' }),
});

export const serviceRequest = z.object({
  service_request_id: z.string(),
  status: z.enum(['open', 'closed']),
  status_notes: z.string().nullable(),
  service_name: z.string(),
  service_code: z.string(),
  description: z.string(),
  agency_responsible: z.string(),
  service_notice: z.string().nullable(),
  requested_datetime: z.string(),
  updated_datetime: z.string(),
  expected_datetime: z.string().nullable(),
  address: z.string(),
  address_id: z.string(),
  zipcode: z.string().nullable(),
  lat: z.number().nullable(),
  long: z.number().nullable(),
  media_url: z.string().nullable(),
});

export const updatesQuery = z.strictObject({
  ...jurisdictionQuery,
  start_date: isoDateTime.optional(),
  end_date: isoDateTime.optional(),
});
export const serviceRequestUpdate = z.object({
  update_id: z.string(),
  service_request_id: z.string(),
  status: z.enum(['open', 'closed']),
  updated_datetime: z.string(),
  description: z.string(),
  media_url: z.string().nullable(),
});

export const open311KeyBody = z.strictObject({
  name: z.string().trim().min(1, { error: '请填写接入方名称' }).max(60),
});
export const open311Key = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
