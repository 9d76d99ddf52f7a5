import { describe, expect, it } from 'vitest';
import { recordBody } from './volunteers.js';

const record = (hours: number) => ({
  teamId: '24b26611-d579-4509-9628-8af49f74f269',
  memberIds: ['c02636df-8c63-42f4-b1aa-877f76c57cd3'],
  servedOn: '2026-11-23',
  hours,
});

describe('service record hours', () => {
  it('refuses a time too small to be stored (it would round to 0.00)', () => {
    for (const h of [8.924263533482893e-270, 0.001, 0.004, 0])
      expect(recordBody.safeParse(record(h)).success, String(h)).toBe(false);
  });
  it('takes hours with up to two decimals', () => {
    for (const h of [0.01, 0.5, 2.75, 24])
      expect(recordBody.safeParse(record(h)).success, String(h)).toBe(true);
    expect(recordBody.safeParse(record(1.234)).success).toBe(false);
  });
});
