import { Tag } from 'antd';
import { HAZARD_STATUSES, type HazardStatus } from '../../../shared/fire.js';

export const opts = (map: Record<string, string>) =>
  Object.entries(map).map(([value, label]) => ({ value, label }));

// Status colours follow UI.md: waiting grey, processing blue, done green.
const HAZARD_COLOR: Record<HazardStatus, string> = {
  found: 'default',
  rectifying: 'processing',
  rechecking: 'gold',
  closed: 'success',
};

export function HazardStatusTag({ status }: { status: HazardStatus }) {
  return <Tag color={HAZARD_COLOR[status]}>{HAZARD_STATUSES[status]}</Tag>;
}

export function ExpiryTag({ expiry, daysLeft }: { expiry: string; daysLeft: number | null }) {
  if (expiry === 'expired')
    return <Tag color="error">已过期 {daysLeft === null ? '' : `${-daysLeft} 天`}</Tag>;
  if (expiry === 'expiring')
    return <Tag color="warning">{daysLeft === 0 ? '今天到期' : `${daysLeft} 天后到期`}</Tag>;
  if (expiry === 'none') return <Tag>无有效期</Tag>;
  return <Tag color="success">有效</Tag>;
}
