import { sql } from 'drizzle-orm';
import type { Db } from '../../db/index.js';
import { createPiiCipher } from '../pii/index.js';
import { rows } from './catalog.js';

/**
 * Whether a key decrypts the personal data a database holds. The key is not in the database (nor in
 * any backup): restoring onto a machine with another key gives a database whose ID and phone numbers
 * nobody can read, and this is how the tools notice.
 */
export type KeyCheck = 'ok' | 'mismatch' | 'no-data';

export async function checkKey(db: Db, secretKey: string): Promise<KeyCheck> {
  const [{ t }] = await rows<{ t: string | null }>(db, sql`select to_regclass('public.users')::text as t`);
  if (!t) return 'no-data';
  const [sample] = await rows<{ v: string }>(
    db,
    sql`select phone_enc as v from public.users where phone_enc is not null limit 1`,
  );
  if (!sample) return 'no-data';
  try {
    createPiiCipher(secretKey).decrypt(sample.v);
    return 'ok';
  } catch {
    return 'mismatch';
  }
}
