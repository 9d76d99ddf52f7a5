import { describe, expect, it } from 'vitest';
import { citizenIdCheckChar, makeCitizenId, validateCitizenId } from './citizen-id.js';

// Fixed "today" so the future-date rules do not drift: 2024-06-15 (local time).
const TODAY = new Date(2024, 5, 15, 12, 0, 0);

function expectFail(input: string, message: RegExp | string, today: Date = TODAY): void {
  const r = validateCitizenId(input, today);
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.message).toMatch(message);
}

describe('citizenIdCheckChar', () => {
  // Expected values computed by hand from the GB 11643-1999 weights, independently of the implementation.
  it.each([
    ['11010519491231002', 'X'], // public example from the standard
    ['50022219900101123', '7'],
    ['11010520000229001', '3'],
    ['44030619850615002', '6'],
    ['00000000000000000', '1'], // sum 0 → remainder 0 → '1'
    ['10000000000000000', '5'], // sum 7 → remainder 7 → '5'
    ['00000000000000001', 'X'], // sum 2 → remainder 2 → 'X'
  ])('%s → %s', (first17, expected) => {
    expect(citizenIdCheckChar(first17)).toBe(expected);
  });

  it('covers every remainder with the MOD 11-2 table 1 0 X 9 8 7 6 5 4 3 2', () => {
    const table = '10X98765432';
    const seen = new Set<string>();
    for (let r = 0; r <= 10; r++) {
      // Find digits a (weight 7, position 0) and b (weight 9, position 1) with 7a + 9b ≡ r (mod 11).
      let found = '';
      for (let a = 0; a <= 9 && !found; a++) {
        for (let b = 0; b <= 9 && !found; b++) {
          if ((7 * a + 9 * b) % 11 === r) found = `${a}${b}${'0'.repeat(15)}`;
        }
      }
      expect(citizenIdCheckChar(found)).toBe(table[r]);
      seen.add(citizenIdCheckChar(found));
    }
    expect(seen.size).toBe(11);
  });

  it.each(['1101051949123100', '110105194912310020', '1101051949123100X', ''])('throws on %j', (bad) => {
    expect(() => citizenIdCheckChar(bad)).toThrow(/17 digits/);
  });
});

describe('validateCitizenId', () => {
  it('accepts the public example 11010519491231002X with full details', () => {
    expect(validateCitizenId('11010519491231002X', TODAY)).toEqual({
      ok: true,
      value: '11010519491231002X',
      birthDate: '1949-12-31',
      gender: 'female',
      regionCode: '110105',
      converted: false,
    });
  });

  it('accepts a male number (odd 17th digit) and numbers with a digit check char', () => {
    const r = validateCitizenId('500222199001011237', TODAY);
    expect(r).toMatchObject({ ok: true, gender: 'male', birthDate: '1990-01-01', regionCode: '500222' });
    expect(validateCitizenId('440306198506150026', TODAY)).toMatchObject({ ok: true, gender: 'female' });
  });

  it('trims whitespace and upper-cases a lower-case x', () => {
    expect(validateCitizenId('  11010519491231002x\n', TODAY)).toMatchObject({
      ok: true,
      value: '11010519491231002X',
    });
  });

  it('rejects a wrong check character', () => {
    expectFail('110105194912310021', '身份证号码校验位不正确');
    expectFail('500222199001011238', '身份证号码校验位不正确');
    expectFail('500222199001011230', '身份证号码校验位不正确');
    // X where a digit is expected
    expectFail('50022219900101123X', '身份证号码校验位不正确');
  });

  it('accepts Feb 29 in leap years (incl. 2000) and rejects it otherwise (incl. 1900)', () => {
    expect(validateCitizenId('110105200002290013', TODAY)).toMatchObject({
      ok: true,
      birthDate: '2000-02-29',
    });
    expect(validateCitizenId(makeCitizenId('320102', '1996-02-29', 42), TODAY)).toMatchObject({
      ok: true,
      birthDate: '1996-02-29',
    });
    // 1999 and 1900 are not leap years: build with a correct check char so only the date is wrong.
    for (const first17 of ['11010519990229001', '11010519000229001']) {
      expectFail(first17 + citizenIdCheckChar(first17), '出生日期不存在');
    }
  });

  it.each([
    ['month 13', '11010519901301001'],
    ['month 00', '11010519900001001'],
    ['day 00', '11010519900100001'],
    ['April 31', '11010519900431001'],
    ['January 32', '11010519900132001'],
  ])('rejects an impossible date: %s', (_name, first17) => {
    expectFail(first17 + citizenIdCheckChar(first17), '出生日期不存在');
  });

  it('accepts a birth date of today but not tomorrow or later', () => {
    expect(validateCitizenId(makeCitizenId('110105', '2024-06-15', 1), TODAY).ok).toBe(true);
    expectFail(makeCitizenId('110105', '2024-06-16', 1), '晚于今天');
    expectFail(makeCitizenId('110105', '2030-01-01', 1), '晚于今天');
    // Same number is fine once "today" has moved on.
    expect(validateCitizenId(makeCitizenId('110105', '2024-06-16', 1), new Date(2024, 5, 16)).ok).toBe(true);
  });

  it('uses the current date when today is omitted', () => {
    const farFuture = '11010530000101001';
    expect(validateCitizenId(farFuture + citizenIdCheckChar(farFuture)).ok).toBe(false);
    expect(validateCitizenId('11010519491231002X').ok).toBe(true);
  });

  it('rejects birth dates before 1900-01-01 but accepts 1900-01-01', () => {
    const tooOld = '11010518991231001';
    expectFail(tooOld + citizenIdCheckChar(tooOld), '早于 1900');
    expect(validateCitizenId(makeCitizenId('110105', '1900-01-01', 1), TODAY).ok).toBe(true);
  });

  it.each(['00', '99', '10', '16', '20', '24', '47', '55', '60', '66', '70', '72', '80', '84', '91'])(
    'rejects province code %s',
    (province) => {
      const first17 = `${province}010519491231002`;
      expectFail(first17 + citizenIdCheckChar(first17), '地区码不正确');
    },
  );

  it.each(['11', '15', '21', '23', '31', '37', '41', '46', '50', '54', '61', '65', '71', '81', '82', '83'])(
    'accepts province code %s',
    (province) => {
      const first17 = `${province}010519491231002`;
      expect(validateCitizenId(first17 + citizenIdCheckChar(first17), TODAY)).toMatchObject({
        ok: true,
        regionCode: `${province}0105`,
      });
    },
  );

  describe('15-digit legacy numbers', () => {
    it('converts 110105491231002 to 11010519491231002X', () => {
      expect(validateCitizenId('110105491231002', TODAY)).toEqual({
        ok: true,
        value: '11010519491231002X',
        birthDate: '1949-12-31',
        gender: 'female',
        regionCode: '110105',
        converted: true,
      });
    });

    it('reads gender from the last (sequence) digit', () => {
      expect(validateCitizenId('500222900101123', TODAY)).toMatchObject({
        ok: true,
        value: '500222199001011237',
        gender: 'male',
      });
    });

    it('applies the same date and region rules (year 19YY)', () => {
      expectFail('110105990229001', '出生日期不存在'); // 1999-02-29
      expect(validateCitizenId('110105960229001', TODAY)).toMatchObject({
        ok: true,
        birthDate: '1996-02-29',
      });
      expectFail('110105001301001', '出生日期不存在');
      expectFail('990105491231002', '地区码不正确');
    });

    it('rejects any non-digit, including a trailing X', () => {
      expectFail('11010549123100X', '应全部为数字');
      expectFail('1101054912A1002', '应全部为数字');
    });
  });

  it.each([
    ['empty', '', '请输入身份证号码'],
    ['only spaces', '   ', '请输入身份证号码'],
    ['17 chars', '11010519491231002', '长度不正确'],
    ['19 chars', '11010519491231002X0', '长度不正确'],
    ['16 chars', '1101051949123100', '长度不正确'],
    ['inner space', '110105 19491231002X', '长度不正确'],
  ])('rejects wrong length: %s', (_name, input, message) => {
    expectFail(input, message);
  });

  it.each([
    ['letter in the middle', '1101051949A231002X'],
    ['X not in last place', '11010519491231X020'],
    ['full-width digit', '１1010519491231002X'],
    ['hyphen', '110105-9491231002X'],
    ['other letter as check char', '11010519491231002Y'],
  ])('rejects bad characters: %s', (_name, input) => {
    expectFail(input, '前 17 位应为数字');
  });

  it('never throws on non-string input from untyped callers', () => {
    expect(validateCitizenId(undefined as unknown as string, TODAY)).toEqual({
      ok: false,
      message: '请输入身份证号码',
    });
    expect(validateCitizenId(110105 as unknown as string, TODAY).ok).toBe(false);
  });
});

