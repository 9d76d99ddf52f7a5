import { randomBytes } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, loadDemo } from '../../../../demo/index.js';
import { buildApp, createServices } from '../../app.js';
import { type Database, openPglite, openPostgres } from '../../db/index.js';
import { syncBuiltinRoles } from '../../modules/org/service.js';
import { withDatabase } from '../../test/global-setup.js';
import { openTestDatabase, testDriver } from '../../test/harness.js';
import { TEST_SECRET_KEY } from '../../test/secret.js';
import { MAGIC, type Manifest } from './archive.js';
import {
  backupEmbedded,
  backupOpenPglite,
  backupPostgres,
  embeddedDir,
  fingerprint,
  migrateDatabase,
  migrateToPostgres,
  restoreEmbedded,
  restorePostgres,
} from './backup.js';
import { OpsError } from './errors.js';
import { compareFingerprints, type Fingerprint } from './fingerprint.js';
import {
  compareWithCode,
  journalEntries,
  migrateToLevel,
  type SchemaLevel,
  schemaLevel,
} from './schema-level.js';

const serverUrl = process.env.TEST_DATABASE_URL;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'anju-backup-test-'));
const createdDatabases: string[] = [];

afterAll(async () => {
  rmSync(scratch, { recursive: true, force: true });
  if (createdDatabases.length === 0) return;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  for (const name of createdDatabases) await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
});

const newPath = (name: string) => path.join(scratch, `${name}-${randomBytes(4).toString('hex')}`);

