import { pinyin } from 'pinyin-pro';
import type { PiiCipher } from '../../platform/pii/index.js';
import { maskIdNumber, maskPhone } from '../../platform/pii/index.js';

/** The 1- and 2-character grams of a name: what the GIN index holds and a search must contain. */
export function nameGrams(name: string): string[] {
  const cs = Array.from(name.toLowerCase().replace(/\s+/g, ''));
  const grams = new Set<string>(cs);
  for (let i = 0; i + 1 < cs.length; i++) grams.add(cs[i] + cs[i + 1]);
  return [...grams];
}

/** Grams a search term must all be present for (its 2-character grams; a single character itself). */
export function queryGrams(q: string): string[] {
  const cs = Array.from(q.toLowerCase().replace(/\s+/g, ''));
  if (cs.length <= 1) return cs;
  const grams = new Set<string>();
  for (let i = 0; i + 1 < cs.length; i++) grams.add(cs[i] + cs[i + 1]);
  return [...grams];
}

/** Full pinyin and initials, surname readings first (单 → shan, 曾 → zeng), ü as v. */
export function namePinyin(name: string): { full: string; initials: string } {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head', v: true });
  const letters = syllables.map((s) => s.toLowerCase().replace(/[^a-z]/g, ''));
  return { full: letters.join(''), initials: letters.map((s) => s[0] ?? '').join('') };
}

export function nameFields(name: string) {
  const { full, initials } = namePinyin(name);
  return { nameGrams: nameGrams(name), namePinyin: full, nameInitials: initials };
}

/**
 * ID tails people quote, shortest to longest. A longer tail typed into the search box is looked up
 * by its last ID_TAIL_MAX characters: eight characters already single out one person in ~10⁸, and
 * each stored tail costs an HMAC at every write (imports of 100,000 people feel it).
 */
export const ID_TAIL_MIN = 4;
export const ID_TAIL_MAX = 8;

/** Blind-index keys for search: the full ID and phone, and the tails people quote (last 4+ digits). */
export function piiKeys(pii: PiiCipher, idNumber: string | null, phone: string | null): string[] {
  const keys: string[] = [];
  if (idNumber) {
    keys.push(pii.blindIndex('id', idNumber));
    for (let n = ID_TAIL_MIN; n <= Math.min(ID_TAIL_MAX, idNumber.length - 1); n++) {
      keys.push(pii.blindIndex('idtail', idNumber.slice(-n)));
    }
  }
  if (phone) {
    keys.push(pii.blindIndex('phone', phone));
    keys.push(pii.blindIndex('phonetail', phone.slice(-4)));
  }
  return keys;
}

/** The stored personal-data columns of a person (encrypted, indexed, masked). */
export function personPii(pii: PiiCipher, idNumber: string | null, phone: string | null) {
  return {
    idEnc: idNumber ? pii.encrypt(idNumber) : null,
    idIndex: idNumber ? pii.blindIndex('id', idNumber) : null,
    idMasked: idNumber ? maskIdNumber(idNumber) : null,
    phoneEnc: phone ? pii.encrypt(phone) : null,
    phoneMasked: phone ? maskPhone(phone) : null,
    piiKeys: piiKeys(pii, idNumber, phone),
  };
}

/** What a digit search may mean: the keys to look for. */
export function piiQueryKeys(pii: PiiCipher, digits: string): string[] {
  const d = digits.toUpperCase();
  const keys: string[] = [];
  if (d.length === 18 || d.length === 15) keys.push(pii.blindIndex('id', d));
  if (/^1\d{10}$/.test(d)) keys.push(pii.blindIndex('phone', d));
  if (d.length >= ID_TAIL_MIN && d.length < 18) keys.push(pii.blindIndex('idtail', d.slice(-ID_TAIL_MAX)));
  if (d.length === 4) keys.push(pii.blindIndex('phonetail', d));
  return keys;
}

const FULL_WIDTH = /[\uFF01-\uFF5E]/g;
const toHalfWidth = (s: string) =>
  s.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');

/** '3栋' / '3号楼' / '3幢' / '3' → '3'; anything without a number keeps its name. */
export function buildingNo(name: string): string {
  const m = /(\d+)/.exec(toHalfWidth(name));
  return m ? String(Number(m[1])) : name.trim();
}

export function addressKey(building: string, unit: string, number: string): string {
  return `${buildingNo(building)}-${buildingNo(unit)}-${number.trim().toUpperCase()}`;
}

/**
 * An address typed the Chinese way ('3栋2单元501', '3-2-501', '3号楼2单元501室', '3栋') as an
 * address-key prefix, or null when the text is not an address.
 */
export function addressQuery(q: string): { key: string; exact: boolean } | null {
  const s = toHalfWidth(q).replace(/\s+/g, '').toUpperCase();
  let m = /^(\d+)[-－—](\d+)[-－—]([A-Z]?\d+[A-Z]?)室?$/.exec(s);
  if (m) return { key: `${Number(m[1])}-${Number(m[2])}-${m[3]}`, exact: true };
  m = /^(\d+)(?:栋|号楼|幢|座|号)(?:(\d+)单元(?:([A-Z]?\d+[A-Z]?)(?:室|号)?)?)?$/.exec(s);
  if (!m) return null;
  if (m[3]) return { key: `${Number(m[1])}-${Number(m[2])}-${m[3]}`, exact: true };
  if (m[2]) return { key: `${Number(m[1])}-${Number(m[2])}-`, exact: false };
  return { key: `${Number(m[1])}-`, exact: false };
}

/** What kind of search a query box entry is. */
export type SearchKind =
  | { kind: 'address'; key: string; exact: boolean }
  | { kind: 'digits'; digits: string }
  | { kind: 'pinyin'; letters: string }
  | { kind: 'name'; text: string };

export function classifyQuery(raw: string): SearchKind {
  const q = toHalfWidth(raw).trim();
  const address = addressQuery(q);
  if (address) return { kind: 'address', ...address };
  const compact = q.replace(/[\s-]/g, '');
  if (/^\d{3,17}[\dXx]?$/.test(compact)) return { kind: 'digits', digits: compact.toUpperCase() };
  if (/^[A-Za-z]+$/.test(compact)) return { kind: 'pinyin', letters: compact.toLowerCase() };
  return { kind: 'name', text: q.replace(/\s+/g, '') };
}
