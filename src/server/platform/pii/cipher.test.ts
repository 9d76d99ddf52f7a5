import { createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPiiCipher } from './cipher.js';

const SECRET = '0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff';
const OTHER_SECRET = 'ffeeddccbbaa99887766554433221100f0e1d2c3b4a5968778695a4b3c2d1e0f';

const TOKEN = /^v1\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]*)$/;

function derive(secret: string, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), info, 32));
}

/** Replace part `index` (1 = iv, 2 = tag, 3 = ciphertext) with its bytes after `mutate`. */
function mutatePart(token: string, index: number, mutate: (b: Buffer) => Buffer): string {
  const parts = token.split('.');
  parts[index] = mutate(Buffer.from(parts[index], 'base64url')).toString('base64url');
  return parts.join('.');
}

function flipFirstByte(b: Buffer): Buffer {
  const c = Buffer.from(b);
  c[0] ^= 0x01;
  return c;
}

describe('createPiiCipher', () => {
  it('rejects a missing or short secret', () => {
    expect(() => createPiiCipher('')).toThrow(/secret/);
    expect(() => createPiiCipher('too-short')).toThrow(/secret/);
  });

  describe('encrypt / decrypt', () => {
    const cipher = createPiiCipher(SECRET);

    it.each([
      '11010519491231002X',
      '13800138000',
      '重庆市渝中区解放碑街道 3 栋 2 单元 501',
      '',
      '𠮷野家 🚓',
      'x'.repeat(10_000),
    ])('round-trips %#', (plain) => {
      const stored = cipher.encrypt(plain);
      expect(stored).toMatch(TOKEN);
      expect(cipher.decrypt(stored)).toBe(plain);
    });

    it('uses a fresh IV each time and does not leak the plaintext', () => {
      const a = cipher.encrypt('13800138000');
      const b = cipher.encrypt('13800138000');
      expect(a).not.toBe(b);
      expect(a.split('.')[1]).not.toBe(b.split('.')[1]);
      expect(a).not.toContain('13800138000');
      expect(Buffer.from(a.split('.')[3], 'base64url').toString('utf8')).not.toBe('13800138000');
    });

    it('produces AES-256-GCM with the HKDF "anju/pii/enc" key (interoperable format)', () => {
      const stored = cipher.encrypt('张三');
      const [, iv, tag, ct] = TOKEN.exec(stored)!;
      const decipher = createDecipheriv(
        'aes-256-gcm',
        derive(SECRET, 'anju/pii/enc'),
        Buffer.from(iv, 'base64url'),
      );
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const plain = Buffer.concat([
        decipher.update(Buffer.from(ct, 'base64url')),
        decipher.final(),
      ]).toString();
      expect(plain).toBe('张三');
    });

    it('decrypts with a second instance built from the same secret', () => {
      expect(createPiiCipher(SECRET).decrypt(cipher.encrypt('李四'))).toBe('李四');
    });

    it('rejects a different key', () => {
      const stored = cipher.encrypt('13800138000');
      expect(() => createPiiCipher(OTHER_SECRET).decrypt(stored)).toThrow(/wrong key or tampered/);
    });

    it.each([
      ['iv', 1],
      ['tag', 2],
      ['ciphertext', 3],
    ])('rejects a tampered %s', (_name, index) => {
      const stored = cipher.encrypt('13800138000');
      const tampered = mutatePart(stored, index, flipFirstByte);
      expect(tampered).not.toBe(stored);
      expect(() => cipher.decrypt(tampered)).toThrow(/wrong key or tampered/);
    });

    it('rejects a truncated or extended ciphertext and a ciphertext spliced from another token', () => {
      const stored = cipher.encrypt('13800138000');
      const shorter = mutatePart(stored, 3, (b) => b.subarray(0, b.length - 1));
      const longer = mutatePart(stored, 3, (b) => Buffer.concat([b, Buffer.from([0])]));
      const other = cipher.encrypt('13900139000').split('.');
      const spliced = [...stored.split('.').slice(0, 3), other[3]].join('.');
      for (const bad of [shorter, longer, spliced]) expect(() => cipher.decrypt(bad)).toThrow(/tampered/);
    });

    it('rejects a non-canonical base64url part (altered padding bits)', () => {
      const stored = cipher.encrypt('a');
      const parts = stored.split('.');
      const tag = parts[2];
      // 16 bytes → 22 chars; the last char carries 4 unused bits, so bumping it by one decodes to the same bytes.
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const last = alphabet.indexOf(tag[21]);
      parts[2] = tag.slice(0, 21) + alphabet[last ^ 1];
      expect(Buffer.from(parts[2], 'base64url').equals(Buffer.from(tag, 'base64url'))).toBe(true);
      expect(() => cipher.decrypt(parts.join('.'))).toThrow(/canonical/);
    });

    it.each([
      ['empty string', ''],
      ['plain text', '13800138000'],
      ['too few parts', 'v1.abc.def'],
      ['too many parts', 'v1.a.b.c.d'],
      ['unknown version', 'v2.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.AA'],
      ['iv of wrong length', 'v1.AAAA.AAAAAAAAAAAAAAAAAAAAAA.AA'],
      ['tag of wrong length', 'v1.AAAAAAAAAAAAAAAA.AAAA.AA'],
      ['standard base64 characters', 'v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.A+/='],
    ])('rejects bad format: %s', (_name, bad) => {
      expect(() => cipher.decrypt(bad)).toThrow(/^PII decrypt failed/);
    });
  });

  describe('blindIndex', () => {
    const cipher = createPiiCipher(SECRET);

    it('is a deterministic HMAC-SHA256 hex of kind:value under the HKDF "anju/pii/index" key', () => {
      const expected = createHmac('sha256', derive(SECRET, 'anju/pii/index'))
        .update('phone:13800138000')
        .digest('hex');
      expect(cipher.blindIndex('phone', '13800138000')).toBe(expected);
      expect(createPiiCipher(SECRET).blindIndex('phone', '13800138000')).toBe(expected);
      expect(expected).toMatch(/^[0-9a-f]{64}$/);
    });

    it('uses a key independent of the encryption key', () => {
      const withEncKey = createHmac('sha256', derive(SECRET, 'anju/pii/enc'))
        .update('phone:13800138000')
        .digest('hex');
      expect(cipher.blindIndex('phone', '13800138000')).not.toBe(withEncKey);
    });

    it('separates kinds, values and secrets', () => {
      const base = cipher.blindIndex('phone', '110105194912310020');
      expect(cipher.blindIndex('idno', '110105194912310020')).not.toBe(base);
      expect(cipher.blindIndex('phone', '110105194912310021')).not.toBe(base);
      expect(createPiiCipher(OTHER_SECRET).blindIndex('phone', '110105194912310020')).not.toBe(base);
    });

    it('rejects kinds that could make kind:value ambiguous', () => {
      // Without this, ('a:b', 'c') and ('a', 'b:c') would hash the same string.
      expect(() => cipher.blindIndex('a:b', 'c')).toThrow(/kind/);
      expect(() => cipher.blindIndex('', 'c')).toThrow(/kind/);
      expect(() => cipher.blindIndex('Phone', 'c')).toThrow(/kind/);
      expect(cipher.blindIndex('a', 'b:c')).toMatch(/^[0-9a-f]{64}$/);
    });
  });
});
