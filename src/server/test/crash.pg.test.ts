import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPlaces } from '../../../demo/index.js';
import { createServices } from '../app.js';
import { type Database, openPostgres } from '../db/index.js';
import { freePort } from './free-port.js';
import { openTestDatabase } from './harness.js';
import { TEST_SECRET_KEY } from './secret.js';

const root = path.resolve(import.meta.dirname, '../../..');

async function startServer(url: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: url,
      ANJU_SECRET_KEY: TEST_SECRET_KEY,
      ANJU_DEMO: '0',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
    },
    stdio: 'ignore',
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch {}
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
}

function exited(child: ChildProcess): Promise<unknown> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((r) => child.once('exit', r));
}

async function login(base: string) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'jiedao', password: 'anju2026' }),
  });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  return { cookie, csrf: (await res.json()).csrfToken as string };
}

let base: Database & { url?: string };
let db: Database;
beforeAll(async () => {
  base = await openTestDatabase();
  db = await openPostgres(base.url!, { max: 2 });
});
afterAll(async () => {
  await db?.close();
  await base?.close();
});

describe('crash consistency (PostgreSQL, kill -9)', () => {
  it('a server killed during a burst of writes leaves no half-written record and an intact audit chain', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let server = await startServer(base.url!, port);
    const { cookie, csrf } = await login(url);
    const estate = demoPlaces().jinxiuEstate.id;

    // 300 creations, each a place row and its audit row in one transaction, 30 at a time.
    let answered = 0;
    const fire = async (i: number) => {
      try {
        const res = await fetch(`${url}/api/v1/org/places`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
          body: JSON.stringify({
            parentId: estate,
            kind: 'grid',
            code: `CRASH${i}`,
            name: `崩溃测试网格${i}`,
          }),
        });
        if (res.status === 201) answered++;
      } catch {
        // In flight when the process died.
      }
    };
    const burst = (async () => {
      for (let i = 0; i < 300; i += 30) await Promise.all(Array.from({ length: 30 }, (_, k) => fire(i + k)));
    })();
    while (answered < 40) await new Promise((r) => setTimeout(r, 5));
    server.kill('SIGKILL');
    await burst;
    await exited(server);

    const { rows } = (await db.db.execute(sql`
      select
        (select count(*)::int from places where code like 'CRASH%') as places,
        (select count(*)::int from audit_log a join places p on p.id::text = a.target_id
           where a.action = 'place.create' and p.code like 'CRASH%') as audited,
        (select count(*)::int from audit_log a where a.action = 'place.create'
           and a.after->>'code' like 'CRASH%'
           and not exists (select 1 from places p where p.id::text = a.target_id)) as orphans
    `)) as unknown as { rows: { places: number; audited: number; orphans: number }[] };
    const counts = rows[0];
    // Every acknowledged write survived; none was written without its audit entry, or the reverse.
    expect(counts.places).toBeGreaterThanOrEqual(answered);
    expect(counts.places).toBeLessThan(300);
    expect(counts.audited).toBe(counts.places);
    expect(counts.orphans).toBe(0);

    const services = createServices({ database: db, secretKey: TEST_SECRET_KEY });
    expect(await services.audit.verify()).toMatchObject({ ok: true, broken: null });

    // It starts again on the same database and goes on serving.
    server = await startServer(base.url!, port);
    try {
      const again = await login(url);
      const res = await fetch(`${url}/api/v1/org/places`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: again.cookie, 'x-csrf-token': again.csrf },
        body: JSON.stringify({ parentId: estate, kind: 'grid', code: 'AFTER', name: '重启后网格' }),
      });
      expect(res.status).toBe(201);
      expect(await services.audit.verify()).toMatchObject({ ok: true });
    } finally {
      server.kill('SIGTERM');
      await exited(server);
    }
  });
});
