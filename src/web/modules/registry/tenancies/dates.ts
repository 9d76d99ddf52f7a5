import type { Dayjs } from 'dayjs';
import { dayjs, TIME_ZONE } from '../../../app/format.js';

/** Today's date in Beijing, as the server counts days: YYYY-MM-DD. */
export function todayIso(): string {
  return dayjs().tz(TIME_ZONE).format('YYYY-MM-DD');
}

/** A picked date as the API wants it. */
export function toIso(value: Dayjs): string {
  return value.format('YYYY-MM-DD');
}

/** A date-only string as a picker value (local midnight, no time-zone shift). */
export function fromIso(value: string | null | undefined): Dayjs | undefined {
  return value ? dayjs(value, 'YYYY-MM-DD') : undefined;
}

/** Whole days from today to `date` (negative when it has passed). */
export function daysFromToday(date: string): number {
  return dayjs(date, 'YYYY-MM-DD').diff(dayjs(todayIso(), 'YYYY-MM-DD'), 'day');
}

/** Pickers must not offer days after today (visits, move-outs happen in the past). */
export function afterToday(current: Dayjs): boolean {
  return current.format('YYYY-MM-DD') > todayIso();
}