/** A new, empty database on the test server (dropped after the file). */
async function freshPostgres(): Promise<string> {
  const name = `anju_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  createdDatabases.push(name);
  return withDatabase(serverUrl!, name);
}

/**
 * Advances the login_attempts id sequence (and leaves a gap), so that a round trip has a sequence
 * position to get right.
 */
async function advanceSequence(database: Database): Promise<void> {
  await database.db.execute(sql`insert into login_attempts (ip, username, success, at)
    values ('10.0.0.1', 'jiedao', false, now()), ('10.0.0.1', 'jiedao', true, now()), ('10.0.0.2', 'x', false, now())`);
  await database.db.execute(sql`delete from login_attempts where username = 'x'`);
}

/**
 * An installation's data directory holding the demo street (the embedded default after first start),
 * and its fingerprint. Built once per file, then copied: a file copy costs far less than opening PGlite.
 */
let template: Promise<{ dataDir: string; before: Fingerprint }> | undefined;
async function demoDataDir(): Promise<{ dataDir: string; before: Fingerprint }> {
  template ??= buildDemoDataDir();
  const { dataDir, before } = await template;
  const copy = newPath('data');
  cpSync(dataDir, copy, { recursive: true });
  return { dataDir: copy, before };
}

async function buildDemoDataDir(): Promise<{ dataDir: string; before: Fingerprint }> {
  const dataDir = newPath('template');
  let database: Database;
  if (testDriver === 'pglite') {
    // The run's demo snapshot, written into a directory.
    const memory = await openTestDatabase();
    const tarball = await memory.dump!();
    await memory.close();
    database = await openPglite(embeddedDir(dataDir), tarball);
  } else {
    database = await openPglite(embeddedDir(dataDir));
    await database.migrate();
    await syncBuiltinRoles(database.db);
    await loadDemo(createServices({ database, secretKey: TEST_SECRET_KEY }));
  }
  await advanceSequence(database);
  const before = await fingerprint(database.db);
  await database.close();
  return { dataDir, before };
}

/** An in-memory PGlite without any schema: the demo snapshot emptied (faster than a new initdb). */
async function emptyPglite(): Promise<Database> {
  const demo = await openTestDatabase();
  const tarball = await demo.dump!();
  await demo.close();
  const database = await openPglite(undefined, tarball);
  await database.db.execute(sql`drop schema drizzle cascade`);
  await database.db.execute(sql`drop schema public cascade`);
  await database.db.execute(sql`create schema public`);
  return database;
}

async function withEmbedded<T>(dataDir: string, fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openPglite(embeddedDir(dataDir));
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

async function withPostgres<T>(url: string, fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openPostgres(url, { max: 2 });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

async function streetName(database: Database): Promise<string> {
  const r = (await database.db.execute(sql`select name from places where kind = 'street'`)) as unknown as {
    rows: { name: string }[];
  };
  return r.rows[0].name;
}

async function renameStreet(database: Database, name: string): Promise<void> {
  await database.db.execute(sql`update places set name = ${name} where kind = 'street'`);
}

function rewriteManifest(file: string, change: (m: Manifest) => void): void {
  const bytes = readFileSync(file);
  const first = bytes.indexOf(0x0a);
  const second = bytes.indexOf(0x0a, first + 1);
  const manifest = JSON.parse(bytes.subarray(first + 1, second).toString('utf8')) as Manifest;
  change(manifest);
  writeFileSync(
    file,
    Buffer.concat([Buffer.from(`${MAGIC}\n${JSON.stringify(manifest)}\n`), bytes.subarray(second + 1)]),
  );
}

async function rejection(work: Promise<unknown>): Promise<OpsError> {
  const err = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OpsError);
  return err as OpsError;
}

// Each case copies the whole demo street (some 11,000 people) at least twice.
describe(`backup and restore (${testDriver})`, { timeout: 180_000 }, () => {
  it(`round trip on ${testDriver}: identical fingerprints, and a row changed after the backup is gone`, async () => {
    const out = newPath('round-trip.bak');
    if (testDriver === 'pglite') {
      const { dataDir, before } = await demoDataDir();
      const backup = await backupEmbedded(dataDir, out);
      expect(backup.manifest.kind).toBe('pglite');
      expect(backup.manifest.fingerprint).toEqual(before);
      expect(before.tables.places.rows).toBeGreaterThan(100);
      expect(before.sequences.login_attempts_id_seq).toEqual({ lastValue: '3', isCalled: true });

      const after = await withEmbedded(dataDir, async (d) => {
        await renameStreet(d, '改过的街道');
        return fingerprint(d.db);
      });
      // The fingerprint notices the change: the restore's equality below is not vacuous.
      expect(compareFingerprints(before, after)).toEqual([
        `表 places：行数相同（${before.tables.places.rows}），但内容校验值不同`,
      ]);

      const target = newPath('target');
      const restored = await restoreEmbedded(out, target, { secretKey: TEST_SECRET_KEY });
      expect(restored.fingerprint).toEqual(before);
      expect(restored.key).toBe('ok');
      await withEmbedded(target, async (d) => {
        expect(await fingerprint(d.db)).toEqual(before);
        expect(await streetName(d)).toBe('古南街道');
        // …and the restored directory carries its sequence on from where it was.
        const r = (await d.db.execute(
          sql`select nextval('login_attempts_id_seq')::text as v`,
        )) as unknown as {
          rows: { v: string }[];
        };
        expect(r.rows[0].v).toBe('4');
      });
    } else {
      const source = await openTestDatabase();
      try {
        await advanceSequence(source);
        const before = await fingerprint(source.db);
        const backup = await backupPostgres(source.url!, out);
        expect(backup.manifest.kind).toBe('pg_dump');
        expect(backup.manifest.source.tool).toMatch(/^pg_dump \d+/);
        expect(backup.manifest.fingerprint).toEqual(before);
        await renameStreet(source, '改过的街道');
        expect(compareFingerprints(before, await fingerprint(source.db))).toHaveLength(1);

        const target = await freshPostgres();
        const restored = await restorePostgres(out, target, { secretKey: TEST_SECRET_KEY });
        expect(restored.fingerprint).toEqual(before);
        expect(restored.key).toBe('ok');
        await withPostgres(target, async (d) => {
          expect(await streetName(d)).toBe('古南街道');
          expect(await fingerprint(d.db)).toEqual(before);
        });
        expect(await streetName(source)).toBe('改过的街道');
      } finally {
        await source.close();
      }
    }
  });

  it('restore refuses a target that holds data unless forced, then replaces it', async () => {
    const out = newPath('force.bak');
    if (testDriver === 'pglite') {
      const { dataDir } = await demoDataDir();
      // This time from an open instance that has just written (what a server-side caller would do):
      // the restored sequence must be where it was, not 32 further on as after a WAL replay.
      const backup = await withEmbedded(dataDir, async (d) => {
        await advanceSequence(d);
        return backupOpenPglite(d, out);
      });
      expect(backup.manifest.fingerprint.sequences.login_attempts_id_seq.lastValue).toBe('6');
      await withEmbedded(dataDir, (d) => renameStreet(d, '改过的街道'));

      const refused = await rejection(restoreEmbedded(out, dataDir));
      expect(refused.code).toBe('TARGET_NOT_EMPTY');
      expect(await withEmbedded(dataDir, streetName)).toBe('改过的街道');

      const forced = await restoreEmbedded(out, dataDir, { force: true });
      expect(forced.fingerprint).toEqual(backup.manifest.fingerprint);
      expect(await withEmbedded(dataDir, streetName)).toBe('古南街道');
      // The replaced database is kept, renamed, not deleted.
      expect(forced.movedAside).toBeDefined();
      const kept = await openPglite(forced.movedAside!);
      try {
        expect(await streetName(kept)).toBe('改过的街道');
      } finally {
        await kept.close();
      }
    } else {
      const source = await openTestDatabase();
      try {
        const backup = await backupPostgres(source.url!, out);
        await renameStreet(source, '改过的街道');

        const refused = await rejection(restorePostgres(out, source.url!));
        expect(refused.code).toBe('TARGET_NOT_EMPTY');
        expect(refused.message).toContain('--force');
        expect(await streetName(source)).toBe('改过的街道');

        const forced = await restorePostgres(out, source.url!, { force: true });
        expect(forced.fingerprint).toEqual(backup.manifest.fingerprint);
        await withPostgres(source.url!, async (d) => expect(await streetName(d)).toBe('古南街道'));
      } finally {
        await source.close();
      }
    }
  });

  it(
    testDriver === 'postgres'
      ? 'logical fallback on PostgreSQL (no usable pg_dump): round trip to PostgreSQL and to PGlite'
      : 'logical archive on PGlite (the pg_dump-less PostgreSQL path runs in the postgres project): round trip',
    async () => {
      const out = newPath('logical.bak');
      if (testDriver === 'postgres') {
        const source = await openTestDatabase();
        try {
          await advanceSequence(source);
          const before = await fingerprint(source.db);

          // A pg_dump older than the server is detected and not used…
          const oldTool = newPath('pg_dump');
          writeFileSync(oldTool, '#!/bin/sh\necho "pg_dump (PostgreSQL) 9.6.24"\n');
          chmodSync(oldTool, 0o755);
          const old = await backupPostgres(source.url!, newPath('old-tool.bak'), { pgDump: oldTool });
          expect(old.manifest.kind).toBe('logical');
          expect(old.manifest.source.note).toContain('9.6');

          // …and a missing one too.
          const backup = await backupPostgres(source.url!, out, { pgDump: '/nonexistent/pg_dump' });
          expect(backup.manifest.kind).toBe('logical');
          expect(backup.manifest.source.note).toContain('没有可用的 pg_dump');
          expect(backup.manifest.fingerprint).toEqual(before);
          await renameStreet(source, '改过的街道');

          const target = await freshPostgres();
          const restored = await restorePostgres(out, target);
          expect(restored.fingerprint).toEqual(before);
          expect(restored.rows).toBe(Object.values(before.tables).reduce((n, t) => n + t.rows, 0));
          await withPostgres(target, async (d) => {
            expect(await streetName(d)).toBe('古南街道');
            expect(await fingerprint(d.db)).toEqual(before);
          });

          // The same archive restores into the embedded database (PostgreSQL 15 text read by 18).
          const dataDir = newPath('from-pg');
          const embedded = await restoreEmbedded(out, dataDir, { secretKey: TEST_SECRET_KEY });
          expect(embedded.fingerprint).toEqual(before);
          expect(embedded.key).toBe('ok');
        } finally {
          await source.close();
        }
      } else {
        const { dataDir, before } = await demoDataDir();
        const backup = await backupEmbedded(dataDir, out, { format: 'logical' });
        expect(backup.manifest.kind).toBe('logical');
        expect(backup.manifest.fingerprint).toEqual(before);
        await withEmbedded(dataDir, (d) => renameStreet(d, '改过的街道'));

        const target = newPath('target');
        const restored = await restoreEmbedded(out, target);
        expect(restored.fingerprint).toEqual(before);
        await withEmbedded(target, async (d) => {
          expect(await streetName(d)).toBe('古南街道');
          expect(await fingerprint(d.db)).toEqual(before);
        });
      }
    },
  );

  it('a damaged file or a manifest that does not match is refused, and the target is left as it was', async () => {
    const out = newPath('damaged.bak');
    if (testDriver === 'pglite') {
      const { dataDir } = await demoDataDir();
      await backupEmbedded(dataDir, out);
    } else {
      const source = await openTestDatabase();
      try {
        await backupPostgres(source.url!, out, { pgDump: '/nonexistent/pg_dump' });
      } finally {
        await source.close();
      }
    }
    const good = readFileSync(out);

    // One flipped byte in the data: refused before anything is written.
    const flipped = Buffer.from(good);
    flipped[flipped.length - 100] ^= 0xff;
    writeFileSync(out, flipped);
    const target = testDriver === 'pglite' ? newPath('target') : await freshPostgres();
    const restore = () =>
      testDriver === 'pglite' ? restoreEmbedded(out, target, { force: true }) : restorePostgres(out, target);
    expect((await rejection(restore())).code).toBe('ARCHIVE_DAMAGED');

    // A manifest whose checksums do not match the data: the restore runs, the comparison fails, and
    // the target is rolled back (PostgreSQL: one transaction) or removed (PGlite directory).
    writeFileSync(out, good);
    rewriteManifest(out, (m) => {
      m.fingerprint.tables.places.md5 = '0'.repeat(32);
    });
    const failed = await rejection(restore());
    expect(failed.code).toBe('VERIFY_FAILED');
    expect(failed.details).toEqual([expect.stringContaining('表 places')]);
    if (testDriver === 'pglite') {
      expect(existsSync(embeddedDir(target))).toBe(false);
    } else {
      await withPostgres(target, async (d) => {
        const r = (await d.db.execute(sql`select to_regclass('public.users')::text as t`)) as unknown as {
          rows: { t: string | null }[];
        };
        // Migrated, but not one row kept: the load rolled back.
        expect(r.rows[0].t).toBe('users');
        expect(Object.values((await fingerprint(d.db)).tables).every((t) => t.rows === 0)).toBe(true);
      });
    }
  });

  it('a backup taken at an older schema level restores at that level; the next start migrates the rest', async () => {
    const [first] = journalEntries();
    const older: SchemaLevel = { applied: 1, last: first.tag, lastAt: first.when };
    const out = newPath('older.bak');
    const sourceUrl = testDriver === 'postgres' ? await freshPostgres() : undefined;
    const source = sourceUrl ? await openPostgres(sourceUrl, { max: 2 }) : await emptyPglite();
    let before: Fingerprint;
    try {
      await migrateToLevel(source, older);
      expect(await schemaLevel(source.db)).toEqual(older);
      // Columns of the first migration only: valid at that level whatever later migrations add.
      await source.db.execute(
        sql`insert into places (kind, code, name, path, depth) values ('street', 'OLD', '旧街道', 'OLD', 0)`,
      );
      await source.db.execute(sql`insert into roles (code, name) values ('old_role', '旧角色')`);
      before = await fingerprint(source.db);
      if (sourceUrl) await backupPostgres(sourceUrl, out, { format: 'logical' });
      else await backupOpenPglite(source, out, { format: 'logical' });
    } finally {
      await source.close();
    }

    const target = testDriver === 'postgres' ? await freshPostgres() : newPath('target');
    const restore = () =>
      testDriver === 'postgres' ? restorePostgres(out, target) : restoreEmbedded(out, target);
    const restored = await restore();
    expect(restored.manifest.schema).toEqual(older);
    expect(restored.fingerprint).toEqual(before);
    const check = async (d: Database) => {
      expect(await schemaLevel(d.db)).toEqual(older);
      const triggers = (await d.db.execute(
        sql`select count(*)::int as n from pg_trigger where tgname = 'audit_log_no_update_delete'`,
      )) as unknown as { rows: { n: number }[] };
      expect(triggers.rows[0].n).toBe(0); // added by the second migration, not yet applied
      await d.migrate();
      expect(compareWithCode(await schemaLevel(d.db))).toBe('same');
      expect(await streetName(d)).toBe('旧街道');
    };
    if (testDriver === 'postgres') await withPostgres(target, check);
    else await withEmbedded(target, check);

    // A backup from a newer program is refused before the target is touched.
    rewriteManifest(out, (m) => {
      m.schema = { applied: 99, last: '9999_future', lastAt: first.when + 10 ** 12 };
    });
    expect((await rejection(restore())).code).toBe('SCHEMA_NEWER');
  });

  it(
    serverUrl
      ? 'migrate-to-postgres: embedded demo street → a fresh PostgreSQL database, identical, and login works'
      : 'migrate-to-postgres without TEST_DATABASE_URL: embedded demo street → a fresh PGlite database (copy, verification and login ran PGlite to PGlite)',
    async () => {
      const { dataDir, before } = await demoDataDir();
      let target: Database;
      // As if the application had been started on the target once: schema there, roles seeded, no users.
      const startedOnce = async (d: Database) => {
        await d.migrate();
        await syncBuiltinRoles(d.db);
      };
      if (serverUrl) {
        const url = await freshPostgres();
        await withPostgres(url, startedOnce);
        const result = await migrateToPostgres(dataDir, url, { secretKey: TEST_SECRET_KEY });
        expect(result.fingerprint).toEqual(before);
        expect(result.key).toBe('ok');
        target = await openPostgres(url, { max: 3 });
        // A second run into the same database is refused: it now holds users.
        const again = await rejection(migrateToPostgres(dataDir, url));
        expect(again.code).toBe('TARGET_HAS_USERS');
      } else {
        target = await openPglite(undefined);
        await startedOnce(target);
        const result = await withEmbedded(dataDir, (source) => migrateDatabase(source, target));
        expect(result.fingerprint).toEqual(before);
        const again = await rejection(withEmbedded(dataDir, (source) => migrateDatabase(source, target)));
        expect(again.code).toBe('TARGET_HAS_USERS');
      }
      try {
        expect(await fingerprint(target.db)).toEqual(before);
        expect(before.tables.places.rows).toBeGreaterThan(100);
        expect(before.tables.users.rows).toBeGreaterThan(5);
        expect(before.sequences.login_attempts_id_seq.lastValue).toBe('3');
        // Triggers held back during the copy are on again: the audit log is still append-only.
        await expect(target.db.execute(sql`delete from audit_log`)).rejects.toThrow();

        const app = await buildApp({ database: target, secretKey: TEST_SECRET_KEY });
        try {
          const login = await app.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { username: 'jiedao', password: DEMO_PASSWORD },
          });
          expect(login.statusCode).toBe(200);
          const cookie = String(login.headers['set-cookie']).split(';')[0];
          const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
          expect(me.statusCode).toBe(200);
          expect(me.json().user.username).toBe('jiedao');
          // New rows take ids after the copied ones.
          const r = (await target.db.execute(
            sql`select max(id)::text as id from login_attempts`,
          )) as unknown as {
            rows: { id: string }[];
          };
          expect(Number(r.rows[0].id)).toBeGreaterThan(3);
        } finally {
          await app.close();
        }
      } finally {
        await target.close();
      }
    },
  );
});
