import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addWorkingDays,
  endOfDayShanghai,
  endOfWeekShanghai,
  hasHolidayData,
  isWorkingDay,
  shanghaiDate,
  startOfDayShanghai,
  workingDaysBetween,
} from './index.js';

/** An instant given in Beijing time. */
const bj = (local: string) => new Date(`${local}+08:00`);
const iso = (d: Date) => d.toISOString();

describe('working days', () => {
  it('has holiday data for 2025 and 2026', () => {
    expect(hasHolidayData(2025)).toBe(true);
    expect(hasHolidayData(2026)).toBe(true);
  });

  it('2026 National Day: 10-01…10-07 off, Sunday 09-20 and Saturday 10-10 are make-up working days', () => {
    for (let d = 1; d <= 7; d++) expect(isWorkingDay(`2026-10-0${d}`)).toBe(false);
    expect(isWorkingDay('2026-09-20')).toBe(true); // Sunday
    expect(isWorkingDay('2026-10-10')).toBe(true); // Saturday
    expect(isWorkingDay('2026-10-08')).toBe(true);
    expect(isWorkingDay('2026-10-11')).toBe(false); // an ordinary Sunday
  });

  it('2026 Spring Festival: 02-15…02-23 off, Saturdays 02-14 and 02-28 worked', () => {
    for (let d = 15; d <= 23; d++) expect(isWorkingDay(`2026-02-${d}`)).toBe(false);
    expect(isWorkingDay('2026-02-14')).toBe(true);
    expect(isWorkingDay('2026-02-28')).toBe(true);
    expect(isWorkingDay('2026-02-24')).toBe(true);
    expect(isWorkingDay('2026-02-13')).toBe(true);
  });

  it('ordinary weeks: Monday–Friday', () => {
    expect(isWorkingDay('2026-11-23')).toBe(true); // Monday
    expect(isWorkingDay('2026-11-27')).toBe(true); // Friday
    expect(isWorkingDay('2026-11-28')).toBe(false);
    expect(isWorkingDay('2026-11-29')).toBe(false);
  });

  it('refuses what is not a date', () => {
    expect(() => isWorkingDay('2026-13-01')).toThrow(RangeError);
    expect(() => isWorkingDay('20261001')).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('counts from the next day and ends at 23:59:59.999 Beijing time', () => {
    // Monday 2026-11-23 10:00 + 3 → Thursday 11-26 end of day.
    expect(iso(addWorkingDays(bj('2026-11-23T10:00:00'), 3))).toBe('2026-11-26T15:59:59.999Z');
    expect(iso(addWorkingDays(bj('2026-11-23T10:00:00'), 0))).toBe('2026-11-23T15:59:59.999Z');
    // Friday afternoon + 1 → Monday.
    expect(shanghaiDate(addWorkingDays(bj('2026-11-27T16:00:00'), 1))).toBe('2026-11-30');
  });

  it('the Beijing day decides, not the UTC one', () => {
    // 2026-11-22 17:00 UTC is already Monday 01:00 in Beijing.
    expect(shanghaiDate(addWorkingDays(new Date('2026-11-22T17:00:00Z'), 1))).toBe('2026-11-24');
  });

  it('skips National Day 2026 and counts Saturday 10-10', () => {
    // Wednesday 09-30 + 1 → Thursday 10-08; + 3 → Saturday 10-10 (make-up); + 4 → Monday 10-12.
    expect(shanghaiDate(addWorkingDays(bj('2026-09-30T09:00:00'), 1))).toBe('2026-10-08');
    expect(shanghaiDate(addWorkingDays(bj('2026-09-30T09:00:00'), 3))).toBe('2026-10-10');
    expect(shanghaiDate(addWorkingDays(bj('2026-09-30T09:00:00'), 4))).toBe('2026-10-12');
    // Saturday 09-19 + 1 → Sunday 09-20 (make-up working day).
    expect(shanghaiDate(addWorkingDays(bj('2026-09-19T09:00:00'), 1))).toBe('2026-09-20');
  });

  it('skips the 2026 Spring Festival', () => {
    // Friday 02-13 + 1 → Saturday 02-14 (make-up); + 2 → Tuesday 02-24 after nine days off.
    expect(shanghaiDate(addWorkingDays(bj('2026-02-13T09:00:00'), 1))).toBe('2026-02-14');
    expect(shanghaiDate(addWorkingDays(bj('2026-02-13T09:00:00'), 2))).toBe('2026-02-24');
    // Reported on the holiday itself: the first working day after it is day 1.
    expect(shanghaiDate(addWorkingDays(bj('2026-02-17T12:00:00'), 1))).toBe('2026-02-24');
  });

  it('refuses negative or fractional counts', () => {
    expect(() => addWorkingDays(new Date(), -1)).toThrow(RangeError);
    expect(() => addWorkingDays(new Date(), 1.5)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('is the inverse of addWorkingDays', () => {
    const from = bj('2026-09-25T11:00:00');
    for (let n = 0; n <= 15; n++) expect(workingDaysBetween(from, addWorkingDays(from, n))).toBe(n);
    const spring = bj('2026-02-10T08:30:00');
    for (let n = 0; n <= 15; n++) expect(workingDaysBetween(spring, addWorkingDays(spring, n))).toBe(n);
  });

  it('counts the days of a holiday as none, and is negative backwards', () => {
    expect(workingDaysBetween(bj('2026-09-30T09:00:00'), bj('2026-10-07T20:00:00'))).toBe(0);
    expect(workingDaysBetween(bj('2026-09-30T09:00:00'), bj('2026-10-10T20:00:00'))).toBe(3);
    expect(workingDaysBetween(bj('2026-10-10T20:00:00'), bj('2026-09-30T09:00:00'))).toBe(-3);
    expect(workingDaysBetween(bj('2026-10-09T08:00:00'), bj('2026-10-09T23:00:00'))).toBe(0);
  });
});

describe('day and week boundaries', () => {
  it('end and start of the Beijing day', () => {
    expect(iso(endOfDayShanghai(new Date('2026-11-23T17:30:00Z')))).toBe('2026-11-24T15:59:59.999Z');
    expect(iso(endOfDayShanghai('2026-10-01'))).toBe('2026-10-01T15:59:59.999Z');
    expect(iso(startOfDayShanghai(bj('2026-10-01T00:00:00')))).toBe('2026-09-30T16:00:00.000Z');
  });

  it('end of the week is Sunday 23:59:59.999', () => {
    expect(iso(endOfWeekShanghai(bj('2026-11-23T08:00:00')))).toBe('2026-11-29T15:59:59.999Z'); // Monday
    expect(iso(endOfWeekShanghai(bj('2026-11-29T23:00:00')))).toBe('2026-11-29T15:59:59.999Z'); // Sunday
    expect(iso(endOfWeekShanghai(bj('2026-11-30T00:00:00')))).toBe('2026-12-06T15:59:59.999Z'); // next Monday
  });

  it('calendar arithmetic crosses months and years', () => {
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
