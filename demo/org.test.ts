import { describe, expect, it } from 'vitest';
import { demoPlaces } from './index.js';
import { DEMO_ACCOUNTS } from './org.js';

describe('demo street', () => {
  it('is the same on every run', () => {
    expect(demoPlaces().all).toEqual(demoPlaces().all);
  });

  it('has 古南街道 with three communities, 锦绣春天’s six buildings and 南华’s 28 micro-grids', () => {
    const d = demoPlaces();
    const under = (p: { path: string }, kind: string) =>
      d.all.filter((x) => x.kind === kind && x.path.startsWith(p.path));
    expect(d.street.name).toBe('古南街道');
    expect(d.all.filter((p) => p.kind === 'community').map((p) => p.name)).toEqual([
      '锦绣社区',
      '于家一社区',
      '南华社区',
    ]);
    expect(under(d.jinxiuEstate, 'building')).toHaveLength(6);
    expect(under(d.nanhuaEstate, 'grid').filter((g) => g.parentId !== d.nanhuaEstate.id)).toHaveLength(28);
    // Every path is its parent's path plus its own id.
    const byId = new Map(d.all.map((p) => [p.id, p]));
    for (const p of d.all) expect(p.path).toBe(`${p.parentId ? byId.get(p.parentId)!.path : '/'}${p.id}/`);
  });

  it('puts the two grid workers on different grids of 锦绣春天 and has one account per role', () => {
    const wangge = DEMO_ACCOUNTS.find((a) => a.username === 'wangge')!;
    const wangge2 = DEMO_ACCOUNTS.find((a) => a.username === 'wangge2')!;
    expect([wangge.place, wangge2.place]).toEqual(['jinxiuGrid1', 'jinxiuGrid2']);
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.role)).size).toBe(11);
  });
});
