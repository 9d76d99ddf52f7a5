import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import relativeTime from 'dayjs/plugin/relativeTime';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(relativeTime);
dayjs.locale('zh-cn');

// Times are stored in UTC and always shown as Beijing time, whatever the viewer's device says.
export const TIME_ZONE = 'Asia/Shanghai';

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const value = dayjs(iso);
  return value.isValid() ? value.tz(TIME_ZONE).format('YYYY-MM-DD HH:mm') : '—';
}

export function formatDateTimeSeconds(iso: string | null | undefined): string {
  if (!iso) return '—';
  const value = dayjs(iso);
  return value.isValid() ? value.tz(TIME_ZONE).format('YYYY-MM-DD HH:mm:ss') : '—';
}

/** "3 小时前" — only ever shown beside the absolute time. */
export function fromNow(iso: string | null | undefined): string {
  if (!iso) return '';
  const value = dayjs(iso);
  return value.isValid() ? value.fromNow() : '';
}

export function isFuture(iso: string | null | undefined): boolean {
  return !!iso && dayjs(iso).isAfter(dayjs());
}

export { dayjs };
