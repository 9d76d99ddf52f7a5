import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Field-level encryption for personal data (身份证号、手机号 …).
 *
 * - `encrypt`/`decrypt`: AES-256-GCM, random 96-bit IV per value, stored as
 *   `v1.<iv>.<tag>.<ciphertext>` (each part base64url without padding).
 * - `blindIndex`: keyed HMAC-SHA256 so equality lookups work on an indexed column
 *   without storing the plain value. Callers normalise the value first
 *   (e.g. `validateCitizenId(x).value`, `validateMobile(x).value`).
 *
 * The two keys are derived from one secret with HKDF-SHA256 and distinct `info`
 * strings, so knowing the index key reveals nothing about the encryption key.
 */
export interface PiiCipher {
  /** Encrypt a UTF-8 string; every call yields a different token. */
  encrypt(plain: string): string;
  /** Decrypt a token produced by `encrypt`; throws on bad format, wrong key or tampering. */
  decrypt(stored: string): string;
  /** Deterministic lower-case hex HMAC of `${kind}:${value}` under the index key. */
  blindIndex(kind: string, value: string): string;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
/** Minimum secret length; a 64-hex-char (256-bit) secret is recommended. */
const MIN_SECRET_CHARS = 32;
const B64URL = /^[A-Za-z0-9_-]*$/;
/** Kinds are programmer-chosen constants; restricting them keeps `${kind}:` unambiguous. */
const KIND = /^[a-z][a-z0-9_-]*$/;

function deriveKey(secret: string, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), info, KEY_BYTES));
}

function decodePart(part: string, name: string, expectedBytes?: number): Buffer {
  if (!B64URL.test(part)) throw new Error(`PII decrypt failed: ${name} is not base64url`);
  const buf = Buffer.from(part, 'base64url');
  // Reject non-canonical encodings (e.g. altered padding bits) so every accepted token is exactly one we made.
  if (buf.toString('base64url') !== part)
    throw new Error(`PII decrypt failed: ${name} is not canonical base64url`);
  if (expectedBytes !== undefined && buf.length !== expectedBytes) {
    throw new Error(`PII decrypt failed: ${name} must be ${expectedBytes} bytes, got ${buf.length}`);
  }
  return buf;
}

export function createPiiCipher(secret: string): PiiCipher {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_CHARS) {
    throw new Error(
      `PII secret must be a high-entropy string of at least ${MIN_SECRET_CHARS} characters (e.g. 64 hex chars)`,
    );
  }
  const encKey = deriveKey(secret, 'anju/pii/enc');
  const indexKey = deriveKey(secret, 'anju/pii/index');

  return {
    encrypt(plain: string): string {
      if (typeof plain !== 'string') throw new TypeError('PII encrypt expects a string');
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv, { authTagLength: TAG_BYTES });
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [
        VERSION,
        iv.toString('base64url'),
        tag.toString('base64url'),
        ciphertext.toString('base64url'),
      ].join('.');
    },

    decrypt(stored: string): string {
      if (typeof stored !== 'string') throw new Error('PII decrypt failed: value is not a string');
      const parts = stored.split('.');
      if (parts.length !== 4) {
        throw new Error('PII decrypt failed: expected format v1.<iv>.<tag>.<ciphertext>');
      }
      const [version, ivPart, tagPart, ctPart] = parts;
      if (version !== VERSION) throw new Error(`PII decrypt failed: unsupported version "${version}"`);
      const iv = decodePart(ivPart, 'iv', IV_BYTES);
      const tag = decodePart(tagPart, 'tag', TAG_BYTES);
      const ciphertext = decodePart(ctPart, 'ciphertext');
      try {
        const decipher = createDecipheriv('aes-256-gcm', encKey, iv, { authTagLength: TAG_BYTES });
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
      } catch {
        throw new Error('PII decrypt failed: authentication failed (wrong key or tampered data)');
      }
    },

    blindIndex(kind: string, value: string): string {
      if (typeof kind !== 'string' || !KIND.test(kind)) {
        throw new Error(`PII blind index kind must match ${KIND}, got "${String(kind)}"`);
      }
      if (typeof value !== 'string') throw new TypeError('PII blind index value must be a string');
      return createHmac('sha256', indexKey).update(`${kind}:${value}`, 'utf8').digest('hex');
    },
  };
}
