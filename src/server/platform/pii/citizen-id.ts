/**
 * 居民身份证号码 (GB 11643-1999) validation and generation.
 *
 * 18 chars = 6-digit region (GB/T 2260) + 8-digit birth date YYYYMMDD + 3-digit sequence
 * (odd = male) + check character (ISO 7064 MOD 11-2). Legacy 15-digit numbers
 * (region + YYMMDD + sequence, year 19YY) are converted to 18 digits.
 */

export type CitizenIdResult =
  | {
      ok: true;
      /** Normalised 18-character number with an upper-case X. */
      value: string;
      /** YYYY-MM-DD */
      birthDate: string;
      gender: 'male' | 'female';
      /** First 6 digits (GB/T 2260 administrative division code). */
      regionCode: string;
      /** True when the input was a 15-digit legacy number. */
      converted: boolean;
    }
  | { ok: false; message: string };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** Province-level codes of GB/T 2260 (83 = 台湾居民居住证). */
const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
  '83',
]);

const MIN_BIRTH_DATE = '1900-01-01';

/** ISO 7064 MOD 11-2 check character for the first 17 digits. Throws if the input is not 17 digits. */
export function citizenIdCheckChar(first17: string): string {
  if (typeof first17 !== 'string' || !/^\d{17}$/.test(first17)) {
    throw new Error('citizenIdCheckChar expects exactly 17 digits');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** `yyyymmdd` (8 digits) → `YYYY-MM-DD` if it is a real calendar date, else null. */
function toIsoDate(yyyymmdd: string): string | null {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}

/** Local calendar date of `date` as YYYY-MM-DD (the server runs in China's time zone). */
function localIsoDate(date: Date): string {
  const y = String(date.getFullYear()).padStart(4, '0');
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

function fail(message: string): CitizenIdResult {
  return { ok: false, message };
}

/**
 * Validate and normalise a 居民身份证号码. Accepts 18-character numbers (lower-case x allowed)
 * and 15-digit legacy numbers. `today` bounds the birth date (defaults to now).
 */
export function validateCitizenId(input: string, today: Date = new Date()): CitizenIdResult {
  const raw = typeof input === 'string' ? input.trim().toUpperCase() : '';
  if (raw === '') return fail('请输入身份证号码');

  let first17: string;
  let converted: boolean;
  if (raw.length === 18) {
    if (!/^\d{17}[\dX]$/.test(raw))
      return fail('身份证号码格式不正确，前 17 位应为数字，最后一位应为数字或 X');
    first17 = raw.slice(0, 17);
    converted = false;
  } else if (raw.length === 15) {
    if (!/^\d{15}$/.test(raw)) return fail('15 位身份证号码应全部为数字');
    first17 = `${raw.slice(0, 6)}19${raw.slice(6)}`;
    converted = true;
  } else {
    return fail('身份证号码长度不正确，应为 18 位（或 15 位旧号码）');
  }

  const regionCode = first17.slice(0, 6);
  if (!PROVINCE_CODES.has(regionCode.slice(0, 2))) return fail('身份证号码地区码不正确');

  const birthDate = toIsoDate(first17.slice(6, 14));
  if (birthDate === null) return fail('身份证号码中的出生日期不存在');
  if (birthDate < MIN_BIRTH_DATE) return fail('身份证号码中的出生日期早于 1900 年');
  if (birthDate > localIsoDate(today)) return fail('身份证号码中的出生日期晚于今天');

  const check = citizenIdCheckChar(first17);
  if (!converted && raw[17] !== check) return fail('身份证号码校验位不正确');

  return {
    ok: true,
    value: first17 + check,
    birthDate,
    gender: Number(first17[16]) % 2 === 1 ? 'male' : 'female',
    regionCode,
    converted,
  };
}

/**
 * Build a valid 18-character number (for demo data and tests).
 * Throws on a malformed region code, an unknown province, an impossible date or a sequence outside 0..999.
 */
export function makeCitizenId(regionCode: string, birthDate: string, sequence: number): string {
  if (!/^\d{6}$/.test(regionCode))
    throw new Error(`makeCitizenId: region code must be 6 digits, got "${regionCode}"`);
  if (!PROVINCE_CODES.has(regionCode.slice(0, 2))) {
    throw new Error(`makeCitizenId: unknown province code in "${regionCode}"`);
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  const compact = m ? `${m[1]}${m[2]}${m[3]}` : '';
  if (!m || toIsoDate(compact) === null || birthDate < MIN_BIRTH_DATE) {
    throw new Error(
      `makeCitizenId: birth date must be a real YYYY-MM-DD date from 1900-01-01, got "${birthDate}"`,
    );
  }
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) {
    throw new Error(`makeCitizenId: sequence must be an integer 0..999, got ${sequence}`);
  }
  const first17 = `${regionCode}${compact}${String(sequence).padStart(3, '0')}`;
  return first17 + citizenIdCheckChar(first17);
}
