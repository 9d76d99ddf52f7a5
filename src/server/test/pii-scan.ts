// A mainland mobile number or a citizen ID number standing on its own (not inside a longer run of
// letters and digits such as a UUID or a hash, where such digit runs occur by chance).
const MOBILE = /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/;
const CITIZEN_ID = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/;

/**
 * Fields that hold numbers published on purpose: a grid member's service phone is printed on the
 * service card and the estate's public board for residents to call. Nothing else is exempt.
 */
const PUBLISHED = new Set(['servicePhone']);

/** The first unmasked phone or ID number in a response body, with some context; null when there is none. */
export function personalDataIn(body: unknown): string | null {
  const text =
    typeof body === 'string'
      ? body
      : (JSON.stringify(body, (key, value) => (PUBLISHED.has(key) ? undefined : value)) ?? '');
  for (const [what, re] of [
    ['phone', MOBILE],
    ['citizen ID', CITIZEN_ID],
  ] as const) {
    const m = re.exec(text);
    if (m) return `${what} ${m[0]} in …${text.slice(Math.max(0, m.index - 60), m.index + 40)}…`;
  }
  return null;
}
