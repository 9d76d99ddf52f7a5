export type MobileResult = { ok: true; value: string } | { ok: false; message: string };

const MOBILE_MESSAGE = '手机号码格式不正确，应为 11 位手机号';

/**
 * Validate a mainland China mobile number. Spaces and hyphens are ignored and a leading
 * +86 / 0086 / 86 country prefix is dropped; the result is the bare 11-digit number.
 */
export function validateMobile(input: string): MobileResult {
  const compact = typeof input === 'string' ? input.replace(/[\s-]/g, '') : '';
  const m = /^(?:\+86|0086|86)?(1[3-9]\d{9})$/.exec(compact);
  if (!m) return { ok: false, message: MOBILE_MESSAGE };
  return { ok: true, value: m[1] };
}
