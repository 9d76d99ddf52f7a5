import type { Fixture, Kit } from '../../test/fixtures.js';
import { jobs } from './schema.js';

/** A dead job of its own for each call, made straight in the database. */
async function deadJob(kit: Kit): Promise<number> {
  const now = kit.t.clock.now();
  const [j] = await kit.t.database.db
    .insert(jobs)
    .values({
      name: 'test.matrix',
      payload: { n: 1 },
      runAt: now,
      attempts: 5,
      maxAttempts: 5,
      status: 'dead',
      lastError: 'Error: 矩阵测试',
      createdAt: now,
      finishedAt: now,
    })
    .returning({ id: jobs.id });
  return j.id;
}

export const JOBS_FIXTURES: Record<string, Fixture> = {
  'GET /api/v1/ops/jobs': {
    build: async (kit) => ({ query: { status: 'dead', pageSize: '5' }, note: String(await deadJob(kit)) }),
    verify: (res, call) =>
      (res.body?.items as { id: number; status: string }[] | undefined)?.some(
        (j) => String(j.id) === call.note && j.status === 'dead',
      )
        ? null
        : 'the dead job made for it is not listed',
  },
  'POST /api/v1/ops/jobs/{id}/retry': {
    build: async (kit) => ({ params: { id: String(await deadJob(kit)) } }),
    verify: (res) => (res.body?.status === 'queued' ? null : 'the job was not queued again'),
  },
};
