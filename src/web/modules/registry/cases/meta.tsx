import { StarFilled } from '@ant-design/icons';
import { Tag, Tooltip, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import {
  ATTENTION_LEVELS,
  type AttentionLevel,
  CARE_GROUPS,
  CARE_LEVEL_VISIT_DAYS,
  CORRECTION_KINDS,
  SPECIAL_GROUPS,
  YOUTH_KINDS,
} from '../../../../shared/registry.js';
import { daysFromToday, fromIso, toIso } from '../tenancies/dates.js';
import type { CaseKind, CaseRow } from './api.js';

/** What differs between the two lists: names, code list, who may write, the words for the same things. */
export const KIND = {
  special: {
    title: '特殊人群',
    groups: SPECIAL_GROUPS as Record<string, string>,
    noun: '列管对象',
    responsible: '包联人',
    plan: '帮教措施',
    write: 'registry.special',
    tagColor: 'volcano',
    endReasons: ['矫正期满', '解除列管', '迁出辖区', '死亡', '收监执行'],
    description: '社区矫正、刑满释放、严重精神障碍等人员的列管与走访。信息敏感，仅限授权人员查看。',
  },
  care: {
    title: '关爱对象',
    groups: CARE_GROUPS as Record<string, string>,
    noun: '关爱对象',
    responsible: '联系人',
    plan: '关爱措施',
    write: 'registry.manage',
    tagColor: 'magenta',
    endReasons: ['迁出辖区', '死亡', '不再符合条件', '本人申请退出'],
    description:
      '低保户、残疾人、独居老人、留守儿童等，按三星级服务定期走访（★ 30 天、★★ 14 天、★★★ 7 天）。',
  },
} as const satisfies Record<CaseKind, unknown>;

export function groupLabel(kind: CaseKind, group: string): string {
  return KIND[kind].groups[group] ?? group;
}

export function GroupTag({ kind, group }: { kind: CaseKind; group: string }) {
  return <Tag color={KIND[kind].tagColor}>{groupLabel(kind, group)}</Tag>;
}

const ATTENTION_COLOR: Record<AttentionLevel, string> = { high: 'red', medium: 'orange', low: 'green' };

/** 关注程度 in colour and always in words: 高关注 red, 中关注 orange, 低关注 green. */
export function AttentionTag({ level }: { level: string | null }) {
  if (!level) return <Typography.Text type="secondary">—</Typography.Text>;
  const key = level as AttentionLevel;
  return <Tag color={ATTENTION_COLOR[key]}>{`${ATTENTION_LEVELS[key] ?? level}关注`}</Tag>;
}

/** 服务星级: the stars, with the number and the visit frequency in words beside them. */
export function StarLevel({ level }: { level: number | null }) {
  if (!level) return <Typography.Text type="secondary">—</Typography.Text>;
  const days = CARE_LEVEL_VISIT_DAYS[level as 1 | 2 | 3];
  return (
    <Tooltip title={days ? `每 ${days} 天走访一次` : undefined}>
      <span className="anju-rg-stars">
        {([1, 2, 3] as const).map((n) => (
          <StarFilled key={n} aria-hidden className={n <= level ? 'is-on' : 'is-off'} />
        ))}
        <span className="anju-rg-sub">{level} 星</span>
      </span>
    </Tooltip>
  );
}

/** 下次走访: overdue in red with the days, soon in orange, otherwise the date. */
export function NextVisit({ row }: { row: Pick<CaseRow, 'endedOn' | 'nextVisitDue' | 'overdueDays'> }) {
  if (row.endedOn) return <Tag>已结束 {row.endedOn}</Tag>;
  if (row.overdueDays > 0)
    return (
      <Tooltip title={`应于 ${row.nextVisitDue} 前走访`}>
        <Tag color="red">逾期 {row.overdueDays} 天</Tag>
      </Tooltip>
    );
  const left = daysFromToday(row.nextVisitDue);
  if (left === 0) return <Tag color="orange">今天到期</Tag>;
  return (
    <span className="anju-rg-names">
      <span className="anju-mono">{row.nextVisitDue}</span>
      <span className={left <= 3 ? 'anju-rg-sub anju-rg-warn' : 'anju-rg-sub'}>{left} 天后</span>
    </span>
  );
}

// ── category-specific details of a special-group case ──

type DetailField = {
  key: string;
  label: string;
  type: 'date' | 'text' | 'select' | 'risk';
  required?: boolean;
  options?: Record<string, string>;
  max?: number;
  placeholder?: string;
};

export const DETAIL_FIELDS: Record<string, DetailField[]> = {
  correction: [
    { key: 'correctionKind', label: '矫正类别', type: 'select', required: true, options: CORRECTION_KINDS },
    { key: 'correctionStart', label: '矫正起始日', type: 'date' },
    { key: 'correctionEnd', label: '矫正期满日', type: 'date' },
    { key: 'crime', label: '罪名', type: 'text', max: 64, placeholder: '如 危险驾驶罪' },
  ],
  mental: [
    { key: 'riskLevel', label: '危险性评估等级', type: 'risk', required: true },
    { key: 'guardian', label: '监护人', type: 'text', max: 32, placeholder: '监护人姓名' },
  ],
  released: [
    { key: 'releasedOn', label: '释放日期', type: 'date' },
    { key: 'crime', label: '原罪名', type: 'text', max: 64, placeholder: '如 盗窃罪' },
  ],
  youth: [{ key: 'youthKind', label: '青少年类型', type: 'select', required: true, options: YOUTH_KINDS }],
  drug: [{ key: 'remark', label: '说明', type: 'text', max: 200 }],
  aids: [{ key: 'remark', label: '说明', type: 'text', max: 200 }],
  petition: [{ key: 'remark', label: '说明', type: 'text', max: 200, placeholder: '如 诉求事项、稳控要求' }],
};

/** 严重精神障碍患者 危险性评估 0–5 级 (国家基本公共卫生服务规范). */
export const RISK_LEVELS = [0, 1, 2, 3, 4, 5].map((n) => ({
  value: n,
  label: `${n} 级${n >= 3 ? '（高风险）' : ''}`,
}));

export function detailText(field: DetailField, value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  if (field.type === 'select') return field.options?.[String(value)] ?? String(value);
  if (field.type === 'risk') return `${value} 级`;
  return String(value);
}

/** Details as the form holds them (dates as pickers' values). */
export function detailsToForm(group: string, details: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of DETAIL_FIELDS[group] ?? []) {
    const v = details[f.key];
    out[f.key] = f.type === 'date' && typeof v === 'string' ? fromIso(v) : v;
  }
  return out;
}

/** Details as the API takes them: only this group's fields, dates as YYYY-MM-DD, blanks left out. */
export function detailsFromForm(group: string, values: Record<string, unknown> | undefined) {
  const out: Record<string, string | number | boolean> = {};
  for (const f of DETAIL_FIELDS[group] ?? []) {
    const v = values?.[f.key];
    if (v === undefined || v === null || v === '') continue;
    if (f.type === 'date') out[f.key] = toIso(v as Dayjs);
    else if (typeof v === 'string') out[f.key] = v.trim();
    else out[f.key] = v as number | boolean;
  }
  return out;
}
