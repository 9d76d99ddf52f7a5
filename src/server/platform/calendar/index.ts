import chineseDays from 'chinese-days';

/**
 * Working days in Asia/Shanghai: weekends, the State Council's public holidays and the make-up working
 * days (调休) that move a weekend into the week, from the `chinese-days` table. China has kept UTC+8
 * without daylight saving since 1991, so a calendar day is a fixed 24-hour span of UTC.
 *
 * The holiday table is published each year around November for the next year: for a year it does not
 * yet cover, `hasHolidayData(year)` is false and only weekends count as days off.
 */

const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function assertDate(date: string): void {
  if (!DATE_RE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
    throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  }
}

/** The calendar day (YYYY-MM-DD) in Asia/Shanghai at instant `d`. */
export function shanghaiDate(d: Date): string {
  return new Date(d.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The YYYY-MM-DD `days` after `date` (negative: before). */
export function addCalendarDays(date: string, days: number): string {
  assertDate(date);
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 00:00:00.000 Asia/Shanghai of the day that holds `d` (or of a YYYY-MM-DD), as a UTC instant. */
export function startOfDayShanghai(d: Date | string): Date {
  const date = typeof d === 'string' ? d : shanghaiDate(d);
  assertDate(date);
  return new Date(Date.parse(`${date}T00:00:00Z`) - OFFSET_MS);
}

/** 23:59:59.999 Asia/Shanghai of the day that holds `d` (or of a YYYY-MM-DD), as a UTC instant. */
export function endOfDayShanghai(d: Date | string): Date {
  return new Date(startOfDayShanghai(d).getTime() + DAY_MS - 1);
}

/** Sunday 23:59:59.999 Asia/Shanghai of the (Monday-first) week that holds `d`. */
export function endOfWeekShanghai(d: Date): Date {
  const date = shanghaiDate(d);
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return endOfDayShanghai(addCalendarDays(date, weekday === 0 ? 0 : 7 - weekday));
}

const covered = new Map<number, boolean>();
/** Whether the holiday table knows `year`'s public holidays and make-up days. */
export function hasHolidayData(year: number): boolean {
  let known = covered.get(year);
  if (known === undefined) {
    known = chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
    covered.set(year, known);
  }
  return known;
}

/** Whether a YYYY-MM-DD is a working day: Monday–Friday unless a public holiday, or a make-up working day. */
export function isWorkingDay(date: string): boolean {
  assertDate(date);
  return chineseDays.isWorkday(date);
}

/**
 * The deadline "within n working days from `from`": the end (23:59:59.999 Asia/Shanghai) of the n-th
 * working day after the day of `from`. The day itself does not count, as a form handed in on Friday
 * afternoon with 3 working days is due Wednesday. n = 0 is the end of `from`'s own day.
 */
export function addWorkingDays(from: Date, n: number): Date {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0: ${n}`);
  let date = shanghaiDate(from);
  for (let left = n; left > 0; ) {
    date = addCalendarDays(date, 1);
    if (isWorkingDay(date)) left -= 1;
  }
  return endOfDayShanghai(date);
}

/**
 * How many working days lie after the day of `from` up to and including the day of `to` (negative when
 * `to` is earlier): `workingDaysBetween(from, addWorkingDays(from, n)) === n`.
 */
export function workingDaysBetween(from: Date, to: Date): number {
  const a = shanghaiDate(from);
  const b = shanghaiDate(to);
  if (a === b) return 0;
  const [lo, hi, sign] = a < b ? [a, b, 1] : [b, a, -1];
  let count = 0;
  for (let date = addCalendarDays(lo, 1); date <= hi; date = addCalendarDays(date, 1)) {
    if (isWorkingDay(date)) count += 1;
  }
  return sign * count;
}
