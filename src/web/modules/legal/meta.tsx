import { Tag } from 'antd';
import {
  ARTICLE_CATEGORIES,
  LEGAL_KINDS,
  LEGAL_STATUSES,
  type LegalKind,
  type LegalStatus,
} from '../../../shared/legal.js';

export const opts = (map: Record<string, string>) =>
  Object.entries(map).map(([value, label]) => ({ value, label }));

const STATUS_COLORS: Record<LegalStatus, string> = {
  submitted: 'default',
  assigned: 'processing',
  answered: 'cyan',
  closed: 'success',
};

export function StatusTag({ status }: { status: LegalStatus }) {
  return <Tag color={STATUS_COLORS[status]}>{LEGAL_STATUSES[status]}</Tag>;
}

const KIND_COLORS: Record<LegalKind, string> = {
  consult: 'blue',
  aid: 'purple',
  labour: 'orange',
  litigation: 'geekblue',
};

export function KindTag({ kind }: { kind: LegalKind }) {
  return <Tag color={KIND_COLORS[kind]}>{LEGAL_KINDS[kind]}</Tag>;
}

export const categoryLabel = (c: string) => ARTICLE_CATEGORIES[c as keyof typeof ARTICLE_CATEGORIES] ?? c;

/** Today in Asia/Shanghai as YYYY-MM-DD. */
export const shanghaiToday = (offsetDays = 0) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
    new Date(Date.now() + offsetDays * 86_400_000),
  );
