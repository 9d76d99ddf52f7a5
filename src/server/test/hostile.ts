import fc from 'fast-check';
import type { JsonSchema } from './openapi.js';

/**
 * Hostile inputs for the fuzzer, and arbitraries that derive from a JSON Schema values it must
 * refuse. "Must refuse" is meant strictly: every value `invalidFor` yields breaks the schema however
 * the server reads it (zod trims strings before checking length and pattern; query strings are
 * coerced to numbers), so a 2xx for one is a validation gap, not a judgement call.
 */

export const HUGE = 100_000;

export const SQL_INJECTION = [
  "' OR 1=1 --",
  "'; drop table users; --",
  "1'); delete from places; --",
  "' union select password_hash from users --",
  '1; select pg_sleep(5)',
  "\\'; truncate audit_log; --",
  '%',
  '_',
  '\\',
  '%_%\\',
  '$1',
];

export const MARKUP = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '"><svg onload=alert(1)>',
  'javascript:alert(1)',
  '{{constructor.constructor("alert(1)")()}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant literally
  '${7*7}',
  '<!--',
  '&lt;b&gt;',
];

export const PATH_TRAVERSAL = [
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '....//....//etc/passwd',
  '/etc/passwd\u0000.png',
  'file:///etc/passwd',
];

export const CONTROL = [
  '\u0000',
  'a\u0000b',
  '\u0007\u0008\u001b[31m红\u001b[0m',
  'line\r\n\r\nX-Injected: 1',
  '\t\t',
  '\u202eevil\u202c',
  'zero\u200bwidth',
  '\ufeffbom',
  '\ud800',
  '\udfff\ud800',
];

export const SCRIPTS = [
  '锦绣春天👨‍👩‍👧‍👦',
  'Ωmega Ελληνικά Русский العربية 한국어 日本語 ภาษาไทย',
  '🏠🔥🚒'.repeat(10),
  'Ｆｕｌｌｗｉｄｔｈ　ＡＢＣ',
  'e\u0301\u0301\u0301\u0301',
  '𠀀𪚥𰻞',
  'ＡＤＭＩＮ',
  'i̇stanbul',
];

export const BLANK = ['', ' ', '\u3000', '\n', '  \t  '];

export const NUMBER_LIKE = [
  'NaN',
  'Infinity',
  '-Infinity',
  '-1',
  '1e309',
  '0x10',
  '1.5',
  '9'.repeat(400),
  '١٢٣',
];

export const IMPOSSIBLE_DATES = [
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '2026-00-10',
  '2025-02-29',
  '9999-99-99',
];

export const JSONISH = ['{"$gt":""}', '[]', 'null', 'undefined', 'true', '{}'];

// Built once: the huge ones are 100k characters.
export const HOSTILE_STRINGS: readonly string[] = [
  ...SQL_INJECTION,
  ...MARKUP,
  ...PATH_TRAVERSAL,
  ...CONTROL,
  ...SCRIPTS,
  ...BLANK,
  ...NUMBER_LIKE,
  ...IMPOSSIBLE_DATES,
  ...JSONISH,
  'x'.repeat(HUGE),
  '锦'.repeat(HUGE),
  "' OR 1=1 --".repeat(HUGE / 10),
];

/** One family each of hostile text: every free-text field meets every family on every run. */
export const HOSTILE_FAMILIES: Record<string, readonly string[]> = {
  'SQL injection': SQL_INJECTION,
  'HTML/JS': MARKUP,
  'path traversal': PATH_TRAVERSAL,
  'control characters': CONTROL,
  'mixed scripts and emoji': SCRIPTS,
  blank: BLANK,
  huge: ['x'.repeat(HUGE), '锦'.repeat(HUGE)],
};

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...SQL_INJECTION, ...MARKUP, ...SCRIPTS),
        fc.constantFrom(...CONTROL, ...SCRIPTS),
      )
      .map(([a, b]) => `${a}${b}`),
  },
);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(-1, -0.5, 0.5, 1.5, 1e308, -1e308, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, Number.MIN_VALUE),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** `[[[…]]]` or `{"a":{"a":…}}`, `depth` levels down. */
export function nested(depth: number, kind: 'array' | 'object'): unknown {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = kind === 'array' ? [v] : { a: v };
  return v;
}

// As values (serialised by the test's own JSON.stringify, which overflows the worker's stack past a few
// thousand levels); deeper nesting goes as raw text, see `deepJson`.
const deep = fc
  .tuple(fc.constantFrom(50, 1_000), fc.constantFrom('array' as const, 'object' as const))
  .map(([d, k]) => nested(d, k));

