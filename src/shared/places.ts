// The place tree: 街道 → 社区 → 小区 → 网格 → 楼栋 → 单元 (houses hang under units once the registry lands).
export const PLACE_KINDS = ['street', 'community', 'estate', 'grid', 'building', 'unit'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export const PLACE_KIND_LABELS: Record<PlaceKind, string> = {
  street: '街道',
  community: '社区',
  estate: '小区',
  grid: '网格',
  building: '楼栋',
  unit: '单元',
};

// Which kinds may sit directly under which. A 微网格 is a grid under a grid; small estates put
// buildings straight under the estate when they have no grids.
export const ALLOWED_CHILDREN: Record<PlaceKind, readonly PlaceKind[]> = {
  street: ['community'],
  community: ['estate', 'grid'],
  estate: ['grid', 'building'],
  grid: ['grid', 'building'],
  building: ['unit'],
  unit: [],
};

export function canContain(parent: PlaceKind | null, child: PlaceKind): boolean {
  if (parent === null) return child === 'street';
  return ALLOWED_CHILDREN[parent].includes(child);
}
