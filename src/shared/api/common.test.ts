import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { patchOf } from './common.js';

describe('patchOf', () => {
  const body = z.strictObject({
    name: z.string(),
    phone: z.string().default(''),
    tags: z.array(z.string()).default([]),
    note: z.string().nullable().default(null),
  });

  it('leaves out what was not sent, where .partial() would fill in the defaults', () => {
    expect(body.partial().parse({ name: '新名字' })).toEqual({
      name: '新名字',
      phone: '',
      tags: [],
      note: null,
    });
    expect(patchOf(body).parse({ name: '新名字' })).toEqual({ name: '新名字' });
    expect(patchOf(body).parse({})).toEqual({});
  });

  it('still checks what was sent and refuses unknown fields', () => {
    expect(patchOf(body).parse({ tags: ['a'], note: null })).toEqual({ tags: ['a'], note: null });
    expect(patchOf(body).safeParse({ tags: 'a' }).success).toBe(false);
    expect(patchOf(body).safeParse({ extra: 1 }).success).toBe(false);
  });
});
