import { Image, Tag } from 'antd';
import {
  EVENT_CATEGORIES,
  EVENT_STATUSES,
  type EventStatus,
  URGENCIES,
  type Urgency,
} from '../../../shared/grid.js';
import { compressImage } from '../../app/images.js';

// Status colours follow UI.md: waiting grey, processing blue, done green.
const STATUS_COLOR: Record<EventStatus, string> = {
  reported: 'default',
  accepted: 'processing',
  in_progress: 'blue',
  closed: 'success',
  reviewed: 'green',
  archived: 'default',
};

export function StatusTag({ status }: { status: EventStatus }) {
  return <Tag color={STATUS_COLOR[status]}>{EVENT_STATUSES[status] ?? status}</Tag>;
}

const URGENCY_COLOR: Record<Urgency, string> = { normal: 'default', urgent: 'orange', critical: 'red' };
export function UrgencyTag({ urgency }: { urgency: Urgency }) {
  if (urgency === 'normal') return null;
  return <Tag color={URGENCY_COLOR[urgency]}>{URGENCIES[urgency]}</Tag>;
}

export const opts = (map: Record<string, string>) =>
  Object.entries(map).map(([value, label]) => ({ value, label }));

/** 类别 › 子类别 for a Cascader. */
export const CATEGORY_OPTIONS = Object.entries(EVENT_CATEGORIES).map(([value, c]) => ({
  value,
  label: c.label,
  children: Object.entries(c.subs as Record<string, string>).map(([sub, label]) => ({ value: sub, label })),
}));

export function PhotoStrip({
  photos,
  size = 96,
}: {
  photos: { id: string; name: string; url: string }[];
  size?: number;
}) {
  if (photos.length === 0) return null;
  return (
    <Image.PreviewGroup>
      <div className="anju-grid-photos">
        {photos.map((p) => (
          <Image
            key={p.id}
            src={p.url}
            alt={p.name}
            width={size}
            height={size}
            style={{ objectFit: 'cover' }}
          />
        ))}
      </div>
    </Image.PreviewGroup>
  );
}

export interface PhotoData {
  name: string;
  data: string;
}

function toBase64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(new Error('读取照片失败，请重试'));
    reader.readAsDataURL(blob);
  });
}

/** Phone photos shrunk and base64-encoded for a JSON body. */
export async function photoFromFile(file: File): Promise<PhotoData> {
  const blob = await compressImage(file);
  const name = file.name.replace(/\.[^.]+$/, '') || 'photo';
  return { name: `${name.slice(0, 90)}.jpg`, data: await toBase64(blob) };
}

export const rate = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`;
