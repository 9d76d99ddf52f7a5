import { z } from 'zod';

// Every string the API accepts has a limit; these are the ones the forms use too.
export const text = (max: number, label: string) =>
  z
    .string({ error: `${label}必须是文字` })
    .trim()
    .min(1, { error: `请填写${label}` })
    .max(max, { error: `${label}不能超过 ${max} 个字` });

export const optionalText = (max: number, label: string) =>
  z
    .string({ error: `${label}必须是文字` })
    .trim()
    .max(max, { error: `${label}不能超过 ${max} 个字` });

export const uuid = z.uuid({ error: '编号格式不正确' });
export const idParams = z.strictObject({ id: uuid });

export const pageQuery = {
  page: z.coerce.number({ error: '页码必须是数字' }).int().min(1).max(100000).default(1),
  pageSize: z.coerce.number({ error: '每页条数必须是数字' }).int().min(1).max(200).default(20),
};

export const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    requestId: z.string().optional(),
    fields: z.record(z.string(), z.string()).optional(),
  }),
});

export const okBody = z.object({ ok: z.literal(true) });

export const paged = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });

type WithoutDefault<T> = T extends z.ZodDefault<infer U> ? U : T;

/**
 * The body of a PATCH: every field of `schema` optional and **without its default**. Zod's own
 * `.partial()` keeps defaults, so a field the caller did not send would come back as its default
 * and overwrite what is stored (renaming a plan emptied its contacts). Strict: unknown keys refused.
 */
export function patchOf<S extends z.ZodRawShape>(schema: z.ZodObject<S>) {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const bare = field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : (field as z.ZodType);
    shape[key] = bare.optional();
  }
  return z.strictObject(shape) as unknown as z.ZodObject<
    { [K in keyof S]: z.ZodOptional<WithoutDefault<S[K]>> },
    z.core.$strict
  >;
}
