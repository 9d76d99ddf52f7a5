import { and, count, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { JobStatus, JobView } from '../../../shared/api/jobs.js';
import type { Db } from '../../db/index.js';
import { rows } from '../../db/sql.js';
import type { AuditService } from '../audit/service.js';
import { addCalendarDays, shanghaiDate, startOfDayShanghai } from '../calendar/index.js';
import type { Clock } from '../clock.js';
import type { Ctx } from '../context.js';
import { conflict, notFound } from '../errors.js';
import { jobs } from './schema.js';

export type JobRow = typeof jobs.$inferSelect;

export interface JobContext {
  /** The application's handle; `db.transaction(…)` inside a handler is the handler's own business. */
  db: Db;
  clock: Clock;
  job: JobRow;
}
export type JobHandler<P = unknown> = (payload: P, ctx: JobContext) => Promise<void>;

export interface JobOptions {
  /** Runs before the job is given up as dead (default 5). */
  maxAttempts?: number;
  /** The first retry waits this long, each further one twice as long as the last (default 30 s). */
  backoffMs?: number;
  /** How long a claim holds: a job still running after it is presumed lost and claimed again (default 5 min). */
  visibilityMs?: number;
}

export type Period = 'minute' | 'hour' | 'day' | 'week';

/** The payload a periodic job receives: which period it runs for (`2026-11-23`, `2026-11-23T10:05`). */
export interface PeriodicPayload {
  periodStart: string;
}

export interface JobsLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

interface Definition {
  handler: JobHandler;
  maxAttempts: number;
  backoffMs: number;
  visibilityMs: number;
}

interface Schedule {
  name: string;
  period: Period;
  /** Minutes after midnight Asia/Shanghai, for day and week. */
  atMinutes: number;
  /** The last period this node enqueued: saves an insert per poll. */
  lastLabel?: string;
}

const DEFAULTS = { maxAttempts: 5, backoffMs: 30_000, visibilityMs: 5 * 60_000 };
const MINUTE = 60_000;
const OFFSET_MS = 8 * 3_600_000;

/**
 * The latest start of `period` at or before `now`, as the instant it falls due and a label in
 * Beijing time: minute `2026-11-23T10:05`, hour `2026-11-23T10:00`, day `2026-11-23`, week the
 * Monday's date. Day and week start at `atMinutes` past midnight.
 */
export function periodStart(period: Period, now: Date, atMinutes = 0): { label: string; at: Date } {
  if (period === 'minute' || period === 'hour') {
    const step = period === 'minute' ? MINUTE : 60 * MINUTE;
    const at = new Date(Math.floor(now.getTime() / step) * step);
    const local = new Date(at.getTime() + OFFSET_MS).toISOString();
    return { label: period === 'minute' ? local.slice(0, 16) : `${local.slice(0, 13)}:00`, at };
  }
  const today = shanghaiDate(now);
  let date = today;
  if (period === 'week') {
    const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
    date = addCalendarDays(today, -((weekday + 6) % 7));
  }
  let at = new Date(startOfDayShanghai(date).getTime() + atMinutes * MINUTE);
  if (at > now) {
    date = addCalendarDays(date, period === 'week' ? -7 : -1);
    at = new Date(startOfDayShanghai(date).getTime() + atMinutes * MINUTE);
  }
  return { label: date, at };
}

function parseAt(at: string | undefined): number {
  if (at === undefined) return 0;
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(at);
  if (!m) throw new Error(`jobs.every: "at" must be HH:mm, got ${at}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

function view(r: JobRow): JobView {
  return {
    id: r.id,
    name: r.name,
    key: r.key,
    status: r.status as JobStatus,
    attempts: r.attempts,
    maxAttempts: r.maxAttempts,
    runAt: r.runAt.toISOString(),
    lastError: r.lastError,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

const errorText = (err: unknown) =>
  (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, 2000);

/**
 * A job queue and scheduler in the database, the same on PGlite and PostgreSQL, with no leader: every
 * node polls, claims due jobs with `FOR UPDATE SKIP LOCKED` so each runs on one node, and enqueues
 * periodic jobs under a key per period so that only one node's insert wins.
 *
 * Delivery is at-least-once: a node that dies mid-job leaves the claim to expire (`visibilityMs`) and
 * another node runs the job again. Handlers must therefore be idempotent (check state, use keys).
 */
export function createJobs(options: {
  db: Db;
  clock: Clock;
  logger?: JobsLogger;
  /** For retries a person asks for (the ops route): recorded in the same transaction. */
  audit?: Pick<AuditService, 'record'>;
}) {
  const { db, clock, audit } = options;
  const definitions = new Map<string, Definition>();
  const schedules = new Map<string, Schedule>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = true;
  let logger = options.logger;

  async function enqueue(
    name: string,
    payload: unknown = {},
    opts: { runAt?: Date; key?: string } = {},
  ): Promise<number | null> {
    const def = definitions.get(name);
    const now = clock.now();
    const [row] = await db
      .insert(jobs)
      .values({
        name,
        payload: payload ?? {},
        key: opts.key ?? null,
        runAt: opts.runAt ?? now,
        maxAttempts: def?.maxAttempts ?? DEFAULTS.maxAttempts,
        createdAt: now,
      })
      .onConflictDoNothing({ target: jobs.key })
      .returning({ id: jobs.id });
    return row?.id ?? null;
  }

  /** Enqueues the current period of every schedule (once per period per node; once overall by key). */
  async function tick(now: Date): Promise<void> {
    for (const s of schedules.values()) {
      const { label, at } = periodStart(s.period, now, s.atMinutes);
      if (s.lastLabel === label) continue;
      await enqueue(s.name, { periodStart: label } satisfies PeriodicPayload, {
        runAt: at,
        key: `${s.name}:${label}`,
      });
      s.lastLabel = label;
    }
  }

  async function claim(now: Date, limit: number): Promise<JobRow[]> {
    const names = [...definitions.keys()];
    if (names.length === 0) return [];
    const nameList = sql.join(
      names.map((n) => sql`${n}`),
      sql`, `,
    );
    const visibility = JSON.stringify(
      Object.fromEntries([...definitions].map(([n, d]) => [n, d.visibilityMs])),
    );
    // A claim that expired with no attempts left: its node died on the last try.
    await db.execute(sql`
      update ${jobs} set status = 'dead', finished_at = ${now}, locked_until = null,
        last_error = coalesce(last_error || E'\n', '') || '执行超时（处理节点可能已停止），重试次数已用完'
      where status = 'running' and locked_until <= ${now} and attempts >= max_attempts
        and name in (${nameList})`);
    const claimed = await rows<Record<string, unknown>>(
      db,
      sql`
      update ${jobs} set status = 'running', attempts = attempts + 1,
        locked_until = ${now}::timestamptz + ((${visibility}::jsonb ->> name)::bigint * interval '1 millisecond')
      where id in (
        select id from ${jobs}
        where name in (${nameList})
          and ((status = 'queued' and run_at <= ${now})
            or (status = 'running' and locked_until <= ${now} and attempts < max_attempts))
        order by run_at, id
        limit ${limit}
        for update skip locked)
      returning id, name, payload, key, run_at, attempts, max_attempts, locked_until, last_error, status,
        created_at, finished_at`,
    );
    return claimed
      .map(
        (r): JobRow => ({
          id: Number(r.id),
          name: r.name as string,
          payload: r.payload,
          key: r.key as string | null,
          runAt: new Date(r.run_at as string),
          attempts: r.attempts as number,
          maxAttempts: r.max_attempts as number,
          lockedUntil: r.locked_until ? new Date(r.locked_until as string) : null,
          lastError: r.last_error as string | null,
          status: r.status as string,
          createdAt: new Date(r.created_at as string),
          finishedAt: r.finished_at ? new Date(r.finished_at as string) : null,
        }),
      )
      .sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.id - b.id);
  }

  async function execute(job: JobRow): Promise<void> {
    const def = definitions.get(job.name)!;
    // Only the claim that is still current may settle the job: a runner that overran its claim and
    // lost it to another node must not overwrite that node's outcome.
    const mine = and(eq(jobs.id, job.id), eq(jobs.status, 'running'), eq(jobs.attempts, job.attempts));
    try {
      await def.handler(job.payload, { db, clock, job });
    } catch (err) {
      const now = clock.now();
      const dead = job.attempts >= job.maxAttempts;
      logger?.warn(
        { err, job: job.id, name: job.name, attempts: job.attempts },
        dead ? 'job dead' : 'job failed',
      );
      await db
        .update(jobs)
        .set(
          dead
            ? { status: 'dead', lastError: errorText(err), lockedUntil: null, finishedAt: now }
            : {
                status: 'queued',
                lastError: errorText(err),
                lockedUntil: null,
                runAt: new Date(now.getTime() + def.backoffMs * 2 ** (job.attempts - 1)),
              },
        )
        .where(mine);
      return;
    }
    await db.update(jobs).set({ status: 'done', lockedUntil: null, finishedAt: clock.now() }).where(mine);
  }

  async function runDue(limit = 20): Promise<number> {
    const now = clock.now();
    await tick(now);
    const batch = await claim(now, limit);
    for (const job of batch) await execute(job);
    return batch.length;
  }

  async function poll(intervalMs: number): Promise<void> {
    timer = null;
    if (stopped) return;
    let ran = 0;
    const pass = runDue().then(
      (n) => {
        ran = n;
      },
      (err: unknown) => logger?.error({ err }, 'job poll failed'),
    );
    running = pass;
    await pass;
    running = null;
    // A full batch says there is more: go again at once rather than after the interval.
    if (!stopped) timer = setTimeout(() => void poll(intervalMs), ran >= 20 ? 0 : intervalMs);
  }

  return {
    /** Names a job and its handler. Each node runs only the jobs it has defined. */
    define<P = unknown>(name: string, handler: JobHandler<P>, opts: JobOptions = {}): void {
      if (definitions.has(name)) throw new Error(`job ${name} is defined twice`);
      definitions.set(name, { ...DEFAULTS, ...opts, handler: handler as JobHandler });
    },

    /**
     * Queues a job (inside the caller's transaction when called in one). With `key`, a second enqueue
     * of the same key does nothing and answers null; otherwise answers the job's id.
     */
    enqueue,

    /**
     * Runs job `name` (define it too) once per period; `at` ('HH:mm', Asia/Shanghai) for day and week
     * (week: Monday). The handler gets `{ periodStart }`. A node that was down when a period began
     * enqueues that period's run when it comes back; earlier missed periods are not caught up.
     */
    every(name: string, period: Period, opts: { at?: string } = {}): void {
      if (schedules.has(name)) throw new Error(`job ${name} is scheduled twice`);
      if (opts.at && (period === 'minute' || period === 'hour'))
        throw new Error(`jobs.every: "at" only applies to day and week`);
      schedules.set(name, { name, period, atMinutes: parseAt(opts.at) });
    },

    /** One pass: enqueues due periods, claims up to `limit` due jobs and runs them. Answers how many ran. */
    runDue,

    /** Polls every `intervalMs` until stop(). The server starts this; tests call runDue() instead. */
    start(intervalMs = 5_000, log?: JobsLogger): void {
      if (!stopped) return;
      if (log) logger = log;
      stopped = false;
      timer = setTimeout(() => void poll(intervalMs), 0);
    },

    /** Stops polling and waits for the pass in progress. */
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },

    async list(q: { status?: JobStatus; page: number; pageSize: number }) {
      const where: SQL | undefined = q.status ? eq(jobs.status, q.status) : undefined;
      const [items, [{ total }]] = await Promise.all([
        db
          .select()
          .from(jobs)
          .where(where)
          .orderBy(desc(jobs.createdAt), desc(jobs.id))
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize),
        db.select({ total: count() }).from(jobs).where(where),
      ]);
      return { items: items.map(view), total, page: q.page, pageSize: q.pageSize };
    },

    async listDead(limit = 100): Promise<JobView[]> {
      const items = await db
        .select()
        .from(jobs)
        .where(eq(jobs.status, 'dead'))
        .orderBy(desc(jobs.finishedAt), desc(jobs.id))
        .limit(limit);
      return items.map(view);
    },

    /** Puts a dead job back in the queue with its attempts reset; with `ctx`, audited as that person's act. */
    async retry(id: number, ctx?: Ctx): Promise<JobView> {
      return db.transaction(async (tx) => {
        const [row] = await tx
          .update(jobs)
          .set({ status: 'queued', attempts: 0, runAt: clock.now(), lockedUntil: null, finishedAt: null })
          .where(and(eq(jobs.id, id), eq(jobs.status, 'dead')))
          .returning();
        if (!row) {
          const [exists] = await tx.select({ status: jobs.status }).from(jobs).where(eq(jobs.id, id));
          if (!exists) throw notFound('任务不存在');
          throw conflict('JOB_NOT_DEAD', '只有已失败的任务可以重试');
        }
        if (ctx && audit) {
          await audit.record(ctx, {
            action: 'ops.job.retry',
            targetType: 'job',
            targetId: String(row.id),
            after: { name: row.name, key: row.key },
          });
        }
        return view(row);
      });
    },

    /** Deletes finished jobs older than `olderThanMs` (default 14 days); dead ones stay for a person to look at. */
    async purge(olderThanMs = 14 * 86_400_000): Promise<number> {
      const cutoff = new Date(clock.now().getTime() - olderThanMs);
      const gone = await db
        .delete(jobs)
        .where(and(eq(jobs.status, 'done'), sql`${jobs.finishedAt} < ${cutoff}`))
        .returning({ id: jobs.id });
      return gone.length;
    },
  };
}

export type Jobs = ReturnType<typeof createJobs>;
