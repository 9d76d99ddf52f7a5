import { Space, Tag, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import type { TenancyRow } from '../../../../shared/api/registry.js';
import {
  CARE_GROUPS,
  type CareGroup,
  HOUSE_USES,
  type HouseUse,
  POPULATION_TYPES,
  type PopulationType,
  RELATIONS,
  type Relation,
  SPECIAL_GROUPS,
  type SpecialGroup,
  TENANCY_PURPOSES,
  type TenancyPurpose,
} from '../../../../shared/registry.js';

// Code values are shown through these helpers only, so that 出租 is the same orange on the 楼盘表,
// the house list and the house card.

/** Tag colours, and the fills the 楼盘表 uses for the same uses. */
export const HOUSE_USE_COLORS: Record<HouseUse, { tag: string; fill: string; border: string; text: string }> =
  {
    self: { tag: 'blue', fill: '#e8f1fd', border: '#5b8fdc', text: '#1f4f99' },
    rent: { tag: 'orange', fill: '#fff4e6', border: '#f0a048', text: '#ad5a00' },
    vacant: { tag: 'default', fill: '#f3f4f6', border: '#c4c8cf', text: '#5f6670' },
    commercial: { tag: 'purple', fill: '#f4ecfd', border: '#9a6ad6', text: '#5b2a99' },
    other: { tag: 'cyan', fill: '#e6f8f8', border: '#4fb7b7', text: '#0d6b6b' },
  };

export const POPULATION_TYPE_COLORS: Record<PopulationType, string> = {
  registered: 'blue',
  floating: 'cyan',
  overseas: 'purple',
  left_behind: 'gold',
};

export function HouseUseTag({ use }: { use: HouseUse }) {
  return (
    <Tag color={HOUSE_USE_COLORS[use].tag} className="anju-reg-tag">
      {HOUSE_USES[use]}
    </Tag>
  );
}

export function PopulationTypeTag({ type }: { type: PopulationType }) {
  return (
    <Tag color={POPULATION_TYPE_COLORS[type]} className="anju-reg-tag">
      {POPULATION_TYPES[type]}
    </Tag>
  );
}

export function SpecialGroupTag({ group }: { group: SpecialGroup }) {
  return (
    <Tag color="red" className="anju-reg-tag">
      {SPECIAL_GROUPS[group] ?? group}
    </Tag>
  );
}

export function CareGroupTag({ group }: { group: CareGroup }) {
  return (
    <Tag color="magenta" className="anju-reg-tag">
      {CARE_GROUPS[group] ?? group}
    </Tag>
  );
}

/** Free tags a worker typed (党员, 独居 …): neutral, so the code-list tags stand out. */
export function FreeTags({ tags }: { tags: string[] }) {
  return (
    <>
      {tags.map((t) => (
        <Tag key={t} className="anju-reg-tag">
          {t}
        </Tag>
      ))}
    </>
  );
}

/**
 * A person's tags: special groups in red (only when the server sent them, i.e. the viewer may see
 * them), care groups, then free tags. Nothing at all renders as a dash.
 */
export function PersonTags({
  person,
  empty = '—',
}: {
  person: { tags: string[]; specialGroups?: SpecialGroup[]; careGroups: CareGroup[] };
  empty?: ReactNode;
}) {
  const special = person.specialGroups ?? [];
  if (special.length + person.careGroups.length + person.tags.length === 0) {
    return <span className="anju-reg-muted">{empty}</span>;
  }
  return (
    <Space size={[0, 4]} wrap>
      {special.map((g) => (
        <SpecialGroupTag key={g} group={g} />
      ))}
      {person.careGroups.map((g) => (
        <CareGroupTag key={g} group={g} />
      ))}
      <FreeTags tags={person.tags} />
    </Space>
  );
}

export function relationLabel(relation: Relation | string): string {
  return RELATIONS[relation as Relation] ?? relation;
}

export function tenancyPurposeLabel(purpose: TenancyPurpose | string): string {
  return TENANCY_PURPOSES[purpose as TenancyPurpose] ?? purpose;
}

/** Tenancy status in the shared status colours: 在租 blue, 即将到期 orange, 已到期 red, 已退租 green, 未起租 grey. */
export const TENANCY_STATUS: Record<TenancyRow['status'], { label: string; color: string; hint: string }> = {
  active: { label: '在租', color: 'green', hint: '合同在有效期内' },
  ending: { label: '即将到期', color: 'orange', hint: '合同将在 30 天内到期' },
  expired: { label: '已到期', color: 'red', hint: '合同已到期但尚未办理退租' },
  ended: { label: '已退租', color: 'default', hint: '已办理退租' },
  future: { label: '未开始', color: 'processing', hint: '合同尚未开始' },
};

export function TenancyStatusTag({ status }: { status: TenancyRow['status'] }) {
  const s = TENANCY_STATUS[status];
  return (
    <Tooltip title={s.hint}>
      <Tag color={s.color} className="anju-reg-tag">
        {s.label}
      </Tag>
    </Tooltip>
  );
}

/** Select options built from a code list, in its own order. */
export function codeOptions<T extends Record<string, string>>(map: T) {
  return (Object.keys(map) as (keyof T & string)[]).map((value) => ({ value, label: map[value] }));
}
