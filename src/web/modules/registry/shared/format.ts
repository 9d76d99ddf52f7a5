import { dayjs, TIME_ZONE } from '../../../app/format.js';

/** `89.50 m²`; the server sends area as a decimal string, so it is never rounded through a float. */
export function formatArea(area: string | null | undefined): string {
  if (!area) return '—';
  const [whole, frac = ''] = area.split('.');
  return `${whole}.${frac.padEnd(2, '0').slice(0, 2)} m²`;
}

/** Today in Beijing as YYYY-MM-DD (the server's dates are calendar days there). */
export function todayIso(): string {
  return dayjs().tz(TIME_ZONE).format('YYYY-MM-DD');
}

/** Whole years from a YYYY-MM-DD birth date to today, or null. */
export function ageOf(birthDate: string | null | undefined): number | null {
  if (!birthDate) return null;
  const born = dayjs(birthDate, 'YYYY-MM-DD');
  if (!born.isValid()) return null;
  return dayjs(todayIso()).diff(born, 'year');
}

/** `1958-03-02（67 岁）` */
export function formatBirth(birthDate: string | null | undefined): string {
  if (!birthDate) return '—';
  const age = ageOf(birthDate);
  return age === null ? birthDate : `${birthDate}（${age} 岁）`;
}

/** A count that may have stopped at the cap: `10,000+`. */
export function formatTotal(total: number, capped?: boolean): string {
  return capped ? `${total.toLocaleString('en-US')}+` : total.toLocaleString('en-US');
}
