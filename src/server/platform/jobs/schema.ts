import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

// The job queue. A runner claims rows with UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED), so
// any number of nodes share it without a leader; `key` makes an enqueue idempotent (a periodic tick
// enqueues `name:periodStart` from every node and one insert wins).
export const jobs = pgTable(
  'jobs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    payload: jsonb('payload').notNull().default({}),
    key: text('key').unique('jobs_key_key'),
    runAt: timestamp('run_at', { withTimezone: true, precision: 3 }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    lockedUntil: timestamp('locked_until', { withTimezone: true, precision: 3 }),
    lastError: text('last_error'),
    status: text('status').notNull().default('queued'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [
    check('jobs_status_check', sql`${t.status} in ('queued','running','done','dead')`),
    // What a runner looks for: queued and due, or running with an expired lock (its node died).
    index('jobs_queued_idx').on(t.runAt).where(sql`${t.status} = 'queued'`),
    index('jobs_running_idx').on(t.lockedUntil).where(sql`${t.status} = 'running'`),
    index('jobs_status_idx').on(t.status, t.createdAt),
  ],
);
