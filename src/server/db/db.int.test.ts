import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDriver } from '../test/harness.js';
import type { Database } from './index.js';
import { places } from './schema.js';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

/** Fails instead of hanging forever: a deadlock shows up as this rejection. */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  return Promise.race([
    work,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`still waiting after ${ms} ms: deadlock`)), ms),
    ),
  ]);
}

describe(`database handle (${testDriver})`, () => {
  it('inside a transaction, the outer handle is the transaction (on PGlite it would deadlock otherwise)', async () => {
    const { db } = database;
    const count = await within(
      5_000,
      db.transaction(async () => {
        // Deliberately the outer `db`, not the `tx` argument.
        const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(places);
        return n;
      }),
    );
    expect(count).toBeGreaterThan(100);
  });

  it('writes through the outer handle roll back with the transaction', async () => {
    const { db } = database;
    const [street] = await db.select().from(places).where(eq(places.kind, 'street'));
    await expect(
      within(
        5_000,
        db.transaction(async () => {
          await db.update(places).set({ name: '临时名称' }).where(eq(places.id, street.id));
          throw new Error('roll back');
        }),
      ),
    ).rejects.toThrow('roll back');
    const [after] = await db.select().from(places).where(eq(places.id, street.id));
    expect(after.name).toBe('古南街道');
  });

  it('nested transactions are savepoints: an inner failure leaves the outer work', async () => {
    const { db } = database;
    const [street] = await db.select().from(places).where(eq(places.kind, 'street'));
    await db.transaction(async () => {
      await db.update(places).set({ sortOrder: 7 }).where(eq(places.id, street.id));
      await db
        .transaction(async () => {
          await db.update(places).set({ name: '内层' }).where(eq(places.id, street.id));
          throw new Error('inner');
        })
        .catch(() => {});
    });
    const [after] = await db.select().from(places).where(eq(places.id, street.id));
    expect(after.sortOrder).toBe(7);
    expect(after.name).toBe('古南街道');
  });

  it('concurrent requests outside a transaction wait for it instead of interleaving', async () => {
    const { db } = database;
    const [street] = await db.select().from(places).where(eq(places.kind, 'street'));
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const tx = db.transaction(async () => {
      await db.update(places).set({ code: 'GN-TX' }).where(eq(places.id, street.id));
      await gate;
      await db.update(places).set({ code: 'GN' }).where(eq(places.id, street.id));
    });
    const reader = db.select({ code: places.code }).from(places).where(eq(places.id, street.id));
    setTimeout(release, 50);
    const [[row]] = await within(5_000, Promise.all([reader, tx]));
    // Whatever the reader saw, it is never the transaction's intermediate state.
    expect(row.code).toBe('GN');
  });
});
