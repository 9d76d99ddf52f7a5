import { Tag } from 'antd';
import { PLACE_KIND_LABELS, type PlaceKind } from '../../../shared/places.js';

// One colour per level, so the same kind looks the same on every page.
export const PLACE_KIND_COLORS: Record<PlaceKind, string> = {
  street: 'geekblue',
  community: 'blue',
  estate: 'cyan',
  grid: 'green',
  building: 'gold',
  unit: 'orange',
};

export function PlaceKindTag({ kind }: { kind: PlaceKind }) {
  return (
    <Tag color={PLACE_KIND_COLORS[kind]} className="anju-kind-tag">
      {PLACE_KIND_LABELS[kind]}
    </Tag>
  );
}
