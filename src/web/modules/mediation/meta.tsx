import { Tag } from 'antd';
import {
  CASE_STATUSES,
  type CaseStatus,
  DISPUTE_CATEGORIES,
  RISK_LEVELS,
  type RiskLevel,
} from '../../../shared/mediation.js';

// Status colours follow UI.md: waiting grey, processing blue, done green, refused/failed red-ish.
const STATUS_COLOR: Record<CaseStatus, string> = {
  intake: 'default',
  mediating: 'processing',
  declined: 'default',
  agreed: 'success',
  failed: 'warning',
  closed: 'green',
};

export function CaseStatusTag({ status }: { status: CaseStatus }) {
  return <Tag color={STATUS_COLOR[status]}>{CASE_STATUSES[status] ?? status}</Tag>;
}

const RISK_COLOR: Record<RiskLevel, string> = { low: 'gold', medium: 'orange', high: 'red' };
export function RiskTag({ flag, level }: { flag: boolean; level: RiskLevel | null }) {
  if (!flag && !level) return null;
  return <Tag color={level ? RISK_COLOR[level] : 'orange'}>风险{level ? `·${RISK_LEVELS[level]}` : ''}</Tag>;
}

export const opts = (map: Record<string, string>) =>
  Object.entries(map).map(([value, label]) => ({ value, label }));

/** 类别 › 小类 for a Cascader (GB/T 31000 two-digit categories, common four-digit subcategories). */
export const DISPUTE_OPTIONS = Object.entries(DISPUTE_CATEGORIES).map(([value, c]) => ({
  value,
  label: `${value} ${c.label}`,
  children: Object.entries(c.subs).map(([sub, label]) => ({ value: sub, label })),
}));
export const CATEGORY_FILTER = Object.entries(DISPUTE_CATEGORIES).map(([value, c]) => ({
  value,
  label: c.label,
}));

/** YYYY-MM-DD of an ISO instant in Asia/Shanghai. */
export const day = (iso: string | null | undefined) =>
  iso ? new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10) : '—';
