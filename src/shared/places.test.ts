import { describe, expect, it } from 'vitest';
import { canContain } from './places.js';

describe('place tree rules', () => {
  it('follows 街道 → 社区 → 小区 → 网格 → 楼栋 → 单元, with micro-grids and grid-less estates', () => {
    expect(canContain(null, 'street')).toBe(true);
    expect(canContain(null, 'community')).toBe(false);
    expect(canContain('street', 'community')).toBe(true);
    expect(canContain('community', 'estate')).toBe(true);
    expect(canContain('estate', 'grid')).toBe(true);
    expect(canContain('grid', 'grid')).toBe(true);
    expect(canContain('estate', 'building')).toBe(true);
    expect(canContain('building', 'unit')).toBe(true);
    expect(canContain('unit', 'building')).toBe(false);
    expect(canContain('street', 'building')).toBe(false);
  });
});
