import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.js';
import { openTestDatabase, testDriver } from '../../test/harness.js';
import { ManualClock } from '../clock.js';
import { jobs } from './schema.js';
import { createJobs, type PeriodicPayload, periodStart } from './service.js';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

let seq = 0;
const uniqueName = (what: string) => `test.${what}.${++seq}.${Date.now().toString(36)}`;
const statusOf = async (id: number) => (await database.db.select().from(jobs).where(eq(jobs.id, id)))[0];

describe('jobs', () => {
  it('runs a due job once and marks it done; a later one waits for its time', async () => {
    const clock = new ManualClock('2026-11-23T01:00:00Z');
    const q = createJobs({ db: database.db, clock });
    const name = uniqueName('send');
    const seen: unknown[] = [];
    q.define<{ n: number }>(name, async (payload, ctx) => {
      seen.push(payload.n);
      expect(ctx.job.name).toBe(name);
    });
    const now = await q.enqueue(name, { n: 1 });
    const later = await q.enqueue(name, { n: 2 }, { runAt: new Date('2026-11-23T02:00:00Z') });
    expect(await q.runDue()).toBe(1);
    expect(seen).toEqual([1]);
    expect(await q.runDue()).toBe(0);
    clock.advanceMinutes(60);
    expect(await q.runDue()).toBe(1);
    expect(seen).toEqual([1, 2]);
    for (const id of [now!, later!]) {
      const row = await statusOf(id);
      expect(row.status).toBe('done');
      expect(row.attempts).toBe(1);
      expect(row.finishedAt).not.toBeNull();
    }
  });

  it('an enqueue with a key already queued or done does nothing', async () => {
    const clock = new ManualClock('2026-11-23T01:00:00Z');
    const q = createJobs({ db: database.db, clock });
    const name = uniqueName('dedupe');
    let runs = 0;
    q.define(name, async () => {
      runs += 1;
    });
    const key = `${name}:2026-11-23`;
    const first = await q.enqueue(name, {}, { key });
    expect(first).toBeTypeOf('number');
    expect(await q.enqueue(name, {}, { key })).toBeNull();
    await q.runDue();
    expect(await q.enqueue(name, {}, { key })).toBeNull();
    await q.runDue();
    expect(runs).toBe(1);
    const [{ n }] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(jobs)
      .where(eq(jobs.key, key));
    expect(n).toBe(1);
  });

  it('enqueue inside a transaction that rolls back leaves no job', async () => {
    const q = createJobs({ db: database.db, clock: new ManualClock() });
    const name = uniqueName('tx');
    await expect(
      database.db.transaction(async () => {
        await q.enqueue(name, {}, { key: name });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await database.db.select().from(jobs).where(eq(jobs.name, name))).toEqual([]);
  });

  it('periodic jobs: every node ticks, one run per period', async () => {
    const clock = new ManualClock('2026-11-23T00:30:00Z'); // 08:30 Beijing, Monday
    const name = uniqueName('daily');
    const periods: string[] = [];
    const nodes = [0, 1, 2].map(() => {
      const q = createJobs({ db: database.db, clock });
      q.define<PeriodicPayload>(name, async (p) => {
        periods.push(p.periodStart);
      });
      q.every(name, 'day', { at: '08:00' });
      return q;
    });
    for (const q of nodes) await q.runDue();
    expect(periods).toEqual(['2026-11-23']);
    clock.advanceMinutes(60 * 12);
    for (const q of nodes) await q.runDue();
    expect(periods).toEqual(['2026-11-23']);
    // Tuesday 07:59 Beijing is still Monday's period; 08:00 starts Tuesday's.
    clock.advanceMinutes(60 * 11 + 29);
    for (const q of nodes) await q.runDue();
    expect(periods).toEqual(['2026-11-23']);
    clock.advanceMinutes(1);
    for (const q of nodes) await q.runDue();
    expect(periods).toEqual(['2026-11-23', '2026-11-24']);
    const keys = (await database.db.select({ key: jobs.key }).from(jobs).where(eq(jobs.name, name))).map(
      (r) => r.key,
    );
    expect(keys.sort()).toEqual([`${name}:2026-11-23`, `${name}:2026-11-24`]);
  });

  it('period starts in Beijing time', () => {
    const t = new Date('2026-11-22T16:30:10Z'); // Monday 00:30:10 Beijing
    expect(periodStart('minute', t)).toEqual({
      label: '2026-11-23T00:30',
      at: new Date('2026-11-22T16:30:00Z'),
    });
    expect(periodStart('hour', t).label).toBe('2026-11-23T00:00');
    expect(periodStart('day', t)).toEqual({ label: '2026-11-23', at: new Date('2026-11-22T16:00:00Z') });
    expect(periodStart('day', t, 60).label).toBe('2026-11-22'); // before 01:00: yesterday's
    expect(periodStart('week', t).label).toBe('2026-11-23');
    expect(periodStart('week', t, 60).label).toBe('2026-11-16');
    expect(periodStart('week', new Date('2026-11-29T15:00:00Z')).label).toBe('2026-11-23'); // Sunday 23:00
  });

  it('a failing job is retried with exponential backoff, then dead; retry puts it back', async () => {
    const clock = new ManualClock('2026-11-23T01:00:00Z');
    const q = createJobs({ db: database.db, clock });
    const name = uniqueName('flaky');
    let fail = true;
    let calls = 0;
    q.define(
      name,
      async () => {
        calls += 1;
        if (fail) throw new Error(`第 ${calls} 次失败`);
      },
      { maxAttempts: 3, backoffMs: 1_000 },
    );
    const id = (await q.enqueue(name, {}))!;
    expect(await q.runDue()).toBe(1);
    let row = await statusOf(id);
    expect(row).toMatchObject({ status: 'queued', attempts: 1, lastError: 'Error: 第 1 次失败' });
    expect(row.runAt.getTime() - clock.now().getTime()).toBe(1_000);
    expect(await q.runDue()).toBe(0);
    clock.advance(1_000);
    expect(await q.runDue()).toBe(1);
    row = await statusOf(id);
    expect(row).toMatchObject({ status: 'queued', attempts: 2 });
    expect(row.runAt.getTime() - clock.now().getTime()).toBe(2_000);
    clock.advance(1_999);
    expect(await q.runDue()).toBe(0);
    clock.advance(1);
    expect(await q.runDue()).toBe(1);
    row = await statusOf(id);
    expect(row).toMatchObject({ status: 'dead', attempts: 3, lastError: 'Error: 第 3 次失败' });
    clock.advance(3_600_000);
    expect(await q.runDue()).toBe(0);
    expect((await q.listDead()).map((j) => j.id)).toContain(id);

    fail = false;
    expect((await q.retry(id)).status).toBe('queued');
    await expect(q.retry(id)).rejects.toMatchObject({ status: 409, code: 'JOB_NOT_DEAD' });
    await expect(q.retry(9_000_000_000)).rejects.toMatchObject({ status: 404 });
    expect(await q.runDue()).toBe(1);
    expect((await statusOf(id)).status).toBe('done');
    expect(calls).toBe(4);
  });

  it('a claim whose node died expires after visibilityMs and the job runs elsewhere', async () => {
    const clock = new ManualClock('2026-11-23T01:00:00Z');
    const name = uniqueName('slow');
    let release!: () => void;
    const stuck = new Promise<void>((r) => {
      release = r;
    });
    const ran: string[] = [];
    const a = createJobs({ db: database.db, clock });
    a.define(
      name,
      async () => {
        ran.push('a');
        await stuck;
      },
      { visibilityMs: 60_000 },
    );
    const b = createJobs({ db: database.db, clock });
    b.define(
      name,
      async () => {
        ran.push('b');
      },
      { visibilityMs: 60_000 },
    );
    const id = (await a.enqueue(name, {}))!;
    const hung = a.runDue(); // node A claims and hangs
    await vi_waitFor(() => ran.length === 1);
    expect(await b.runDue()).toBe(0); // still claimed
    clock.advance(59_999);
    expect(await b.runDue()).toBe(0);
    clock.advance(1);
    expect(await b.runDue()).toBe(1);
    expect(ran).toEqual(['a', 'b']);
    expect(await statusOf(id)).toMatchObject({ status: 'done', attempts: 2 });
    // A finishing late must not overwrite B's outcome.
    release();
    await hung;
    expect(await statusOf(id)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('an expired claim with no attempts left is dead, not run again', async () => {
    const clock = new ManualClock('2026-11-23T01:00:00Z');
    const q = createJobs({ db: database.db, clock });
    const name = uniqueName('lost');
    let runs = 0;
    q.define(name, async () => {
      runs += 1;
    });
    const [row] = await database.db
      .insert(jobs)
      .values({
        name,
        runAt: new Date('2026-11-23T00:00:00Z'),
        status: 'running',
        attempts: 5,
        maxAttempts: 5,
        lockedUntil: new Date('2026-11-23T00:59:00Z'),
        createdAt: new Date('2026-11-23T00:00:00Z'),
      })
      .returning();
    expect(await q.runDue()).toBe(0);
    expect(runs).toBe(0);
    expect((await statusOf(row.id)).status).toBe('dead');
  });

  it('exactly once under concurrent runners', async () => {
    const clock = new ManualClock('2026-11-23T01:00:00Z');
    const name = uniqueName('many');
    const runs = new Map<number, string[]>();
    const runners = ['a', 'b', 'c'].map((who) => {
      const q = createJobs({ db: database.db, clock });
      q.define(name, async (_p, ctx) => {
        runs.set(ctx.job.id, [...(runs.get(ctx.job.id) ?? []), who]);
        await new Promise((r) => setImmediate(r));
      });
      return { who, q };
    });
    const total = 300;
    for (let i = 0; i < total; i++) await runners[0].q.enqueue(name, { i });
    const perRunner = new Map<string, number>();
    await Promise.all(
      runners.map(async ({ who, q }) => {
        for (;;) {
          const n = await q.runDue(7);
          if (n === 0) return;
          perRunner.set(who, (perRunner.get(who) ?? 0) + n);
        }
      }),
    );
    expect(runs.size).toBe(total);
    expect([...runs.values()].filter((r) => r.length !== 1)).toEqual([]);
    expect([...perRunner.values()].reduce((a, b) => a + b, 0)).toBe(total);
    // On a server with a pool, the runners really overlap; PGlite has one connection and takes turns.
    if (testDriver === 'postgres') expect(perRunner.size).toBeGreaterThan(1);
    const [{ n }] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(jobs)
      .where(sql`${jobs.name} = ${name} and ${jobs.status} <> 'done'`);
    expect(n).toBe(0);
  });

  it('start() polls and stop() waits for the pass in progress', async () => {
    const clock = new ManualClock('2026-11-23T01:00:00Z');
    const q = createJobs({ db: database.db, clock });
    const name = uniqueName('poll');
    let runs = 0;
    q.define(name, async () => {
      runs += 1;
    });
    await q.enqueue(name, {});
    q.start(10);
    await vi_waitFor(() => runs === 1);
    await q.stop();
    await q.enqueue(name, {});
    await new Promise((r) => setTimeout(r, 50));
    expect(runs).toBe(1);
  });
});

async function vi_waitFor(ok: () => boolean, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}
