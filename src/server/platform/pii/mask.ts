/**
 * Display masking for personal data. All functions accept anything (null/undefined
 * from loosely typed rows included), return '' for empty input and never throw.
 * They work on Unicode code points, so rare characters outside the BMP count as one.
 */

type MaybeString = string | null | undefined;

function chars(v: MaybeString): string[] {
  if (typeof v !== 'string') return [];
  return Array.from(v.trim());
}

/** Keep `head` leading and `tail` trailing characters, star the rest (length preserved). */
function keepEnds(cs: string[], head: number, tail: number): string {
  if (head + tail >= cs.length) return '*'.repeat(cs.length);
  return (
    cs.slice(0, head).join('') + '*'.repeat(cs.length - head - tail) + cs.slice(cs.length - tail).join('')
  );
}

/** Keep up to `head`/`tail` characters but reveal at most a third of the value. */
function keepEndsWithinThird(cs: string[], head: number, tail: number): string {
  const budget = Math.floor(cs.length / 3);
  const h = Math.min(head, Math.ceil(budget / 2));
  const t = Math.min(tail, budget - h);
  return keepEnds(cs, h, t);
}

/**
 * 18-character IDs: first 6 + `********` + last 4 (`500222********123X`).
 * Other lengths: up to first 3 / last 2, never more than a third of the characters.
 */
export function maskIdNumber(v: MaybeString): string {
  const cs = chars(v);
  if (cs.length === 0) return '';
  if (cs.length === 18) return keepEnds(cs, 6, 4);
  return keepEndsWithinThird(cs, 3, 2);
}

/**
 * 11-digit mainland mobiles: `138****8000` (spaces, hyphens and a +86/0086 prefix are ignored).
 * Other numbers (separators removed): first 3 and last 2 when at least 7 characters long, otherwise at
 * most a third revealed.
 */
export function maskPhone(v: MaybeString): string {
  const cs = chars(v);
  if (cs.length === 0) return '';
  const compact = cs.join('').replace(/[\s-]/g, '');
  const mobile = /^(?:\+86|0086|86)?(1\d{10})$/.exec(compact);
  if (mobile) return keepEnds(Array.from(mobile[1]), 3, 4);
  const digits = Array.from(compact);
  return digits.length >= 7 ? keepEnds(digits, 3, 2) : keepEndsWithinThird(digits, 3, 2);
}

/** Names: first character kept, one `*` per remaining character (`张*`, `欧阳**`); a single character → `*`. */
export function maskName(v: MaybeString): string {
  const cs = chars(v);
  if (cs.length === 0) return '';
  if (cs.length === 1) return '*';
  return cs[0] + '*'.repeat(cs.length - 1);
}
