import { describe, expect, it } from 'vitest';
import { canonicalJson, rowHash } from './service.js';

const row = {
  seq: 1,
  at: new Date('2026-11-02T02:00:00.123Z'),
  actorId: null,
  actorName: '演示数据',
  action: 'demo.load',
  targetType: null,
  targetId: null,
  placeId: null,
  placePath: null,
  before: null,
  after: { places: 3, nested: { b: 1, a: [1, { y: 2, x: 1 }] } },
  ip: null,
  userAgent: null,
  requestId: null,
};

describe('audit hashing', () => {
  it('canonical JSON does not depend on key order (jsonb reorders keys)', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [2, 1] }, b: 1 }),
    );
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  it('any change of content or of the previous hash changes the row hash', () => {
    const h = rowHash('0'.repeat(64), row);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(rowHash('0'.repeat(64), { ...row })).toBe(h);
    expect(rowHash('1'.repeat(64), row)).not.toBe(h);
    expect(rowHash('0'.repeat(64), { ...row, action: 'demo.loaded' })).not.toBe(h);
    expect(rowHash('0'.repeat(64), { ...row, at: new Date('2026-11-02T02:00:00.124Z') })).not.toBe(h);
    expect(rowHash('0'.repeat(64), { ...row, after: { places: 4, nested: row.after.nested } })).not.toBe(h);
  });
});