/** `depth` levels of nesting as JSON text, for depths no JSON.stringify on this side survives. */
export function deepJson(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

// ── schema-driven refusals ─────────────────────────────────────────────────────────────────────

export type Where = 'json' | 'query' | 'path';
export interface Bad {
  value: unknown;
  why: string;
}

const bad =
  (why: string) =>
  (value: unknown): Bad => ({ value, why });

function typeOf(s: JsonSchema): JsonSchema['type'] | undefined {
  if (s.type) return s.type;
  if (s.enum?.every((v) => typeof v === 'string')) return 'string';
  return undefined;
}

const isDatePattern = (s: JsonSchema) =>
  s.format === 'date' || s.format === 'date-time' || (s.pattern ?? '').includes('\\d{4}-\\d{2}-\\d{2}');

/** A string the zod schema behind `s` refuses: judged both as given and trimmed. */
function refusedString(s: JsonSchema, v: string): boolean {
  const checks = [v, v.trim()];
  if (s.enum) return !s.enum.includes(v);
  if (
    s.maxLength !== undefined &&
    checks.every((x) => [...x].length > s.maxLength! && x.length > s.maxLength!)
  ) {
    return true;
  }
  // Raw length below the minimum: trimming only shortens it.
  if (s.minLength !== undefined && v.length < s.minLength) return true;
  if (s.pattern) {
    const re = new RegExp(s.pattern);
    if (checks.every((x) => !re.test(x))) return true;
  }
  return false;
}

function stringRefusals(s: JsonSchema, where: Where): fc.Arbitrary<Bad>[] {
  const out: fc.Arbitrary<Bad>[] = [];
  if (s.maxLength !== undefined) {
    const max = s.maxLength;
    out.push(
      fc
        .constantFrom('x', '锦', '🏠', "' OR 1=1 --", '<script>', '../')
        .chain((unit) =>
          fc
            .constantFrom(max + 1, max + 7, HUGE)
            .map((n) => unit.repeat(Math.ceil(n / Math.max(1, [...unit.trim()].length)))),
        )
        .filter((v) => refusedString(s, v))
        .map(bad(`longer than ${max}`)),
    );
  }
  if (s.minLength && s.minLength > 0) {
    const short = [...BLANK, 'a', '1a', '锦', '<', "'"].filter(
      (v) => v.length < s.minLength! && !(where === 'path' && v === ''),
    );
    if (short.length) out.push(fc.constantFrom(...short).map(bad(`shorter than ${s.minLength}`)));
  }
  if (s.pattern || s.enum) {
    const extra = (s.enum ?? []).flatMap((e) =>
      typeof e === 'string' ? [e.toUpperCase(), ` ${e}`, `${e}\u0000`] : [],
    );
    const ok = (v: string) => refusedString(s, v) && !(where === 'path' && v.trim() === '');
    // Refused constants in the mix, so that the filter always finds one soon.
    const refused = [...extra, 'not-a-uuid', ...HOSTILE_STRINGS].filter(ok);
    if (refused.length) {
      out.push(
        fc
          .oneof(hostileString, fc.constantFrom(...refused))
          .filter(ok)
          .map(bad(s.enum ? 'not one of the allowed values' : `does not match ${s.pattern}`)),
      );
    }
  }
  if (isDatePattern(s)) {
    // Two kinds: a day past the month's end (what Date rolls over silently), and no such month or day.
    out.push(
      fc.constantFrom('2026-02-30', '2025-02-29', '2026-04-31').map(bad('impossible date (past month end)')),
    );
    out.push(
      fc.constantFrom('2026-13-01', '0000-00-00', '2026-00-10', '9999-99-99').map(bad('impossible date')),
    );
  }
  if (where !== 'json') {
    // In a URL: longer than the router takes for one segment, and text that cannot be UTF-8.
    // (Kinds with no refused value are left out: a filter that never passes never ends.)
    const tooLong = ['x'.repeat(HUGE), '9'.repeat(400), '锦'.repeat(300)].filter((v) => refusedString(s, v));
    if (tooLong.length) out.push(fc.constantFrom(...tooLong).map(bad('too long for a URL')));
    const notUtf8 = ['\ud800', "' OR 1=1 --\udfff"].filter((v) => refusedString(s, v));
    if (notUtf8.length) out.push(fc.constantFrom(...notUtf8).map(bad('not valid UTF-8')));
  }
  return out;
}

function integerRefused(s: JsonSchema, n: number): boolean {
  if (!Number.isFinite(n)) return true;
  if (s.type === 'integer' && !Number.isInteger(n)) return true;
  if (s.minimum !== undefined && n < s.minimum) return true;
  if (s.maximum !== undefined && n > s.maximum) return true;
  return false;
}

function numberRefusals(s: JsonSchema, where: Where): fc.Arbitrary<Bad>[] {
  const edges = [
    ...(s.minimum !== undefined ? [s.minimum - 1, s.minimum - 0.5, s.minimum - 1e9] : []),
    ...(s.maximum !== undefined ? [s.maximum + 1, s.maximum + 0.5, s.maximum * 1e6 + 1] : []),
    1.5,
  ].filter((n) => integerRefused(s, n));
  if (where === 'json') {
    // An unbounded `number` refuses no finite number; its wrong types are covered elsewhere.
    if (edges.length === 0) return [];
    return [
      fc
        .oneof(hostileNumber, fc.constantFrom(...edges))
        .filter((n) => integerRefused(s, n))
        .map(bad('number out of range or not an integer')),
    ];
  }
  // Query and path values arrive as text and are coerced with Number(); 'abc' is always refused.
  return [
    fc
      .oneof(
        fc.oneof(hostileNumber, fc.constantFrom(...edges, 1.5)).map(String),
        fc.constantFrom(...NUMBER_LIKE, 'abc', '1,5', '1_000', '½', '', ' '),
        hostileString,
      )
      .filter((v) => integerRefused(s, Number(v)) && !(where === 'path' && v.trim() === ''))
      .map(bad('not a number in range')),
  ];
}

/** Values of another JSON type than the schema allows. */
function wrongTypes(s: JsonSchema): fc.Arbitrary<Bad> | null {
  const t = typeOf(s);
  if (!t) return null;
  const pool: unknown[] = [];
  if (t !== 'string') pool.push('12', '', 'true', "' OR 1=1 --");
  if (t !== 'number' && t !== 'integer') pool.push(0, -1, 1.5, 1e308);
  if (t !== 'boolean') pool.push(true, false);
  if (t !== 'array') pool.push([], ['x'], [null]);
  if (t !== 'object') pool.push({}, { $gt: '' });
  if (!s.nullable && t !== 'null') pool.push(null);
  const deepOk = t !== 'array' && t !== 'object';
  return fc
    .oneof({ weight: 4, arbitrary: fc.constantFrom(...pool) }, { weight: deepOk ? 1 : 0, arbitrary: deep })
    .map(bad(`wrong type for ${t}`));
}

/**
 * Values the schema refuses, one arbitrary per way of refusing (wrong type, too long, impossible
 * date, …); empty when it refuses nothing expressible in that position (an unconstrained query string).
 */
export function invalidFor(s: JsonSchema, where: Where): fc.Arbitrary<Bad>[] {
  const t = typeOf(s);
  const options: fc.Arbitrary<Bad>[] = [];
  if (where === 'json') {
    const w = wrongTypes(s);
    if (w) options.push(w);
  } else if (where === 'query' && t && t !== 'array') {
    // The same key twice arrives as an array where one value is expected.
    options.push(fc.constantFrom(['1', '2'], ['a', "' OR 1=1 --"]).map(bad('repeated')));
  }
  if (t === 'string') options.push(...stringRefusals(s, where));
  if (t === 'integer' || t === 'number') options.push(...numberRefusals(s, where));
  if (t === 'array' && where === 'json') {
    if (s.maxItems !== undefined) {
      const n = s.maxItems + 1;
      options.push(
        fc.constantFrom(n, n * 20).map((k) => bad(`more than ${s.maxItems} items`)(Array(k).fill('x'))),
      );
    }
    for (const item of s.items ? invalidFor(s.items, 'json') : []) {
      options.push(item.map((b) => ({ value: [b.value], why: `item: ${b.why}` })));
    }
  }
  return options;
}

/** `v` cut to the schema's length limit (in code points, never splitting one). */
export function fitTo(v: string, s: JsonSchema): string {
  return s.maxLength === undefined ? v : [...v].slice(0, s.maxLength).join('');
}

/**
 * Hostile values that may or may not be valid for `s`: free text (mostly cut to fit, so that it gets
 * past validation) and numbers (mostly in range, so that the other fields' text gets through).
 */
export function hostileFor(s: JsonSchema, where: Where): fc.Arbitrary<unknown> | null {
  const t = typeOf(s);
  if (t === 'string') {
    return fc.oneof(
      { weight: 3, arbitrary: hostileString.map((v) => fitTo(v, s)) },
      { weight: 1, arbitrary: hostileString },
    );
  }
  if (t === 'integer' || t === 'number') {
    const inRange = fc.integer({ min: s.minimum ?? -(2 ** 31), max: s.maximum ?? 2 ** 31 });
    const n = fc.oneof({ weight: 2, arbitrary: inRange }, { weight: 1, arbitrary: hostileNumber });
    return where === 'json' ? n : n.map(String);
  }
  return null;
}

/** A string field whose content is free text (no enum, format or pattern): where hostile text belongs. */
export function isFreeText(s: JsonSchema): boolean {
  return typeOf(s) === 'string' && !s.enum && !s.format && !s.pattern;
}