describe('makeCitizenId', () => {
  it('builds valid numbers that round-trip through validateCitizenId', () => {
    const id = makeCitizenId('500222', '1988-07-09', 123);
    expect(id).toMatch(/^50022219880709123[\dX]$/);
    expect(validateCitizenId(id, TODAY)).toEqual({
      ok: true,
      value: id,
      birthDate: '1988-07-09',
      gender: 'male',
      regionCode: '500222',
      converted: false,
    });
  });

  it('zero-pads the sequence and encodes gender in its last digit', () => {
    expect(makeCitizenId('110105', '1949-12-31', 2)).toBe('11010519491231002X');
    expect(makeCitizenId('110105', '2000-02-29', 1)).toBe('110105200002290013');
    expect(validateCitizenId(makeCitizenId('110105', '2000-01-01', 0), TODAY)).toMatchObject({
      gender: 'female',
    });
    expect(validateCitizenId(makeCitizenId('110105', '2000-01-01', 999), TODAY)).toMatchObject({
      gender: 'male',
    });
  });

  it('generates valid numbers across many dates and sequences', () => {
    let day = new Date(Date.UTC(1950, 0, 1));
    for (let i = 0; i < 500; i++) {
      const iso = day.toISOString().slice(0, 10);
      const id = makeCitizenId('330106', iso, (i * 37) % 1000);
      const r = validateCitizenId(id, TODAY);
      expect(r.ok && r.birthDate === iso && r.value === id).toBe(true);
      day = new Date(day.getTime() + 47 * 86_400_000);
    }
  });

  it.each([
    ['short region', () => makeCitizenId('11010', '1990-01-01', 1), /region code/],
    ['unknown province', () => makeCitizenId('990105', '1990-01-01', 1), /province/],
    ['bad date format', () => makeCitizenId('110105', '19900101', 1), /birth date/],
    ['impossible date', () => makeCitizenId('110105', '1999-02-29', 1), /birth date/],
    ['before 1900', () => makeCitizenId('110105', '1899-12-31', 1), /birth date/],
    ['sequence too big', () => makeCitizenId('110105', '1990-01-01', 1000), /sequence/],
    ['negative sequence', () => makeCitizenId('110105', '1990-01-01', -1), /sequence/],
    ['fractional sequence', () => makeCitizenId('110105', '1990-01-01', 1.5), /sequence/],
  ])('throws on %s', (_name, fn, message) => {
    expect(fn).toThrow(message);
  });
});
