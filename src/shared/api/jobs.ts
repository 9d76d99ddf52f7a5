import { z } from 'zod';
import { paged, pageQuery } from './common.js';

export const JOB_STATUS_LABELS = {
  queued: '排队中',
  running: '执行中',
  done: '已完成',
  dead: '已失败',
} as const;
export const jobStatus = z.enum(['queued', 'running', 'done', 'dead'], { error: '状态不正确' });
export type JobStatus = z.infer<typeof jobStatus>;

export const jobView = z.object({
  id: z.number().int(),
  name: z.string(),
  key: z.string().nullable(),
  status: jobStatus,
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  runAt: z.string(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type JobView = z.infer<typeof jobView>;
export const jobList = paged(jobView);
export const jobListQuery = z.strictObject({ status: jobStatus.optional(), ...pageQuery });
export const jobIdParams = z.strictObject({
  id: z.coerce
    .number({ error: '任务编号必须是数字' })
    .int({ error: '任务编号必须是整数' })
    .min(1, { error: '任务编号不正确' })
    .max(Number.MAX_SAFE_INTEGER, { error: '任务编号不正确' }),
});
